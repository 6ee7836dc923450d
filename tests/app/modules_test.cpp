// The host maps libcurl and ICU only in the processes that use them: they
// live in modules beside sauatty-host (modules/module.h), loaded on first
// use. Checked in the real binary's /proc/PID/maps.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
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

// Tracker lists only: no credibility rules, so neither ICU nor libcurl.
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
  EXPECT_FALSE(maps(mapped, "libsauatty-confusables")) << mapped;
  EXPECT_FALSE(maps(mapped, "libcurl")) << mapped;
  EXPECT_FALSE(maps(mapped, "libsauatty-download")) << mapped;
  EXPECT_EQ(host.wait(), 0);
}

// A browser session maps ICU (the confusables module) only when a check
// needs it. Started from the compiled cache (which holds ICU's answers for
// the rules' own strings), `hello` and a page on an ASCII host need none; a
// page on an internationalized domain name loads it. libcurl never.
TEST(Modules, NativeMessagingLoadsConfusablesOnlyWhenAPageNeedsThem) {
  testing::TempDir home("sauatty-modules-home");
  const std::vector<std::string> argv = {testing::host_binary(),
                                         "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/"};
  const std::vector<std::string> env = {"XDG_CACHE_HOME=" + (home.path() / "cache").string(),
                                        "XDG_CONFIG_HOME=" + (home.path() / "config").string()};
  const std::string hello = protocol::encode_frame(R"({"id": 1, "type": "hello"})");
  {
    // The first start parses the embedded rules and writes the compiled cache.
    Subprocess first(argv, env);
    first.write(hello);
    ASSERT_TRUE(first.read_frame().has_value()) << first.stderr_text();
    ASSERT_EQ(first.wait(), 0);
  }
  Subprocess host(argv, env);
  host.write(hello);
  ASSERT_TRUE(host.read_frame().has_value()) << host.stderr_text();
  host.write(protocol::encode_frame(
      R"({"id": 2, "type": "page", "tab": 1, "url": "https://news.example.com/a"})"));
  ASSERT_TRUE(host.read_frame().has_value()) << host.stderr_text();
  std::string mapped = maps_of(host);
  ASSERT_TRUE(maps(mapped, "sauatty-host")) << "not the host's maps";
  EXPECT_FALSE(maps(mapped, "libsauatty-confusables.so")) << mapped;
  EXPECT_FALSE(maps(mapped, "libicuuc")) << mapped;

  // "тengrinews.kz" with a Cyrillic т: its skeleton needs ICU.
  host.write(protocol::encode_frame(
      R"({"id": 3, "type": "page", "tab": 1, "url": "https://тengrinews.kz/"})"));
  auto answer = host.read_frame();
  ASSERT_TRUE(answer.has_value()) << host.stderr_text();
  EXPECT_EQ(nlohmann::json::parse(*answer)["ok"], true) << *answer;
  mapped = maps_of(host);
  EXPECT_TRUE(maps(mapped, "libsauatty-confusables.so")) << mapped;
  EXPECT_TRUE(maps(mapped, "libicuuc")) << mapped;
  EXPECT_FALSE(maps(mapped, "libcurl")) << mapped;
  EXPECT_EQ(host.wait(), 0);
}

}  // namespace
}  // namespace sauatty
