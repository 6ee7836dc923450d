// Clients of the workshop server (native-host/dashboard/server.h) that talk
// to it as its page and as a browser do, for tests and benchmarks:
// Boost.Beast over real sockets on 127.0.0.1, blocking, every wait bounded.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
  // The next message; nullopt on close, error, or after `timeout`. Once it
  // returned nullopt the client is closed.
  std::optional<std::string> next(std::chrono::milliseconds timeout);
  void send(const std::string& text);

  // How the last next() that returned nullopt ended: by its timeout (the
  // socket stayed open and silent), else the server closed or dropped it.
  bool timed_out() const;
  // The code of the server's close frame (1009: message too big) when the
  // socket ended with one; nullopt when it ended otherwise or is open.
  std::optional<int> close_code() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One HTTP request's answer.
struct HttpReply {
  int status = -1;  // -1: no answer (connection refused or dropped)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The value of the header `name` (any case), "" when absent.
  std::string header(const std::string& name) const;
};

// One request (`method` "GET", "HEAD", "POST", …) of `target` on a fresh
// connection with the Host header `host` ("" sends 127.0.0.1:PORT); bodies
// up to 64 MiB.
HttpReply http_request(std::uint16_t port, const std::string& target, const std::string& host = {},
                       const std::string& method = "GET");

// http_request(port, target, host).status.
int http_get_status(std::uint16_t port, const std::string& target, const std::string& host = {});

// Whether 127.0.0.1:port accepts a TCP connection.
bool accepts_connections(std::uint16_t port);

// A TCP connection to 127.0.0.1:port that sends nothing: what a client that
// holds a socket open and idle looks like to the server.
class IdleConnection {
 public:
  explicit IdleConnection(std::uint16_t port);
  ~IdleConnection();
  IdleConnection(IdleConnection&&) noexcept;
  IdleConnection(const IdleConnection&) = delete;
  IdleConnection& operator=(const IdleConnection&) = delete;

  bool connected() const;
  // Whether the server closed it (end of file within `timeout`).
  bool closed_by_server(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sauatty::testing
