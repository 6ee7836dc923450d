// parse_filter(): one Adblock Plus line → NetworkFilter or a counted skip.
#include <gtest/gtest.h>

#include <string>

#include "engine/filter.h"

namespace sauatty::engine {
namespace {

struct ParseCase {
  const char* line;
  const char* pattern;
  std::uint16_t flags;
  TypeMask types;
  std::uint8_t party;
  std::size_t include;
  std::size_t exclude;
};

constexpr ParseCase kParsed[] = {
    {"||example.com^", "example.com^", kFlagHostAnchor, kDefaultTypes, kPartyAny, 0, 0},
    {"@@||example.com^$script", "example.com^", kFlagHostAnchor | kFlagException, kTypeScript,
     kPartyAny, 0, 0},
    {"|https://ads.", "https://ads.", kFlagLeftAnchor, kDefaultTypes, kPartyAny, 0, 0},
    {"/banner.gif|", "/banner.gif", kFlagRightAnchor, kDefaultTypes, kPartyAny, 0, 0},
    {"/Ads/Banner*", "/ads/banner", 0, kDefaultTypes, kPartyAny, 0, 0},
    {"*/pixel.gif*", "/pixel.gif", 0, kDefaultTypes, kPartyAny, 0, 0},
    {"/Track$match-case", "/Track", kFlagMatchCase, kDefaultTypes, kPartyAny, 0, 0},
    {"/ads$third-party", "/ads", 0, kDefaultTypes, kPartyThird, 0, 0},
    {"/ads$~third-party", "/ads", 0, kDefaultTypes, kPartyFirst, 0, 0},
    {"/ads$1p", "/ads", 0, kDefaultTypes, kPartyFirst, 0, 0},
    {"/ads$3p", "/ads", 0, kDefaultTypes, kPartyThird, 0, 0},
    {"/ads$~first-party", "/ads", 0, kDefaultTypes, kPartyThird, 0, 0},
    {"/ads$image,script", "/ads", 0, kTypeImage | kTypeScript, kPartyAny, 0, 0},
    {"/ads$~image", "/ads", 0, kDefaultTypes & ~kTypeImage, kPartyAny, 0, 0},
    {"/ads$xhr,css,frame", "/ads", 0, kTypeXhr | kTypeStylesheet | kTypeSubdocument, kPartyAny, 0,
     0},
    {"/ads$all", "/ads", 0, kAllTypes, kPartyAny, 0, 0},
    {"/ads$document", "/ads", 0, kTypeDocument, kPartyAny, 0, 0},
    {"/ads$important", "/ads", kFlagImportant, kDefaultTypes, kPartyAny, 0, 0},
    {"/ads$badfilter", "/ads", kFlagBadFilter, kDefaultTypes, kPartyAny, 0, 0},
    {"/ads$domain=a.com|~b.a.com|c.org", "/ads", 0, kDefaultTypes, kPartyAny, 2, 1},
    {"/ads$from=google.*", "/ads", 0, kDefaultTypes, kPartyAny, 1, 0},
    {"/ads$redirect=noop.js", "/ads", 0, kDefaultTypes, kPartyAny, 0, 0},
    {"/ads$popup,script", "/ads", 0, kTypePopup | kTypeScript, kPartyAny, 0, 0},
    {"/ads\\d+/$script", "ads\\d+", kFlagRegex, kTypeScript, kPartyAny, 0, 0},
    {"/Banner[A-Z]/", "Banner[A-Z]", kFlagRegex, kDefaultTypes, kPartyAny, 0, 0},
    {"/ad$/", "ad$", kFlagRegex, kDefaultTypes, kPartyAny, 0, 0},
    {"$script,domain=example.com", "", 0, kTypeScript, kPartyAny, 1, 0},
    {"  ||trimmed.com^\r", "trimmed.com^", kFlagHostAnchor, kDefaultTypes, kPartyAny, 0, 0},
};

TEST(FilterParserTest, ParsesNetworkFilters) {
  for (const ParseCase& c : kParsed) {
    SCOPED_TRACE(c.line);
    auto f = parse_filter(c.line);
    ASSERT_TRUE(f.has_value()) << skip_reason_name(f.error().reason);
    EXPECT_EQ(f->pattern, c.pattern);
    EXPECT_EQ(f->flags, c.flags);
    EXPECT_EQ(f->types, c.types);
    EXPECT_EQ(f->party, c.party);
    EXPECT_EQ(f->include_domains.size(), c.include);
    EXPECT_EQ(f->exclude_domains.size(), c.exclude);
  }
}

struct SkipCase {
  const char* line;
  SkipReason reason;
  const char* detail;
};

constexpr SkipCase kSkipped[] = {
    {"", SkipReason::kEmpty, ""},
    {"   ", SkipReason::kEmpty, ""},
    {"! comment", SkipReason::kComment, ""},
    {"[Adblock Plus 2.0]", SkipReason::kComment, ""},
    {"example.com##.ad", SkipReason::kCosmetic, ""},
    {"##.banner", SkipReason::kCosmetic, ""},
    {"example.com#@#.ad", SkipReason::kCosmetic, ""},
    {"example.com#?#div:has(.ad)", SkipReason::kCosmetic, ""},
    {"example.com#$#abort-on-property-read x", SkipReason::kCosmetic, ""},
    {"example.com##+js(set, x, 1)", SkipReason::kCosmetic, ""},
    {"example.com$$script[data-ad]", SkipReason::kCosmetic, ""},
    {"/ads$popup", SkipReason::kUnsupportedOption, "popup"},
    {"/ads$csp=script-src 'none'", SkipReason::kUnsupportedOption, "csp"},
    {"/ads$removeparam=utm", SkipReason::kUnsupportedOption, "removeparam"},
    {"@@||example.com^$generichide", SkipReason::kUnsupportedOption, "generichide"},
    {"@@/ads$redirect=noop.js", SkipReason::kUnsupportedOption, "redirect"},
    {"/ads$frobnicate", SkipReason::kUnknownOption, "frobnicate"},
    {"/ads$domain=", SkipReason::kBadOption, "domain"},
    {"/ads$domain=/re/", SkipReason::kBadOption, "domain"},
    {"/ads$~domain=a.com", SkipReason::kBadOption, "domain"},
    {"/ads$script,~script", SkipReason::kNoType, ""},
    {"*", SkipReason::kEmptyPattern, ""},
    {"||", SkipReason::kEmptyPattern, ""},
};

TEST(FilterParserTest, SkipsWithReason) {
  for (const SkipCase& c : kSkipped) {
    SCOPED_TRACE(c.line);
    auto f = parse_filter(c.line);
    ASSERT_FALSE(f.has_value());
    EXPECT_EQ(f.error().reason, c.reason);
    EXPECT_EQ(f.error().detail, c.detail);
  }
}

TEST(FilterParserTest, HugeLineIsSkippedNotParsed) {
  std::string line = "||example.com^$domain=" + std::string(kMaxFilterLength, 'a');
  auto f = parse_filter(line);
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().reason, SkipReason::kTooLong);
}

// Bytes of every value: each prefix parses to a filter whose text is the
// line it came from and whose pattern is no longer than the line, or to a
// skip with a known reason. (tests/fuzz/fuzz_filter_list.cpp searches far
// wider; this keeps one deterministic sweep in the unit tests.)
TEST(FilterParserTest, BinaryGarbageGivesAFilterOrAKnownSkip) {
  std::string line;
  for (int i = 0; i < 4096; ++i) line.push_back(static_cast<char>((i * 131 + 7) % 256));
  std::size_t filters = 0, skips = 0;
  for (std::size_t len = 0; len < line.size(); len += 97) {
    const std::string_view prefix = std::string_view(line).substr(0, len);
    auto parsed = parse_filter(prefix);
    if (parsed) {
      ++filters;
      EXPECT_NE(prefix.find(parsed->text), std::string_view::npos) << len;
      EXPECT_LE(parsed->pattern.size(), prefix.size()) << len;
    } else {
      ++skips;
      EXPECT_LT(static_cast<int>(parsed.error().reason), static_cast<int>(SkipReason::kCount))
          << len;
    }
  }
  EXPECT_EQ(filters + skips, (line.size() + 96) / 97);
}

TEST(FilterParserTest, KeepsTextAsWritten) {
  auto f = parse_filter("  @@||Example.com^$Script  ");
  // Option names are case-sensitive in Adblock Plus: "Script" is unknown.
  ASSERT_FALSE(f.has_value());
  auto g = parse_filter("@@||Example.com^$script");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->text, "@@||Example.com^$script");
  EXPECT_EQ(g->pattern, "example.com^");
}

TEST(FilterParserTest, IncludeTailsAreTheLastTwoLabels) {
  auto f = parse_filter("/ads$domain=a.b.News.kz|~x.news.kz|tube.*|localhost|news.kz");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->include_tails, (std::vector<std::uint64_t>{tail_key("news.kz"), kAnyTail, kAnyTail,
                                                          tail_key("news.kz")}));
}

TEST(FilterParserTest, EntityDomainHashesAsWritten) {
  auto f = parse_filter("/ads$domain=Google.*");
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->include_domains.size(), 1u);
  EXPECT_EQ(f->include_domains[0], host_hash("google.*"));
}

}  // namespace
}  // namespace sauatty::engine
