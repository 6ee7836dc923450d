// digest_request(): URL, page and type into the engine's Request; and
// request_view(), the same from parsed URLs without copies.
#include "lists/request_digest.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace sauatty::lists {
namespace {

struct DigestCase {
  const char* url;
  const char* page;
  const char* type;
  const char* host;
  const char* domain;
  engine::Party party;
  engine::TypeBit type_bit;
};

TEST(RequestDigestTest, Table) {
  const DigestCase cases[] = {
      {"https://mc.yandex.ru/watch", "https://news.kz/a", "script", "mc.yandex.ru", "yandex.ru",
       engine::Party::kThird, engine::kTypeScript},
      {"https://cdn.news.kz/x.js", "https://www.news.kz/", "script", "cdn.news.kz", "news.kz",
       engine::Party::kFirst, engine::kTypeScript},
      {"https://a.bbc.co.uk/x", "https://www.bbc.co.uk/", "xhr", "a.bbc.co.uk", "bbc.co.uk",
       engine::Party::kFirst, engine::kTypeXhr},
      {"https://t.example/p", "", "fetch", "t.example", "t.example", engine::Party::kUnknown,
       engine::kTypeXhr},
      {"https://t.example/p", "https://", "subdocument", "t.example", "t.example",
       engine::Party::kUnknown, engine::kTypeSubdocument},
      {"http://", "https://news.kz/", "other", "", "", engine::Party::kUnknown, engine::kTypeOther},
      {"HTTPS://T.Example/P", "https://news.kz/", "beacon", "t.example", "t.example",
       engine::Party::kThird, engine::kTypePing},
      {"https://t.example/p", "https://news.kz/", "no-such-type", "t.example", "t.example",
       engine::Party::kThird, engine::kTypeOther},
  };
  for (const DigestCase& c : cases) {
    SCOPED_TRACE(std::string(c.url) + " from " + c.page);
    DigestedRequest d;
    digest_request(c.url, c.page, c.type, d);
    EXPECT_EQ(d.host, c.host);
    EXPECT_EQ(d.domain, c.domain);
    EXPECT_EQ(d.party, c.party);
    EXPECT_EQ(d.type, c.type_bit);
    engine::Request r = d.view();
    EXPECT_EQ(r.url.size(), r.url_original.size());
  }
}

TEST(RequestDigestTest, LowerCasesButKeepsOriginal) {
  DigestedRequest d;
  digest_request("https://T.example/Pixel.GIF?Q=1", "", "image", d);
  EXPECT_EQ(d.url, "https://t.example/pixel.gif?q=1");
  EXPECT_EQ(d.url_original, "https://t.example/Pixel.GIF?Q=1");
}

// Every field of two requests, as one string.
std::string fields(const engine::Request& r) {
  return std::string(r.url) + "|" + std::string(r.url_original) + "|" + std::string(r.host) + "|" +
         std::string(r.domain) + "|" + std::string(r.page_host) + "|" + std::string(r.page_domain) +
         "|" + std::to_string(r.type) + "|" + std::to_string(static_cast<int>(r.party));
}

// request_view() gives what digest_request() gives from the same parsed
// URLs, its strings views into them but the lower-cased URL.
void expect_view_as_digest(const std::string& url, const std::string& page, const std::string& type,
                           std::string& lower) {
  auto request = url::parse(url);
  auto page_url = url::parse(page);
  if (!request || !page_url) return;
  DigestedRequest digested;
  digest_request(*request, *page_url, type, digested);
  const engine::Request view = request_view(*request, *page_url, type, lower);
  ASSERT_EQ(fields(view), fields(digested.view())) << url << " from " << page;
  EXPECT_EQ(view.url.data(), lower.data());
  EXPECT_EQ(view.url_original.data(), request->normalized.data());
  EXPECT_EQ(view.host.data(), request->host.data());
  EXPECT_EQ(view.page_domain.data(), page_url->registrable_domain.data());
}

TEST(RequestDigestTest, TheViewOfParsedUrlsIsTheDigestWithoutCopies) {
  std::string lower = "a buffer left from a longer URL than the next ones, reused";
  expect_view_as_digest("HTTPS://T.Example/Pixel.GIF?Q=1", "https://news.kz/", "beacon", lower);
  expect_view_as_digest("https://cdn.news.kz/X.js", "https://www.news.kz/", "script", lower);
  expect_view_as_digest("https://t.example/p", "data:text/html,x", "image", lower);
  expect_view_as_digest("https://a.bbc.co.uk/x", "https://www.bbc.co.uk/", "xhr", lower);
}

TEST(RequestDigestTest, TheViewIsTheDigestForEveryRealRequest) {
  const char* root = std::getenv("SAUATTY_SHARED_DATA");
  std::ifstream in(std::filesystem::path(root ? root : "") / "vectors" /
                   "matching-test-requests.json");
  if (!in) GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors/matching-test-requests.json not found";
  const auto vectors = nlohmann::json::parse(in);
  ASSERT_GT(vectors.size(), 8000u);
  std::string lower;
  for (const auto& v : vectors) {
    expect_view_as_digest(v["url"].get<std::string>(), v["sourceUrl"].get<std::string>(),
                          v["type"].get<std::string>(), lower);
  }
}

}  // namespace
}  // namespace sauatty::lists
