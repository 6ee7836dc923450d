// The `requests` answers written without a DOM (protocol::RequestsWriter,
// app/messaging.cpp) against the reference path (the DOM handler and the
// session's encoder, which a table without the writer takes): the same
// frames byte for byte and the same counters, for every batch of the real
// request vectors over the embedded rules with EasyList and EasyPrivacy,
// and for messages written to sit on the fast path's edges (other key
// orders, extra and duplicate fields, escapes, non-ASCII, bad items, ids of
// every kind). The plain ones must take the fast path, so that the
// comparison compares something.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "app/messaging.h"
#include "protocol/session.h"

namespace sauatty {
namespace {

using protocol::Json;

struct Paths {
  std::vector<protocol::HandlerEntry> fast, reference;
  app::MessagingContext fast_context, reference_context;
  std::size_t fast_answers = 0;  // answers the writer gave
};

std::filesystem::path shared_data() {
  const char* root = std::getenv("SAUATTY_SHARED_DATA");
  return root ? root : "";
}

std::shared_ptr<const store::RuleSet> load(bool with_lists) {
  store::LoadOptions options;
  if (with_lists) {
    for (const char* name : {"easylist-2026-07.txt", "easyprivacy-2026-07.txt"}) {
      options.filter_files.push_back(shared_data() / "filters" / name);
    }
  }
  auto rules = store::load_rule_set(options);
  EXPECT_TRUE(rules) << (rules ? "" : rules.error());
  return rules ? *rules : nullptr;
}

void set_up(Paths& paths, std::shared_ptr<const store::RuleSet> rules) {
  paths.fast_context.rules = rules;
  paths.reference_context.rules = rules;
  paths.fast = app::make_handlers(paths.fast_context);
  paths.reference = app::make_handlers(paths.reference_context);
  for (auto& entry : paths.reference) entry.write_requests = nullptr;
  for (auto& entry : paths.fast) {
    if (!entry.write_requests) continue;
    entry.write_requests = [&paths, inner = entry.write_requests](
                               const protocol::RequestsMessage& m, std::string& out) {
      bool written = inner(m, out);
      if (written) ++paths.fast_answers;
      return written;
    };
  }
}

// Both ways; "" when they agree.
std::string compare(Paths& paths, const std::string& body) {
  auto fast = protocol::answer_frame(body, paths.fast, app::kMaxValuesPerMessage,
                                     paths.fast_context.session);
  auto reference = protocol::answer_frame(body, paths.reference, app::kMaxValuesPerMessage,
                                          paths.reference_context.session);
  if (fast != reference) {
    return "fast: " + (fast.empty() ? "" : fast[0].substr(0, 400)) +
           "\nreference: " + (reference.empty() ? "" : reference[0].substr(0, 400));
  }
  const auto& a = paths.fast_context;
  const auto& b = paths.reference_context;
  if (a.counters.requests_decided != b.counters.requests_decided ||
      a.session.frames_out != b.session.frames_out || a.session.errors != b.session.errors) {
    return "the counters differ";
  }
  return "";
}

std::vector<std::string> vector_batches() {
  std::ifstream in(shared_data() / "vectors" / "matching-test-requests.json");
  if (!in) return {};
  auto vectors = Json::parse(in);
  std::map<std::string, Json> by_page;
  for (const auto& v : vectors) {
    std::string page = v["sourceUrl"].get<std::string>();
    if (page.size() <= std::string("https://").size()) page = "https://news.example.kz/a/1";
    std::string type = v["type"].get<std::string>();
    if (type == "xhr" || type == "fetch") type = "xmlhttprequest";
    if (type == "subdocument") type = "sub_frame";
    by_page[page].push_back({{"url", v["url"]}, {"type", type}});
  }
  std::vector<std::string> batches;
  int id = 0;
  for (const auto& [page, items] : by_page) {
    for (std::size_t i = 0; i < items.size(); i += 50) {
      Json slice(items.begin() + static_cast<std::ptrdiff_t>(i),
                 items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), i + 50)));
      batches.push_back(Json{
          {"type", "requests"}, {"id", ++id}, {"tab", id % 7}, {"page", page}, {"requests", slice}}
                            .dump());
    }
  }
  return batches;
}

TEST(RequestsFastPath, AnswersEveryVectorBatchAsTheReferenceDoes) {
  auto batches = vector_batches();
  if (batches.empty()) GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors not found";
  for (bool with_lists : {false, true}) {
    auto rules = load(with_lists);
    ASSERT_TRUE(rules);
    Paths paths;
    set_up(paths, rules);
    for (std::size_t i = 0; i < batches.size(); ++i) {
      ASSERT_EQ(compare(paths, batches[i]), "") << "batch " << i << (with_lists ? " (lists)" : "");
    }
    // All but the batches seen on about:blank, which is no page to judge
    // requests on (both ways refuse them).
    EXPECT_EQ(paths.fast_answers, batches.size() - 2);
    EXPECT_EQ(paths.reference_context.session.errors, 2u);
    // The 85 requests on about:blank and the URLs that do not parse are
    // answered but not decided.
    EXPECT_GT(paths.fast_context.counters.requests_decided, 8000u);
  }
}

// Messages on the edges of the plain shape, and `true` where the fast path
// must answer them.
const std::pair<const char*, bool> kEdgeMessages[] = {
    {R"({"id":1,"type":"requests","tab":2,"page":"https://tengrinews.kz/","requests":[{"url":"https://mc.yandex.ru/watch/1","type":"image"}]})",
     true},
    {R"({"requests":[{"type":"image","url":"https://mc.yandex.ru/watch/1"}],"page":"https://tengrinews.kz/","tab":2,"type":"requests","id":1})",
     true},
    {R"({"id":"abc","type":"requests","tab":-5,"page":"http://a.kz","requests":[]})", true},
    {R"({"id":18446744073709551615,"type":"requests","tab":9223372036854775807,"page":"https://a.kz/","requests":[{"url":"https://b.kz/"}]})",
     true},
    {R"({"id":-9223372036854775808,"type":"requests","tab":0,"page":"https://a.kz/","requests":[{"url":"https://b.kz/","type":null}]})",
     true},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","extension":"0.1","meta":{"x":[1,{"url":2}]},"requests":[{"url":"https://b.kz/","frame":{"id":[0]},"type":"script","extra":null}]})",
     true},
    {R"({"id":1,"type":"requests","tab":1,"page":"https:\/\/a.kz\/","requests":[{"url":"https:\/\/www.google-analytics.com\/analytics.js","type":"scr\u0069pt"}]})",
     true},
    {R"({"id":"\u0000\"\\\/\b\f\n\r\t\u001f\u007f é ж","type":"requests","tab":1,"page":"https://a.kz/","requests":[]})",
     true},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://пример.рф/страница","requests":[{"url":"https://пример.рф/x?q=ж"},{"url":"https://xn--e1afmkfd.xn--p1ai/"},{"url":"wss://x.пример.рф:443/a","type":"websocket"},{"url":"blob:https://a.kz/1"},{"url":"data:image/png,xx"}]})",
     true},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[{"url":""},{"url":"not a url"},{"url":"https://"},{"url":"https://a b.kz/"},{"url":"https://[::1]:8080/x"},{"url":"http://127.0.0.1/"},{"url":"https://a.kz:99999/"}]})",
     true},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[{"url":"https://b.kz/","type":"no-such-type"},{"url":"  https://B.KZ./P  ","type":""}]})",
     true},
    // Not plain: the DOM way answers (the same errors as before).
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[{"url":"https://b.kz/"},7]})",
     false},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[{"type":"image"}]})",
     false},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[{"url":5}]})", false},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[{"url":null}]})",
     false},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[{"url":"https://b.kz/","type":3}]})",
     false},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[{"url":"https://b.kz/","url":"https://c.kz/"}]})",
     false},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","page":"https://c.kz/","requests":[]})",
     false},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":{}})", false},
    {R"({"id":1,"type":"requests","tab":1.5,"page":"https://a.kz/","requests":[]})", false},
    {R"({"id":1,"type":"requests","tab":9223372036854775808,"page":"https://a.kz/","requests":[]})",
     false},
    {R"({"id":1,"type":"requests","page":"https://a.kz/","requests":[]})", false},
    {R"({"id":1,"type":"requests","tab":1,"requests":[]})", false},
    {R"({"id":1,"type":"requests","tab":1,"page":null,"requests":[]})", false},
    {R"({"id":1,"type":"requests","tab":1,"page":"ftp://a.kz/","requests":[]})", false},
    {R"({"id":1,"type":"requests","tab":1,"page":"not a url","requests":[]})", false},
    {R"({"id":1.0,"type":"requests","tab":1,"page":"https://a.kz/","requests":[]})", false},
    {R"({"id":null,"type":"requests","tab":1,"page":"https://a.kz/","requests":[]})", false},
    {R"({"type":"requests","tab":1,"page":"https://a.kz/","requests":[]})", false},
    {R"({"id":1,"type":"Requests","tab":1,"page":"https://a.kz/","requests":[]})", false},
    {R"({"id":1,"tab":1,"page":"https://a.kz/","requests":[]})", false},
    {R"([{"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[]}])", false},
    {R"({"id":1,"type":"hello"})", false},
    {R"({"id":1,"type":"requests","tab":1,"page":"https://a.kz/","requests":[]} x)", false},
    {"{\"id\":1,\"type\":\"requests\",\"tab\":1,\"page\":\"https://a.kz/\xFF\",\"requests\":[]}",
     false},
};

TEST(RequestsFastPath, AnswersEdgeMessagesAsTheReferenceDoes) {
  auto rules = load(false);
  ASSERT_TRUE(rules);
  Paths paths;
  set_up(paths, rules);
  for (const auto& [body, plain] : kEdgeMessages) {
    std::size_t before = paths.fast_answers;
    EXPECT_EQ(compare(paths, body), "") << body;
    EXPECT_EQ(paths.fast_answers - before, plain ? 1u : 0u) << body;
  }
  // A string id at the bound, and one byte over it (too_long, the DOM way).
  for (std::size_t size : {protocol::kMaxIdBytes, protocol::kMaxIdBytes + 1}) {
    std::string body = R"({"id":")" + std::string(size, 'i') +
                       R"(","type":"requests","tab":1,"page":"https://a.kz/","requests":[]})";
    std::size_t before = paths.fast_answers;
    EXPECT_EQ(compare(paths, body), "");
    EXPECT_EQ(paths.fast_answers - before, size <= protocol::kMaxIdBytes ? 1u : 0u);
  }
  // The most requests a batch may hold, and one more (too_many).
  for (std::size_t n : {app::kMaxRequestsPerBatch, app::kMaxRequestsPerBatch + 1}) {
    Json items = Json::array();
    for (std::size_t i = 0; i < n; ++i) {
      items.push_back(
          {{"url", "https://t" + std::to_string(i % 40) + ".example/p"}, {"type", "image"}});
    }
    std::string body = Json{
        {"id", 1},
        {"type", "requests"},
        {"tab", 1},
        {"page", "https://a.kz/"},
        {"requests",
         items}}.dump();
    std::size_t before = paths.fast_answers;
    EXPECT_EQ(compare(paths, body), "");
    EXPECT_EQ(paths.fast_answers - before, n <= app::kMaxRequestsPerBatch ? 1u : 0u);
  }
}

}  // namespace
}  // namespace sauatty
