// A replay of N requests (default 10,000) classified by the host's rules and
// pushed to a page: the time from the page's WebSocket handshake to the
// snapshot that holds all N, at the fastest speed, through the real server
// on 127.0.0.1 and a Beast client. Also the classification alone.
//   sauatty-bench-dashboard [N] [RUNS]
// Prints one line per run and a JSON summary (docs/BENCHMARKS.md).
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "dashboard/server.h"
#include "har/har.h"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using Clock = std::chrono::steady_clock;
using namespace sauatty;

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 10'000;
  const int runs = argc > 2 ? std::stoi(argv[2]) : 5;
  auto example = har::read_har_file(SAUATTY_EXAMPLE_HAR);
  auto rules = store::load_rule_set({});
  if (!example || !rules) {
    std::cerr << "bench: cannot load the example or the rules\n";
    return 3;
  }
  // N requests: the example's, each copy from another site (up to the
  // session's 500), so that sites, companies and links all grow.
  std::vector<har::Entry> entries;
  for (std::size_t i = 0; entries.size() < n; ++i) {
    for (const auto& e : *example) {
      if (entries.size() == n) break;
      har::Entry copy = e;
      const std::string site = "https://site" + std::to_string(i % 700) + ".kz/";
      copy.page_url = site;
      if (copy.type == "main_frame") copy.url = site;
      entries.push_back(std::move(copy));
    }
  }

  std::vector<double> classify_ms, pushed_ms;
  for (int run = 0; run < runs; ++run) {
    auto t0 = Clock::now();
    dashboard::Session session;
    for (const auto& e : entries)
      session.add(*dashboard::classify(**rules, e.url, e.page_url, e.type));
    classify_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());

    dashboard::ServerOptions options;
    options.replay_speed = 0;
    auto server = dashboard::Server::start(*rules, options, entries);
    if (!server) {
      std::cerr << "bench: " << server.error() << "\n";
      return 3;
    }
    net::io_context ioc;
    websocket::stream<net::ip::tcp::socket> ws(ioc);
    ws.next_layer().connect({net::ip::make_address("127.0.0.1"), (*server)->port()});
    const std::string origin = "http://127.0.0.1:" + std::to_string((*server)->port());
    ws.set_option(websocket::stream_base::decorator(
        [&](websocket::request_type& req) { req.set(beast::http::field::origin, origin); }));
    ws.handshake("127.0.0.1:" + std::to_string((*server)->port()), "/ws?t=" + (*server)->token());
    const auto start = Clock::now();
    std::size_t seen = 0, messages = 0;
    while (seen < n) {
      beast::flat_buffer buffer;
      ws.read(buffer);
      ++messages;
      auto j = nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
      seen = j["totals"]["requests"].get<std::size_t>();
    }
    pushed_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    std::printf(
        "run %d: %zu requests classified and pushed in %.1f ms (%zu snapshots); classification "
        "alone %.1f ms\n",
        run + 1, n, pushed_ms.back(), messages, classify_ms.back());
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf(
      "{\"requests\": %zu, \"runs\": %d, \"pushed_ms_median\": %.1f, \"pushed_ms_max\": %.1f, "
      "\"classify_ms_median\": %.1f}\n",
      n, runs, median(pushed_ms), *std::max_element(pushed_ms.begin(), pushed_ms.end()),
      median(classify_ms));
  return 0;
}
