#include "soak/soak_run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "soak/host_process.h"
#include "soak/proc_stats.h"

namespace sauatty::soak {
namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  Clock::time_point sent;
  std::string expected_error;
  bool judged = false;       // sent after the warm-up
  bool during_swap = false;  // sent while a live swap ran, or within 3 s of its end
};

// Shared by the writer (main thread) and the reader.
struct Exchange {
  std::mutex mutex;
  std::condition_variable answered;
  std::unordered_map<std::int64_t, Pending> pending;
  std::vector<double> latencies_ms;  // answers completed in this interval
  std::uint64_t answers = 0;         // in all
  std::uint64_t unexpected = 0;      // wrong answers, in all
  std::uint64_t slot_errors = 0;     // `requests` items answered with an error
  bool reader_done = false;          // end of the host's output, or a timeout
  // With live swaps: every judged answer's latency, by when it was sent.
  bool keep_all = false;
  std::vector<double> swap_ms, calm_ms;
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Live swaps (SoakOptions::swap_every), run on their own thread.
struct Swaps {
  // A message sent before this (steady clock ticks) is sent "during a swap":
  // the swap's command is running, or ended less than 3 s ago (the host
  // looks at its cache once a second, then loads and adopts it).
  std::atomic<Clock::rep> window_end{0};
  std::atomic<int> done{0}, failed{0};
};

bool during_swap(const Swaps& swaps) {
  return Clock::now().time_since_epoch().count() < swaps.window_end.load();
}

void run_swaps(const SoakOptions& o, Clock::time_point start, Swaps& swaps,
               const std::atomic<bool>& stop) {
  double next = o.warmup + o.swap_every;
  while (!stop && next < o.seconds - o.swap_every) {
    if (seconds_since(start) < next) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    swaps.window_end = Clock::time_point::max().time_since_epoch().count();
    const auto began = Clock::now();
    const int code = run_to_end(o.swap_argv, 10);
    const double took = seconds_since(began);
    swaps.window_end = (Clock::now() + std::chrono::seconds(3)).time_since_epoch().count();
    ++swaps.done;
    if (code != 0) ++swaps.failed;
    std::printf("soak: live swap %d at %.1f s: the command took %.2f s, exit %d\n",
                swaps.done.load(), next, took, code);
    std::fflush(stdout);
    next += o.swap_every;
  }
}

void report_unexpected(Exchange& ex, const std::string& what) {
  // Caller holds the mutex. The first few are shown; all are counted.
  if (++ex.unexpected <= 5) std::fprintf(stderr, "soak: unexpected answer: %s\n", what.c_str());
}

// Checks one complete answer against what was asked. Caller holds the mutex.
void judge(Exchange& ex, const nlohmann::json& answer, const Pending& asked) {
  const bool ok = answer.value("ok", false);
  std::string code;
  if (!ok && answer.contains("error") && answer["error"].is_object())
    code = answer["error"].value("code", "");
  if (asked.expected_error.empty() && !ok) {
    report_unexpected(ex, "error " + code + " for message " + answer["id"].dump());
  } else if (!asked.expected_error.empty() && code != asked.expected_error) {
    report_unexpected(
        ex, "expected error " + asked.expected_error + ", got " + answer.dump().substr(0, 200));
  }
  // The real corpus holds a few URLs that do not parse: their slots say
  // so. Any other slot error is the host's mistake.
  if (ok && answer.contains("results") && answer["results"].is_array()) {
    for (const auto& r : answer["results"]) {
      if (!r.is_object() || !r.contains("error")) continue;
      ++ex.slot_errors;
      std::string slot_code = r["error"].is_object() ? r["error"].value("code", "") : "";
      if (slot_code != "invalid_url")
        report_unexpected(ex, "a request slot answered " + r.dump().substr(0, 200));
    }
  }
}

void read_answers(HostProcess& host, Exchange& ex, const std::atomic<bool>& sending_done) {
  for (;;) {
    auto frame = host.read_frame(10000);
    const auto received = Clock::now();
    auto answer = frame ? nlohmann::json::parse(*frame, nullptr, false) : nlohmann::json();
    std::lock_guard lock(ex.mutex);
    if (!frame) {
      if (!(sending_done && ex.pending.empty())) {
        std::fprintf(stderr, "soak: the host stopped answering with %zu answers outstanding\n",
                     ex.pending.size());
        ++ex.unexpected;
      }
      ex.reader_done = true;
      ex.answered.notify_all();
      return;
    }
    if (!answer.is_object() || !answer.contains("id") || !answer["id"].is_number_integer()) {
      report_unexpected(ex, "a frame without a message id: " + frame->substr(0, 200));
      continue;
    }
    if (answer.value("more", false)) continue;  // a split answer goes on
    auto it = ex.pending.find(answer["id"].get<std::int64_t>());
    if (it == ex.pending.end()) {
      report_unexpected(ex, "an answer to no message: " + answer["id"].dump());
      continue;
    }
    const double ms = std::chrono::duration<double, std::milli>(received - it->second.sent).count();
    ex.latencies_ms.push_back(ms);
    if (ex.keep_all && it->second.judged)
      (it->second.during_swap ? ex.swap_ms : ex.calm_ms).push_back(ms);
    judge(ex, answer, it->second);
    ex.pending.erase(it);
    ++ex.answers;
    if (sending_done && ex.pending.empty()) {
      // Nothing more will come: stop before the host is told to finish.
      ex.reader_done = true;
      ex.answered.notify_all();
      return;
    }
    ex.answered.notify_all();
  }
}

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1,
                         static_cast<std::size_t>(q * static_cast<double>(sorted.size())))];
}

struct Mark {
  double at = 0;
  std::uint64_t sent = 0;
  std::uint64_t answers = 0;
};

// Prints one interval's line; returns the process figures it read.
ProcSample print_interval(HostProcess& host, Exchange& ex, const Mark& from, const Mark& to,
                          double cpu_before) {
  std::vector<double> lat;
  {
    std::lock_guard lock(ex.mutex);
    lat.swap(ex.latencies_ms);
  }
  std::sort(lat.begin(), lat.end());
  ProcSample s = sample_process(host.pid());
  double span = std::max(1e-9, to.at - from.at);
  std::printf("%7.1f %9.0f %9.0f %8.3f %8.3f %8.3f %9.1f %9.1f %5d %5.0f\n", to.at,
              static_cast<double>(to.sent - from.sent) / span,
              static_cast<double>(to.answers - from.answers) / span, percentile(lat, 0.50),
              percentile(lat, 0.99), lat.empty() ? 0.0 : lat.back(), s.rss_kb / 1024.0,
              s.hwm_kb / 1024.0, s.fds, 100 * (s.cpu_s - cpu_before) / span);
  std::fflush(stdout);
  return s;
}

// What a run measured, for the verdict.
struct Figures {
  Mark warm, end;              // at the end of the warm-up, and of the run
  ProcSample at_warm, at_end;  // the host's figures then
  double sending_time = 0;     // seconds from the start to the last message sent
  bool host_gone = false;      // it closed its input while we wrote
  int exit_code = 0;           // once its input ended
};

// Prints the summary, then each bound broken; returns the exit code.
// With live swaps, the latency of answers sent during one and of the rest.
void print_swap_latencies(Exchange& ex, const Swaps& swaps) {
  std::printf("soak: %d live swaps, %d failed\n", swaps.done.load(), swaps.failed.load());
  for (auto* part : {&ex.swap_ms, &ex.calm_ms}) {
    std::sort(part->begin(), part->end());
    std::printf("soak: %s: %zu answers, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
                part == &ex.swap_ms ? "sent during a live swap (its command, then 3 s)"
                                    : "sent at other times",
                part->size(), percentile(*part, 0.5), percentile(*part, 0.99),
                percentile(*part, 0.999), part->empty() ? 0.0 : part->back());
  }
}

int verdict(const SoakOptions& o, const Figures& f, const Exchange& ex, const Swaps& swaps) {
  const std::uint64_t judged = f.end.sent - f.warm.sent;
  const long growth = f.at_end.rss_kb - f.at_warm.rss_kb;
  const double rate = static_cast<double>(judged) / std::max(1e-9, f.sending_time - f.warm.at);
  const double cpu = f.at_end.cpu_s - f.at_warm.cpu_s;
  std::printf(
      "soak: %llu messages, %llu answers, %llu request slots refused (unparsable URLs of the "
      "corpus)\n",
      static_cast<unsigned long long>(f.end.sent), static_cast<unsigned long long>(f.end.answers),
      static_cast<unsigned long long>(ex.slot_errors));
  std::printf(
      "soak: after warm-up: %.0f messages/s; RSS %.1f -> %.1f MB (%+ld kB), peak %.1f MB; fds %d "
      "-> %d\n",
      rate, f.at_warm.rss_kb / 1024.0, f.at_end.rss_kb / 1024.0, growth, f.at_end.hwm_kb / 1024.0,
      f.at_warm.fds, f.at_end.fds);
  std::printf("soak: the host used %.1f CPU-seconds after warm-up: %.1f µs per message\n", cpu,
              1e6 * cpu / static_cast<double>(std::max<std::uint64_t>(1, judged)));
  std::fflush(stdout);
  int code = 0;
  auto fail = [&](const char* what) {
    std::fprintf(stderr, "soak: FAIL: %s\n", what);
    code = 1;
  };
  if (f.at_warm.rss_kb < 0 || f.at_end.rss_kb < 0 || f.at_warm.fds < 0 || f.at_end.fds < 0) {
    fail(
        "could not read the host's /proc figures (another user's non-dumpable process: run as its "
        "user or root)");
  }
  if (growth > o.max_rss_growth_kb) fail("RSS grew after warm-up beyond the bound");
  if (f.at_end.fds > f.at_warm.fds) fail("the host holds more descriptors than after warm-up");
  if (ex.unexpected > 0) fail("unexpected answers (see above)");
  if (f.host_gone) fail("the host closed its input");
  if (f.exit_code != 0) fail("the host did not exit 0 at the end of its input");
  if (rate < o.rate * o.min_rate_share) fail("the host could not be driven at the requested rate");
  if (swaps.failed > 0) fail("a live swap's command failed");
  std::printf("soak: %s\n", code == 0 ? "PASS" : "FAIL");
  return code;
}

}  // namespace

int run_soak(const SoakOptions& o, Traffic traffic) {
  HostProcess host(o.host_argv);
  Exchange ex;
  std::atomic<bool> sending_done = false;
  ex.keep_all = o.swap_every > 0;
  std::thread reader(read_answers, std::ref(host), std::ref(ex), std::cref(sending_done));

  std::printf(
      "soak: host pid %d, %.0f s (warm-up %.0f s) at %.0f messages/s, at most %zu awaited\n",
      static_cast<int>(host.pid()), o.seconds, o.warmup, o.rate, o.window);
  std::printf("%7s %9s %9s %8s %8s %8s %9s %9s %5s %5s\n", "t(s)", "sent/s", "answd/s", "p50(ms)",
              "p99(ms)", "max(ms)", "RSS(MB)", "HWM(MB)", "fds", "cpu%");
  const auto start = Clock::now();
  Swaps swaps;
  std::thread swapper;
  if (o.swap_every > 0)
    swapper = std::thread(run_swaps, std::cref(o), start, std::ref(swaps), std::cref(sending_done));
  const auto period = std::chrono::duration<double>(1.0 / o.rate);
  std::uint64_t sent = 0;
  Figures f;
  Mark last;
  ProcSample now;
  now.cpu_s = 0;  // the host has just started
  bool warmed = false;
  double next_line = o.interval;
  auto mark = [&](double t) {
    std::lock_guard lock(ex.mutex);
    return Mark{t, sent, ex.answers};
  };

  while (!f.host_gone) {
    double t = seconds_since(start);
    if (t >= o.seconds) break;
    if (!warmed && t >= o.warmup) {
      warmed = true;
      f.at_warm = sample_process(host.pid());
      f.warm = mark(t);
    }
    if (t >= next_line) {
      Mark m = mark(t);
      now = print_interval(host, ex, last, m, now.cpu_s);
      last = m;
      next_line += o.interval;
    }
    std::this_thread::sleep_until(start +
                                  std::chrono::duration_cast<Clock::duration>(period * sent));
    Message m = traffic.next();
    {
      std::unique_lock lock(ex.mutex);
      ex.answered.wait(lock, [&] { return ex.pending.size() < o.window || ex.reader_done; });
      if (ex.reader_done) break;
      ex.pending.emplace(
          m.id, Pending{Clock::now(), std::move(m.expected_error), warmed, during_swap(swaps)});
    }
    if (!host.write_frame(m.body)) f.host_gone = true;
    ++sent;
  }

  // Collect the last answers, then judge the figures of a host still running.
  f.sending_time = seconds_since(start);
  {
    std::unique_lock lock(ex.mutex);
    sending_done = true;
    ex.answered.wait_for(lock, std::chrono::seconds(15),
                         [&] { return ex.pending.empty() || ex.reader_done; });
  }
  f.end = mark(seconds_since(start));
  f.at_end = print_interval(host, ex, last, f.end, now.cpu_s);
  if (swapper.joinable()) swapper.join();
  f.exit_code = host.finish(5000);
  reader.join();
  if (o.swap_every > 0) print_swap_latencies(ex, swaps);
  if (!warmed) {
    std::fprintf(stderr, "soak: the run ended before its warm-up did; nothing to judge\n");
    return 3;
  }
  return verdict(o, f, ex, swaps);
}

}  // namespace sauatty::soak
