// The real sauatty-host, started as a browser starts it, over pipes.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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
                      {{"url", "https://cdn.example.org/x.png"}, {"type", "image"}},
                      {{"url", nullptr}, {"type", "image"}}}}}));
  json reply = next(host);
  ASSERT_EQ(reply["ok"], true);
  EXPECT_EQ(reply["tab"], 4);
  ASSERT_EQ(reply["results"].size(), 4u);
  EXPECT_EQ(reply["results"][0]["third_party"], false);
  EXPECT_EQ(reply["results"][0]["registrable_domain"], "bbc.co.uk");
  EXPECT_EQ(reply["results"][1]["error"]["code"], "invalid_url");
  EXPECT_EQ(reply["results"][2]["third_party"], true);
  // A null URL said "the URL is empty"; it is the wrong type, and named.
  EXPECT_EQ(reply["results"][3]["error"]["code"], "wrong_type");
  EXPECT_EQ(reply["results"][3]["error"]["message"], "field 'url' must be a string");
  // The tab's totals are the extension's (lib/tabstate.js, across batches):
  // the answer carries no per-batch summary.
  EXPECT_FALSE(reply.contains("summary"));
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

// The real host's `page` answer gives a rated source's citation in other
// languages (docs/PROTOCOL.md): TASS's Russian article beside the English one.
TEST(NativeMessaging, PageAnswerGivesTheCitationInOtherLanguages) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(frame({{"id", 4}, {"type", "page"}, {"tab", 2}, {"url", "https://tass.ru/x"}}));
  json reply = next(host);
  ASSERT_EQ(reply["ok"], true);
  const json& source = reply["credibility"]["source"];
  EXPECT_EQ(source["citation"], "https://en.wikipedia.org/wiki/TASS");
  EXPECT_EQ(source["citations"],
            json({{"ru", "https://ru.wikipedia.org/wiki/%D0%A2%D0%90%D0%A1%D0%A1"}}));
  EXPECT_EQ(host.wait(), 0);
}

// Edge cases an outside review found (each answered wrongly before): the
// answer's code and id, and the host goes on. One host a case, so that one
// case cannot hide another.
TEST(NativeMessaging, ProtocolEdgeCases) {
  const std::string page = R"("type":"page","url":"https://a.kz/")";
  const struct {
    const char* name;
    std::string body;
    std::string code;
    json id;
  } cases[] = {
      // Echoing the id made the answer too large to send: exit 3.
      {"IdOneMiB", R"({"type":"hello","id":")" + std::string(1 << 20, 'i') + "\"}", "too_long",
       nullptr},
      // nlohmann's lexer stopped at the NUL: the frame passed as a hello.
      {"NulThenGarbage", std::string(R"({"id":4,"type":"hello"})") + std::string("\0zz{", 4),
       "invalid_json", nullptr},
      // Came back as tab -2^63.
      {"TabTwoTo63", R"({"id":5,"tab":9223372036854775808,)" + page + "}", "wrong_type", 5},
      {"TabTwoTo64", R"({"id":6,"tab":18446744073709551615,)" + page + "}", "wrong_type", 6},
      // Said "the URL is empty".
      {"UrlNull", R"({"id":7,"tab":1,"type":"page","url":null})", "wrong_type", 7},
      {"PageNull", R"({"id":8,"tab":1,"type":"requests","page":null,"requests":[]})", "wrong_type",
       8},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Subprocess host({testing::host_binary(), kChromeOrigin});
    host.write(protocol::encode_frame(c.body));
    json reply = next(host);
    EXPECT_EQ(reply["ok"], false);
    EXPECT_EQ(reply["error"]["code"], c.code) << reply.dump().substr(0, 200);
    EXPECT_EQ(reply["id"], c.id);
    host.write(frame({{"id", 10}, {"type", "hello"}}));
    EXPECT_EQ(next(host)["ok"], true);
    EXPECT_EQ(host.wait(), 0);
    EXPECT_EQ(host.stderr_text(), "");
  }
}

// A browser that closed its end of the pipe: the host said nothing and died
// of SIGPIPE. Now one line on stderr (no URL) and exit code 3.
TEST(NativeMessaging, ClosedStdoutExitsWithCode3AndOneLine) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.close_stdout();
  host.write(frame({{"id", 1}, {"type", "page"}, {"tab", 1}, {"url", "https://private.example/"}}));
  EXPECT_EQ(host.wait(), 3);
  EXPECT_EQ(host.stderr_text(),
            "sauatty-host: could not write to the browser: it closed the pipe; closing the "
            "session\n");
}

// One field of /proc/<pid>/status or /proc/<pid>/limits: the text after
// `name` on its line, or "" if there is none.
std::string proc_field(pid_t pid, const char* file, std::string_view name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + file);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(name)) return line.substr(name.size());
  }
  return "";
}

long proc_kib(pid_t pid, std::string_view name) {
  return std::atol(proc_field(pid, "status", name).c_str());
}

// Core dumps could hold visited URLs: the native-messaging host turns them
// off (RLIMIT_CORE 0; PR_SET_DUMPABLE 0, which makes root own /proc/<pid>).
TEST(NativeMessaging, CoreDumpsAreOff) {
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(frame({{"id", 1}, {"type", "hello"}}));
  ASSERT_EQ(next(host)["ok"], true);
  std::istringstream limits(proc_field(host.pid(), "limits", "Max core file size"));
  std::string soft, hard;
  limits >> soft >> hard;
  EXPECT_EQ(soft, "0");
  EXPECT_EQ(hard, "0");
  struct stat info {};
  ASSERT_EQ(stat(("/proc/" + std::to_string(host.pid())).c_str(), &info), 0);
  if (getuid() != 0) {
    EXPECT_EQ(info.st_uid, 0u) << "the host is still dumpable";
  }
  EXPECT_EQ(host.wait(), 0);
}

// An 8 MiB frame body: `prefix`, then `item` repeated, then `suffix`.
std::string fill_frame(const std::string& prefix, const std::string& item,
                       const std::string& suffix) {
  std::string body = prefix;
  while (body.size() + item.size() + suffix.size() <= protocol::kDefaultMaxInputFrame) {
    body += item;
  }
  return protocol::encode_frame(body + suffix);
}

// `item` (which ends in a comma) `n` times, without the last comma.
std::string repeat(const std::string& item, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += item;
  out.pop_back();
  return out;
}

// One 8 MiB `requests` frame of `[{},{},…]` peaked at 285 MB as a DOM, mixed
// large frames at 330 MB, and 238 MB stayed resident. The whole host must
// peak at 64 MiB or less after every frame, be back to its idle size after
// them, and go on answering.
TEST(NativeMessaging, LargeFramesStayUnder64MiB) {
  if (const char* sanitized = std::getenv("SAUATTY_SANITIZED"); sanitized && *sanitized == '1') {
    GTEST_SKIP() << "a sanitizer build: ASan's shadow memory and quarantine count in the RSS";
  }
  const std::string requests = R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/",)"
                               R"("requests":[)";
  const std::string links = R"({"id":1,"type":"links","page":"https://a.kz/","links":[)";
  const std::string tracker = R"({"url":"https://www.google-analytics.com/g/collect?)" +
                              std::string(4000, 'v') + R"(","type":"script"},)";
  const std::string long_link = "\"https://w" + std::string(1650, 'q') + ".kz/\",";
  const struct {
    const char* name;
    std::string frame;
    const char* code;  // null: answered ok
  } cases[] = {
      {"EmptyObjects", fill_frame(requests, "{},", "{}]}"), "too_many"},
      {"EmptyArrays", fill_frame(requests, "[],", "[]]}"), "too_many"},
      {"Numbers", fill_frame(requests, "1,", "1]}"), "too_many"},
      {"EmptyStrings", fill_frame(links, R"("",)", R"(""]})"), "too_many"},
      {"ShortLinks", fill_frame(links, R"("https://b.kz/",)", R"(""]})"), "too_many"},
      {"ObjectMembers", fill_frame(R"({"id":1,"type":"hello","m":{)", R"("k":1,)", R"("z":1}})"),
       "too_many"},
      {"OneString", fill_frame(R"({"id":1,"type":"hello","s":")", "x", R"("})"), "too_long"},
      {"OneStringBadEnd", fill_frame(R"({"id":1,"type":"hello","s":")", "x", "\xFF\"}"),
       "too_long"},
      {"OneNumber", fill_frame(R"({"id":1,"type":"hello","n":)", "1", "}"), "too_long"},
      {"OneId", fill_frame(R"({"type":"hello","id":")", "i", R"("})"), "too_long"},
      {"DeepThenWide",
       fill_frame(R"({"id":1,"type":"hello","d":)" + std::string(63, '['), "0,",
                  "0" + std::string(63, ']') + "}"),
       "too_many"},
      {"TrackerBatch", protocol::encode_frame(requests + repeat(tracker, 2000) + "]}"), nullptr},
      {"LongLinks", protocol::encode_frame(links + repeat(long_link, 5000) + "]}"), nullptr},
  };
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(frame({{"id", 1}, {"type", "hello"}}));
  ASSERT_EQ(next(host)["ok"], true);
  // A page that needs everything the preload after `hello` builds
  // (app/first_use.h: the rating index and look-alike detector, for the
  // Cyrillic "е" of the host too, the title check): its answer waits for
  // what is still missing, so
  // the baseline below holds them and the frames alone are measured.
  host.write(frame(
      {{"id", 3},
       {"type", "page"},
       {"tab", 1},
       {"url", "https://\xd0\xb5gov.kz/"},
       {"meta",
        {{"title", "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8"}, {"lang", "ru"}}}}));
  ASSERT_EQ(next(host)["ok"], true);
  const long idle_before = proc_kib(host.pid(), "VmRSS:");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    host.write(c.frame);
    json reply = next(host);
    while (reply.is_object() && reply.value("more", false)) reply = next(host);
    if (c.code == nullptr) {
      EXPECT_EQ(reply["ok"], true) << reply.dump().substr(0, 200);
    } else {
      EXPECT_EQ(reply["error"]["code"], std::string(c.code)) << reply.dump().substr(0, 200);
    }
    EXPECT_LE(proc_kib(host.pid(), "VmHWM:"), 64 * 1024) << "peak resident KiB";
  }
  host.write(frame({{"id", 2}, {"type", "stats"}}));
  json stats = next(host);
  EXPECT_EQ(stats["ok"], true);
  EXPECT_EQ(stats["frames_in"], std::size(cases) + 3);
  // Without giving memory back (malloc_trim) the idle host kept ~11 MB more.
  EXPECT_LE(proc_kib(host.pid(), "VmRSS:"), idle_before + 4 * 1024) << "resident KiB when idle";
  EXPECT_EQ(host.wait(), 0);
}

// A URL short as sent but over 8,192 bytes once percent-encoded (url.h;
// fuzz_url found it) is url_too_long wherever it comes: as the page, in a
// requests slot (answered in its place, the rest of the batch decided), or
// among links (left unflagged, the others judged).
TEST(NativeMessaging, AUrlOverTheBoundOncePercentEncodedIsTooLong) {
  // 4,222 bytes as sent, 9,822 once "ж" is %D0%B6.
  const std::string long_once_encoded = "https://abcnews.com.co/" + repeat("ж,", 1400);
  ASSERT_LT(long_once_encoded.size(), 8192u);
  Subprocess host({testing::host_binary(), kChromeOrigin});
  host.write(frame({{"id", 1}, {"type", "page"}, {"tab", 1}, {"url", long_once_encoded}}));
  json page = next(host);
  EXPECT_EQ(page["id"], 1);
  EXPECT_EQ(page["ok"], false);
  EXPECT_EQ(page["error"]["code"], "url_too_long");
  host.write(frame({{"id", 2},
                    {"type", "requests"},
                    {"tab", 1},
                    {"page", "https://a.kz/"},
                    {"requests",
                     {{{"url", long_once_encoded}, {"type", "image"}},
                      {{"url", "https://b.kz/x.js"}, {"type", "script"}}}}}));
  json batch = next(host);
  ASSERT_EQ(batch["ok"], true);
  ASSERT_EQ(batch["results"].size(), 2u);
  EXPECT_EQ(batch["results"][0]["error"]["code"], "url_too_long");
  EXPECT_EQ(batch["results"][1]["registrable_domain"], "b.kz");
  host.write(frame({{"id", 3},
                    {"type", "links"},
                    {"page", "https://a.kz/"},
                    {"links", {long_once_encoded, "https://abcnews.com.co/a"}}}));
  json links = next(host);
  ASSERT_EQ(links["ok"], true);
  ASSERT_EQ(links["flagged"].size(), 1u);
  EXPECT_EQ(links["flagged"][0]["index"], 1);
  EXPECT_EQ(host.wait(), 0);
  EXPECT_EQ(host.stderr_text(), "");
}

}  // namespace
}  // namespace sauatty
