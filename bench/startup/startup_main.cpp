// sauatty-startup: how long the real host takes from exec to its answer to
// `hello`, and its peak memory by then, as the browser starts it (a new
// process for each run, pipes on stdin and stdout). No Python, no shell in
// the timed loop: fork + exec, one frame written, one frame read.
//
//   sauatty-startup [--host PATH] [--runs N] [--sources FILE --cache DIR]
//                   [--compiled-only]
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
#include <string>
#include <vector>

#include "soak/host_process.h"

namespace {

struct Sample {
  double ms = 0;
  double cpu_ms = 0;
  double peak_mb = 0;
};

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

// VmHWM of `pid` in MB, or 0.
double peak_rss_mb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

// One start: exec → hello answer.
bool start_once(const std::vector<std::string>& argv, Sample& out) {
  const auto t0 = std::chrono::steady_clock::now();
  sauatty::soak::HostProcess host(argv);
  if (!host.write_frame(R"({"id":1,"type":"hello","extension":"0.1.0","protocol":1})"))
    return false;
  auto reply = host.read_frame(30000);
  const auto t1 = std::chrono::steady_clock::now();
  if (!reply || reply->find("\"ok\":true") == std::string::npos) {
    std::fprintf(stderr, "sauatty-startup: no good answer to hello\n");
    return false;
  }
  out.ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  out.peak_mb = peak_rss_mb(host.pid());
  out.cpu_ms = cpu_ms(host.pid());
  return host.finish(10000) == 0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

int run(const char* mode, const std::vector<std::string>& argv, int runs,
        const std::filesystem::path& remove_before) {
  std::vector<double> ms, cpu, mb;
  for (int i = 0; i < runs; ++i) {
    if (!remove_before.empty()) std::filesystem::remove(remove_before);
    Sample s;
    if (!start_once(argv, s)) return 1;
    ms.push_back(s.ms);
    cpu.push_back(s.cpu_ms);
    mb.push_back(s.peak_mb);
  }
  std::printf("%-9s %5d  %9.2f  %8.2f  %8.2f  %10.2f  %11.1f\n", mode, runs, percentile(ms, 0.5),
              percentile(ms, 0.9), percentile(ms, 0.0), percentile(cpu, 0.5), percentile(mb, 0.5));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = SAUATTY_STARTUP_DEFAULT_HOST;
  std::string sources, cache;
  int runs = 50;
  bool compiled_only = false;
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
    } else {
      std::fprintf(stderr,
                   "usage: sauatty-startup [--host PATH] [--runs N] [--sources FILE --cache DIR] "
                   "[--compiled-only]\n");
      return 1;
    }
  }
  ::setenv("SAUATTY_OFFLINE", "1", 1);
  const std::string origin = "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/";
  std::printf("mode       runs  median_ms    p90_ms    min_ms  cpu_ms_med  peak_rss_MB\n");
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
  return 0;
}
