#include "whole_path/stages.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
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

// Each stage's work on one batch, with what the stages keep from one to
// the next: a stage reads the previous stage's output for the same batch
// (engine the parsed URLs, attribution the decisions, encode the
// verdicts), so the stages of a batch run in this order.
class BatchSteps {
 public:
  BatchSteps(const store::RuleSet& rules, const std::vector<std::string>& batches)
      : rules_(rules), batches_(batches) {
    context_.rules = std::shared_ptr<const store::RuleSet>(&rules, [](const store::RuleSet*) {});
    handlers_ = app::make_handlers(context_);
    for (const auto& body : batches) parsed_.push_back(read_batch(body));
    for (const auto& batch : parsed_) {
      auto page = url::parse(batch.page);
      if (!page) die("a batch's page did not parse");
      pages_.push_back(*page);
      urls_.emplace_back();
      types_.emplace_back();
      for (const auto& item : batch.items) {
        if (auto u = url::parse(item.url)) {  // the URLs that parse, as the handler
          urls_.back().push_back(*u);         // judges only those
          types_.back().push_back(item.type);
        }
      }
    }
    decisions_.resize(parsed_.size());
    verdicts_.resize(parsed_.size());
  }

  std::size_t size() const { return batches_.size(); }
  const std::vector<url::Url>& pages() const { return pages_; }

  // The whole answer, as the session makes it (frames included, its
  // buffers kept from one message to the next).
  void whole(std::size_t b) {
    protocol::answer_frame(batches_[b], handlers_, app::kMaxValuesPerMessage, context_.session,
                           buffers_);
    if (buffers_.frames.size() != 1) die("a batch's answer was split");
    g_sink = g_sink + buffers_.frames[0].size();
  }

  // Decode: frame body to the fields the handler reads.
  void decode(std::size_t b) {
    auto plain = protocol::scan_message(batches_[b], app::kMaxValuesPerMessage, message_);
    if (!plain || !*plain) die("a batch did not decode as a plain one");
    std::size_t n = message_.page().size();
    for (std::size_t i = 0; i < message_.size(); ++i) {
      n += message_.item(i).url.size() + message_.item(i).type.size();
    }
    g_sink = g_sink + n;
  }

  // URL: the page and every request URL parsed, each into one kept Url as
  // the handler does.
  void url(std::size_t b) {
    std::size_t n = url::parse_into(parsed_[b].page, page_url_) ? 1 : 0;
    for (const auto& item : parsed_[b].items) {
      if (url::parse_into(item.url, request_url_)) n += request_url_.host.size();
    }
    g_sink = g_sink + n;
  }

  // Engine: digest the parsed request (views of the parsed URLs and one
  // kept lower-case buffer, as annotate::RequestJudge does), decide.
  void engine(std::size_t b) {
    decisions_[b].clear();
    for (std::size_t i = 0; i < urls_[b].size(); ++i) {
      decisions_[b].push_back(rules_.trackers->engine.match(
          lists::request_view(urls_[b][i], pages_[b], types_[b][i], lower_url_)));
    }
  }

  // Attribution: third party, the matched rule's owner.
  void attribution(std::size_t b) {
    verdicts_[b].clear();
    for (std::size_t i = 0; i < urls_[b].size(); ++i) {
      verdicts_[b].push_back(
          annotate::verdict_view(rules_, urls_[b][i], pages_[b], decisions_[b][i]));
    }
  }

  // Encode: the verdicts to the answer's text.
  void encode(std::size_t b) {
    text_.clear();
    protocol::JsonWriter writer(text_);
    writer.raw("{\"id\":");
    writer.integer(static_cast<std::int64_t>(b));
    writer.raw(",\"ok\":true,\"part\":\"results\",\"results\":[");
    for (std::size_t i = 0; i < verdicts_[b].size(); ++i) {
      if (i > 0) writer.raw(",");
      annotate::write_json(verdicts_[b][i], writer);
    }
    writer.raw("],\"tab\":1,\"type\":\"requests\"}");
    g_sink = g_sink + text_.size();
  }

  // For comparison: the body decoded by nlohmann's SAX scan alone.
  void decode_by_sax(std::size_t b) {
    auto plain = protocol::scan_message_reference(batches_[b], app::kMaxValuesPerMessage, message_);
    if (!plain || !*plain) die("a batch did not scan as a plain one");
    g_sink = g_sink + message_.size();
  }

  // What the batch holds (for the per-batch table).
  BatchShape shape(std::size_t b) const {
    BatchShape out;
    out.requests = parsed_[b].items.size();
    std::vector<std::string_view> hosts;
    for (const auto& item : parsed_[b].items) out.url_bytes += item.url.size();
    for (const auto& u : urls_[b]) hosts.push_back(u.host);
    std::sort(hosts.begin(), hosts.end());
    out.hosts = static_cast<std::size_t>(std::unique(hosts.begin(), hosts.end()) - hosts.begin());
    for (const auto& d : decisions_[b]) out.matched += d.matched() ? 1 : 0;
    return out;
  }

 private:
  const store::RuleSet& rules_;
  const std::vector<std::string>& batches_;
  app::MessagingContext context_;
  std::vector<protocol::HandlerEntry> handlers_;
  protocol::AnswerBuffers buffers_;
  protocol::RequestsMessage message_;
  std::vector<Batch> parsed_;
  std::vector<url::Url> pages_;
  std::vector<std::vector<url::Url>> urls_;
  std::vector<std::vector<std::string>> types_;
  url::Url page_url_, request_url_;
  std::string lower_url_;
  std::vector<std::vector<engine::Decision>> decisions_;
  std::vector<std::vector<annotate::VerdictView>> verdicts_;
  std::string text_;
};

using Step = void (BatchSteps::*)(std::size_t);

std::uint64_t thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000u +
         static_cast<std::uint64_t>(t.tv_nsec);
}

}  // namespace

std::vector<StageFigure> run_stages(const store::RuleSet& rules,
                                    const std::vector<std::string>& batches, std::size_t requests,
                                    int rounds) {
  Stages stages(rounds);
  BatchSteps steps(rules, batches);
  auto every_batch = [&steps](Step step) {
    return [&steps, step] {
      for (std::size_t b = 0; b < steps.size(); ++b) (steps.*step)(b);
    };
  };
  stages.add("whole answer (answer_frame)", requests, false, every_batch(&BatchSteps::whole));
  stages.add("decode (lexer into the request)", requests, true, every_batch(&BatchSteps::decode));
  stages.add("URL", requests, true, every_batch(&BatchSteps::url));
  stages.add("engine (digest + match)", requests, true, every_batch(&BatchSteps::engine));
  stages.add("attribution (party, owner)", requests, true, every_batch(&BatchSteps::attribution));
  stages.add("encode (one buffer)", requests, true, every_batch(&BatchSteps::encode));

  // Credibility: what a `page` message adds, per page.
  stages.add("credibility (per page message)", steps.pages().size(), false, [&] {
    for (const auto& page : steps.pages()) {
      credibility::PageMeta meta;
      meta.title = "City council meets today";
      meta.lang = "en";
      g_sink = g_sink + annotate::judge_page(rules.credibility.get(), page, &meta).size();
    }
  });
  // For comparison: the same bodies decoded by nlohmann's SAX scan alone,
  // the path of every body the lexer leaves (an escape, non-ASCII, an
  // error): the measurement that keeps the lexer (docs/ARCHITECTURE.md).
  stages.add("decode by nlohmann's SAX scan alone", requests, false,
             every_batch(&BatchSteps::decode_by_sax));
  return stages.run();
}

std::vector<BatchFigure> run_per_batch(const store::RuleSet& rules,
                                       const std::vector<std::string>& batches, int rounds) {
  BatchSteps steps(rules, batches);
  static constexpr Step kSteps[] = {&BatchSteps::whole,       &BatchSteps::decode,
                                    &BatchSteps::url,         &BatchSteps::engine,
                                    &BatchSteps::attribution, &BatchSteps::encode};
  constexpr std::size_t kCount = std::size(kSteps);
  // samples[b][step]: one thread-CPU figure a pass. A pass goes over every
  // batch in order, as the pipe's one-at-a-time phase does, so that each
  // batch finds the host cache as it would there.
  std::vector<std::array<std::vector<double>, kCount>> samples(steps.size());
  for (int r = 0; r <= rounds; ++r) {  // pass 0 warms up
    for (std::size_t b = 0; b < steps.size(); ++b) {
      for (std::size_t s = 0; s < kCount; ++s) {
        const std::uint64_t start = thread_cpu_ns();
        (steps.*kSteps[s])(b);
        const std::uint64_t ns = thread_cpu_ns() - start;
        if (r > 0) samples[b][s].push_back(static_cast<double>(ns) / 1000.0);
      }
    }
  }
  std::vector<BatchFigure> out;
  for (std::size_t b = 0; b < steps.size(); ++b) {
    BatchFigure f;
    f.batch = b;
    f.shape = steps.shape(b);
    double* targets[] = {&f.whole_us,  &f.decode_us,      &f.url_us,
                         &f.engine_us, &f.attribution_us, &f.encode_us};
    for (std::size_t s = 0; s < kCount; ++s) {
      auto& v = samples[b][s];
      std::sort(v.begin(), v.end());
      *targets[s] = v[v.size() / 2];
    }
    f.whole_max_us = samples[b][0].back();
    out.push_back(f);
  }
  return out;
}

}  // namespace sauatty::bench
