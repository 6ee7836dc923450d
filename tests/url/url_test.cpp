#include "url/url.h"

#include <gtest/gtest.h>

namespace sauatty::url {
namespace {

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

struct ParseCase {
  const char* input;
  HostKind kind;
  const char* host;
  const char* host_unicode;
  const char* registrable_domain;
  std::uint16_t port;
};

// Hosts as browsers see them: case, IDN in both forms, IP literals, ports,
// userinfo, trailing dots, private PSL suffixes.
constexpr ParseCase kParseCases[] = {
    {"https://www.bbc.co.uk/news", HostKind::kDomain, "www.bbc.co.uk", "www.bbc.co.uk", "bbc.co.uk",
     0},
    {"HTTPS://WWW.Example.COM/Path", HostKind::kDomain, "www.example.com", "www.example.com",
     "example.com", 0},
    {"https://example.com./x", HostKind::kDomain, "example.com", "example.com", "example.com", 0},
    {"https://user.github.io/repo", HostKind::kDomain, "user.github.io", "user.github.io",
     "user.github.io", 0},
    {"https://a.b.blogspot.com/", HostKind::kDomain, "a.b.blogspot.com", "a.b.blogspot.com",
     "b.blogspot.com", 0},
    {"http://example.com:8080/", HostKind::kDomain, "example.com", "example.com", "example.com",
     8080},
    {"https://user:pass@bbc.com@evil.example/", HostKind::kDomain, "evil.example", "evil.example",
     "evil.example", 0},
    {"https://bbc.com:443@evil.co.uk/", HostKind::kDomain, "evil.co.uk", "evil.co.uk", "evil.co.uk",
     0},
    {"https://пример.рф/страница", HostKind::kDomain, "xn--e1afmkfd.xn--p1ai", "пример.рф",
     "xn--e1afmkfd.xn--p1ai", 0},
    {"https://xn--e1afmkfd.xn--p1ai/", HostKind::kDomain, "xn--e1afmkfd.xn--p1ai", "пример.рф",
     "xn--e1afmkfd.xn--p1ai", 0},
    {"https://ПРИМЕР.РФ/", HostKind::kDomain, "xn--e1afmkfd.xn--p1ai", "пример.рф",
     "xn--e1afmkfd.xn--p1ai", 0},
    {"https://news.мвд.рф/", HostKind::kDomain, "news.xn--b1aew.xn--p1ai", "news.мвд.рф",
     "xn--b1aew.xn--p1ai", 0},
    {"https://tengrinews.kz/", HostKind::kDomain, "tengrinews.kz", "tengrinews.kz", "tengrinews.kz",
     0},
    {"https://www.gov.kz/memleket", HostKind::kDomain, "www.gov.kz", "www.gov.kz", "www.gov.kz",
     0} /* gov.kz is a public suffix */,
    {"http://127.0.0.1:8000/a", HostKind::kIPv4, "127.0.0.1", "127.0.0.1", "127.0.0.1", 8000},
    {"http://[::1]/", HostKind::kIPv6, "::1", "::1", "::1", 0},
    {"http://[2001:DB8::1]:81/", HostKind::kIPv6, "2001:db8::1", "2001:db8::1", "2001:db8::1", 81},
    {"http://localhost:3000/", HostKind::kDomain, "localhost", "localhost", "localhost", 3000},
    {"https://co.uk/", HostKind::kDomain, "co.uk", "co.uk", "co.uk", 0},
    {"wss://socket.example.org/live", HostKind::kDomain, "socket.example.org", "socket.example.org",
     "example.org", 0},
    {"data:image/png;base64,iVBORw0KGgo=", HostKind::kNone, "", "", "", 0},
    {"about:blank", HostKind::kNone, "", "", "", 0},
    {"blob:https://www.example.com/550e8400-e29b", HostKind::kDomain, "www.example.com",
     "www.example.com", "example.com", 0},
    {"https://example.com/a b|c^d{e}", HostKind::kDomain, "example.com", "example.com",
     "example.com", 0},
};

TEST(UrlParse, Table) {
  for (const auto& c : kParseCases) {
    SCOPED_TRACE(c.input);
    auto parsed = parse(c.input);
    ASSERT_TRUE(parsed.has_value()) << error_message(parsed.error());
    EXPECT_EQ(parsed->kind, c.kind);
    EXPECT_EQ(parsed->host, c.host);
    EXPECT_EQ(parsed->host_unicode, c.host_unicode);
    EXPECT_EQ(parsed->registrable_domain, c.registrable_domain);
    EXPECT_EQ(parsed->port, c.port);
  }
}

TEST(UrlParse, NormalizedKeepsPathAndQueryDropsFragment) {
  auto parsed = parse("HTTPS://Ads.Example.COM:8443/Track?id=AbC#frag");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->normalized, "https://ads.example.com:8443/Track?id=AbC");
  EXPECT_EQ(parsed->path_query, "/Track?id=AbC");
}

TEST(UrlParse, EscapesWhatRfc3986Refuses) {
  auto parsed = parse("https://example.com/a b/ж?q=|x");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->path_query, "/a%20b/%D0%B6?q=%7Cx");
}

struct ErrorCase {
  std::string input;
  UrlError error;
};

TEST(UrlParse, Errors) {
  const ErrorCase cases[] = {
      {"", UrlError::kEmpty},
      {"   ", UrlError::kEmpty},
      {"not a url", UrlError::kSyntax},
      {"https://", UrlError::kSyntax},
      {"http:///path", UrlError::kSyntax},
      {"https://exa mple.com/", UrlError::kBadHost},
      {"https://a..b.com/", UrlError::kBadHost},
      {"https://" + std::string(64, 'a') + ".com/", UrlError::kBadHost},
      {"https://example.com:99999/", UrlError::kSyntax},
      {"https://example.com/" + std::string(kMaxUrlLength, 'a'), UrlError::kTooLong},
      // Short as sent, over the bound once percent-encoded (url.h): what
      // fuzz_url found (corpus regression-normalized-over-bound-*).
      {"https://example.com/" + std::string(2800, '\\'), UrlError::kTooLong},
      {"https://example.com/" + repeat("ж", 1400), UrlError::kTooLong},
      {"data:text/plain,a" + std::string(2800, ' ') + "b", UrlError::kTooLong},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input.substr(0, 60));
    auto parsed = parse(c.input);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error(), c.error);
  }
}

// Every URL parse() accepts has a normalized form of at most kMaxUrlLength
// bytes, by both paths; one unit more is kTooLong, even when the URL as sent
// is shorter than the bound.
TEST(UrlParse, NormalizedFormIsNeverOverTheBound) {
  struct BoundCase {
    const char* what;
    std::string prefix;
    std::size_t prefix_normalized;  // bytes the prefix normalizes to
    std::string unit;               // repeated up to the bound
    std::size_t unit_normalized;    // bytes one unit normalizes to
  };
  const BoundCase cases[] = {
      // The fast path adds '/' before a query: 8,192 bytes sent are 8,193.
      {"fast path, query", "http://a.kz?", 13, "q", 1},
      {"escaped non-ASCII", "https://example.com/", 20, "ж", 6},
      {"escaped backslash", "https://example.com/", 20, "\\", 3},
      {"host-less", "data:text/plain,", 16, "<", 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const std::size_t units = (kMaxUrlLength - c.prefix_normalized) / c.unit_normalized;
    const std::string at_bound = c.prefix + repeat(c.unit, units);
    const std::string over = at_bound + c.unit;
    ASSERT_LE(over.size(), kMaxUrlLength);  // short enough as sent
    for (auto* parser : {&parse, &parse_reference}) {
      auto ok = (*parser)(at_bound);
      ASSERT_TRUE(ok.has_value());
      EXPECT_EQ(ok->normalized.size(), c.prefix_normalized + units * c.unit_normalized);
      EXPECT_LE(ok->normalized.size(), kMaxUrlLength);
      auto refused = (*parser)(over);
      ASSERT_FALSE(refused.has_value());
      EXPECT_EQ(refused.error(), UrlError::kTooLong);
    }
  }
}

TEST(UrlParse, ErrorMessagesNeverContainTheUrl) {
  for (auto error : {UrlError::kEmpty, UrlError::kTooLong, UrlError::kSyntax, UrlError::kBadHost}) {
    EXPECT_EQ(std::string(error_message(error)).find("http"), std::string::npos);
  }
  EXPECT_EQ(error_code(UrlError::kTooLong), "url_too_long");
  EXPECT_EQ(error_code(UrlError::kSyntax), "invalid_url");
}

struct PartyCase {
  const char* request;
  const char* page;
  bool third_party;
};

TEST(ThirdParty, Table) {
  constexpr PartyCase kCases[] = {
      {"https://static.bbc.co.uk/x.js", "https://www.bbc.co.uk/news", false},
      {"https://www.google-analytics.com/a.js", "https://www.bbc.co.uk/", true},
      {"https://alice.github.io/x.js", "https://bob.github.io/", true},
      {"https://cdn.example.com/x.js", "http://example.com/", false},
      {"http://127.0.0.1/x.js", "http://127.0.0.1:8080/", false},
      {"http://10.0.0.1/x.js", "http://127.0.0.1/", true},
      {"data:text/plain,hi", "https://example.com/", true},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.request) + " from " + c.page);
    auto request = parse(c.request);
    auto page = parse(c.page);
    ASSERT_TRUE(request && page);
    EXPECT_EQ(is_third_party(*request, *page), c.third_party);
  }
}

TEST(Idn, BothDirections) {
  EXPECT_EQ(to_ascii("ПРИМЕР.рф"), "xn--e1afmkfd.xn--p1ai");
  EXPECT_EQ(to_unicode(to_ascii("Қазақстан.kz")), "қазақстан.kz");
  EXPECT_TRUE(to_ascii("Қазақстан.kz").starts_with("xn--"));
  EXPECT_EQ(to_unicode("plain.example"), "plain.example");
  EXPECT_EQ(to_ascii("bad\xff.example"), "");
}

}  // namespace
}  // namespace sauatty::url
