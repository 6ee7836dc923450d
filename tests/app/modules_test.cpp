// The host maps libcurl and ICU only in the processes that use them: they
// live in modules beside sauatty-host (modules/module.h), loaded on first
// use. Checked in the real binary's /proc/PID/maps.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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

// A browser session loads the embedded credibility rules, whose lookalike
// checks need ICU: the confusables module is loaded; libcurl still is not.
TEST(Modules, NativeMessagingLoadsConfusablesNotCurl) {
  Subprocess host({testing::host_binary(), "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/"});
  host.write(protocol::encode_frame(R"({"id": 1, "type": "hello"})"));
  auto reply = host.read_frame();
  ASSERT_TRUE(reply.has_value()) << host.stderr_text();
  std::string mapped = maps_of(host);
  EXPECT_TRUE(maps(mapped, "libsauatty-confusables.so")) << mapped;
  EXPECT_TRUE(maps(mapped, "libicuuc")) << mapped;
  EXPECT_FALSE(maps(mapped, "libcurl")) << mapped;
  EXPECT_EQ(host.wait(), 0);
}

}  // namespace
}  // namespace sauatty
