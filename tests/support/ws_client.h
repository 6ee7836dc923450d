// A client of the workshop server (native-host/dashboard/server.h) that
// talks to it as its page does, for tests and benchmarks: Boost.Beast over
// a real socket on 127.0.0.1, blocking, every wait bounded.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace sauatty::testing {

class WsClient {
 public:
  // Connects to 127.0.0.1:port and asks for `target` ("/ws?t=TOKEN"),
  // sending `origin` ("" sends no Origin) and the Host header `host` (""
  // sends 127.0.0.1:PORT). A refused connection or handshake leaves the
  // client closed (open() false).
  WsClient(std::uint16_t port, const std::string& target, const std::string& origin,
           const std::string& host = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  bool open() const;
  // The handshake answer's HTTP status: 101 when open, 403 when refused, 0
  // when no answer came.
  int handshake_status() const;
  // The next message; nullopt on close, error, or after `timeout`.
  std::optional<std::string> next(std::chrono::milliseconds timeout);
  void send(const std::string& text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The status of one GET of `target` on a fresh connection with the Host
// header `host` ("" sends 127.0.0.1:PORT); -1 when the connection fails.
int http_get_status(std::uint16_t port, const std::string& target, const std::string& host = {});

// Whether 127.0.0.1:port accepts a TCP connection.
bool accepts_connections(std::uint16_t port);

}  // namespace sauatty::testing
