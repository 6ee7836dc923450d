// `hello` tells the popup what really loaded (docs/PROTOCOL.md): totals and
// each list by the name a user knows it by. The real host over a pipe, in a
// home of its own whose sources.json names no downloads.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "protocol/frame.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

using nlohmann::json;
using testing::Subprocess;
using testing::TempDir;

TEST(HelloLists, CountsWhatLoadedAndNamesEachList) {
  TempDir home("sauatty-hello");
  std::filesystem::create_directories(home.path() / "config/sauatty");
  std::ofstream(home.path() / "config/sauatty/sources.json")
      << R"({"format": "sauatty-sources/1", "lists": []})";
  Subprocess host(
      {testing::host_binary(), "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/"},
      {"HOME=" + home.path().string(), "XDG_CONFIG_HOME=" + (home.path() / "config").string(),
       "XDG_CACHE_HOME=" + (home.path() / "cache").string()});
  host.write(protocol::encode_frame(json({{"id", 1}, {"type", "hello"}}).dump()));
  auto body = host.read_frame();
  ASSERT_TRUE(body.has_value());
  json reply = json::parse(*body);
  ASSERT_EQ(reply["ok"], true) << *body;

  // Only the embedded rules: our tracker map and credibility lists.
  const json& lists = reply["lists"];
  ASSERT_TRUE(lists.is_array());
  std::size_t trackers = 0, credibility = 0;
  bool ours = false;
  for (const json& list : lists) {
    ASSERT_TRUE(list["name"].is_string() && list["title"].is_string() && list["kind"].is_string());
    ASSERT_TRUE(list["entries"].is_number_unsigned());
    std::string kind = list["kind"];
    if (kind == "credibility" || kind == "reputable") {
      credibility += list["entries"].get<std::size_t>();
    } else {
      trackers += list["entries"].get<std::size_t>();
    }
    if (list["name"] == "sauatty-trackers") {
      ours = true;
      EXPECT_EQ(list["title"], "Sauatty trackers");
      EXPECT_EQ(list["kind"], "trackers");
      EXPECT_GT(list["entries"].get<std::size_t>(), 400u);
    }
  }
  EXPECT_TRUE(ours) << lists.dump();
  EXPECT_EQ(reply["loaded"]["tracker_filters"], trackers);
  EXPECT_EQ(reply["loaded"]["credibility_entries"], credibility);
  EXPECT_EQ(reply["loaded"]["entity_domains"], 0);
  EXPECT_EQ(reply["rules"]["trackers"], trackers);
  EXPECT_EQ(host.wait(), 0);
}

}  // namespace
}  // namespace sauatty
