// Readers for Adblock Plus lists and hosts files: what they add, what they
// skip and why, on real lists and on named edge cases.
#include <gtest/gtest.h>

#include <string>

#include "engine/test_data.h"
#include "lists/filter_list.h"

namespace sauatty::lists {
namespace {

using engine::SkipReason;
using testing::shared_data;

std::size_t skipped(const ListReport& r, SkipReason reason) {
  return r.skipped[static_cast<std::size_t>(reason)];
}

TEST(FilterListTest, CountsEveryLine) {
  engine::EngineBuilder builder;
  ListReport r = read_filter_list(builder, "t",
                                  "\xEF\xBB\xBF[Adblock Plus 2.0]\r\n"
                                  "! comment\r\n"
                                  "||ads.example^\r\n"
                                  "example.com##.ad\n"
                                  "/ads$popup\n"
                                  "/ads$frobnicate\n"
                                  "/(?<=x)y/\n"
                                  "\n"
                                  "@@||ads.example^$script");
  EXPECT_EQ(r.name, "t");
  EXPECT_EQ(r.lines, 9u);
  EXPECT_EQ(r.filters, 2u);
  EXPECT_EQ(skipped(r, SkipReason::kComment), 2u);
  EXPECT_EQ(skipped(r, SkipReason::kCosmetic), 1u);
  EXPECT_EQ(skipped(r, SkipReason::kUnsupportedOption), 1u);
  EXPECT_EQ(skipped(r, SkipReason::kUnknownOption), 1u);
  EXPECT_EQ(skipped(r, SkipReason::kBadRegex), 1u);
  EXPECT_EQ(skipped(r, SkipReason::kEmpty), 1u);
  ASSERT_EQ(r.bad_regexes.size(), 1u);
  EXPECT_EQ(r.bad_regexes[0].first, 7u);  // line number
  EXPECT_EQ(r.skipped_options.at("popup"), 1u);
  EXPECT_EQ(r.skipped_options.at("frobnicate"), 1u);
  // unknown_option, bad_regex and the refused regex's line; not $popup.
  EXPECT_EQ(r.warnings().size(), 3u);
  EXPECT_EQ(r.summary(),
            "t: 9 lines, 2 filters; skipped: cosmetic 1, unsupported_option 1, unknown_option 1, "
            "bad_regex 1; by option: frobnicate 1 popup 1");
  engine::Engine e = builder.finish();
  EXPECT_EQ(e.size(), 2u);
}

TEST(FilterListTest, HugeLineIsCountedNotFatal) {
  engine::EngineBuilder builder;
  std::string text = "||a.example^\n" + std::string(1 << 20, 'x') + "\n||b.example^\n";
  ListReport r = read_filter_list(builder, "t", text);
  EXPECT_EQ(r.filters, 2u);
  EXPECT_EQ(skipped(r, SkipReason::kTooLong), 1u);
}

struct RealList {
  const char* file;
  std::size_t min_filters;
};

TEST(FilterListTest, RealListsParse) {
  const RealList lists[] = {
      {"filters/easyprivacy-2026-07.txt", 55000},
      {"filters/easylist-2026-07.txt", 50000},
      {"filters/easyprivacy-2019-02.txt", 15000},
      {"filters/easylist-2019-02-network.txt", 35000},
  };
  for (const RealList& l : lists) {
    SCOPED_TRACE(l.file);
    auto path = shared_data(l.file);
    if (!path) GTEST_SKIP() << "SAUATTY_SHARED_DATA/" << l.file << " absent";
    engine::EngineBuilder builder;
    auto report = load_filter_file(builder, *path);
    ASSERT_TRUE(report.has_value()) << report.error();
    EXPECT_GE(report->filters, l.min_filters);
    // Every line is accounted for: added or skipped for a reason.
    EXPECT_EQ(report->filters + report->skipped_total(true), report->lines);
    EXPECT_EQ(skipped(*report, SkipReason::kBadRegex), report->bad_regexes.size());
    std::string options;
    for (const auto& [name, n] : report->skipped_options) options += name + "=" + std::to_string(n) + " ";
    EXPECT_EQ(skipped(*report, SkipReason::kUnknownOption), 0u)
        << "an option we have never heard of: add it to filter_parser.cpp; skipped: " << options;
  }
}

TEST(FilterListTest, MissingFileIsAnError) {
  engine::EngineBuilder builder;
  auto report = load_filter_file(builder, "/nonexistent/list.txt");
  ASSERT_FALSE(report.has_value());
  EXPECT_NE(report.error().find("/nonexistent/list.txt"), std::string::npos);
}

struct HostsCase {
  const char* line;
  std::size_t filters;
};

TEST(HostsListTest, Lines) {
  const HostsCase cases[] = {
      {"0.0.0.0 ads.example.com", 1},
      {"127.0.0.1\tads.example.com tracker.example.net", 2},
      {"ads.example.com", 1},
      {"ADS.Example.COM.", 1},
      {"# comment", 0},
      {"0.0.0.0 localhost", 0},
      {"0.0.0.0 0.0.0.0", 0},
      {"0.0.0.0 bad_host!", 0},
      {"", 0},
  };
  for (const HostsCase& c : cases) {
    SCOPED_TRACE(c.line);
    engine::EngineBuilder builder;
    ListReport r = read_hosts_list(builder, "hosts", c.line);
    EXPECT_EQ(r.filters, c.filters);
  }
}

}  // namespace
}  // namespace sauatty::lists
