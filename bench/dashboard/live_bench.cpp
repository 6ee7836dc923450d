// The live workshop view's delay: from a `requests` frame written to the
// real host's stdin (as the browser writes it) to the WebSocket snapshot
// that holds that request, received by a client that talks to the server as
// the page does. The host is started as the browser starts it and asked for
// the view with the `dashboard` message (docs/PROTOCOL.md).
//
//   sauatty-bench-dashboard-live [--host PATH] [--samples N]
//
// Two phases of N samples (default 200): an almost empty session, then a
// full one (500 sites, 300 companies, the session's bounds: the largest
// snapshot). Between samples a random pause of 0–200 ms, so that requests
// land anywhere in the server's 100 ms push cycle, as a browser's do. The
// host loads a synthetic list (one rule per tracker domain, written to a
// temporary folder) so that 300 companies exist. Prints p50 / p90 / p99 /
// max per phase and a JSON summary (docs/BENCHMARKS.md, "Workshop view").
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "soak/host_process.h"
#include "support/ws_client.h"

using Clock = std::chrono::steady_clock;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr int kSites = 500;
constexpr int kCompanies = 300;

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "sauatty-bench-dashboard-live: %s\n", why.c_str());
  std::exit(3);
}

json requests_message(int id, int site, const std::vector<int>& trackers) {
  json items = json::array();
  for (int t : trackers) {
    items.push_back({{"url", "https://cdn.tracker" + std::to_string(t) +
                                 ".example/p.js?n=" + std::to_string(id)},
                     {"type", "script"}});
  }
  return {{"id", id},
          {"type", "requests"},
          {"tab", 1},
          {"page", "https://www.site" + std::to_string(site) + ".example/article"},
          {"requests", std::move(items)}};
}

json next_snapshot(sauatty::testing::WsClient& client, Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left <= 0ms) fail("no snapshot in time");
  auto text = client.next(left);
  if (!text) fail("the WebSocket closed or timed out");
  return json::parse(*text);
}

struct Phase {
  std::vector<double> ms;
  std::size_t snapshot_bytes = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string host = SAUATTY_LIVE_DEFAULT_HOST;
  int samples = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--host") {
      host = argv[i + 1];
    } else if (option == "--samples") {
      samples = std::max(1, std::atoi(argv[i + 1]));
    } else {
      fail("unknown option " + option + " (usage: [--host PATH] [--samples N])");
    }
  }

  // One rule per tracker domain; no other list (--filters alone).
  const auto dir =
      std::filesystem::temp_directory_path() / ("sauatty-live-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream list(dir / "trackers.txt");
    for (int t = 0; t < kCompanies; ++t) list << "||tracker" << t << ".example^\n";
  }
  sauatty::soak::HostProcess process({host, "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/",
                                      "--filters", (dir / "trackers.txt").string(), "--no-cache"});
  auto send = [&](const json& message) {
    if (!process.write_frame(message.dump())) fail("the host closed its stdin");
  };
  auto answer = [&]() {
    auto body = process.read_frame(20000);
    if (!body) fail("the host did not answer");
    return json::parse(*body);
  };

  send({{"id", 0}, {"type", "dashboard"}, {"action", "start"}});
  json started = answer();
  std::smatch m;
  const std::string url = started.value("url", "");
  if (!std::regex_match(url, m,
                        std::regex(R"(http://127\.0\.0\.1:(\d+)/\?t=([0-9a-f]+)&lang=\w+)")))
    fail("no workshop url: " + started.dump());
  const auto port = static_cast<std::uint16_t>(std::stoi(m[1]));
  sauatty::testing::WsClient page(port, "/ws?t=" + std::string(m[2]),
                                  "http://127.0.0.1:" + std::to_string(port));
  if (!page.open()) fail("the WebSocket handshake failed");
  std::size_t expected = next_snapshot(page, Clock::now() + 10s)["totals"]["requests"];

  std::mt19937 random(42);
  int id = 1;
  auto measure = [&](Phase& phase) {
    for (int i = 0; i < samples; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(random() % 200));
      json message = requests_message(id++, static_cast<int>(random() % kSites),
                                      {static_cast<int>(random() % kCompanies)});
      ++expected;
      const auto t0 = Clock::now();
      send(message);
      const auto deadline = t0 + 10s;
      for (;;) {
        json s = next_snapshot(page, deadline);
        if (s["totals"]["requests"].get<std::size_t>() >= expected) {
          phase.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          phase.snapshot_bytes = std::max(phase.snapshot_bytes, s.dump().size());
          break;
        }
      }
      if (answer().value("ok", false) != true) fail("a requests message was refused");
    }
  };

  Phase empty, full;
  measure(empty);
  // Fill to the bounds: every site, every company, six links a site.
  for (int s = 0; s < kSites; ++s) {
    std::vector<int> trackers;
    for (int j = 0; j < 6; ++j) trackers.push_back((s * 7 + j * 50) % kCompanies);
    send(requests_message(id++, s, trackers));
    expected += trackers.size();
    answer();
  }
  for (const auto deadline = Clock::now() + 20s;;) {
    json s = next_snapshot(page, deadline);
    if (s["totals"]["requests"].get<std::size_t>() >= expected) {
      if (s["totals"]["sites"] != kSites || s["totals"]["companies"] != kCompanies)
        fail("the session did not fill: " + s["totals"].dump());
      break;
    }
  }
  measure(full);

  send({{"id", id++}, {"type", "dashboard"}, {"action", "stop"}});
  if (answer().value("running", true)) fail("stop did not stop");
  const int code = process.finish(10000);
  std::filesystem::remove_all(dir);

  json summary = json::object();
  for (auto [name, phase] : {std::pair{"empty", &empty}, std::pair{"full", &full}}) {
    auto& ms = phase->ms;
    std::sort(ms.begin(), ms.end());
    std::printf(
        "%-5s session: %d samples, frame written -> snapshot received: p50 %.1f ms, p90 %.1f ms, "
        "p99 %.1f ms, max %.1f ms (snapshot %zu bytes)\n",
        name, samples, sauatty::bench::quantile(ms, 0.5), sauatty::bench::quantile(ms, 0.9),
        sauatty::bench::quantile(ms, 0.99), ms.back(), phase->snapshot_bytes);
    summary[name] = {{"samples", samples},
                     {"p50_ms", sauatty::bench::quantile(ms, 0.5)},
                     {"p90_ms", sauatty::bench::quantile(ms, 0.9)},
                     {"p99_ms", sauatty::bench::quantile(ms, 0.99)},
                     {"max_ms", ms.back()},
                     {"snapshot_bytes", phase->snapshot_bytes}};
  }
  summary["host_exit"] = code;
  std::printf("%s\n", summary.dump().c_str());
  return code == 0 ? 0 : 1;
}
