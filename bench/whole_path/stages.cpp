#include "whole_path/stages.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
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

// Each stage is a Google Benchmark benchmark: `rounds` repetitions of one
// pass each, after one warm-up pass (run when the stage is added, which
// also leaves the stage's output for the next stage), timed by its CPU
// timer (the benchmark thread's CPU time: the machine is shared, and time
// spent waiting for a core is not the stage's). A stage's figure is the
// median repetition, in ns per item, with its heap allocations per item.
class Stages {
 public:
  explicit Stages(int rounds) : rounds_(rounds) {}

  // `summed`: one of the request stages that add up to the whole answer.
  void add(std::string name, std::size_t items, bool summed, std::function<void()> pass) {
    pass();  // warm-up: grows every kept buffer
    passes_.push_back(std::move(pass));
    const std::function<void()>& kept = passes_.back();
    benchmark::RegisterBenchmark(
        name.c_str(),
        [&kept, items](benchmark::State& state) {
          const std::uint64_t before = bench::allocations();
          for (auto _ : state) kept();
          state.counters["allocations"] = benchmark::Counter(
              static_cast<double>(bench::allocations() - before) / static_cast<double>(items),
              benchmark::Counter::kAvgIterations);
        })
        ->Iterations(1)
        ->Repetitions(rounds_)
        ->ReportAggregatesOnly(true)
        ->Unit(benchmark::kNanosecond);
    figures_.push_back({std::move(name), 0, 0, summed});
    items_.push_back(items);
  }

  // Runs every stage added, in order.
  std::vector<StageFigure> run() {
    Medians medians(*this);
    benchmark::RunSpecifiedBenchmarks(&medians);
    benchmark::ClearRegisteredBenchmarks();
    return std::move(figures_);
  }

 private:
  // Takes each stage's median repetition.
  class Medians final : public benchmark::BenchmarkReporter {
   public:
    explicit Medians(Stages& stages) : stages_(stages) {}
    bool ReportContext(const Context&) override { return true; }
    void ReportRuns(const std::vector<Run>& runs) override {
      for (const Run& run : runs) {
        if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") continue;
        auto i = static_cast<std::size_t>(run.family_index);
        if (i >= stages_.figures_.size()) die("a stage the benchmark did not add");
        StageFigure& figure = stages_.figures_[i];
        figure.ns_per_request = run.GetAdjustedCPUTime() / static_cast<double>(stages_.items_[i]);
        auto allocations = run.counters.find("allocations");
        if (allocations != run.counters.end()) {
          figure.allocations_per_request = allocations->second.value;
        }
      }
    }

   private:
    Stages& stages_;
  };

  int rounds_;
  std::deque<std::function<void()>> passes_;  // kept where the benchmarks see them
  std::vector<StageFigure> figures_;
  std::vector<std::size_t> items_;
};

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
  Stages stages(rounds);
  std::vector<Batch> parsed_batches;
  for (const auto& body : batches) parsed_batches.push_back(read_batch(body));

  // The whole answer, as the session makes it (frames included, its
  // buffers kept from one message to the next).
  app::MessagingContext context;
  context.rules = std::shared_ptr<const store::RuleSet>(&rules, [](const store::RuleSet*) {});
  auto handlers = app::make_handlers(context);
  protocol::AnswerBuffers buffers;
  stages.add("whole answer (answer_frame)", requests, false, [&] {
    for (const auto& body : batches) {
      protocol::answer_frame(body, handlers, app::kMaxValuesPerMessage, context.session, buffers);
      if (buffers.frames.size() != 1) die("a batch's answer was split");
      g_sink = g_sink + buffers.frames[0].size();
    }
  });

  // Decode: frame body to the fields the handler reads.
  protocol::RequestsMessage message;
  stages.add("decode (lexer into the request)", requests, true, [&] {
    for (const auto& body : batches) {
      auto plain = protocol::scan_message(body, app::kMaxValuesPerMessage, message);
      if (!plain || !*plain) die("a batch did not decode as a plain one");
      std::size_t n = message.page().size();
      for (std::size_t i = 0; i < message.size(); ++i) {
        n += message.item(i).url.size() + message.item(i).type.size();
      }
      g_sink = g_sink + n;
    }
  });

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
  stages.add("URL", requests, true, [&] {
    for (const auto& batch : parsed_batches) {
      std::size_t n = url::parse_into(batch.page, page_url) ? 1 : 0;
      for (const auto& item : batch.items) {
        if (url::parse_into(item.url, request_url)) n += request_url.host.size();
      }
      g_sink = g_sink + n;
    }
  });

  // Engine: digest the parsed request (into one kept DigestedRequest, as
  // annotate::RequestJudge does), decide.
  std::vector<std::vector<engine::Decision>> decisions(parsed_batches.size());
  lists::DigestedRequest digested;
  stages.add("engine (digest + match)", requests, true, [&] {
    for (std::size_t b = 0; b < parsed_batches.size(); ++b) {
      decisions[b].clear();
      for (std::size_t i = 0; i < urls[b].size(); ++i) {
        lists::digest_request(urls[b][i], pages[b], types[b][i], digested);
        decisions[b].push_back(rules.trackers->engine.match(digested.view()));
      }
    }
  });

  // Attribution: third party, the matched rule's owner.
  std::vector<std::vector<annotate::VerdictView>> verdicts(parsed_batches.size());
  stages.add("attribution (party, owner)", requests, true, [&] {
    for (std::size_t b = 0; b < parsed_batches.size(); ++b) {
      verdicts[b].clear();
      for (std::size_t i = 0; i < urls[b].size(); ++i) {
        verdicts[b].push_back(annotate::verdict_view(rules, urls[b][i], pages[b], decisions[b][i]));
      }
    }
  });

  // Encode: the verdicts to the answer's text.
  std::string text;
  stages.add("encode (one buffer)", requests, true, [&] {
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
  });

  // Credibility: what a `page` message adds, per page.
  stages.add("credibility (per page message)", pages.size(), false, [&] {
    for (const auto& page : pages) {
      credibility::PageMeta meta;
      meta.title = "City council meets today";
      meta.lang = "en";
      g_sink = g_sink + annotate::judge_page(rules.credibility.get(), page, &meta).size();
    }
  });
  // For comparison: the same bodies decoded by nlohmann's SAX scan alone,
  // the path of every body the lexer leaves (an escape, non-ASCII, an
  // error): the measurement that keeps the lexer (docs/ARCHITECTURE.md).
  stages.add("decode by nlohmann's SAX scan alone", requests, false, [&] {
    for (const auto& body : batches) {
      auto plain = protocol::scan_message_reference(body, app::kMaxValuesPerMessage, message);
      if (!plain || !*plain) die("a batch did not scan as a plain one");
      g_sink = g_sink + message.size();
    }
  });
  return stages.run();
}

}  // namespace sauatty::bench
