// A real HTTP/1.1 server on 127.0.0.1 (Boost.Beast), for tests of list
// downloads: it serves fixed routes from a thread until destroyed, one
// request at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
  // When set, sent as ETag / Last-Modified; a request whose If-None-Match
  // (or, without one, If-Modified-Since) names them is answered 304.
  std::string etag = {};
  std::string last_modified = {};
  // When set, Content-Length announces the whole body but only this many
  // bytes of it are sent before the connection closes (a truncated answer).
  int truncate_at = -1;
  // When set, nothing is sent for this long before the answer (a slow
  // server; the wait ends early when the server stops).
  int delay_ms = 0;
};

// What the server was asked, in order.
struct Request {
  std::string target;
  std::string if_none_match;
  std::string if_modified_since;
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
  // Every request read so far (a copy: the server's thread appends).
  std::vector<Request> requests() const;
  // Serves `route` at `path` from the next request on.
  void set_route(const std::string& path, Route route);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::map<std::string, Route> routes_;
  std::atomic<int> served_{0};
  mutable std::mutex mutex_;
  std::vector<Request> requests_;  // guarded by mutex_
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace sauatty::testing
