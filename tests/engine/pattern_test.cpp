// match_pattern(): '*', '^', and the ||, | anchors.
#include <gtest/gtest.h>

#include "engine/filter.h"
#include "engine/pattern.h"

namespace sauatty::engine {
namespace {

struct PatternCase {
  const char* pattern;
  std::uint16_t flags;
  const char* url;
  bool match;
};

constexpr std::uint16_t H = kFlagHostAnchor;
constexpr std::uint16_t L = kFlagLeftAnchor;
constexpr std::uint16_t R = kFlagRightAnchor;

constexpr PatternCase kCases[] = {
    {"/ads/", 0, "https://a.com/ads/x.js", true},
    {"/ads/", 0, "https://a.com/xads/x.js", false},
    {"ads", 0, "https://a.com/loads.js", true},
    {"example.com^", H, "https://example.com/", true},
    {"example.com^", H, "https://example.com", true},  // '^' matches the end
    {"example.com^", H, "https://www.example.com:8080/", true},
    {"example.com^", H, "https://notexample.com/", false},
    {"example.com^", H, "https://example.com.evil.net/", false},
    {"example.com^", H, "https://evil.net/example.com/", false},
    {"ample.com^", H, "https://example.com/", false},  // not at a label start
    {"example.com/ads", H, "https://cdn.example.com/ads/1", true},
    {"example.*/ads/", H, "https://example.co.uk/ads/1", true},
    {"www.google.*/ads/", H, "https://www.google.com/ads/", true},
    {"https://ads.", L, "https://ads.example.com/", true},
    {"https://ads.", L, "http://x.com/?https://ads.", false},
    {".gif", R, "https://a.com/b.gif", true},
    {".gif", R, "https://a.com/b.gif?x", false},
    {"https://a.com/", L | R, "https://a.com/", true},
    {"https://a.com/", L | R, "https://a.com/x", false},
    {"/banner/*/img^", 0, "https://a.com/banner/foo/img?x", true},
    {"/banner/*/img^", 0, "https://a.com/banner/foo/imgs", false},
    {"/banner/*/img^", 0, "https://a.com/banner/foo/img", true},
    {"^ad^", 0, "https://a.com/ad/", true},
    {"^ad^", 0, "https://a.com/bad/", false},
    {"^ad^", 0, "https://a.com/ad", true},
    {"a^b", 0, "https://x.com/a.b", false},  // '.' is not a separator
    {"a^b", 0, "https://x.com/a%b", false},  // nor is '%'
    {"a^b", 0, "https://x.com/a?b", true},
    {"ad*banner", 0, "https://x.com/ad/top/banner.gif", true},
    {"ad*banner", 0, "https://x.com/banner/ad", false},
    {"a*b*c", R, "https://x.com/abxc", true},
    {"a*b*c", R, "https://x.com/abxcd", false},
    {"ws://", L, "https://", false},
};

TEST(PatternTest, Table) {
  for (const PatternCase& c : kCases) {
    SCOPED_TRACE(std::string(c.pattern) + " on " + c.url);
    std::string_view url = c.url;
    std::size_t host_begin = url.find("://") + 3;
    std::size_t host_end = url.find_first_of("/:?", host_begin);
    if (host_end == std::string_view::npos) host_end = url.size();
    EXPECT_EQ(match_pattern(c.pattern, c.flags, url, host_begin, host_end), c.match);
  }
}

TEST(PatternTest, PinnedMatchAgreesWithSearch) {
  // match_pattern_at() at the right start agrees with match_pattern().
  std::string_view url = "https://cdn.example.com/ads/banner.gif";
  EXPECT_TRUE(match_pattern_at("/ads/", 0, url, url.find("/ads/"), 8, 23));
  EXPECT_FALSE(match_pattern_at("/ads/", 0, url, url.find("/ads/") + 1, 8, 23));
  EXPECT_TRUE(match_pattern_at("example.com^", H, url, 12, 8, 23));
  EXPECT_FALSE(match_pattern_at("xample.com^", H, url, 13, 8, 23));
  EXPECT_TRUE(match_pattern_at("banner.gif", R, url, url.find("banner"), 8, 23));
}

}  // namespace
}  // namespace sauatty::engine
