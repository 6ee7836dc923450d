// Tokens a pattern or regex guarantees, and the bad-token list.
#include "engine/tokens.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/filter.h"

namespace sauatty::engine {
namespace {

std::string join(const std::vector<std::string_view>& tokens) {
  std::string out;
  for (auto t : tokens) {
    if (!out.empty()) out += ',';
    out.append(t);
  }
  return out;
}

struct TokenCase {
  const char* pattern;
  std::uint16_t flags;
  const char* tokens;
};

constexpr TokenCase kPatternCases[] = {
    {"/ads/banner.", 0, "ads,banner"},
    {"ads/banner", 0, ""},  // both ends open: neither run is sure to be whole
    {"example.com^", kFlagHostAnchor, "example,com"},
    {"example.com", kFlagHostAnchor, "example"},
    {"https://ads.", kFlagLeftAnchor, "https,ads"},
    {"/a*b/", 0, ""},
    {".gif", kFlagRightAnchor, "gif"},
    {"-468x60-", 0, "468x60"},
    // Open on the right but kTokenHashChars (8) long or more: a URL token
    // containing it starts with it, so its hashed prefix is sure to be there.
    {"/analytics-collector", 0, "analytics,collector"},
    {".com/*=bt1zdxy1jni9", 0, "com,bt1zdxy1jni9"},
    {"/trackin*", 0, ""},  // 7 characters, open on the right
    {"/tracking*", 0, "tracking"},
    {"*tracking/", 0, ""},  // open on the left: never
    {"", 0, ""},
};

TEST(TokensTest, PatternTokens) {
  for (const TokenCase& c : kPatternCases) {
    SCOPED_TRACE(c.pattern);
    EXPECT_EQ(join(pattern_tokens(c.pattern, c.flags)), c.tokens);
  }
}

struct RegexCase {
  const char* regex;
  const char* tokens;
};

constexpr RegexCase kRegexCases[] = {
    {"^https?:\\/\\/ads\\.example\\.com\\/", "ads,example,com"},
    {"\\/banner\\d+\\.gif", ""},  // "banner" runs into \d
    {"\\/track\\/", "track"},
    {"\\/(ads|banners)\\/", ""},      // inside a group
    {"\\/ads\\/|\\/banners\\/", ""},  // top-level alternation
    {"\\/ads?\\/", ""},               // optional last letter
    {"[a-z]+\\.js\\/", "js"},
    {"\\/pixel\\.gif$", "pixel"},
    {"\\/collector", "collector"},    // open on the right, but 9 mandatory letters
    {"\\/collectors?", "collector"},  // the mandatory prefix
    {"\\/collecto?r", ""},            // only 7 sure letters
    {"\\/banners\\d", ""},            // 7 letters, then a class
    {"", ""},
};

TEST(TokensTest, RegexTokens) {
  for (const RegexCase& c : kRegexCases) {
    SCOPED_TRACE(c.regex);
    EXPECT_EQ(join(regex_tokens(c.regex)), c.tokens);
  }
}

TEST(TokensTest, UrlTokensCoverEveryRun) {
  std::vector<std::size_t> positions;
  for_each_url_token("https://a.b-c/d_e?f=1", [&](std::uint64_t, std::size_t pos) {
    positions.push_back(pos);
    return true;
  });
  EXPECT_EQ(positions, (std::vector<std::size_t>{0, 8, 10, 12, 14, 16, 18, 20}));
}

// Tokens as a plain byte loop finds them: the reference for the block scan.
std::vector<std::pair<std::uint64_t, std::size_t>> reference_tokens(std::string_view u) {
  std::vector<std::pair<std::uint64_t, std::size_t>> out;
  for (std::size_t i = 0; i < u.size();) {
    if (!is_token_char(u[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < u.size() && is_token_char(u[j])) ++j;
    out.emplace_back(token_hash(u.substr(i, j - i)), i);
    i = j;
  }
  return out;
}

// The matcher finds URL tokens 64 bytes at a time from a bit mask and loads
// each token's first word straight from the URL (reading past a short token,
// or only the bytes left at the URL's end); the builder hashes pattern tokens
// from a copy. They must agree for every length and place, across 64-byte blocks
// and at the URL's end.
TEST(TokensTest, UrlTokenHashesEqualTokenHash) {
  std::string url;
  for (int len = 1; len <= 40; ++len) {
    url += std::string(static_cast<std::size_t>(len), static_cast<char>('a' + len % 26));
    url += len % 3 == 0 ? "/" : len % 3 == 1 ? "." : "-";
  }
  for (std::size_t cut = 1; cut <= url.size(); ++cut) {
    std::string_view u = std::string_view(url).substr(0, cut);
    std::vector<std::pair<std::uint64_t, std::size_t>> seen;
    for_each_url_token(u, [&](std::uint64_t h, std::size_t pos) {
      seen.emplace_back(h, pos);
      return true;
    });
    const auto expected = reference_tokens(u);
    ASSERT_EQ(seen, expected) << "cut " << cut;
    // Starting again from a token's start gives the rest.
    if (expected.size() > 1) {
      std::vector<std::pair<std::uint64_t, std::size_t>> rest;
      for_each_url_token(
          u,
          [&](std::uint64_t h, std::size_t pos) {
            rest.emplace_back(h, pos);
            return true;
          },
          expected[1].second);
      ASSERT_EQ(rest, std::vector(expected.begin() + 1, expected.end())) << "cut " << cut;
    }
  }
}

// A run of letters and digits that fills a 64-byte scan block from its first
// byte once reached __builtin_ctzll(0): undefined, and an endless loop on
// CPUs without BMI1 (the UBSan build reports it). Every run length from 1 to
// 130 at every offset from 0 to 130, so runs start and end on both sides of
// the first two block boundaries, alone and after a first token that ends
// just before a boundary; each URL also ends right after the run.
TEST(TokensTest, UrlTokensAtEveryRunLengthAndBlockOffset) {
  for (std::size_t offset = 0; offset <= 130; ++offset) {
    for (std::size_t len = 1; len <= 130; ++len) {
      for (bool lead_token : {false, true}) {
        std::string url(offset, '/');
        if (lead_token && offset >= 2) url.replace(0, offset - 1, offset - 1, 'q');
        for (std::size_t i = 0; i < len; ++i) url += static_cast<char>('a' + (i * 7 + len) % 26);
        const std::string followed = url + "/x";
        for (std::string_view u : {std::string_view(url), std::string_view(followed)}) {
          std::vector<std::pair<std::uint64_t, std::size_t>> seen;
          for_each_url_token(u, [&](std::uint64_t h, std::size_t pos) {
            seen.emplace_back(h, pos);
            return seen.size() <= u.size();  // a scan that makes no progress stops here
          });
          ASSERT_EQ(seen, reference_tokens(u))
              << "offset " << offset << " length " << len << " size " << u.size();
        }
      }
    }
  }
}

TEST(TokensTest, NonAsciiAndPunctuationSeparateTokens) {
  std::vector<std::pair<std::uint64_t, std::size_t>> seen;
  for_each_url_token(
      "a\xc3\xa9"
      "b[c]d`e{f@g/z9",
      [&](std::uint64_t h, std::size_t pos) {
        seen.emplace_back(h, pos);
        return true;
      });
  std::vector<std::pair<std::uint64_t, std::size_t>> expected = {
      {token_hash("a"), 0}, {token_hash("b"), 3},  {token_hash("c"), 5},  {token_hash("d"), 7},
      {token_hash("e"), 9}, {token_hash("f"), 11}, {token_hash("g"), 13}, {token_hash("z9"), 15}};
  EXPECT_EQ(seen, expected);
}

TEST(TokensTest, VisitCanStop) {
  int calls = 0;
  for_each_url_token("https://a.b/c", [&](std::uint64_t, std::size_t) { return ++calls < 2; });
  EXPECT_EQ(calls, 2);
}

TEST(TokensTest, HashIgnoresCase) {
  EXPECT_EQ(token_hash("Banner"), token_hash("banner"));
  EXPECT_NE(token_hash("banner"), token_hash("banners"));
}

TEST(TokensTest, HashCoversTheFirstEightCharacters) {
  EXPECT_EQ(token_hash("collector"), token_hash("collectors"));
  EXPECT_EQ(token_hash("collector"), token_hash("collecto"));
  EXPECT_NE(token_hash("collector"), token_hash("collect"));
  EXPECT_NE(token_hash("abcdefgh"), token_hash("abcdefgx"));
  // A URL's long token is found under the filter's long token's prefix.
  std::vector<std::uint64_t> seen;
  for_each_url_token("https://x.example/p?id=bt1zdxy1jni9abc", [&](std::uint64_t h, std::size_t) {
    seen.push_back(h);
    return true;
  });
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), token_hash("bt1zdxy1jni9"));
}

TEST(TokensTest, BadTokens) {
  for (const char* t : {"https", "http", "com", "www", "js", "net"}) {
    SCOPED_TRACE(t);
    EXPECT_TRUE(is_bad_token(t));
  }
  for (const char* t : {"analytics", "doubleclick", "pixel", "notebookcheck"}) {
    SCOPED_TRACE(t);
    EXPECT_FALSE(is_bad_token(t));
  }
}

}  // namespace
}  // namespace sauatty::engine
