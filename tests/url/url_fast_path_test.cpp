// parse()'s fast path for plain http(s) URLs and its per-thread host cache
// against parse_reference() (Boost.URL, libidn2 and libpsl every time):
// every field equal, or the same error, on every URL of the real request
// vectors, on hostile URLs written to sit on the fast path's edges, and on
// each vector URL with hostile bytes put into it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "url/url.h"

namespace sauatty::url {
namespace {

// "" when both agree, else what differs (the test's own output, never a log).
std::string difference(std::string_view text) {
  auto fast = parse(text);
  auto reference = parse_reference(text);
  if (fast.has_value() != reference.has_value()) return "one parsed, the other did not";
  if (!fast) {
    return fast.error() == reference.error() ? "" : "different errors";
  }
  std::string out;
  auto field = [&](const char* name, const auto& a, const auto& b) {
    if (a != b) out += std::string(name) + " ";
  };
  field("scheme", fast->scheme, reference->scheme);
  field("host", fast->host, reference->host);
  field("host_unicode", fast->host_unicode, reference->host_unicode);
  field("registrable_domain", fast->registrable_domain, reference->registrable_domain);
  field("kind", fast->kind, reference->kind);
  field("port", fast->port, reference->port);
  field("path_query", fast->path_query, reference->path_query);
  field("normalized", fast->normalized, reference->normalized);
  return out;
}

std::vector<std::string> vector_urls() {
  const char* root = std::getenv("SAUATTY_SHARED_DATA");
  if (root == nullptr || *root == '\0') return {};
  std::ifstream in(std::filesystem::path(root) / "vectors" / "matching-test-requests.json");
  if (!in) return {};
  auto vectors = nlohmann::json::parse(in);
  std::vector<std::string> urls;
  for (const auto& v : vectors) {
    urls.push_back(v["url"].get<std::string>());
    urls.push_back(v["sourceUrl"].get<std::string>());
  }
  return urls;
}

TEST(UrlFastPath, AgreesWithTheReferenceOnEveryVectorUrl) {
  auto urls = vector_urls();
  if (urls.empty())
    GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors/matching-test-requests.json not found";
  ASSERT_EQ(urls.size(), 2u * 8276u);
  std::size_t parsed = 0;
  // Twice: the second pass reads registrable domains from the cache.
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < urls.size(); ++i) {
      EXPECT_EQ(difference(urls[i]), "") << "vector URL #" << i;
      if (pass == 0 && parse(urls[i])) ++parsed;
    }
  }
  EXPECT_GT(parsed, 8276u);  // every request URL and the pages that have a host
}

// has_host() as the reference decides it: parsed, with a host.
bool reference_has_host(std::string_view text) {
  auto reference = parse_reference(text);
  return reference && reference->kind != HostKind::kNone;
}

TEST(UrlFastPath, HasHostAgreesWithTheReferenceOnEveryVectorUrl) {
  // What the credibility lists' citations are checked with.
  auto urls = vector_urls();
  if (urls.empty())
    GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors/matching-test-requests.json not found";
  for (std::size_t i = 0; i < urls.size(); ++i)
    EXPECT_EQ(has_host(urls[i]), reference_has_host(urls[i])) << "vector URL #" << i;
  EXPECT_TRUE(has_host("https://www.example.com/a?b#c"));
  EXPECT_TRUE(has_host("https://пример.рф/"));
  EXPECT_FALSE(has_host("https://"));
  EXPECT_FALSE(has_host("https://exa mple.com/"));
  EXPECT_FALSE(has_host("data:text/plain,hello"));
}

const char* const kHostile[] = {
    "http://example.com",
    "https://example.com/",
    "https://Example.COM/Path?Q=1#F",
    "HTTPS://example.com/",
    "Https://example.com/",
    "https://example.com./",
    "https://example.com../",
    "https://.example.com/",
    "https://a..b.com/",
    "https://-a.example/",
    "https://a_b.example/",
    "https://example.com:/x",
    "https://example.com:0/x",
    "https://example.com:80/x",
    "https://example.com:443",
    "https://example.com:65535/",
    "https://example.com:65536/",
    "https://example.com:99999/",
    "https://example.com:123456/",
    "https://example.com:00080/",
    "https://example.com:8a/",
    "https://example.com:8:9/",
    "https://user@example.com/",
    "https://user:pass@example.com/",
    "https://a.com@b.com/",
    "https://1.2.3.4/",
    "https://1.2.3/",
    "https://01.2.3.4/",
    "https://4294967295/",
    "https://0x7f.1/",
    "https://1.2.3.4.5/",
    "https://[::1]/",
    "https://[2001:db8::1]:8080/x",
    "https://ex%61mple.com/",
    "https://exa mple.com/",
    "https://пример.рф/",
    "https://xn--e1afmkfd.xn--p1ai/",
    "https://XN--E1AFMKFD.XN--P1AI/",
    "https://xn--a.com/",
    "https://xn--.com/",
    "https://example.com/a b",
    "https://example.com/a%20b",
    "https://example.com/a%2",
    "https://example.com/a%",
    "https://example.com/a%zz",
    "https://example.com/%E2%82%AC",
    "https://example.com/€",
    "https://example.com/a\"b",
    "https://example.com/a<b>",
    "https://example.com/a\\b",
    "https://example.com\\a",
    "https://example.com/a^b`c{d}|",
    "https://example.com/a#b#c",
    "https://example.com/a#b?c",
    "https://example.com/a?b?c#d",
    "https://example.com?q",
    "https://example.com#f",
    "https://example.com/?",
    "https://example.com/#",
    "https://example.com//a//b",
    "https://example.com/a/../b/./c",
    "https://example.com/a;b=c,d",
    "https://example.com/\x01",
    "https://example.com/\x7f",
    "https://example.com/a\tb",
    "  https://example.com/  ",
    "\thttps://example.com/\r\n",
    "https://",
    "https:///path",
    "https://:80/",
    "https://?x",
    "https://#x",
    "http:/example.com/",
    "http:example.com",
    "http//example.com",
    "https:://example.com",
    "https://example.com:80:80/",
    "httpsx://example.com/",
    "ws://example.com/",
    "wss://example.com:443/",
    "ftp://example.com/",
    "blob:https://example.com/uuid",
    "data:text/plain,hi",
    "about:blank",
    "javascript:alert(1)",
};

std::string long_label(std::size_t n) { return std::string(n, 'a'); }

TEST(UrlFastPath, AgreesWithTheReferenceOnHostileUrls) {
  std::vector<std::string> inputs(std::begin(kHostile), std::end(kHostile));
  inputs.push_back("https://" + long_label(63) + ".com/");
  inputs.push_back("https://" + long_label(64) + ".com/");
  std::string host_253, host_254;
  while (host_253.size() < 250) host_253 += long_label(49) + ".";
  host_253 += std::string(253 - host_253.size(), 'b');
  host_254 = host_253 + "c";
  inputs.push_back("https://" + host_253 + "/");
  inputs.push_back("https://" + host_254 + "/");
  inputs.push_back("https://example.com/" + std::string(8192 - 20, 'p'));
  inputs.push_back("https://example.com/" + std::string(8192 - 19, 'p'));
  for (const auto& text : inputs) {
    EXPECT_EQ(difference(text), "") << "hostile input: " << text;
    EXPECT_EQ(has_host(text), reference_has_host(text)) << "hostile input, has_host: " << text;
  }
}

// Each vector URL with one hostile byte sequence put at a few places: the
// fast path must step aside, or agree, wherever the bytes land.
TEST(UrlFastPath, AgreesWithTheReferenceOnMutatedVectorUrls) {
  auto urls = vector_urls();
  if (urls.empty())
    GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors/matching-test-requests.json not found";
  const char* const kBytes[] = {"@",    ":",    ":99999",   "%",    "%4", "%41", "#",  "?", " ",
                                "\t",   "\x01", "\xD0\x9F", "\xFF", "[",  "]",   "\\", ".", "..",
                                "xn--", "A",    "_",        "/",    "//", "\"",  "^",  "|"};
  std::size_t checked = 0;
  for (std::size_t i = 0; i < urls.size(); i += 7) {  // every 7th: ~2,400 URLs
    const std::string& url = urls[i];
    for (const char* bytes : kBytes) {
      for (std::size_t at : {std::size_t{4}, url.find("://") + 3, url.find("://") + 4,
                             url.find('.'), url.find('.') + 1, url.find('/', 8),
                             url.find('/', 8) - 1, url.size() / 2, url.size()}) {
        if (at > url.size()) continue;
        std::string mutated = url;
        mutated.insert(at, bytes);
        ASSERT_EQ(difference(mutated), "")
            << "vector URL #" << i << " with bytes inserted at " << at;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 400000u);
}

// One Url parsed into again and again, as the `requests` handler does:
// nothing of an earlier URL may stay behind in a later one.
TEST(UrlFastPath, ParseIntoOneUrlLeavesNothingBehind) {
  auto urls = vector_urls();
  urls.insert(urls.end(), std::begin(kHostile), std::end(kHostile));
  Url reused;
  std::size_t parsed = 0;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    auto into = parse_into(urls[i], reused);
    auto reference = parse_reference(urls[i]);
    ASSERT_EQ(into.has_value(), reference.has_value()) << "URL #" << i;
    if (!into) continue;
    ++parsed;
    EXPECT_EQ(reused.scheme, reference->scheme) << "URL #" << i;
    EXPECT_EQ(reused.host, reference->host) << "URL #" << i;
    EXPECT_EQ(reused.host_unicode, reference->host_unicode) << "URL #" << i;
    EXPECT_EQ(reused.registrable_domain, reference->registrable_domain) << "URL #" << i;
    EXPECT_EQ(reused.kind, reference->kind) << "URL #" << i;
    EXPECT_EQ(reused.port, reference->port) << "URL #" << i;
    EXPECT_EQ(reused.path_query, reference->path_query) << "URL #" << i;
    EXPECT_EQ(reused.normalized, reference->normalized) << "URL #" << i;
  }
  EXPECT_GT(parsed, 50u);
}

// More hosts than the cache holds, twice over: evicted and reused slots
// still give each host its own answer.
TEST(UrlFastPath, TheHostCacheGivesEachHostItsOwnAnswer) {
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 2000; ++i) {
      std::string text = "https://s" + std::to_string(i) + ".site" + std::to_string(i % 37) +
                         (i % 3 == 0   ? ".co.uk"
                          : i % 3 == 1 ? ".github.io"
                                       : ".kz") +
                         "/p";
      auto fast = parse(text);
      ASSERT_TRUE(fast);
      std::string site = "site" + std::to_string(i % 37);
      std::string expected = i % 3 == 0   ? site + ".co.uk"
                             : i % 3 == 1 ? site + ".github.io"
                                          : site + ".kz";
      EXPECT_EQ(fast->registrable_domain, expected) << text;
    }
  }
}

}  // namespace
}  // namespace sauatty::url
