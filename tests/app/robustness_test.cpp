// Mutation testing of everything the browser can send: frames made by
// mutating valid messages (and pure noise) go through the real handler
// table over the embedded rules. Every frame must get exactly the answers
// the protocol promises — valid JSON, an `ok` flag, a known error code,
// under 1 MiB — and nothing may crash. Deterministic seeds, so a failure
// reproduces. (libFuzzer needs clang, whose C++ library support for
// std::expected is too old on Debian 12; this is the g++ stand-in.)
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "app/messaging.h"
#include "protocol/frame.h"
#include "url/url.h"

namespace sauatty {
namespace {

using protocol::Json;

const std::set<std::string> kCodes = {
    "invalid_json", "invalid_utf8", "not_object",   "too_deep", "missing_field", "wrong_type",
    "unknown_type", "invalid_url",  "url_too_long", "too_many", "too_long",      "internal"};

const char* const kSeeds[] = {
    R"({"id":1,"type":"hello","extension":"0.1.0","protocol":1})",
    R"({"id":2,"type":"page","tab":3,"url":"https://www.rt.com/news/1","meta":{"title":"ШОК! Вы не поверите","lang":"ru","author":"","canonical":"https://bbc.com/x","site_name":"BBC"}})",
    R"({"id":"r","type":"requests","tab":3,"page":"https://tengrinews.kz/","requests":[{"url":"https://mc.yandex.ru/watch/1?x=1","type":"image"},{"url":"https://www.google-analytics.com/g/collect?v=2","type":"ping"},{"url":"wss://x.пример.рф:443/a","type":"websocket"}]})",
    R"({"id":5,"type":"links","page":"https://www.google.com/search?q=x","links":["https://abcnews.com.co/a","https://xn--bb-jmc.com/","not a url",null,7]})",
    R"({"id":6,"type":"stats"})",
    R"({"id":7,"type":"settings"})",
};

std::string mutate(std::string s, std::mt19937& rng) {
  static const std::string kInteresting[] = {
      "\"",       "\\",           "{",    "}",  "[",     "]",           ":", ",", "\xFF",
      "\xC0\xAF", "\xED\xA0\x80", "null", "-1", "1e999", "\"\\u0000\"", "@", "%", "xn--"};
  std::uniform_int_distribution<int> op(0, 5);
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    std::size_t at = rng() % s.size();
    switch (op(rng)) {
      case 0:
        s[at] = static_cast<char>(rng() & 0xFF);
        break;
      case 1:
        s.erase(at, 1 + rng() % 8);
        break;
      case 2:
        s.insert(at, kInteresting[rng() % std::size(kInteresting)]);
        break;
      case 3:
        s.insert(at, s.substr(rng() % s.size(), rng() % 64));
        break;
      case 4:
        s.resize(at);
        break;
      default:
        s.insert(at, std::string(rng() % 300, "[{\"a"[rng() % 4]));
        break;
    }
  }
  return s;
}

TEST(Robustness, MutatedMessagesGetWellFormedAnswers) {
  auto rules = store::load_rule_set({});
  ASSERT_TRUE(rules) << rules.error();
  app::MessagingContext context;
  context.rules = *rules;
  auto handlers = app::make_handlers(context);
  std::mt19937 rng(20261123);
  std::size_t ok = 0, errors = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string body =
        i % 10 == 9 ? std::string(rng() % 200, '\0') : mutate(kSeeds[i % std::size(kSeeds)], rng);
    if (i % 10 == 9) {
      for (char& c : body) c = static_cast<char>(rng() & 0xFF);
    }
    auto frames =
        protocol::answer_frame(body, handlers, app::kMaxValuesPerMessage, context.session);
    ASSERT_FALSE(frames.empty());
    for (const std::string& frame : frames) {
      ASSERT_LE(frame.size(), protocol::kMaxOutputFrame);
      Json answer = Json::parse(frame, nullptr, false);
      ASSERT_FALSE(answer.is_discarded()) << "answer is not JSON for input #" << i;
      ASSERT_TRUE(answer.contains("id"));
      ASSERT_TRUE(answer["ok"].is_boolean());
      if (answer["ok"]) {
        ++ok;
      } else {
        ++errors;
        ASSERT_TRUE(kCodes.contains(answer["error"]["code"].get<std::string>())) << answer.dump();
        ASSERT_NE(answer["error"]["code"], "internal")
            << "a handler threw on input #" << i << ": " << answer.dump();
      }
    }
  }
  // The mutations must exercise both paths, or this test proves nothing.
  EXPECT_GT(ok, 2000u);
  EXPECT_GT(errors, 20000u);
}

TEST(Robustness, MutatedUrlsParseOrFailCleanly) {
  const char* const urls[] = {"https://user:pw@www.bbc.co.uk:8080/a/b?c=d#e",
                              "http://[2001:db8::1]/x",
                              "https://пример.рф/путь?q=ж",
                              "blob:https://a.github.io/uuid",
                              "data:text/html,<b>x</b>",
                              "https://xn--e1afmkfd.xn--p1ai./"};
  std::mt19937 rng(7);
  std::size_t parsed = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string input = mutate(urls[i % std::size(urls)], rng);
    auto result = url::parse(input);
    if (!result) continue;
    ++parsed;
    ASSERT_EQ(result->kind == url::HostKind::kNone, result->host.empty()) << input;
    ASSERT_LE(result->normalized.size(), url::kMaxUrlLength) << input;
    if (result->kind == url::HostKind::kDomain) {
      // The registrable domain is always a suffix of the host on a label boundary.
      const auto& h = result->host;
      const auto& rd = result->registrable_domain;
      ASSERT_TRUE(h == rd || (h.ends_with(rd) && h[h.size() - rd.size() - 1] == '.')) << input;
    }
  }
  EXPECT_GT(parsed, 5000u);
}

}  // namespace
}  // namespace sauatty
