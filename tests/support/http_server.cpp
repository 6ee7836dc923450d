#include "support/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>

namespace sauatty::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::atomic<bool> stopping{false};
};

namespace {

// Waits `ms`, or until the server stops.
void wait_or_stop(int ms, const std::atomic<bool>& stopping) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!stopping && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Sends the headers and half the body, waits `stall_ms` (or until the
// server stops), then sends the rest; errors (the client gave up) end it.
void write_stalled(tcp::socket& socket, http::response<http::string_body>& response, int stall_ms,
                   const std::atomic<bool>& stopping) {
  boost::system::error_code ec;
  http::response_serializer<http::string_body> serializer(response);
  http::write_header(socket, serializer, ec);
  const std::string& body = response.body();
  std::size_t half = body.size() / 2;
  if (!ec) asio::write(socket, asio::buffer(body.data(), half), ec);
  if (!ec) wait_or_stop(stall_ms, stopping);
  if (!ec) asio::write(socket, asio::buffer(body.data() + half, body.size() - half), ec);
}

// Sends the headers (with the whole body's Content-Length) and the first
// `bytes` of the body, then closes: a transfer cut short.
void write_truncated(tcp::socket& socket, http::response<http::string_body>& response,
                     std::size_t bytes) {
  boost::system::error_code ec;
  http::response_serializer<http::string_body> serializer(response);
  http::write_header(socket, serializer, ec);
  const std::string& body = response.body();
  if (!ec) asio::write(socket, asio::buffer(body.data(), std::min(bytes, body.size())), ec);
}

}  // namespace

void HttpServer::set_route(const std::string& path, Route route) {
  std::lock_guard lock(mutex_);
  routes_[path] = std::move(route);
}

std::vector<Request> HttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

HttpServer::HttpServer(std::map<std::string, Route> routes)
    : impl_(std::make_unique<Impl>()), routes_(std::move(routes)) {
  port_ = impl_->acceptor.local_endpoint().port();
  thread_ = std::thread([this] {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket(impl_->io);
      impl_->acceptor.accept(socket, ec);
      if (ec || impl_->stopping) return;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      Request seen{std::string(request.target()), std::string(request[http::field::if_none_match]),
                   std::string(request[http::field::if_modified_since])};
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(seen);
      }
      http::response<http::string_body> response;
      std::unique_lock routes_lock(mutex_);
      auto route = routes_.find(seen.target);
      std::optional<Route> found;
      if (route != routes_.end()) found = route->second;
      routes_lock.unlock();
      bool not_modified = false;
      if (!found) {
        response.result(http::status::not_found);
        response.body() = "not found";
      } else {
        const Route& r = *found;
        not_modified =
            !seen.if_none_match.empty()
                ? (!r.etag.empty() && seen.if_none_match == r.etag)
                : (!r.last_modified.empty() && seen.if_modified_since == r.last_modified);
        response.result(not_modified ? 304u : static_cast<unsigned>(r.status));
        if (!not_modified) response.body() = r.body;
        if (!r.location.empty()) response.set(http::field::location, r.location);
        if (!r.etag.empty()) response.set(http::field::etag, r.etag);
        if (!r.last_modified.empty()) response.set(http::field::last_modified, r.last_modified);
      }
      response.version(request.version());
      response.keep_alive(false);
      response.prepare_payload();
      if (found && found->delay_ms > 0) wait_or_stop(found->delay_ms, impl_->stopping);
      if (found && !not_modified && found->truncate_at >= 0) {
        write_truncated(socket, response, static_cast<std::size_t>(found->truncate_at));
      } else if (found && found->stall_ms > 0) {
        write_stalled(socket, response, found->stall_ms, impl_->stopping);
      } else {
        http::write(socket, response, ec);
      }
      ++served_;
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  });
}

HttpServer::~HttpServer() {
  impl_->stopping = true;
  boost::system::error_code ec;
  tcp::socket poke(impl_->io);
  poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);  // wakes accept()
  thread_.join();
}

std::string HttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace sauatty::testing
