#include "whole_path/stages.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "annotate/credibility.h"
#include "annotate/privacy.h"
#include "annotate/privacy_json.h"
#include "app/messaging.h"
#include "lists/request_digest.h"
#include "protocol/json_writer.h"
#include "protocol/message.h"
#include "protocol/requests_message.h"
#include "protocol/session.h"
#include "url/url.h"
#include "whole_path/alloc_count.h"

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
// CPU ns per item, and the heap allocations of the last run per item (the
// steady state: the warm-up and earlier runs have grown every kept buffer).
StageFigure median_ns(int rounds, std::size_t items, const std::function<void()>& pass) {
  pass();
  std::vector<double> per_round;
  std::uint64_t allocations = 0;
  for (int r = 0; r < rounds; ++r) {
    double start = thread_cpu_ns();
    std::uint64_t allocations_before = bench::allocations();
    pass();
    allocations = bench::allocations() - allocations_before;
    per_round.push_back((thread_cpu_ns() - start) / static_cast<double>(items));
  }
  std::sort(per_round.begin(), per_round.end());
  return {"", per_round[per_round.size() / 2],
          static_cast<double>(allocations) / static_cast<double>(items)};
}

struct Item {
  std::string url;
  std::string type;
};

struct Batch {
  std::string page;
  std::vector<Item> items;
};

StageFigure named(std::string name, StageFigure figure) {
  figure.name = std::move(name);
  return figure;
}

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

  // The whole answer, as the session makes it (frames included, its
  // buffers kept from one message to the next).
  app::MessagingContext context;
  context.rules = std::shared_ptr<const store::RuleSet>(&rules, [](const store::RuleSet*) {});
  auto handlers = app::make_handlers(context);
  protocol::AnswerBuffers buffers;
  out.push_back(named("whole answer (answer_frame)", median_ns(rounds, requests, [&] {
                        for (const auto& body : batches) {
                          protocol::answer_frame(body, handlers, app::kMaxValuesPerMessage,
                                                 context.session, buffers);
                          if (buffers.frames.size() != 1) die("a batch's answer was split");
                          g_sink = g_sink + buffers.frames[0].size();
                        }
                      })));

  // Decode: frame body to the fields the handler reads.
  protocol::RequestsMessage message;
  out.push_back(named("decode (lexer into the request)", median_ns(rounds, requests, [&] {
                        for (const auto& body : batches) {
                          auto plain =
                              protocol::scan_message(body, app::kMaxValuesPerMessage, message);
                          if (!plain || !*plain) die("a batch did not decode as a plain one");
                          std::size_t n = message.page().size();
                          for (std::size_t i = 0; i < message.size(); ++i) {
                            n += message.item(i).url.size() + message.item(i).type.size();
                          }
                          g_sink = g_sink + n;
                        }
                      })));

  // URL: the page and every request URL parsed, each into one kept Url as
  // the handler does.
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
  url::Url page_url, request_url;
  out.push_back(named("URL", median_ns(rounds, requests, [&] {
                        for (const auto& batch : parsed_batches) {
                          std::size_t n = url::parse_into(batch.page, page_url) ? 1 : 0;
                          for (const auto& item : batch.items) {
                            if (url::parse_into(item.url, request_url))
                              n += request_url.host.size();
                          }
                          g_sink = g_sink + n;
                        }
                      })));

  // Engine: digest the parsed request (into one kept DigestedRequest, as
  // annotate::RequestJudge does), decide.
  std::vector<std::vector<engine::Decision>> decisions(parsed_batches.size());
  lists::DigestedRequest digested;
  out.push_back(named("engine (digest + match)", median_ns(rounds, requests, [&] {
                        for (std::size_t b = 0; b < parsed_batches.size(); ++b) {
                          decisions[b].clear();
                          for (std::size_t i = 0; i < urls[b].size(); ++i) {
                            lists::digest_request(urls[b][i], pages[b], types[b][i], digested);
                            decisions[b].push_back(rules.trackers->engine.match(digested.view()));
                          }
                        }
                      })));

  // Attribution: third party, the matched rule's owner.
  std::vector<std::vector<annotate::VerdictView>> verdicts(parsed_batches.size());
  out.push_back(named("attribution (party, owner)", median_ns(rounds, requests, [&] {
                        for (std::size_t b = 0; b < parsed_batches.size(); ++b) {
                          verdicts[b].clear();
                          for (std::size_t i = 0; i < urls[b].size(); ++i) {
                            verdicts[b].push_back(annotate::verdict_view(
                                rules, urls[b][i], pages[b], decisions[b][i]));
                          }
                        }
                      })));

  // Encode: the verdicts to the answer's text.
  std::string text;
  out.push_back(named("encode (one buffer)", median_ns(rounds, requests, [&] {
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
                          writer.raw("],\"tab\":1,\"type\":\"requests\"}");
                          g_sink = g_sink + text.size();
                        }
                      })));

  // Credibility: what a `page` message adds, per page.
  out.push_back(
      named("credibility (per page message)", median_ns(rounds, pages.size(), [&] {
              for (const auto& page : pages) {
                credibility::PageMeta meta;
                meta.title = "City council meets today";
                meta.lang = "en";
                g_sink = g_sink + annotate::judge_page(rules.credibility.get(), page, &meta).size();
              }
            })));
  return out;
}

}  // namespace sauatty::bench
