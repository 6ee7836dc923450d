// The workshop view's server: HTTP + WebSocket (Boost.Beast) on 127.0.0.1
// only, on one I/O thread of its own. It serves the embedded page and pushes
// the session (dashboard/session.h) to every connected page when it changed:
// every push_interval, and a live request at once when no push went out for
// an interval (so at most two pushes an interval); a page sends back play /
// pause / step / speed / reset.
//
// Security (docs/WORKSHOP.md): every request must carry the run's random
// token (?t=…; else 403); the Host header must be 127.0.0.1:PORT or
// localhost:PORT (no DNS rebinding; else 403); a WebSocket handshake must
// come from the page's own Origin (else 403); only the embedded files are
// served (anything else 404); only GET and HEAD (else 405). Connections are
// bounded (the oldest plain HTTP one is closed to admit a new one), so are
// WebSocket clients, request headers, a page's messages (a larger one closes
// its socket) and each client's queue of pushes (a client that falls behind
// is dropped, never buffered without end). Nothing is logged.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dashboard/session.h"
#include "har/har.h"
#include "store/rule_set.h"

namespace sauatty::dashboard {

struct ServerOptions {
  std::uint16_t port = 0;   // 0: a free port the system picks
  std::string lang = "en";  // the page's first language: en, ru or kk
  std::size_t max_connections = 64;
  std::size_t max_websockets = 8;
  std::size_t max_queue = 16;             // pushes waiting for one client before it is dropped
  std::size_t max_client_message = 4096;  // bytes of one message from the page
  std::size_t max_header_bytes = 8192;
  std::chrono::milliseconds push_interval{100};
  std::chrono::seconds request_timeout{10};  // a request's headers must arrive within this
  double replay_speed = 1;                   // one of Replay::kSpeeds
  SessionLimits limits;
};

struct ServerStats {
  std::size_t connections = 0;  // open TCP connections, WebSockets included
  std::size_t websockets = 0;
  std::size_t dropped_slow = 0;  // clients dropped for falling behind
  std::size_t refused = 0;       // requests answered 403
  std::size_t requests = 0;      // requests in the session
  std::size_t live_dropped = 0;  // live requests dropped because the host was behind
};

class Server {
 public:
  // Binds 127.0.0.1:port and starts serving on a thread of its own. With
  // `replay`, the recording plays when the first page connects.
  static std::expected<std::unique_ptr<Server>, std::string> start(
      std::shared_ptr<const store::RuleSet> rules, ServerOptions options,
      std::optional<std::vector<har::Entry>> replay = std::nullopt);
  ~Server();  // stops and joins
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  const std::string& token() const;
  // http://127.0.0.1:PORT/?t=TOKEN&lang=LANG, in the options' language
  // unless `lang` (en, ru or kk) names another.
  std::string url(std::string_view lang = {}) const;

  // Thread safe. A live request (the browser's), classified and added on the
  // server's thread; dropped and counted when more than 10,000 wait.
  void feed(std::string request_url, std::string page_url, std::string type);
  // Thread safe, never waits for the server's thread: requests already
  // judged (dashboard::observe), added in one post. The whole batch is
  // dropped and counted when it would make more than 10,000 wait.
  void feed(std::vector<Observation> observations);
  // Thread safe; wait for the server's thread to answer.
  ServerStats stats();
  std::string csv();
  // Blocks until stop() (from any thread) or a signal the caller handles.
  void wait();
  void stop();

  struct Impl;

 private:
  explicit Server(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// A random token: 32 lower-case hex digits from the system's random source.
std::string random_token();

}  // namespace sauatty::dashboard
