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
// URLs, its strings views into them but the lower-cased URL. A URL or page
// that does not parse is not compared; `compared` counts those that are.
void expect_view_as_digest(const std::string& url, const std::string& page, const std::string& type,
                           std::string& lower, std::size_t& compared) {
  auto request = url::parse(url);
  auto page_url = url::parse(page);
  if (!request || !page_url) return;
  ++compared;
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
  std::size_t compared = 0;
  expect_view_as_digest("HTTPS://T.Example/Pixel.GIF?Q=1", "https://news.kz/", "beacon", lower,
                        compared);
  expect_view_as_digest("https://cdn.news.kz/X.js", "https://www.news.kz/", "script", lower,
                        compared);
  expect_view_as_digest("https://t.example/p", "data:text/html,x", "image", lower, compared);
  expect_view_as_digest("https://a.bbc.co.uk/x", "https://www.bbc.co.uk/", "xhr", lower, compared);
  EXPECT_EQ(compared, 4u);
}

TEST(RequestDigestTest, TheViewIsTheDigestForEveryRealRequest) {
  const char* root = std::getenv("SAUATTY_SHARED_DATA");
  std::ifstream in(std::filesystem::path(root ? root : "") / "vectors" /
                   "matching-test-requests.json");
  if (!in) GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors/matching-test-requests.json not found";
  const auto vectors = nlohmann::json::parse(in);
  ASSERT_GT(vectors.size(), 8000u);
  // Most requests have no page that parses ("http://" alone, "about:blank"):
  // those are judged on one page of their own, as bench/whole_path sends
  // them, so that every request whose URL parses is compared.
  const std::string unknown_page = "https://news.example.kz/article/1";
  std::string lower;
  std::size_t compared = 0;
  std::size_t urls_that_do_not_parse = 0;
  for (const auto& v : vectors) {
    const auto url = v["url"].get<std::string>();
    auto page = v["sourceUrl"].get<std::string>();
    if (!url::parse(url)) ++urls_that_do_not_parse;
    if (!url::parse(page)) page = unknown_page;
    expect_view_as_digest(url, page, v["type"].get<std::string>(), lower, compared);
  }
  EXPECT_EQ(compared, vectors.size() - urls_that_do_not_parse);
  EXPECT_GE(compared, 8000u);
}

}  // namespace
}  // namespace sauatty::lists
