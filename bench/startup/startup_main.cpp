// sauatty-startup: how long the real host takes from exec to its answer to
// `hello`, and its peak memory by then, as the browser starts it (a new
// process for each run, pipes on stdin and stdout). No Python, no shell in
// the timed loop: fork + exec, one frame written, one frame read.
//
//   sauatty-startup [--host PATH] [--runs N] [--sources FILE --cache DIR]
//                   [--compiled-only] [--rss N]
//
// Modes (each run a fresh process; the median, p90 and min of N):
//   builtin   the embedded rules only (--no-cache)
//   compiled  with the lists of --sources/--cache read from the compiled
//             cache (written first by `rules compile` when missing)
//   parsed    the same lists parsed: the compiled cache is removed before
//             each run (the host parses, answers, and writes it again: a
//             first start after an update)
// --compiled-only runs the compiled mode alone (the cache is written first
// when missing), for series that alternate an old and a new binary.
// After the hello answer one `page` message (kFirstPage) is sent: page_ms is
// the wall time to its answer, page_cpu the main thread's CPU from the hello
// answer to it (what a start leaves to the first page is paid there).
// main_cpu is the main thread's alone: the start's cost while the rules
// were loaded on the main thread (up to dd956c5); since 2de8d41 they are
// loaded on a thread of their own (since 344c053 on two: the compiled
// cache's two parts at once), and cpu_ms is the figure (it also counts what
// app/first_use.h's thread, started once the hello answer is written, ran
// before it was read here).
// --rss N (with --sources and --cache) then starts the host N times more
// from the compiled cache and reports its memory in use, not at the start
// alone: VmRSS (and of it RssAnon, the heap and other anonymous memory) and
// VmHWM 1 s after the hello answer (the preload after hello has built what
// the first page would), then after the 8,276 requests of
// vectors/matching-test-requests.json in `requests` messages of 50, in the
// file's order, each on the page of its first request (when it has one;
// every answer must be good) (SAUATTY_SHARED_DATA,
// as the other benchmarks; no figure when it is missing). Median, min and
// max of the N starts, kB.
// cpu_ms is the host's own CPU time until it answered (all its threads,
// /proc/PID/task/*/schedstat): unlike the wall time, it does not grow when
// other processes share the machine. Peak RSS is the host's VmHWM (/proc/PID/status) right after it
// answered: the peak while loading. The environment gets SAUATTY_OFFLINE=1, so that no automatic
// update starts.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "bench_common.h"
#include "soak/host_process.h"

namespace {

struct Sample {
  double ms = 0;
  double cpu_ms = 0;
  double main_cpu_ms = 0;  // the main thread's alone: what the answer waited for
  double peak_mb = 0;
  double page_ms = 0;      // the first `page` answer after hello, wall
  double page_cpu_ms = 0;  // the main thread's CPU from the hello answer to it
};

// The first page a browser asks about (an ASCII host, so that no Unicode
// library is needed): what a host start defers to it is paid here.
constexpr const char* kFirstPage =
    R"({"id":2,"type":"page","tab":1,"url":"https://www.rt.com/news/1","meta":{"title":"Ten things )"
    R"(you will not believe","lang":"en","author":"","canonical":"","site_name":"RT"}})";

// CPU time all threads of `pid` have run so far, in ms (the first field of
// each /proc/PID/task/TID/schedstat, ns): what the start cost the host,
// whatever else the machine was doing.
double cpu_ms(pid_t pid) {
  double ns = 0;
  std::error_code ec;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream stat(task.path() / "schedstat");
    double run_ns = 0;
    if (stat >> run_ns) ns += run_ns;
  }
  return ns / 1e6;
}

// CPU time of the main thread of `pid` alone, in ms (see main_cpu above).
double main_cpu_ms(pid_t pid) {
  const std::string id = std::to_string(pid);
  std::ifstream stat("/proc/" + id + "/task/" + id + "/schedstat");
  double run_ns = 0;
  return (stat >> run_ns) ? run_ns / 1e6 : 0;
}

// VmHWM of `pid` in MB, or 0.
double peak_rss_mb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

// A field of /proc/PID/status in kB (VmRSS, RssAnon, VmHWM), or -1.
long status_kb(pid_t pid, std::string_view field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field) && line.size() > field.size() && line[field.size()] == ':')
      return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

// Writes `frame` and reads the answer; true when it is a good one (else says
// which answer was missing on stderr).
bool ask(sauatty::soak::HostProcess& host, const char* frame, const char* what) {
  auto reply = host.write_frame(frame) ? host.read_frame(30000) : std::nullopt;
  if (!reply || reply->find("\"ok\":true") == std::string::npos) {
    std::fprintf(stderr, "sauatty-startup: no good answer to %s\n", what);
    return false;
  }
  return true;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// One start: exec → hello answer (timed from the fork), then the first
// page's answer.
bool start_once(const std::vector<std::string>& argv, Sample& out) {
  const auto t0 = std::chrono::steady_clock::now();
  sauatty::soak::HostProcess host(argv);
  if (!ask(host, R"({"id":1,"type":"hello","extension":"0.1.0","protocol":1})", "hello"))
    return false;
  out.ms = ms_since(t0);
  out.peak_mb = peak_rss_mb(host.pid());
  out.cpu_ms = cpu_ms(host.pid());
  out.main_cpu_ms = main_cpu_ms(host.pid());
  const auto t1 = std::chrono::steady_clock::now();
  if (!ask(host, kFirstPage, "the first page")) return false;
  out.page_ms = ms_since(t1);
  out.page_cpu_ms = main_cpu_ms(host.pid()) - out.main_cpu_ms;
  return host.finish(10000) == 0;
}

// The memory of a host in use (--rss above): after hello + 1 s, after the
// corpus.
struct Memory {
  long rss = 0, anon = 0, hwm = 0;
};
struct MemorySample {
  Memory hello, corpus;
};

Memory memory_of(pid_t pid) {
  return {status_kb(pid, "VmRSS"), status_kb(pid, "RssAnon"), status_kb(pid, "VmHWM")};
}

// A page for requests the vectors give none for ("https://", "about:blank"),
// as the whole-path benchmark's.
constexpr const char* kUnknownPage = "https://news.example.kz/article/1";

bool is_document_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  return url.starts_with("http") && scheme_end != std::string::npos && url.size() > scheme_end + 3;
}

// `requests` frames of 50 in the corpus's order, each on the page of its
// first request, or kUnknownPage (the ids from 2).
std::vector<std::string> corpus_frames(const std::vector<sauatty::bench::CorpusRequest>& corpus) {
  std::vector<std::string> frames;
  for (std::size_t i = 0; i < corpus.size(); i += 50) {
    const std::string& first = corpus[i].source;
    nlohmann::json m = {{"id", frames.size() + 2},
                        {"type", "requests"},
                        {"tab", 1},
                        {"page", is_document_url(first) ? first : kUnknownPage},
                        {"requests", nlohmann::json::array()}};
    for (std::size_t j = i; j < std::min(corpus.size(), i + 50); ++j)
      m["requests"].push_back({{"url", corpus[j].url}, {"type", corpus[j].type}});
    frames.push_back(m.dump());
  }
  return frames;
}

bool memory_once(const std::vector<std::string>& argv, const std::vector<std::string>& frames,
                 MemorySample& out) {
  sauatty::soak::HostProcess host(argv);
  if (!ask(host, R"({"id":1,"type":"hello","extension":"0.1.0","protocol":1})", "hello"))
    return false;
  ::sleep(1);
  out.hello = memory_of(host.pid());
  for (const std::string& frame : frames) {
    if (!ask(host, frame.c_str(), "a requests message")) return false;
  }
  out.corpus = memory_of(host.pid());
  return host.finish(10000) == 0;
}

int run_memory(const std::vector<std::string>& argv, int starts) {
  const auto vectors = sauatty::bench::default_data_dir() / "vectors/matching-test-requests.json";
  if (!std::filesystem::exists(vectors)) {
    std::printf("rss: no %s, no figure\n", vectors.c_str());
    return 0;
  }
  const auto corpus = sauatty::bench::load_corpus(vectors);
  const std::vector<std::string> frames = corpus_frames(corpus);
  std::vector<MemorySample> samples;
  for (int i = 0; i < starts; ++i) {
    MemorySample m;
    if (!memory_once(argv, frames, m)) return 1;
    samples.push_back(m);
  }
  std::printf("\nmemory in use, %d starts from the compiled cache (kB: median [min-max])\n",
              starts);
  std::printf("%-28s %22s %22s %22s\n", "", "VmRSS", "RssAnon", "VmHWM");
  auto row = [&](const std::string& what, auto pick) {
    std::printf("%-28s", what.c_str());
    for (long Memory::*field : {&Memory::rss, &Memory::anon, &Memory::hwm}) {
      std::vector<double> v;
      for (const MemorySample& m : samples) v.push_back(static_cast<double>(pick(m).*field));
      std::sort(v.begin(), v.end());
      std::printf(" %8.0f [%5.0f-%5.0f]", v[v.size() / 2], v.front(), v.back());
    }
    std::printf("\n");
  };
  row("after hello + 1 s", [](const MemorySample& m) { return m.hello; });
  row("after " + std::to_string(corpus.size()) + " requests",
      [](const MemorySample& m) { return m.corpus; });
  return 0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

int run(const char* mode, const std::vector<std::string>& argv, int runs,
        const std::filesystem::path& remove_before) {
  std::vector<double> ms, cpu, main_cpu, mb, page_ms, page_cpu;
  for (int i = 0; i < runs; ++i) {
    if (!remove_before.empty()) std::filesystem::remove(remove_before);
    Sample s;
    if (!start_once(argv, s)) return 1;
    ms.push_back(s.ms);
    cpu.push_back(s.cpu_ms);
    main_cpu.push_back(s.main_cpu_ms);
    mb.push_back(s.peak_mb);
    page_ms.push_back(s.page_ms);
    page_cpu.push_back(s.page_cpu_ms);
  }
  std::printf("%-9s %5d  %9.2f  %8.2f  %8.2f  %10.2f  %12.2f  %11.1f  %12.2f  %13.2f\n", mode, runs,
              percentile(ms, 0.5), percentile(ms, 0.9), percentile(ms, 0.0), percentile(cpu, 0.5),
              percentile(main_cpu, 0.5), percentile(mb, 0.5), percentile(page_ms, 0.5),
              percentile(page_cpu, 0.5));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = SAUATTY_STARTUP_DEFAULT_HOST;
  std::string sources, cache;
  int runs = 50;
  bool compiled_only = false;
  int rss_starts = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "sauatty-startup: %s needs a value\n", a.c_str());
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "--host") {
      host = value();
    } else if (a == "--runs") {
      runs = std::max(1, std::atoi(value().c_str()));
    } else if (a == "--sources") {
      sources = value();
    } else if (a == "--cache") {
      cache = value();
    } else if (a == "--compiled-only") {
      compiled_only = true;
    } else if (a == "--rss") {
      rss_starts = std::max(1, std::atoi(value().c_str()));
    } else {
      std::fprintf(stderr,
                   "usage: sauatty-startup [--host PATH] [--runs N] [--sources FILE --cache DIR] "
                   "[--compiled-only] [--rss N]\n");
      return 1;
    }
  }
  ::setenv("SAUATTY_OFFLINE", "1", 1);
  const std::string origin = "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/";
  std::printf(
      "mode       runs  median_ms    p90_ms    min_ms  cpu_ms_med  main_cpu_med  peak_rss_MB  "
      "page_ms_med  page_cpu_med\n");
  if (compiled_only && (sources.empty() || cache.empty())) {
    std::fprintf(stderr, "sauatty-startup: --compiled-only needs --sources and --cache\n");
    return 1;
  }
  if (!compiled_only && run("builtin", {host, origin, "--no-cache"}, runs, {}) != 0) return 2;
  if (sources.empty() || cache.empty()) return 0;
  const std::vector<std::string> with_lists = {host,    origin,    "--sources",
                                               sources, "--cache", cache};
  const std::filesystem::path compiled = std::filesystem::path(cache) / ".compiled-rules";
  // Only a parsed start writes the cache of exactly these arguments (its key
  // holds the paths as given).
  const int parsed_runs = compiled_only ? 1 : std::max(1, runs / 5);
  if (compiled_only) std::printf("(one parsed start first, to write the cache)\n");
  if (run("parsed", with_lists, parsed_runs, compiled) != 0) return 2;
  // The last parsed run wrote the compiled cache.
  if (!std::filesystem::exists(compiled)) {
    std::fprintf(stderr, "sauatty-startup: the host wrote no compiled cache at %s\n",
                 compiled.c_str());
    return 2;
  }
  if (run("compiled", with_lists, runs, {}) != 0) return 2;
  if (rss_starts > 0 && run_memory(with_lists, rss_starts) != 0) return 2;
  return 0;
}
