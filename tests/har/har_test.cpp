#include "har/har.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "support/temp_dir.h"

namespace sauatty::har {
namespace {

std::string entry(const std::string& url, const std::string& extra = {}) {
  return R"({"startedDateTime":"2026-07-01T09:00:00.000Z",)" + extra +
         R"("request":{"method":"GET","url":")" + url +
         R"("},"response":{"content":{"mimeType":"text/html","text":"<p>body</p>"}}})";
}
std::string har(const std::string& entries, const std::string& pages = "[]") {
  return R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"pages":)" + pages +
         R"(,"entries":[)" + entries + "]}}";
}

TEST(Har, ReadsTheExampleRecording) {
  auto entries = read_har_file(SAUATTY_EXAMPLE_HAR);
  ASSERT_TRUE(entries) << entries.error();
  ASSERT_EQ(entries->size(), 15u);
  EXPECT_EQ((*entries)[0].url, "https://www.sauatty-fixture-news.kz/");
  EXPECT_EQ((*entries)[0].type, "main_frame");
  EXPECT_EQ((*entries)[1].url, "https://www.google-analytics.com/analytics.js");
  EXPECT_EQ((*entries)[1].type, "script");
  EXPECT_EQ((*entries)[1].page_url, "https://www.sauatty-fixture-news.kz/");
  EXPECT_EQ((*entries)[4].type, "image");
  // Each tab is its own page: the second page's trackers belong to it.
  EXPECT_EQ((*entries)[6].url, "https://tengrinevvs.kz/");
  EXPECT_EQ((*entries)[7].page_url, "https://tengrinevvs.kz/");
  for (std::size_t i = 1; i < entries->size(); ++i)
    EXPECT_GE((*entries)[i].offset_ms, (*entries)[i - 1].offset_ms);
  EXPECT_EQ((*entries)[0].offset_ms, 0);
  EXPECT_LT(entries->back().offset_ms, 60'000);
}

TEST(Har, FirefoxStyleTypesComeFromTheMimeTypeAndTimesFromTheOffset) {
  const std::string text = har(
      R"({"pageref":"p1","startedDateTime":"2026-07-01T15:00:00.000+06:00","request":{"url":"https://a.kz/"},"response":{"content":{"mimeType":"text/html"}}},)"
      R"({"pageref":"p1","startedDateTime":"2026-07-01T09:00:01.500Z","request":{"url":"https://t.example/x.js"},"response":{"content":{"mimeType":"application/javascript"}}},)"
      R"({"pageref":"p1","startedDateTime":"2026-07-01T09:00:00.250Z","request":{"url":"https://t.example/p.gif"},"response":{"content":{"mimeType":"image/gif"}}})",
      R"([{"id":"p1","title":"A page title, not a URL"}])");
  auto entries = parse_har(text);
  ASSERT_TRUE(entries) << entries.error();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].type, "main_frame");
  // Sorted by start time: the image (0.25 s) before the script (1.5 s).
  EXPECT_EQ((*entries)[1].type, "image");
  EXPECT_DOUBLE_EQ((*entries)[1].offset_ms, 250);
  EXPECT_EQ((*entries)[2].type, "script");
  EXPECT_DOUBLE_EQ((*entries)[2].offset_ms, 1500);
  EXPECT_EQ((*entries)[2].page_url, "https://a.kz/");
}

TEST(Har, ChromePageTitleThatIsAUrlNamesThePage) {
  auto entries = parse_har(
      har(entry("https://cdn.example/x.js", R"("pageref":"page_1","_resourceType":"script",)"),
          R"([{"id":"page_1","title":"https://news.kz/a"}])"));
  ASSERT_TRUE(entries) << entries.error();
  EXPECT_EQ((*entries)[0].page_url, "https://news.kz/a");
  EXPECT_EQ((*entries)[0].type, "script");
}

TEST(Har, EntriesWithoutPagesBelongToTheLastDocument) {
  auto entries = parse_har(har(entry("https://news.kz/") + "," +
                               entry("https://t.example/a.js", R"("_resourceType":"script",)")));
  ASSERT_TRUE(entries) << entries.error();
  EXPECT_EQ((*entries)[0].type, "main_frame");
  EXPECT_EQ((*entries)[1].page_url, "https://news.kz/");
}

TEST(Har, EmptyRecordingIsNoError) {
  auto entries = parse_har(har(""));
  ASSERT_TRUE(entries) << entries.error();
  EXPECT_TRUE(entries->empty());
}

struct Broken {
  const char* name;
  std::string text;
  std::string error;
};

TEST(Har, BrokenFilesGetAClearErrorNamingTheEntry) {
  const std::string good = entry("https://a.kz/");
  const std::string full = har(good + "," + good);
  const Broken cases[] = {
      {"not JSON", "this is not a HAR file", "not JSON (error at byte "},
      {"truncated", full.substr(0, full.size() / 2), "truncated?"},
      {"empty", "", "not JSON"},
      {"no log", R"({"entries":[]})", "not a HAR file: no \"log\" object"},
      {"entries not array", R"({"log":{"entries":{}}})",
       "not a HAR file: no \"log.entries\" array"},
      {"entry not object", har(good + ",42"), "entry 2: not an object"},
      {"no request", har(good + "," + good + R"(,{"startedDateTime":"x"})"),
       "entry 3: no \"request\" object"},
      {"url not string", har(R"({"request":{"url":7}})"), "entry 1: no \"request.url\" string"},
      {"file url", har(good + "," + entry("file:///etc/passwd")),
       "entry 2: request.url is not an http or https URL"},
      {"data url", har(entry("data:text/html,hi")),
       "entry 1: request.url is not an http or https URL"},
      {"ws url", har(entry("wss://a.kz/socket")),
       "entry 1: request.url is not an http or https URL"},
      // Found by fuzz_har: nlohmann throws out_of_range, not parse_error.
      {"number overflow", R"({"log":3e3233})", "not JSON (a value out of range)"},
  };
  for (const auto& c : cases) {
    auto entries = parse_har(c.text);
    ASSERT_FALSE(entries) << c.name;
    EXPECT_NE(entries.error().find(c.error), std::string::npos)
        << c.name << ": " << entries.error();
    // Never the URL itself.
    EXPECT_EQ(entries.error().find("passwd"), std::string::npos) << c.name;
  }
}

TEST(Har, SizeAndEntryBoundsAreEnforced) {
  const std::string text =
      har(entry("https://a.kz/") + "," + entry("https://b.kz/") + "," + entry("https://c.kz/"));
  auto too_big = parse_har(text, {.max_bytes = 100, .max_entries = 10});
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error(), "larger than 100 bytes");
  auto too_many = parse_har(text, {.max_bytes = kMaxHarBytes, .max_entries = 2});
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error(), "more than 2 entries (3)");
  EXPECT_TRUE(parse_har(text, {.max_bytes = kMaxHarBytes, .max_entries = 3}));
}

TEST(Har, FileErrorsNameTheFile) {
  testing::TempDir dir("sauatty-har");
  auto missing = read_har_file(dir.path() / "missing.har");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("missing.har"), std::string::npos) << missing.error();
  const auto big = dir.path() / "big.har";
  std::ofstream(big) << har(entry("https://a.kz/"));
  auto refused = read_har_file(big, {.max_bytes = 50, .max_entries = 10});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("big.har"), std::string::npos) << refused.error();
  const auto bad = dir.path() / "bad.har";
  std::ofstream(bad) << R"({"log":)";
  auto broken = read_har_file(bad);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error(), bad.string() + ": not JSON (error at byte 8; truncated?)");
}

}  // namespace
}  // namespace sauatty::har
