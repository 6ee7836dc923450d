// The real sauatty-host, started as a browser starts it, over pipes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "protocol/frame.h"
#include "support/subprocess.h"

namespace sauatty {
namespace {

using nlohmann::json;
using testing::Subprocess;

const std::string kChromeOrigin = "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/";

std::string frame(const json& message) { return protocol::encode_frame(message.dump()); }

json next(Subprocess& host) {
  auto body = host.read_frame();
  if (!body) return json();
  return json::parse(*body);
}

TEST(NativeMessaging, HelloHandshakeFromChrome) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(frame({{"id", 1}, {"type", "hello"}, {"extension", "0.1.0"}, {"protocol", 1}}));
  json reply = next(host);
  EXPECT_EQ(reply["id"], 1);
  EXPECT_EQ(reply["ok"], true);
  EXPECT_EQ(reply["type"], "hello");
  EXPECT_EQ(reply["host"], "sauatty-host");
  EXPECT_EQ(reply["protocol"], 1);
  EXPECT_TRUE(reply["version"].is_string());
  EXPECT_EQ(host.wait(), 0);
}

TEST(NativeMessaging, FirefoxLaunchFormIsAccepted) {
  Subprocess host({testing::host_binary(), "/usr/lib/mozilla/native-messaging-hosts/sauatty.json",
                   "sauatty@sauatty.kz"});
  host.write(frame({{"id", "f"}, {"type", "hello"}}));
  EXPECT_EQ(next(host)["id"], "f");
  EXPECT_EQ(host.wait(), 0);
}

TEST(NativeMessaging, BadMessageThenGoodMessage) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(protocol::encode_frame("{\"id\": 1, \"type\": "));
  json bad = next(host);
  EXPECT_EQ(bad["ok"], false);
  EXPECT_EQ(bad["error"]["code"], "invalid_json");
  host.write(frame({{"id", 2}, {"type", "stats"}}));
  json good = next(host);
  EXPECT_EQ(good["ok"], true);
  EXPECT_EQ(good["frames_in"], 2);
  EXPECT_EQ(good["errors"], 1);
  EXPECT_EQ(host.wait(), 0);
}

struct BadRequestCase {
  const char* name;
  json request;
  const char* code;
};

TEST(NativeMessaging, RecoverableErrorsEchoTheId) {
  const BadRequestCase cases[] = {
      {"UnknownType", {{"id", 1}, {"type", "teleport"}}, "unknown_type"},
      {"MissingUrl", {{"id", 2}, {"type", "page"}, {"tab", 1}}, "missing_field"},
      {"TabWrongType",
       {{"id", 3}, {"type", "page"}, {"tab", "one"}, {"url", "https://a.kz/"}},
       "wrong_type"},
      {"UnparseableUrl",
       {{"id", 4}, {"type", "page"}, {"tab", 1}, {"url", "http://a..b/"}},
       "invalid_url"},
      {"NotHttp",
       {{"id", 5}, {"type", "page"}, {"tab", 1}, {"url", "file:///etc/passwd"}},
       "invalid_url"},
      {"UrlTooLong",
       {{"id", 6}, {"type", "page"}, {"tab", 1}, {"url", "https://a.kz/" + std::string(9000, 'x')}},
       "url_too_long"},
      {"MetaWrongType",
       {{"id", 7},
        {"type", "page"},
        {"tab", 1},
        {"url", "https://a.kz/"},
        {"meta", {{"title", 5}}}},
       "wrong_type"},
      {"RequestsNotArray",
       {{"id", 8}, {"type", "requests"}, {"tab", 1}, {"page", "https://a.kz/"}, {"requests", "x"}},
       "wrong_type"},
      {"TooManyRequests",
       {{"id", 9},
        {"type", "requests"},
        {"tab", 1},
        {"page", "https://a.kz/"},
        {"requests", json::array()}},
       "too_many"},
  };
  Subprocess host({testing::host_binary(), kChromeOrigin});
  for (auto c : cases) {
    SCOPED_TRACE(c.name);
    if (std::string(c.name) == "TooManyRequests") {
      for (int i = 0; i < 2001; ++i)
        c.request["requests"].push_back({{"url", "https://b.kz/"}, {"type", "image"}});
    }
    host.write(frame(c.request));
    json reply = next(host);
    EXPECT_EQ(reply["ok"], false);
    EXPECT_EQ(reply["id"], c.request["id"]);
    EXPECT_EQ(reply["error"]["code"], c.code);
  }
  EXPECT_EQ(host.wait(), 0);
  // Nothing the browser sent, and no URL, reaches stderr.
  EXPECT_EQ(host.stderr_text(), "");
}

TEST(NativeMessaging, DeepNestingIsAnErrorNotACrash) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(protocol::encode_frame(std::string(200000, '[') + std::string(200000, ']')));
  EXPECT_EQ(next(host)["error"]["code"], "too_deep");
  host.write(frame({{"id", 2}, {"type", "hello"}}));
  EXPECT_EQ(next(host)["ok"], true);
  EXPECT_EQ(host.wait(), 0);
}

TEST(NativeMessaging, InvalidUtf8IsAnErrorNotACrash) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(protocol::encode_frame("{\"id\":1,\"type\":\"hello\",\"x\":\"\xFF\"}"));
  EXPECT_EQ(next(host)["error"]["code"], "invalid_utf8");
  EXPECT_EQ(host.wait(), 0);
}

TEST(NativeMessaging, LengthOverLimitExitsWithCode2WithoutAllocating) {
  Subprocess host({testing::host_binary(), kChromeOrigin, "--max-frame", "1024"});
  std::uint32_t claimed = 0xFFFFFFFFu;
  host.write(std::string(reinterpret_cast<const char*>(&claimed), 4));
  EXPECT_EQ(host.wait(), 2);
  EXPECT_NE(host.stderr_text().find("over the input limit"), std::string::npos);
  EXPECT_EQ(std::count(host.stderr_text().begin(), host.stderr_text().end(), '\n'), 1);
  EXPECT_EQ(host.stdout_rest(), "");
}

TEST(NativeMessaging, TruncatedFrameExitsWithCode2AndNoUrlOnStderr) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  std::string bytes =
      frame({{"id", 1}, {"type", "page"}, {"tab", 1}, {"url", "https://private-visit.example/"}});
  host.write(bytes.substr(0, bytes.size() - 10));
  EXPECT_EQ(host.wait(), 2);
  EXPECT_EQ(host.stderr_text().find("private-visit"), std::string::npos);
}

TEST(NativeMessaging, RequestsBatchAnswersEachSlotInOrder) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(frame({{"id", 7},
                    {"type", "requests"},
                    {"tab", 4},
                    {"page", "https://www.bbc.co.uk/news"},
                    {"requests",
                     {{{"url", "https://static.bbc.co.uk/app.js"}, {"type", "script"}},
                      {{"url", "not a url"}, {"type", "image"}},
                      {{"url", "https://cdn.example.org/x.png"}, {"type", "image"}}}}}));
  json reply = next(host);
  ASSERT_EQ(reply["ok"], true);
  EXPECT_EQ(reply["tab"], 4);
  ASSERT_EQ(reply["results"].size(), 3u);
  EXPECT_EQ(reply["results"][0]["third_party"], false);
  EXPECT_EQ(reply["results"][0]["registrable_domain"], "bbc.co.uk");
  EXPECT_EQ(reply["results"][1]["error"]["code"], "invalid_url");
  EXPECT_EQ(reply["results"][2]["third_party"], true);
  EXPECT_EQ(reply["summary"]["requests"], 2);
  EXPECT_EQ(reply["summary"]["third_party"], 1);
  EXPECT_EQ(host.wait(), 0);
}

TEST(NativeMessaging, PageAnswerNamesTheRegistrableDomain) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(frame({{"id", 3},
                    {"type", "page"},
                    {"tab", 9},
                    {"url", "https://Alice.GitHub.io/post"},
                    {"meta", {{"title", "Hello"}, {"lang", "kk"}}}}));
  json reply = next(host);
  ASSERT_EQ(reply["ok"], true);
  EXPECT_EQ(reply["tab"], 9);
  EXPECT_EQ(reply["registrable_domain"], "alice.github.io");
  EXPECT_TRUE(reply["credibility"]["level"].is_string());
  EXPECT_EQ(host.wait(), 0);
}

}  // namespace
}  // namespace sauatty
