// Readers for Adblock Plus lists and hosts files: what they add, what they
// skip and why, on real lists and on named edge cases.
#include "lists/filter_list.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/test_data.h"
#include "support/temp_dir.h"

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
  EXPECT_EQ(r.skipped_options.at("popup"), 1u);
  EXPECT_EQ(r.skipped_options.at("frobnicate"), 1u);
  // The unknown option and the refused regex, with their lines; not $popup.
  EXPECT_EQ(r.warnings(),
            (std::vector<std::string>{"t:6: unknown_option (frobnicate): /ads$frobnicate",
                                      "t:7: bad_regex (invalid perl operator: (?<): /(?<=x)y/"}));
  EXPECT_EQ(r.summary(),
            "t: 9 lines, 2 filters; skipped: cosmetic 1, unsupported_option 1, unknown_option 1, "
            "bad_regex 1; by option: frobnicate 1 popup 1");
  engine::Engine e = builder.finish();
  EXPECT_EQ(e.size(), 2u);
}

// Every warning names the file and line and says why, whatever the reason;
// past kMaxReportedProblems one line counts the rest.
TEST(FilterListTest, EveryWarningHasItsLineAndReason) {
  struct Case {
    std::string line;
    std::string warning;  // for the line at line 2, after "||ok.example^"
  };
  const Case cases[] = {
      {"/ads$frobnicate", "t:2: unknown_option (frobnicate): /ads$frobnicate"},
      {"||x.example^$domain=", "t:2: bad_option (domain): ||x.example^$domain="},
      {"||x.example^$~script,script", "t:2: no_type: ||x.example^$~script,script"},
      {"/a(b/", "t:2: bad_regex (missing ): a(b): /a(b/"},
      {"/(?<=x)y/$match-case", "t:2: bad_regex (invalid perl operator: (?<): /(?<=x)y/$match-case"},
      {std::string(engine::kMaxFilterLength + 1, 'x'),
       "t:2: too_long (over " + std::to_string(engine::kMaxFilterLength) + " bytes)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.warning);
    engine::EngineBuilder builder;
    ListReport r = read_filter_list(builder, "t", "||ok.example^\n" + c.line + "\n");
    EXPECT_EQ(r.warnings(), std::vector<std::string>{c.warning});
  }
  engine::EngineBuilder builder;
  ListReport hosts = read_hosts_list(builder, "h", "0.0.0.0 ads.example\n127.0.0.1 localhost\n");
  EXPECT_EQ(hosts.warnings(),
            std::vector<std::string>{"h:2: bad_option (not a host name): localhost"});
  std::string many;
  for (std::size_t i = 0; i < kMaxReportedProblems + 7; ++i) many += "/ads$frobnicate\n";
  ListReport r = read_filter_list(builder, "m", many);
  auto warnings = r.warnings();
  ASSERT_EQ(warnings.size(), kMaxReportedProblems + 1);
  EXPECT_EQ(warnings.back(), "m: 7 more lines skipped for these reasons (the first 50 are listed)");
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
    std::size_t warned = report->skipped_total() - skipped(*report, SkipReason::kCosmetic) -
                         skipped(*report, SkipReason::kUnsupportedOption);
    EXPECT_EQ(report->problems.size(), std::min(warned, kMaxReportedProblems));
    std::string options;
    for (const auto& [name, n] : report->skipped_options)
      options += name + "=" + std::to_string(n) + " ";
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

// Everything a report says, and every filter the engine got (its text and
// list), so that two ways of reading a list can be compared whole.
void expect_same(const ListReport& a, const ListReport& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.lines, b.lines);
  EXPECT_EQ(a.filters, b.filters);
  EXPECT_EQ(a.skipped, b.skipped);
  EXPECT_EQ(a.skipped_options, b.skipped_options);
  EXPECT_EQ(a.problems, b.problems);
  EXPECT_EQ(a.summary(), b.summary());
  EXPECT_EQ(a.warnings(), b.warnings());
}

void expect_same(const engine::Engine& a, const engine::Engine& b) {
  ASSERT_EQ(a.size(), b.size());
  for (engine::FilterId id = 0; id < a.size(); ++id) {
    ASSERT_EQ(a.filter_text(id), b.filter_text(id)) << "filter " << id;
    ASSERT_EQ(a.list_name(a.filter_list(id)), b.list_name(b.filter_list(id))) << "filter " << id;
  }
  EXPECT_EQ(a.stats().indexed, b.stats().indexed);
  EXPECT_EQ(a.stats().host_table, b.stats().host_table);
  EXPECT_EQ(a.stats().token_index, b.stats().token_index);
  EXPECT_EQ(a.stats().regex, b.stats().regex);
}

// A list file streamed in chunks of any size gives the report and the
// filters its whole text gives, lines straddling chunk borders included.
TEST(FilterListTest, StreamedFileEqualsWholeText) {
  const char* files[] = {"filters/easyprivacy-2026-07.txt", "filters/easylist-2026-07.txt"};
  for (const char* file : files) {
    SCOPED_TRACE(file);
    auto path = shared_data(file);
    if (!path) GTEST_SKIP() << "SAUATTY_SHARED_DATA/" << file << " absent";
    std::string text = testing::slurp(*path);
    engine::EngineBuilder whole_builder;
    ListReport whole = read_filter_list(whole_builder, path->filename().string(), text);
    engine::Engine whole_engine = whole_builder.finish();
    EXPECT_GT(whole.filters, 50000u);
    // 1 and 7 bytes cut nearly every line; 4093 is prime; 64 KiB is the default.
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4093}, kFileChunkBytes}) {
      SCOPED_TRACE(chunk);
      engine::EngineBuilder builder;
      auto streamed = load_filter_file(builder, *path, chunk);
      ASSERT_TRUE(streamed.has_value()) << streamed.error();
      expect_same(*streamed, whole);
      expect_same(builder.finish(), whole_engine);
    }
  }
}

// Over-long lines, at and around engine::kMaxFilterLength, with and without
// "\r\n", a BOM, no final newline: counted as too long exactly as the whole
// text counts them, by a streamed file in small chunks too.
TEST(FilterListTest, StreamedOverlongLinesAreCountedAsTooLong) {
  const std::size_t max = engine::kMaxFilterLength;
  auto filter = [](std::size_t n) {
    std::string f = "||example.com^$domain=";
    return f + std::string(n - f.size(), 'a');
  };
  std::string text = "\xEF\xBB\xBF" + filter(max) + "\n" +  // fits: the BOM is not counted
                     filter(max + 1) + "\n" +               // too long
                     filter(max) + "\r\n" +                 // fits: "\r\n" is not counted
                     filter(max + 1) + "\r\n" +             // too long
                     "||ads.example^\n" +                   //
                     std::string(1 << 20, 'x') + "\n" +     // too long, 1 MiB
                     "! comment\r\n" +                      //
                     filter(max + 1);                       // too long, no final newline
  engine::EngineBuilder whole_builder;
  ListReport whole = read_filter_list(whole_builder, "long.txt", text);
  EXPECT_EQ(whole.lines, 8u);
  EXPECT_EQ(whole.filters, 3u);
  EXPECT_EQ(skipped(whole, SkipReason::kTooLong), 4u);
  EXPECT_EQ(skipped(whole, SkipReason::kComment), 1u);
  engine::Engine whole_engine = whole_builder.finish();

  testing::TempDir dir("sauatty-filter-list-test");
  std::filesystem::path path = dir.path() / "long.txt";
  std::ofstream(path, std::ios::binary) << text;
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{100}, max - 1, max, max + 1,
                            max + 2, kFileChunkBytes}) {
    SCOPED_TRACE(chunk);
    engine::EngineBuilder builder;
    auto streamed = load_filter_file(builder, path, chunk);
    ASSERT_TRUE(streamed.has_value()) << streamed.error();
    expect_same(*streamed, whole);
    expect_same(builder.finish(), whole_engine);
  }
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
