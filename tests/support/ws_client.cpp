#include "support/ws_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace sauatty::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {
std::string host_header(std::uint16_t port, const std::string& host) {
  return host.empty() ? "127.0.0.1:" + std::to_string(port) : host;
}
tcp::endpoint loopback(std::uint16_t port) { return {net::ip::make_address("127.0.0.1"), port}; }

// Runs `ioc` until `done` or `timeout`; on timeout cancels `socket`'s
// operations and lets their handlers run. Whether it finished in time.
bool run_bounded(net::io_context& ioc, tcp::socket& socket, const bool& done,
                 std::chrono::milliseconds timeout) {
  ioc.restart();
  ioc.run_for(timeout);
  if (done) return true;
  beast::error_code ignored;
  socket.cancel(ignored);
  ioc.restart();
  ioc.run();
  return false;
}
}  // namespace

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  websocket::response_type response;
  bool open = false;
  bool timed_out = false;
  std::optional<int> close_code;
};

WsClient::WsClient(std::uint16_t port, const std::string& target, const std::string& origin,
                   const std::string& host)
    : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  impl_->ws.next_layer().connect(loopback(port), ec);
  if (ec) return;
  if (!origin.empty()) {
    impl_->ws.set_option(websocket::stream_base::decorator(
        [origin](websocket::request_type& req) { req.set(http::field::origin, origin); }));
  }
  impl_->ws.handshake(impl_->response, host_header(port, host), target, ec);
  impl_->open = !ec;
}

WsClient::~WsClient() = default;

bool WsClient::open() const { return impl_->open; }

int WsClient::handshake_status() const { return static_cast<int>(impl_->response.result_int()); }

bool WsClient::timed_out() const { return impl_->timed_out; }

std::optional<int> WsClient::close_code() const { return impl_->close_code; }

std::optional<std::string> WsClient::next(std::chrono::milliseconds timeout) {
  if (!impl_->open) return std::nullopt;
  beast::flat_buffer buffer;
  bool done = false;
  beast::error_code result;
  impl_->ws.async_read(buffer, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!run_bounded(impl_->ioc, impl_->ws.next_layer(), done, timeout)) {
    // Cancelling the read leaves the stream unusable: the client closes.
    impl_->open = false;
    impl_->timed_out = true;
    return std::nullopt;
  }
  if (result) {
    impl_->open = false;
    if (result == websocket::error::closed) impl_->close_code = impl_->ws.reason().code;
    return std::nullopt;
  }
  return beast::buffers_to_string(buffer.data());
}

void WsClient::send(const std::string& text) {
  if (impl_->open) impl_->ws.write(net::buffer(text));
}

std::string HttpReply::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (beast::iequals(key, name)) return value;
  return {};
}

HttpReply http_request(std::uint16_t port, const std::string& target, const std::string& host,
                       const std::string& method) {
  HttpReply reply;
  net::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(loopback(port), ec);
  if (ec) return reply;
  http::request<http::empty_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, host_header(port, host));
  http::write(socket, req, ec);
  if (ec) return reply;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);
  parser.skip(method == "HEAD");  // a HEAD answer has headers only
  http::read(socket, buffer, parser, ec);
  if (ec) return reply;
  auto res = parser.release();
  reply.status = static_cast<int>(res.result_int());
  for (const auto& field : res) reply.headers.emplace_back(field.name_string(), field.value());
  reply.body = std::move(res.body());
  return reply;
}

int http_get_status(std::uint16_t port, const std::string& target, const std::string& host) {
  return http_request(port, target, host).status;
}

bool accepts_connections(std::uint16_t port) { return IdleConnection(port).connected(); }

struct IdleConnection::Impl {
  net::io_context ioc;
  tcp::socket socket{ioc};
  bool connected = false;
};

IdleConnection::IdleConnection(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  impl_->socket.connect(loopback(port), ec);
  impl_->connected = !ec;
}

IdleConnection::~IdleConnection() = default;
IdleConnection::IdleConnection(IdleConnection&&) noexcept = default;

bool IdleConnection::connected() const { return impl_->connected; }

bool IdleConnection::closed_by_server(std::chrono::milliseconds timeout) {
  if (!impl_->connected) return false;
  char byte;
  bool done = false;
  beast::error_code result;
  impl_->socket.async_read_some(net::buffer(&byte, 1), [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!run_bounded(impl_->ioc, impl_->socket, done, timeout)) return false;
  return result == net::error::eof || result == net::error::connection_reset;
}

}  // namespace sauatty::testing
