// The host maps libcurl only in the processes that use it: it lives in a
// module beside sauatty-host (modules/module.h), loaded on first use. ICU
// is mapped by none: the host has its own Unicode tables
// (store/unicode_tables.h). Checked in the real binary's /proc/PID/maps.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "protocol/frame.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

using testing::Subprocess;

std::string maps_of(const Subprocess& process) {
  std::ifstream in("/proc/" + std::to_string(process.pid()) + "/maps");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool maps(const std::string& maps, const char* library) {
  return maps.find(library) != std::string::npos;
}

// The shared objects a running process has mapped: the file names of the
// maps lines whose path has ".so" in it.
std::vector<std::string> shared_objects_of(const std::string& maps) {
  std::vector<std::string> names;
  std::istringstream lines(maps);
  for (std::string line; std::getline(lines, line);) {
    auto slash = line.rfind('/');
    if (slash == std::string::npos) continue;
    std::string name = line.substr(slash + 1);
    if (name.find(".so") == std::string::npos) continue;
    if (names.empty() || names.back() != name) names.push_back(name);
  }
  return names;
}

// With its libraries linked in (cmake/StaticDeps.cmake), a host started by
// the browser maps only the C library, GCC's unwinder and the loader: no
// libstdc++, RE2,
// Boost.URL, libpsl, libidn2 nor libunistring to load at every start,
// before and after `hello` and a page (whose preload and look-ups use them
// all).
TEST(Modules, AStaticallyLinkedHostMapsOnlyTheCLibraryAndTheUnwinder) {
  if (!SAUATTY_STATIC_DEPS)
    GTEST_SKIP() << "built with SAUATTY_STATIC_DEPS=OFF: the libraries are shared";
  testing::TempDir home("sauatty-modules-static");
  Subprocess host({testing::host_binary(), "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/"},
                  {"XDG_CACHE_HOME=" + (home.path() / "cache").string(),
                   "XDG_CONFIG_HOME=" + (home.path() / "config").string()});
  host.write(protocol::encode_frame(R"({"id": 1, "type": "hello"})") +
             protocol::encode_frame(
                 R"({"id": 2, "type": "page", "tab": 1, "url": "https://xn--gov-bed.kz/a"})"));
  ASSERT_TRUE(host.read_frame().has_value()) << host.stderr_text();
  ASSERT_TRUE(host.read_frame().has_value()) << host.stderr_text();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string mapped = maps_of(host);
  ASSERT_TRUE(maps(mapped, "sauatty-host")) << "not the host's maps";
  for (const std::string& name : shared_objects_of(mapped)) {
    bool expected = name.starts_with("libc.so") || name.starts_with("libm.so") ||
                    name.starts_with("libgcc_s.so") || name.starts_with("ld-linux");
    EXPECT_TRUE(expected) << name << " is mapped:\n" << mapped;
  }
  EXPECT_EQ(host.wait(), 0);
}

// Tracker lists only: no credibility rules, so no libcurl (and no ICU).
TEST(Modules, MatchWithFilterListsMapsNeitherIcuNorCurl) {
  testing::TempDir dir("sauatty-modules-test");
  std::string list = (dir.path() / "list.txt").string();
  std::ofstream(list) << "||ads.example^\n";
  Subprocess host({testing::host_binary(), "match", "--filters", list});
  host.write(
      R"({"url": "https://ads.example/a.js", "page": "https://news.example/", "type": "script"})"
      "\n");
  auto answer = host.read_line();
  ASSERT_TRUE(answer.has_value()) << host.stderr_text();
  EXPECT_EQ(nlohmann::json::parse(*answer)["match"], true);
  std::string mapped = maps_of(host);
  ASSERT_TRUE(maps(mapped, "sauatty-host")) << "not the host's maps";
  EXPECT_FALSE(maps(mapped, "libicu")) << mapped;
  EXPECT_FALSE(maps(mapped, "libcurl")) << mapped;
  EXPECT_FALSE(maps(mapped, "libsauatty-download")) << mapped;
  EXPECT_EQ(host.wait(), 0);
}

// A browser session never maps ICU: not at the start, not after `hello`
// (whose preload builds the look-alike detector: app/first_use.h), not for
// an IDN page whose skeleton finds a homograph (the host's own tables). A
// page asked right behind `hello`, while the preload runs, gets the same
// answer as one asked later. libcurl never.
TEST(Modules, NativeMessagingNeverMapsIcu) {
  testing::TempDir home("sauatty-modules-home");
  const std::vector<std::string> argv = {testing::host_binary(),
                                         "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/"};
  const std::vector<std::string> env = {"XDG_CACHE_HOME=" + (home.path() / "cache").string(),
                                        "XDG_CONFIG_HOME=" + (home.path() / "config").string()};
  const std::string hello = protocol::encode_frame(R"({"id": 1, "type": "hello"})");
  // "еgov.kz" with a Cyrillic е: a homograph of egov.kz by its skeleton.
  const std::string idn_page =
      protocol::encode_frame(R"({"id": 3, "type": "page", "tab": 1, "url": "https://еgov.kz/"})");
  {
    // The first start parses the embedded rules and writes the compiled cache.
    Subprocess first(argv, env);
    first.write(hello);
    ASSERT_TRUE(first.read_frame().has_value()) << first.stderr_text();
    ASSERT_EQ(first.wait(), 0);
  }
  nlohmann::json first_answer;
  {
    Subprocess host(argv, env);
    host.write(protocol::encode_frame(R"({"id": 2, "type": "settings"})"));
    ASSERT_TRUE(host.read_frame().has_value()) << host.stderr_text();
    std::string mapped = maps_of(host);
    ASSERT_TRUE(maps(mapped, "sauatty-host")) << "not the host's maps";
    EXPECT_FALSE(maps(mapped, "libicu")) << "mapped by the start: " << mapped;

    host.write(hello);
    ASSERT_TRUE(host.read_frame().has_value()) << host.stderr_text();
    // Long enough for the preload after `hello` to have run.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    host.write(idn_page);
    auto answer = host.read_frame();
    ASSERT_TRUE(answer.has_value()) << host.stderr_text();
    first_answer = nlohmann::json::parse(*answer);
    EXPECT_EQ(first_answer["ok"], true) << *answer;
    mapped = maps_of(host);
    EXPECT_FALSE(maps(mapped, "libicu")) << "mapped after hello and an IDN page: " << mapped;
    EXPECT_FALSE(maps(mapped, "libcurl"));
    EXPECT_EQ(host.wait(), 0);
  }
  // The IDN page right behind `hello`, while the preload runs: the same
  // answer, a homograph of egov.kz.
  Subprocess host(argv, env);
  host.write(hello + idn_page);
  ASSERT_TRUE(host.read_frame().has_value()) << host.stderr_text();
  auto answer = host.read_frame();
  ASSERT_TRUE(answer.has_value()) << host.stderr_text();
  EXPECT_EQ(nlohmann::json::parse(*answer), first_answer);
  EXPECT_NE(answer->find("\"egov.kz\""), std::string::npos) << *answer;
  EXPECT_NE(answer->find("homograph"), std::string::npos) << *answer;
  EXPECT_FALSE(maps(maps_of(host), "libicu"));
  EXPECT_EQ(host.wait(), 0);
}

}  // namespace
}  // namespace sauatty
