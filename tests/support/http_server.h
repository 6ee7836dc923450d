// A real HTTP/1.1 server on 127.0.0.1 (Boost.Beast), for tests of list
// downloads: it serves fixed routes from a thread until destroyed, one
// request at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace sauatty::testing {

struct Route {
  Route(int status_code = 200, std::string response_body = {}, std::string redirect_to = {},
        int stall_for_ms = 0)
      : status(status_code),
        body(std::move(response_body)),
        location(std::move(redirect_to)),
        stall_ms(stall_for_ms) {}
  int status;
  std::string body;
  std::string location;  // set for redirects
  // When set, the headers and the first half of the body are sent, then
  // nothing for this long (a stalled server), then the rest.
  int stall_ms;
};

class HttpServer {
 public:
  explicit HttpServer(std::map<std::string, Route> routes);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path) const;
  int requests_served() const { return served_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::map<std::string, Route> routes_;
  std::atomic<int> served_{0};
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace sauatty::testing
