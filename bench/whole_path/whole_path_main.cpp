// sauatty-whole-path: the cost of a request from the browser's pipe to the
// answer (docs/BENCHMARKS.md, "The whole path"). The 8,276 real requests of
// vectors/matching-test-requests.json, grouped by the page they were seen
// on and cut into `requests` batches of 50 as the extension sends them, go
// through the real host binary over a pipe; then the same batches through
// the handler's stages in this process.
//
//   sauatty-whole-path [--host PATH]... [--repeat N] [--data DIR] [--rounds N]
//       [--latency-batches N] [--starts N] [--stage-rounds N] [--dump FILE]
//       [--session N] [--no-pipe] [--no-stages] [-- HOST-ARGS...]
//
// --session N keeps only the first N batches (N × 50 requests), which every
// pass sends again: a browsing session, where the same pages and hosts come
// back, instead of the whole corpus's 5,000 hosts (for caches of hosts).
// HOST-ARGS are the host's rule options (e.g. --import filters=FILE); the
// in-process stages load the same rules. With several --host (say, the
// binary before a change and after it), each repeat runs every host in
// turn, so that a slow minute of the shared machine falls on all of them,
// and the medians over the repeats are printed side by side. --dump writes
// the answers of each host's first warm-up pass to FILE.N (N = the host's
// place, from 1), for `cmp`.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/args.h"
#include "app/rules_options.h"
#include "bench_common.h"
#include "whole_path/pipe_run.h"
#include "whole_path/stages.h"

namespace {

using sauatty::bench::CorpusRequest;
using Json = nlohmann::json;

constexpr std::size_t kBatchSize = 50;  // the extension's Batcher sends at most 50
// Requests whose page the vectors do not know ("http://" alone) are put on
// one page of their own.
constexpr const char* kUnknownPage = "https://news.example.kz/article/1";

bool is_document_url(const std::string& url) {
  auto scheme_end = url.find("://");
  return scheme_end != std::string::npos && url.size() > scheme_end + 3;
}

// `requests` frame bodies, in the extension's field order: the requests
// grouped by the page they were seen on, then cut into batches of 50, each
// judged on the page of its first request (so that every batch is a full
// one, as in a page's first second, and a page's requests go together).
std::vector<std::string> make_batches(const std::vector<CorpusRequest>& corpus) {
  std::map<std::string, std::vector<const CorpusRequest*>> by_page;
  std::vector<std::string> order;
  for (const auto& r : corpus) {
    std::string page = is_document_url(r.source) ? r.source : kUnknownPage;
    auto [it, fresh] = by_page.try_emplace(page);
    if (fresh) order.push_back(page);
    it->second.push_back(&r);
  }
  std::vector<std::pair<std::string, const CorpusRequest*>> all;
  for (const auto& page : order) {
    for (const auto* r : by_page[page]) all.emplace_back(page, r);
  }
  std::vector<std::string> batches;
  std::int64_t id = 1;
  for (std::size_t i = 0; i < all.size(); i += kBatchSize) {
    Json items = Json::array();
    for (std::size_t j = i; j < std::min(all.size(), i + kBatchSize); ++j) {
      items.push_back(Json::object({{"url", all[j].second->url}, {"type", all[j].second->type}}));
    }
    std::ostringstream body;
    body << R"({"type":"requests","id":)" << id << R"(,"tab":)" << (id % 40 + 1) << R"(,"page":)"
         << Json(all[i].first).dump() << R"(,"requests":)" << items.dump() << "}";
    batches.push_back(body.str());
    ++id;
  }
  return batches;
}

double at(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * sorted.size()))];
}

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: sauatty-whole-path [--host PATH]... [--repeat N] [--data DIR] [--rounds N] "
               "[--latency-batches N] [--starts N] [--stage-rounds N] [--dump FILE] "
               "[--session N] [--no-pipe] [--no-stages] [-- HOST-ARGS...]\n");
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  sauatty::bench::PipeOptions pipe;
  std::vector<std::string> hosts;
  int repeat = 1;
  std::filesystem::path data = sauatty::bench::default_data_dir();
  int stage_rounds = 10;
  std::size_t session = 0;
  bool run_pipe = true, run_stages = true;
  std::vector<std::string> host_args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&] {
      if (i + 1 >= argc) usage();
      return std::string(argv[++i]);
    };
    auto number = [&] {
      std::string v = value();
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n < 0 || n > 1'000'000) usage();
      return static_cast<int>(n);
    };
    if (a == "--host")
      hosts.push_back(value());
    else if (a == "--repeat")
      repeat = std::max(1, number());
    else if (a == "--data")
      data = value();
    else if (a == "--rounds")
      pipe.rounds = number();
    else if (a == "--latency-batches")
      pipe.latency_batches = number();
    else if (a == "--starts")
      pipe.starts = number();
    else if (a == "--stage-rounds")
      stage_rounds = std::max(1, number());
    else if (a == "--dump")
      pipe.dump = value();
    else if (a == "--session")
      session = static_cast<std::size_t>(std::max(1, number()));
    else if (a == "--no-pipe")
      run_pipe = false;
    else if (a == "--no-stages")
      run_stages = false;
    else if (a == "--") {
      host_args.assign(argv + i + 1, argv + argc);
      break;
    } else
      usage();
  }

  if (hosts.empty()) hosts.push_back(SAUATTY_WHOLE_PATH_DEFAULT_HOST);
  auto corpus = sauatty::bench::load_corpus(data / "vectors" / "matching-test-requests.json");
  auto batches = make_batches(corpus);
  std::printf("corpus: %zu requests in %zu batches (at most %zu a batch)\n", corpus.size(),
              batches.size(), kBatchSize);
  std::size_t requests = corpus.size();
  if (session > 0 && session < batches.size()) {  // every batch but the last is full
    batches.resize(session);
    requests = session * kBatchSize;
    std::printf("session: the first %zu batches only (%zu requests), sent again every pass\n",
                batches.size(), requests);
  }
  std::printf("host arguments:");
  for (const auto& a : host_args) std::printf(" %s", a.c_str());
  std::printf("%s\n", host_args.empty() ? " (none: the built-in rules)" : "");

  if (run_pipe) {
    std::vector<std::vector<sauatty::bench::PipeFigures>> runs(hosts.size());
    const std::string dump = pipe.dump;
    for (int r = 0; r < repeat; ++r) {
      for (std::size_t h = 0; h < hosts.size(); ++h) {
        pipe.argv = {hosts[h], "chrome-extension://whole-path-bench/"};
        pipe.argv.insert(pipe.argv.end(), host_args.begin(), host_args.end());
        pipe.dump = (r == 0 && !dump.empty()) ? dump + "." + std::to_string(h + 1) : "";
        auto f = sauatty::bench::run_pipe(pipe, batches, requests);
        std::printf(
            "run %d, host %zu: CPU %.3f us/request, batch p50 %.1f us p99 %.1f us, "
            "CPU %.1f us/batch, start %.1f ms\n",
            r + 1, h + 1, f.cpu_us_per_request, at(f.batch_latency, 0.5), at(f.batch_latency, 0.99),
            f.cpu_us_per_batch_ping, at(f.start_ms, 0.5));
        std::fflush(stdout);
        runs[h].push_back(std::move(f));
      }
    }
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v.empty() ? 0.0 : v[v.size() / 2];
    };
    for (std::size_t h = 0; h < hosts.size(); ++h) {
      std::vector<double> cpu, wall, p50, p90, p99, max, batch_cpu, start;
      long rss = 0;
      for (const auto& f : runs[h]) {
        cpu.push_back(f.cpu_us_per_request);
        wall.push_back(f.wall_us_per_request);
        p50.push_back(at(f.batch_latency, 0.5));
        p90.push_back(at(f.batch_latency, 0.9));
        p99.push_back(at(f.batch_latency, 0.99));
        max.push_back(f.batch_latency.empty() ? 0 : f.batch_latency.back());
        batch_cpu.push_back(f.cpu_us_per_batch_ping);
        for (double s : f.start_ms) start.push_back(s);
        rss = std::max(rss, f.rss_kb);
      }
      std::printf("\nhost %zu: %s (medians of %d runs)\n", h + 1, hosts[h].c_str(), repeat);
      std::printf(
          "  host CPU per request, pipelined: %.3f us (%zu requests a run in %d passes; "
          "wall %.3f us)\n",
          median(cpu), runs[h].front().requests, pipe.rounds, median(wall));
      std::printf(
          "  batch of 50, one at a time (%d a run): p50 %.1f us, p90 %.1f us, p99 %.1f us, "
          "max %.1f us; host CPU %.1f us a batch\n",
          pipe.latency_batches, median(p50), median(p90), median(p99), median(max),
          median(batch_cpu));
      if (!start.empty()) {
        std::printf("  start to the first answer: median %.1f ms of %zu starts\n", median(start),
                    start.size());
      }
      std::printf("  host RSS after the passes: %ld kB at most\n", rss);
    }
    std::fflush(stdout);
  }

  if (run_stages) {
    std::ostringstream out, err;
    std::istringstream in;
    sauatty::app::Io io{in, out, err};
    auto args = sauatty::app::parse_args(host_args, sauatty::app::rule_value_options(),
                                         sauatty::app::rule_flags());
    if (!args) {
      std::fprintf(stderr, "whole-path: %s\n", args.error().c_str());
      return 1;
    }
    auto rules = sauatty::app::load_rules_for(*args, io);
    if (!rules) {
      std::fprintf(stderr, "whole-path: %s", err.str().c_str());
      return 3;
    }
    auto stages = sauatty::bench::run_stages(**rules, batches, requests, stage_rounds);
    std::printf(
        "\nin process, median of %d passes (ns per request; heap allocations per request, "
        "median)\n",
        stage_rounds);
    double sum = 0;
    for (std::size_t i = 0; i < stages.size(); ++i) {
      std::printf("  %-40s %8.0f ns %8.3f allocations\n", stages[i].name.c_str(),
                  stages[i].ns_per_request, stages[i].allocations_per_request);
      if (stages[i].summed) sum += stages[i].ns_per_request;
    }
    std::printf("  %-40s %8.0f ns\n", "sum of the request stages", sum);
  }
  return 0;
}
