#include "dashboard/server.h"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdio>
#include <deque>
#include <future>
#include <list>
#include <random>
#include <string_view>
#include <thread>

#include "dashboard/assets.h"
#include "dashboard/replay.h"
#include "url/ascii.h"

namespace sauatty::dashboard {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string random_token() {
  std::random_device device;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    std::array<char, 9> hex{};
    std::snprintf(hex.data(), hex.size(), "%08x", static_cast<unsigned>(device()));
    out += hex.data();
  }
  return out;
}

namespace {

class HttpSession;
class WsSession;

// Equal strings, in a time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// The value of `name` in a query string ("t=abc&lang=ru"), undecoded.
std::string_view query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
      return part.substr(name.size() + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  ServerOptions options;
  std::shared_ptr<const store::RuleSet> rules;
  std::string token = random_token();
  std::uint16_t port = 0;
  Session session;
  std::optional<Replay> replay;
  bool replay_started = false;

  net::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  net::steady_timer push_timer{ioc};
  net::steady_timer replay_timer{ioc};
  std::thread thread;

  std::list<std::weak_ptr<HttpSession>> http_sessions;  // oldest first
  std::list<std::weak_ptr<WsSession>> ws_sessions;
  std::size_t connections = 0;
  std::size_t websockets = 0;
  std::size_t dropped_slow = 0;
  std::size_t refused = 0;
  std::size_t unreadable = 0;
  std::atomic<std::size_t> live_pending{0};
  std::atomic<std::size_t> live_dropped{0};
  std::uint64_t pushed_version = ~std::uint64_t{0};
  Clock::time_point last_push{};
  std::string pushed_replay;
  bool stopping = false;
  std::atomic<bool> stop_requested{false};

  Impl(std::shared_ptr<const store::RuleSet> r, ServerOptions o)
      : options(std::move(o)), rules(std::move(r)), session(options.limits) {}

  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void push_tick();
  void broadcast(bool force);
  // Live requests are pushed at once when no push went out for a push
  // interval (else the timer's next tick pushes them): the page sees a
  // request a few ms after the browser sent it, not up to 100 ms later, and
  // there are still at most two pushes an interval.
  void push_live() {
    if (Clock::now() - last_push >= options.push_interval) broadcast(false);
  }
  std::shared_ptr<const std::string> snapshot_message();
  void add(std::string_view url, std::string_view page, std::string_view type) {
    auto o = classify(*rules, url, page, type);
    if (o) {
      session.add(*o);
    } else {
      ++unreadable;
    }
  }
  void drive_replay();
  void page_connected();
  void command(std::string_view text);
  void shutdown();

  bool host_ok(std::string_view host) const {
    const std::string suffix = ":" + std::to_string(port);
    return url::iequals_ascii(host, "127.0.0.1" + suffix) ||
           url::iequals_ascii(host, "localhost" + suffix);
  }
  bool origin_ok(std::string_view origin) const {
    const std::string suffix = ":" + std::to_string(port);
    return url::iequals_ascii(origin, "http://127.0.0.1" + suffix) ||
           url::iequals_ascii(origin, "http://localhost" + suffix);
  }
};

namespace {

// One WebSocket client: the page.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& socket, std::shared_ptr<Server::Impl> impl)
      : ws_(std::move(socket)), impl_(std::move(impl)) {
    ++impl_->connections;
  }
  ~WsSession() {
    --impl_->connections;
    leave();
  }

  void accept(http::request<http::string_body> request) {
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = std::chrono::seconds(10);
    timeout.idle_timeout = std::chrono::seconds(30);
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.read_message_max(impl_->options.max_client_message);
    ws_.async_accept(request, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
  }

  void send(std::shared_ptr<const std::string> message) {
    if (!open_) return;
    if (queue_.size() >= impl_->options.max_queue) {
      // Falling behind: dropped, so that no client holds the host's memory.
      ++impl_->dropped_slow;
      leave();
      close();
      return;
    }
    queue_.push_back(std::move(message));
    if (queue_.size() == 1) write();
  }

  void close() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec || impl_->stopping) return;
    open_ = true;
    ++impl_->websockets;
    impl_->ws_sessions.push_back(weak_from_this());
    send(impl_->snapshot_message());
    impl_->page_connected();
    read();
  }
  // Gives up the client's WebSocket slot (and its pushes) once: at once when
  // the server drops it, not when its last pending handler has run, so that
  // a page connecting again meanwhile is not refused for it.
  void leave() {
    if (!open_) return;
    open_ = false;
    --impl_->websockets;
  }
  void read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
  }
  void on_read(beast::error_code ec, std::size_t) {
    // An error (a message over the bound included: Beast then closes with
    // 1009) ends the session.
    if (ec) return;
    impl_->command(beast::buffers_to_string(buffer_.data()));
    buffer_.consume(buffer_.size());
    read();
  }
  void write() {
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
  }
  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return;
    queue_.pop_front();
    if (!queue_.empty() && open_) write();
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::shared_ptr<Server::Impl> impl_;
  bool open_ = false;
};

// One HTTP connection (keep-alive), until it upgrades to a WebSocket.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, std::shared_ptr<Server::Impl> impl)
      : stream_(std::move(socket)), impl_(std::move(impl)) {
    ++impl_->connections;
  }
  ~HttpSession() { leave(); }

  void start() {
    self_ = impl_->http_sessions.insert(impl_->http_sessions.end(), weak_from_this());
    registered_ = true;
    read();
  }
  // Closes the connection to make room for a new one, and gives its slot up
  // at once (as WsSession::leave does), not when its pending handlers have
  // run: the count is exact whatever order they run in.
  void close() {
    leave();
    stream_.close();
  }

 private:
  // Gives up the connection's slot and its place among the oldest, once.
  void leave() {
    if (!counted_) return;
    counted_ = false;
    --impl_->connections;
    if (registered_) impl_->http_sessions.erase(self_);
    registered_ = false;
  }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(impl_->options.max_header_bytes));
    parser_->body_limit(1024);
    stream_.expires_after(impl_->options.request_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) {
      // A request over the header bound is answered before closing.
      if (ec == http::error::header_limit)
        respond_status(http::status::request_header_fields_too_large, false);
      return;
    }
    auto& request = parser_->get();
    if (websocket::is_upgrade(request)) {
      if (auto status = check(request, true); status != http::status::ok) {
        respond_status(status, false);
        return;
      }
      if (impl_->websockets >= impl_->options.max_websockets) {
        respond_status(http::status::service_unavailable, false);
        return;
      }
      stream_.expires_never();
      leave();  // the connection counts as a WebSocket from now on
      std::make_shared<WsSession>(stream_.release_socket(), impl_)->accept(parser_->release());
      return;
    }
    respond(request);
  }

  // The checks every request passes, in order: method, Host, token, and
  // for a WebSocket the Origin.
  http::status check(const http::request<http::string_body>& request, bool websocket) {
    if (request.method() != http::verb::get && request.method() != http::verb::head)
      return http::status::method_not_allowed;
    const auto target = std::string_view(request.target());
    const auto q = target.find('?');
    const auto query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    if (!impl_->host_ok(request[http::field::host]) ||
        !same_secret(query_value(query, "t"), impl_->token) ||
        (websocket &&
         (!impl_->origin_ok(request[http::field::origin]) || target.substr(0, q) != "/ws"))) {
      ++impl_->refused;
      return http::status::forbidden;
    }
    return http::status::ok;
  }

  template <class Response>
  void common_headers(Response& res) {
    res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
  }

  void respond_status(http::status status, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(status, 11);
    common_headers(*res);
    res->set(http::field::content_type, "text/plain; charset=utf-8");
    res->body() = std::string(http::obsolete_reason(status)) + "\n";
    res->keep_alive(keep_alive);
    res->prepare_payload();
    send(std::move(res));
  }

  void respond(const http::request<http::string_body>& request) {
    if (auto status = check(request, false); status != http::status::ok) {
      respond_status(status, request.keep_alive() && status != http::status::forbidden);
      return;
    }
    const auto target = std::string_view(request.target());
    const auto path = target.substr(0, target.find('?'));
    auto res =
        std::make_shared<http::response<http::string_body>>(http::status::ok, request.version());
    common_headers(*res);
    if (path == "/") {
      const Asset* page = find_asset("/index.html");
      std::string body(page->body);
      for (auto at = body.find("{{TOKEN}}"); at != std::string::npos; at = body.find("{{TOKEN}}"))
        body.replace(at, 9, impl_->token);
      const std::string port = std::to_string(impl_->port);
      res->set(http::field::content_type, page->content_type);
      res->set("Content-Security-Policy",
               "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src "
               "'self' data: "
               "blob:; connect-src 'self' ws://127.0.0.1:" +
                   port + " ws://localhost:" + port +
                   "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      res->body() = std::move(body);
    } else if (path == "/export.csv") {
      res->set(http::field::content_type, "text/csv; charset=utf-8");
      res->set(http::field::content_disposition, "attachment; filename=\"sauatty-workshop.csv\"");
      res->body() = impl_->session.csv();
    } else if (path == "/ws") {
      respond_status(http::status::upgrade_required, request.keep_alive());
      return;
    } else if (const Asset* asset = path == "/index.html" ? nullptr : find_asset(path)) {
      res->set(http::field::content_type, asset->content_type);
      res->body() = std::string(asset->body);
    } else {
      respond_status(http::status::not_found, request.keep_alive());
      return;
    }
    res->keep_alive(request.keep_alive());
    res->prepare_payload();
    if (request.method() == http::verb::head) res->body().clear();
    send(std::move(res));
  }

  void send(std::shared_ptr<http::response<http::string_body>> res) {
    const bool close_after = !res->keep_alive();
    http::async_write(
        stream_, *res,
        [self = shared_from_this(), res, close_after](beast::error_code ec, std::size_t) {
          if (ec) return;
          if (close_after) {
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
          }
          self->read();
        });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Server::Impl> impl_;
  std::list<std::weak_ptr<HttpSession>>::iterator self_;
  bool registered_ = false;  // self_ is its place in impl_->http_sessions
  bool counted_ = true;      // it counts in impl_->connections
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc),
                        [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                          self->on_accept(ec, std::move(socket));
                        });
}

void Server::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopping) return;
  if (!ec) {
    // At the bound, the oldest plain HTTP connection (idle or not) makes
    // room: idle connections cannot lock the page out. With none to close
    // (every slot a WebSocket) the new one is refused.
    if (connections >= options.max_connections) {
      for (auto& weak : http_sessions) {
        if (auto oldest = weak.lock()) {
          oldest->close();  // takes it off the list: nothing after it is used
          break;
        }
      }
    }
    if (connections >= options.max_connections) {
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      std::make_shared<HttpSession>(std::move(socket), shared_from_this())->start();
    }
  }
  accept();
}

std::shared_ptr<const std::string> Server::Impl::snapshot_message() {
  Json message = session.snapshot();
  message["type"] = "snapshot";
  message["mode"] = replay ? "replay" : "live";
  message["replay"] = replay ? replay->status() : Json();
  message["totals"]["unreadable"] = unreadable;
  message["totals"]["live_dropped"] = live_dropped.load();
  return std::make_shared<const std::string>(
      message.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void Server::Impl::broadcast(bool force) {
  const std::string replay_state = replay ? replay->status().dump() : std::string();
  if (!force && session.version() == pushed_version && replay_state == pushed_replay) return;
  pushed_version = session.version();
  pushed_replay = replay_state;
  last_push = Clock::now();
  if (ws_sessions.empty()) return;
  auto message = snapshot_message();
  for (auto it = ws_sessions.begin(); it != ws_sessions.end();) {
    if (auto ws = it->lock()) {
      ws->send(message);
      ++it;
    } else {
      it = ws_sessions.erase(it);
    }
  }
}

void Server::Impl::push_tick() {
  broadcast(false);
  push_timer.expires_after(options.push_interval);
  push_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec && !self->stopping) self->push_tick();
  });
}

void Server::Impl::drive_replay() {
  if (!replay || stopping) return;
  // A few thousand at a time, so that commands and pushes go on meanwhile.
  for (const auto& entry : replay->take_due(Clock::now(), 2000))
    add(entry.url, entry.page_url, entry.type);
  auto next = replay->next_due(Clock::now());
  if (!next) return;
  replay_timer.expires_after(*next);
  replay_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->drive_replay();
  });
}

void Server::Impl::page_connected() {
  if (!replay || replay_started) return;
  replay_started = true;
  replay->play(Clock::now());
  drive_replay();
}

void Server::Impl::command(std::string_view text) {
  Json message = Json::parse(text, nullptr, false);
  if (!message.is_object() || !message.contains("cmd") || !message["cmd"].is_string()) return;
  const auto cmd = message["cmd"].get<std::string>();
  const auto now = Clock::now();
  if (cmd == "reset") {
    session.clear();
    unreadable = 0;
    if (replay) replay->rewind();
  } else if (replay && cmd == "play") {
    if (replay->position() >= replay->size()) {
      // Playing again from the start shows the recording again, not twice.
      replay->rewind();
      session.clear();
    }
    replay->play(now);
  } else if (replay && cmd == "pause") {
    replay->pause(now);
  } else if (replay && cmd == "step") {
    for (const auto& entry : replay->step(now)) add(entry.url, entry.page_url, entry.type);
  } else if (replay && cmd == "speed" && message.contains("speed") &&
             message["speed"].is_number()) {
    replay->set_speed(message["speed"].get<double>(), now);
  } else {
    return;
  }
  drive_replay();
  broadcast(true);
}

void Server::Impl::shutdown() {
  stopping = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  push_timer.cancel();
  replay_timer.cancel();
  // close() takes a connection off the list: they are closed from a copy.
  for (auto& weak : std::vector(http_sessions.begin(), http_sessions.end()))
    if (auto s = weak.lock()) s->close();
  for (auto& weak : ws_sessions)
    if (auto s = weak.lock()) s->close();
}

std::expected<std::unique_ptr<Server>, std::string> Server::start(
    std::shared_ptr<const store::RuleSet> rules, ServerOptions options,
    std::optional<std::vector<har::Entry>> replay) {
  if (options.lang != "en" && options.lang != "ru" && options.lang != "kk")
    return std::unexpected("--lang must be en, ru or kk");
  if (std::find(std::begin(Replay::kSpeeds), std::end(Replay::kSpeeds), options.replay_speed) ==
      std::end(Replay::kSpeeds))
    return std::unexpected("unknown replay speed");
  auto impl = std::make_shared<Impl>(std::move(rules), std::move(options));
  if (replay) {
    impl->replay.emplace(std::move(*replay));
    impl->replay->set_speed(impl->options.replay_speed, Clock::now());
  }
  beast::error_code ec;
  const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), impl->options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return std::unexpected("cannot listen on 127.0.0.1:" + std::to_string(impl->options.port) +
                           ": " + ec.message());
  impl->port = impl->acceptor.local_endpoint().port();
  impl->accept();
  impl->push_tick();
  impl->thread = std::thread([impl] { impl->ioc.run(); });
  return std::unique_ptr<Server>(new Server(impl));
}

Server::Server(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  stop();
  wait();
}

std::uint16_t Server::port() const { return impl_->port; }
const std::string& Server::token() const { return impl_->token; }

std::string Server::url(std::string_view lang) const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + "/?t=" + impl_->token +
         "&lang=" + std::string(lang.empty() ? std::string_view(impl_->options.lang) : lang);
}

namespace {
constexpr std::size_t kMaxLivePending = 10'000;
}  // namespace

void Server::feed(std::string request_url, std::string page_url, std::string type) {
  if (impl_->live_pending.load() >= kMaxLivePending) {
    ++impl_->live_dropped;
    return;
  }
  ++impl_->live_pending;
  // A weak reference: a post that never runs (the server stopped) must
  // not keep the server alive.
  net::post(impl_->ioc, [weak = std::weak_ptr<Impl>(impl_), u = std::move(request_url),
                         p = std::move(page_url), t = std::move(type)] {
    auto impl = weak.lock();
    if (!impl) return;
    --impl->live_pending;
    impl->add(u, p, t);
    impl->push_live();
  });
}

void Server::feed(std::vector<Observation> observations) {
  const std::size_t n = observations.size();
  if (n == 0) return;
  if (impl_->live_pending.fetch_add(n) + n > kMaxLivePending) {
    impl_->live_pending -= n;
    impl_->live_dropped += n;
    return;
  }
  net::post(impl_->ioc, [weak = std::weak_ptr<Impl>(impl_), batch = std::move(observations)] {
    auto impl = weak.lock();
    if (!impl) return;
    impl->live_pending -= batch.size();
    for (const auto& o : batch) impl->session.add(o);
    impl->push_live();
  });
}

namespace {
template <class T, class F>
T ask(Server::Impl& impl, F f) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  net::post(impl.ioc, [promise, f] { promise->set_value(f()); });
  if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) return T{};
  return future.get();
}
}  // namespace

ServerStats Server::stats() {
  return ask<ServerStats>(*impl_, [impl = impl_.get()] {
    return ServerStats{impl->connections, impl->websockets,         impl->dropped_slow,
                       impl->refused,     impl->session.requests(), impl->live_dropped.load()};
  });
}

std::string Server::csv() {
  return ask<std::string>(*impl_, [impl = impl_.get()] { return impl->session.csv(); });
}

void Server::stop() {
  // Once: a second post into a stopped io_context would never run.
  if (impl_->stop_requested.exchange(true)) return;
  net::post(impl_->ioc, [weak = std::weak_ptr<Impl>(impl_)] {
    if (auto impl = weak.lock()) impl->shutdown();
  });
}

void Server::wait() {
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace sauatty::dashboard
