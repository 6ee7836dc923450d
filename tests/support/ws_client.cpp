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
}  // namespace

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  websocket::response_type response;
  bool open = false;
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

std::optional<std::string> WsClient::next(std::chrono::milliseconds timeout) {
  if (!impl_->open) return std::nullopt;
  beast::flat_buffer buffer;
  bool done = false;
  beast::error_code result;
  impl_->ws.async_read(buffer, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  impl_->ioc.restart();
  impl_->ioc.run_for(timeout);
  if (!done) {
    // Cancelling the read leaves the stream unusable: the client closes.
    beast::error_code ignored;
    impl_->ws.next_layer().cancel(ignored);
    impl_->ioc.restart();
    impl_->ioc.run();
    impl_->open = false;
    return std::nullopt;
  }
  if (result) {
    impl_->open = false;
    return std::nullopt;
  }
  return beast::buffers_to_string(buffer.data());
}

void WsClient::send(const std::string& text) {
  if (impl_->open) impl_->ws.write(net::buffer(text));
}

int http_get_status(std::uint16_t port, const std::string& target, const std::string& host) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(loopback(port), ec);
  if (ec) return -1;
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, host_header(port, host));
  http::write(socket, req, ec);
  if (ec) return -1;
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res, ec);
  if (ec) return -1;
  return static_cast<int>(res.result_int());
}

bool accepts_connections(std::uint16_t port) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(loopback(port), ec);
  return !ec;
}

}  // namespace sauatty::testing
