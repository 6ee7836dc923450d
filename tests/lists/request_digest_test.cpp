// digest_request(): URL, page and type into the engine's Request.
#include <gtest/gtest.h>

#include "lists/request_digest.h"

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

}  // namespace
}  // namespace sauatty::lists
