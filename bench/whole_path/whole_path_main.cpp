// sauatty-whole-path: the cost of a request from the browser's pipe to the
// answer (docs/BENCHMARKS.md, "The whole path"). The 8,276 real requests of
// vectors/matching-test-requests.json, grouped by the page they were seen
// on and cut into `requests` batches of 50 as the extension sends them, go
// through the real host binary over a pipe; then the same batches through
// the handler's stages in this process.
//
//   sauatty-whole-path [--host PATH]... [--repeat N] [--data DIR] [--rounds N]
//       [--latency-batches N] [--starts N] [--stage-rounds N] [--dump FILE]
//       [--session N] [--per-batch FILE] [--no-pipe] [--no-stages] [--user-environment]
//       [-- HOST-ARGS...]
//
// Every host runs with SAUATTY_OFFLINE=1 and XDG_CACHE_HOME / XDG_CONFIG_HOME
// of its own in a temporary folder removed at the end, and the in-process
// stages load their rules the same way (whole_path/host_environment.h): no
// list update, no shared compiled cache, none of the user's sources.
// --user-environment runs them in this process's environment as it is
// (the user's ~/.cache/sauatty and sources.json; SAUATTY_OFFLINE as set,
// else 1, as soak::HostProcess sets it).
// Each host's environment is printed, and so is how this machine's idle
// CPUs wake (whole_path/cpu_idle.h): a batch one at a time wakes the host's
// core and the answer wakes the driver's, and on a virtual machine that
// halts its idle CPUs at once those wake-ups are a large part of the wall.
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
//
// Each host's one-at-a-time batches are also summed up batch by batch: the
// host's CPU and its wait for a core during each (from /proc/PID/schedstat)
// beside the wall time, to tell a heavy batch from a preempted one.
// --per-batch FILE writes those samples (FILE.pipe, a line a batch sent)
// and times each batch's stages in process (FILE.stages, a line a batch;
// the heaviest are printed).
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
#include "whole_path/cpu_idle.h"
#include "whole_path/host_environment.h"
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

// The one-at-a-time batches of every run of a host, pooled: what the host
// spent on each (CPU, waiting for a core) beside its wall time.
void print_samples(const std::vector<sauatty::bench::PipeFigures>& runs) {
  std::vector<sauatty::bench::BatchSample> all;
  for (const auto& f : runs) all.insert(all.end(), f.samples.begin(), f.samples.end());
  if (all.empty()) return;
  std::vector<double> wall, cpu, wait, rest;
  for (const auto& s : all) {
    wall.push_back(s.wall_us);
    cpu.push_back(s.cpu_us);
    wait.push_back(s.wait_us);
    rest.push_back(s.wall_us - s.cpu_us - s.wait_us);
  }
  for (auto* v : {&wall, &cpu, &wait, &rest}) std::sort(v->begin(), v->end());
  auto line = [](const char* what, const std::vector<double>& v) {
    std::printf("    %-34s p50 %7.1f  p90 %7.1f  p99 %7.1f  max %8.1f us\n", what, at(v, 0.5),
                at(v, 0.9), at(v, 0.99), v.back());
  };
  std::printf("  each batch one at a time (%zu, all runs):\n", all.size());
  line("wall, write to answer", wall);
  line("host CPU (schedstat)", cpu);
  line("host waiting for a core", wait);
  line("wall - CPU - waiting (pipe, driver)", rest);
  // The slowest 1% by wall: heavy batches (CPU) or a preempted host (wait)?
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.wall_us > b.wall_us; });
  const std::size_t slow = std::max<std::size_t>(1, all.size() / 100);
  std::vector<double> slow_cpu, slow_wait;
  std::size_t preempted = 0;
  for (std::size_t i = 0; i < slow; ++i) {
    slow_cpu.push_back(all[i].cpu_us);
    slow_wait.push_back(all[i].wait_us);
    preempted += all[i].wait_us > 50 ? 1 : 0;
  }
  std::sort(slow_cpu.begin(), slow_cpu.end());
  std::sort(slow_wait.begin(), slow_wait.end());
  std::printf(
      "    the %zu slowest by wall (from %.1f us): host CPU median %.1f us, waiting median %.1f "
      "us; %zu waited over 50 us for a core\n",
      slow, all[slow - 1].wall_us, at(slow_cpu, 0.5), at(slow_wait, 0.5), preempted);
  // Each batch by the median of its sends' host CPU: the heavy ones.
  std::map<std::size_t, std::vector<double>> by_batch;
  for (const auto& s : all) by_batch[s.batch].push_back(s.cpu_us);
  std::vector<std::pair<double, std::size_t>> medians;
  for (auto& [batch, v] : by_batch) {
    std::sort(v.begin(), v.end());
    medians.emplace_back(v[v.size() / 2], batch);
  }
  std::sort(medians.rbegin(), medians.rend());
  std::vector<double> values;
  for (const auto& m : medians) values.push_back(m.first);
  std::sort(values.begin(), values.end());
  std::size_t over = 0;
  for (double v : values) over += v > 90 ? 1 : 0;
  std::printf(
      "    by batch (%zu, each its sends' median host CPU): p50 %.1f  p90 %.1f  max %.1f us; "
      "%zu over 90 us; heaviest:",
      medians.size(), at(values, 0.5), at(values, 0.9), values.back(), over);
  for (std::size_t i = 0; i < std::min<std::size_t>(6, medians.size()); ++i) {
    std::printf(" %zu (%.0f)", medians[i].second, medians[i].first);
  }
  std::printf("\n");
}

void write_samples(const std::string& path,
                   const std::vector<std::vector<sauatty::bench::PipeFigures>>& runs) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) {
    std::fprintf(stderr, "whole-path: cannot write %s\n", path.c_str());
    std::exit(3);
  }
  std::fprintf(out, "host\trun\tsent\tbatch\twall_us\tcpu_us\twaiting_us\n");
  for (std::size_t h = 0; h < runs.size(); ++h) {
    for (std::size_t r = 0; r < runs[h].size(); ++r) {
      const auto& samples = runs[h][r].samples;
      for (std::size_t i = 0; i < samples.size(); ++i) {
        std::fprintf(out, "%zu\t%zu\t%zu\t%zu\t%.1f\t%.1f\t%.1f\n", h + 1, r + 1, i + 1,
                     samples[i].batch, samples[i].wall_us, samples[i].cpu_us, samples[i].wait_us);
      }
    }
  }
  std::fclose(out);
}

// The in-process cost of each batch: the heaviest printed, all written.
void print_per_batch(std::vector<sauatty::bench::BatchFigure> figures, const std::string& path) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) {
    std::fprintf(stderr, "whole-path: cannot write %s\n", path.c_str());
    std::exit(3);
  }
  std::fprintf(out,
               "batch\trequests\turl_bytes\thosts\tmatched\twhole_us\twhole_max_us\tdecode_us\t"
               "url_us\tengine_us\tattribution_us\tencode_us\n");
  for (const auto& f : figures) {
    std::fprintf(out, "%zu\t%zu\t%zu\t%zu\t%zu\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n",
                 f.batch, f.shape.requests, f.shape.url_bytes, f.shape.hosts, f.shape.matched,
                 f.whole_us, f.whole_max_us, f.decode_us, f.url_us, f.engine_us, f.attribution_us,
                 f.encode_us);
  }
  std::fclose(out);
  std::vector<double> whole;
  for (const auto& f : figures) whole.push_back(f.whole_us);
  std::sort(whole.begin(), whole.end());
  std::printf(
      "\neach batch in process (median pass, us of thread CPU): whole answer p50 %.1f, p90 %.1f, "
      "p99 %.1f, max %.1f; written to %s\n",
      at(whole, 0.5), at(whole, 0.9), at(whole, 0.99), whole.back(), path.c_str());
  std::sort(figures.begin(), figures.end(),
            [](const auto& a, const auto& b) { return a.whole_us > b.whole_us; });
  std::printf(
      "  batch  reqs  URL bytes  hosts  matched   whole (max)   decode     URL  engine  "
      "attrib  encode\n");
  for (std::size_t i = 0; i < std::min<std::size_t>(12, figures.size()); ++i) {
    const auto& f = figures[i];
    std::printf(
        "  %5zu  %4zu  %9zu  %5zu  %7zu  %6.1f (%5.1f)  %6.1f  %6.1f  %6.1f  %6.1f  %6.1f\n",
        f.batch, f.shape.requests, f.shape.url_bytes, f.shape.hosts, f.shape.matched, f.whole_us,
        f.whole_max_us, f.decode_us, f.url_us, f.engine_us, f.attribution_us, f.encode_us);
  }
}

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: sauatty-whole-path [--host PATH]... [--repeat N] [--data DIR] [--rounds N] "
               "[--latency-batches N] [--starts N] [--stage-rounds N] [--dump FILE] "
               "[--session N] [--per-batch FILE] [--no-pipe] [--no-stages] [--user-environment] "
               "[-- HOST-ARGS...]\n");
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
  std::string per_batch;
  bool run_pipe = true, run_stages = true;
  auto environment_mode = sauatty::bench::HostEnvironment::Mode::kIsolated;
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
    else if (a == "--per-batch")
      per_batch = value();
    else if (a == "--no-pipe")
      run_pipe = false;
    else if (a == "--no-stages")
      run_stages = false;
    else if (a == "--user-environment")
      environment_mode = sauatty::bench::HostEnvironment::Mode::kUser;
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
  sauatty::bench::HostEnvironment environment(environment_mode);
  std::printf("%s\n", sauatty::bench::describe(sauatty::bench::read_cpu_idle("/sys")).c_str());

  if (run_pipe) {
    std::vector<std::vector<sauatty::bench::PipeFigures>> runs(hosts.size());
    const std::string dump = pipe.dump;
    for (int r = 0; r < repeat; ++r) {
      for (std::size_t h = 0; h < hosts.size(); ++h) {
        pipe.argv = {hosts[h], "chrome-extension://whole-path-bench/"};
        pipe.argv.insert(pipe.argv.end(), host_args.begin(), host_args.end());
        pipe.dump = (r == 0 && !dump.empty()) ? dump + "." + std::to_string(h + 1) : "";
        const std::string env = environment.enter("host-" + std::to_string(h + 1));
        if (r == 0) std::printf("host %zu environment: %s\n", h + 1, env.c_str());
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
      print_samples(runs[h]);
    }
    if (!per_batch.empty()) write_samples(per_batch + ".pipe", runs);
    std::fflush(stdout);
  }

  if (run_stages) {
    std::printf("in-process environment: %s\n", environment.enter("in-process").c_str());
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
    if (!per_batch.empty()) {
      auto figures = sauatty::bench::run_per_batch(**rules, batches, stage_rounds);
      print_per_batch(figures, per_batch + ".stages");
    }
  }
  return 0;
}
