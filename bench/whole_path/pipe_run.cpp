#include "whole_path/pipe_run.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string_view>
#include <thread>

#include "soak/host_process.h"

namespace sauatty::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kAnswerTimeoutMs = 30'000;

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "whole-path: %s\n", what);
  std::exit(3);
}

// Nanoseconds the process's main thread has run on a CPU (the host answers
// on one thread), from /proc/PID/schedstat.
std::uint64_t cpu_ns(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/schedstat");
  std::uint64_t ns = 0;
  if (!(in >> ns)) die("cannot read /proc/PID/schedstat (the kernel needs CONFIG_SCHED_INFO)");
  return ns;
}

// /proc/PID/schedstat kept open, read again at each batch: nanoseconds the
// main thread has run on a CPU, and waited on a run queue for one.
class Schedstat {
 public:
  explicit Schedstat(pid_t pid)
      : fd_(::open(("/proc/" + std::to_string(pid) + "/schedstat").c_str(), O_RDONLY)) {
    if (fd_ < 0) die("cannot open /proc/PID/schedstat (the kernel needs CONFIG_SCHED_INFO)");
  }
  ~Schedstat() { ::close(fd_); }
  Schedstat(const Schedstat&) = delete;
  Schedstat& operator=(const Schedstat&) = delete;

  struct Times {
    std::uint64_t on_cpu_ns = 0;
    std::uint64_t waiting_ns = 0;
  };
  Times read() const {
    char text[128];
    ssize_t n = ::pread(fd_, text, sizeof text - 1, 0);
    if (n <= 0) die("cannot read /proc/PID/schedstat");
    text[n] = '\0';
    Times t;
    char* end = nullptr;
    t.on_cpu_ns = std::strtoull(text, &end, 10);
    t.waiting_ns = std::strtoull(end, nullptr, 10);
    return t;
  }

 private:
  int fd_;
};

long rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
  }
  return -1;
}

std::string hello_body() { return R"({"id":0,"type":"hello"})"; }

// One answer: it must be ok (a batch of real requests is never refused).
std::string expect_answer(soak::HostProcess& host) {
  auto answer = host.read_frame(kAnswerTimeoutMs);
  if (!answer) die("the host ended or did not answer");
  if (answer->find("\"ok\":true") == std::string::npos) die("the host refused a batch");
  return std::move(*answer);
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

PipeFigures run_pipe(const PipeOptions& options, const std::vector<std::string>& batches,
                     std::size_t requests_per_pass) {
  PipeFigures figures;
  for (int i = 0; i < options.starts; ++i) {
    auto start = Clock::now();
    soak::HostProcess host(options.argv);
    if (!host.write_frame(hello_body())) die("the host closed its input");
    expect_answer(host);
    figures.start_ms.push_back(ms_since(start));
    if (host.finish(5000) != 0) die("the host did not exit 0");
  }
  std::sort(figures.start_ms.begin(), figures.start_ms.end());

  soak::HostProcess host(options.argv);
  if (!host.write_frame(hello_body())) die("the host closed its input");
  expect_answer(host);

  // Warm-up pass, one batch at a time; its answers are the dump.
  {
    std::ofstream dump;
    if (!options.dump.empty()) {
      dump.open(options.dump, std::ios::binary);
      if (!dump) die("cannot write the dump file");
    }
    for (const std::string& batch : batches) {
      if (!host.write_frame(batch)) die("the host closed its input");
      std::string answer = expect_answer(host);
      if (dump.is_open()) dump << answer << '\n';
    }
  }

  // One batch at a time: the latency a tab's batch sees on an idle host.
  {
    // The host's schedstat is read before each batch is written, while the
    // host waits for it (outside the timed write-to-answer), so a batch's
    // CPU is from its write to the next batch's: its answer and whatever
    // the host does after it before it reads again.
    const Schedstat schedstat(host.pid());
    std::uint64_t cpu_before = cpu_ns(host.pid());
    Schedstat::Times before = schedstat.read();
    for (int i = 0; i < options.latency_batches; ++i) {
      const std::size_t index = static_cast<std::size_t>(i) % batches.size();
      auto start = Clock::now();
      if (!host.write_frame(batches[index])) die("the host closed its input");
      expect_answer(host);
      const double wall_us = ms_since(start) * 1000.0;
      const Schedstat::Times after = schedstat.read();
      figures.batch_latency.push_back(wall_us);
      figures.samples.push_back(
          {index, wall_us, static_cast<double>(after.on_cpu_ns - before.on_cpu_ns) / 1000.0,
           static_cast<double>(after.waiting_ns - before.waiting_ns) / 1000.0});
      before = after;
    }
    if (options.latency_batches > 0) {
      figures.cpu_us_per_batch_ping =
          static_cast<double>(cpu_ns(host.pid()) - cpu_before) / 1000.0 / options.latency_batches;
    }
    std::sort(figures.batch_latency.begin(), figures.batch_latency.end());
  }

  // Pipelined passes: a writer thread keeps the host's input full while
  // this thread reads the answers; the host never waits for the driver.
  {
    std::uint64_t cpu_before = cpu_ns(host.pid());
    auto start = Clock::now();
    std::thread writer([&] {
      for (int r = 0; r < options.rounds; ++r) {
        for (const std::string& batch : batches) {
          if (!host.write_frame(batch)) return;
        }
      }
    });
    std::size_t answers = static_cast<std::size_t>(options.rounds) * batches.size();
    for (std::size_t i = 0; i < answers; ++i) expect_answer(host);
    double wall_ms = ms_since(start);
    std::uint64_t cpu = cpu_ns(host.pid()) - cpu_before;
    writer.join();
    figures.requests = static_cast<std::size_t>(options.rounds) * requests_per_pass;
    if (figures.requests > 0) {
      figures.cpu_us_per_request = static_cast<double>(cpu) / 1000.0 / figures.requests;
      figures.wall_us_per_request = wall_ms * 1000.0 / figures.requests;
    }
  }
  figures.rss_kb = rss_kb(host.pid());
  if (host.finish(5000) != 0) die("the host did not exit 0");
  return figures;
}

}  // namespace sauatty::bench
