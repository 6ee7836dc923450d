#include "whole_path/stages.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "annotate/credibility.h"
#include "annotate/privacy.h"
#include "app/messaging.h"
#include "lists/request_digest.h"
#include "protocol/message.h"
#include "protocol/session.h"
#include "url/url.h"

// The same program measures the binary before and after the path without a
// DOM (built from either tree): each stage as the tree it is built from
// does it.
#if __has_include("protocol/requests_message.h")
#define SAUATTY_WHOLE_PATH_NO_DOM 1
#include "annotate/privacy_json.h"
#include "protocol/json_writer.h"
#include "protocol/requests_message.h"
#endif

namespace sauatty::bench {
namespace {

using protocol::Json;

// Keeps results alive so that the compiler cannot drop the work.
volatile std::size_t g_sink = 0;

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "whole-path: %s\n", what);
  std::exit(3);
}

// This thread's CPU time in ns: the machine is shared, and time spent
// waiting for a core is not the stage's.
double thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

// Median over `rounds` runs of `pass` (after one warm-up run), in thread
// CPU ns per item.
double median_ns(int rounds, std::size_t items, const std::function<void()>& pass) {
  pass();
  std::vector<double> per_round;
  for (int r = 0; r < rounds; ++r) {
    double start = thread_cpu_ns();
    pass();
    per_round.push_back((thread_cpu_ns() - start) / static_cast<double>(items));
  }
  std::sort(per_round.begin(), per_round.end());
  return per_round[per_round.size() / 2];
}

struct Item {
  std::string url;
  std::string type;
};

struct Batch {
  std::string page;
  std::vector<Item> items;
};

Batch read_batch(const std::string& body) {
  Json message = Json::parse(body);
  Batch batch;
  batch.page = message["page"].get<std::string>();
  for (const Json& item : message["requests"]) {
    batch.items.push_back({item["url"].get<std::string>(), item.value("type", "")});
  }
  return batch;
}

}  // namespace

std::vector<StageFigure> run_stages(const store::RuleSet& rules,
                                    const std::vector<std::string>& batches, std::size_t requests,
                                    int rounds) {
  std::vector<StageFigure> out;
  std::vector<Batch> parsed_batches;
  for (const auto& body : batches) parsed_batches.push_back(read_batch(body));

  // The whole answer, as the session makes it (frames included).
  app::MessagingContext context;
  context.rules = std::shared_ptr<const store::RuleSet>(&rules, [](const store::RuleSet*) {});
  auto handlers = app::make_handlers(context);
  out.push_back({"whole answer (answer_frame)", median_ns(rounds, requests, [&] {
                   for (const auto& body : batches) {
                     auto frames = protocol::answer_frame(body, handlers, app::kMaxValuesPerMessage,
                                                          context.session);
                     if (frames.size() != 1) die("a batch's answer was split");
                     g_sink = g_sink + frames[0].size();
                   }
                 })});

  // Decode: frame body to the fields the handler reads.
#ifdef SAUATTY_WHOLE_PATH_NO_DOM
  protocol::RequestsMessage message;
  out.push_back({"decode (SAX into the request)", median_ns(rounds, requests, [&] {
                   for (const auto& body : batches) {
                     auto plain = protocol::scan_message(body, app::kMaxValuesPerMessage, message);
                     if (!plain || !*plain) die("a batch did not decode as a plain one");
                     std::size_t n = message.page().size();
                     for (std::size_t i = 0; i < message.size(); ++i) {
                       n += message.item(i).url.size() + message.item(i).type.size();
                     }
                     g_sink = g_sink + n;
                   }
                 })});
#else
  out.push_back({"decode (scan, DOM, fields)", median_ns(rounds, requests, [&] {
                   for (const auto& body : batches) {
                     auto request = protocol::decode_request(body, app::kMaxValuesPerMessage);
                     if (!request) die("a batch did not decode");
                     auto items =
                         protocol::array_field(*request, "requests", app::kMaxRequestsPerBatch);
                     std::size_t n = 0;
                     for (const Json& item : **items) {
                       n += protocol::string_field(item, "url")->size() +
                            protocol::optional_string_field(item, "type")->size();
                     }
                     g_sink = g_sink + n + protocol::string_field(*request, "page")->size();
                   }
                 })});
#endif

  // URL: the page and every request URL parsed.
  std::vector<url::Url> pages;
  std::vector<std::vector<url::Url>> urls;      // the URLs that parse, as the handler
  std::vector<std::vector<std::string>> types;  // judges only those
  for (const auto& batch : parsed_batches) {
    auto page = url::parse(batch.page);
    if (!page) die("a batch's page did not parse");
    pages.push_back(*page);
    urls.emplace_back();
    types.emplace_back();
    for (const auto& item : batch.items) {
      if (auto u = url::parse(item.url)) {
        urls.back().push_back(*u);
        types.back().push_back(item.type);
      }
    }
  }
  out.push_back({"URL", median_ns(rounds, requests, [&] {
                   for (const auto& batch : parsed_batches) {
                     auto page = url::parse(batch.page);
                     std::size_t n = page->normalized.size();
#ifdef SAUATTY_WHOLE_PATH_NO_DOM
                     url::Url request_url;  // as the handler: one Url parsed into again
                     for (const auto& item : batch.items) {
                       if (url::parse_into(item.url, request_url)) n += request_url.host.size();
                     }
#else
                     for (const auto& item : batch.items) {
                       if (auto u = url::parse(item.url)) n += u->host.size();
                     }
#endif
                     g_sink = g_sink + n;
                   }
                 })});

  // Engine: digest the parsed request, decide.
  std::vector<std::vector<engine::Decision>> decisions(parsed_batches.size());
  out.push_back({"engine (digest + match)", median_ns(rounds, requests, [&] {
                   lists::DigestedRequest digested;
                   for (std::size_t b = 0; b < parsed_batches.size(); ++b) {
                     decisions[b].clear();
                     for (std::size_t i = 0; i < urls[b].size(); ++i) {
                       lists::digest_request(urls[b][i], pages[b], types[b][i], digested);
                       decisions[b].push_back(rules.trackers->engine.match(digested.view()));
                     }
                   }
                 })});

  // Attribution: third party, the matched rule's owner, the tab summary.
  std::vector<std::vector<annotate::RequestVerdict>> verdicts(parsed_batches.size());
  std::vector<annotate::TabSummary> summaries(parsed_batches.size());
  out.push_back({"attribution (party, owner, summary)", median_ns(rounds, requests, [&] {
                   for (std::size_t b = 0; b < parsed_batches.size(); ++b) {
                     verdicts[b].clear();
                     annotate::TabSummary summary;
                     for (std::size_t i = 0; i < urls[b].size(); ++i) {
                       verdicts[b].push_back(
                           annotate::verdict_for(rules, urls[b][i], pages[b], decisions[b][i]));
                       summary.add(verdicts[b].back());
                     }
                     summaries[b] = std::move(summary);
                   }
                 })});

  // Encode: verdicts to the answer's frame.
#ifdef SAUATTY_WHOLE_PATH_NO_DOM
  std::string text;
  out.push_back(
      {"encode (one buffer)", median_ns(rounds, requests, [&] {
         for (std::size_t b = 0; b < parsed_batches.size(); ++b) {
           text.clear();
           protocol::JsonWriter writer(text);
           writer.raw("{\"id\":");
           writer.integer(static_cast<std::int64_t>(b));
           writer.raw(",\"ok\":true,\"part\":\"results\",\"results\":[");
           for (std::size_t i = 0; i < verdicts[b].size(); ++i) {
             if (i > 0) writer.raw(",");
             annotate::write_json(verdicts[b][i], writer);
           }
           writer.raw("],\"summary\":");
           writer.raw(summaries[b].to_json().dump(-1, ' ', false, Json::error_handler_t::replace));
           writer.raw(",\"tab\":1,\"type\":\"requests\"}");
           g_sink = g_sink + text.size();
         }
       })});
#else
  out.push_back(
      {"encode (DOM, dump)", median_ns(rounds, requests, [&] {
         for (std::size_t b = 0; b < parsed_batches.size(); ++b) {
           Json results = Json::array();
           for (const auto& v : verdicts[b]) results.push_back(annotate::to_json(v));
           Json answer = protocol::ok_response(Json(static_cast<std::int64_t>(b)), "requests",
                                               Json{{"tab", 1},
                                                    {"part", "results"},
                                                    {"results", std::move(results)},
                                                    {"summary", summaries[b].to_json()}});
           g_sink =
               g_sink + protocol::encode_answer(answer, protocol::kMaxOutputFrame).front().size();
         }
       })});
#endif

  // Credibility: what a `page` message adds, per page.
  out.push_back({"credibility (per page message)", median_ns(rounds, pages.size(), [&] {
                   for (const auto& page : pages) {
                     credibility::PageMeta meta;
                     meta.title = "City council meets today";
                     meta.lang = "en";
                     g_sink =
                         g_sink + annotate::judge_page(rules.credibility.get(), page, &meta).size();
                   }
                 })});
  return out;
}

}  // namespace sauatty::bench
