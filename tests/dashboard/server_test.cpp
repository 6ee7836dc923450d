// The workshop server over real sockets on 127.0.0.1, with the tests' Beast
// clients (tests/support/ws_client.h): its routes, and every security case
// docs/WORKSHOP.md lists.
#include "dashboard/server.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
// GCC 12 reports a boost::optional in Beast's response parser as "may be
// used uninitialized" when this file reads a response (a false positive
// under the ASan + UBSan build's inlining; the same reads in
// tests/support/ws_client.cpp do not trip it).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop
#include <thread>

#include "dashboard/replay.h"
#include "har/har.h"
#include "support/ws_client.h"
#include "support/ws_wait.h"

namespace sauatty::dashboard {
namespace {

using testing::http_request;
using testing::IdleConnection;
using testing::until;
using testing::WsClient;
using namespace std::chrono_literals;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::shared_ptr<const store::RuleSet> rules() {
  static auto loaded = store::load_rule_set({});
  EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error());
  return *loaded;
}

std::vector<har::Entry> example() {
  auto entries = har::read_har_file(SAUATTY_EXAMPLE_HAR);
  EXPECT_TRUE(entries) << (entries ? "" : entries.error());
  return entries ? *entries : std::vector<har::Entry>{};
}

// Options with some fields changed: with([](ServerOptions& o) { o.lang = "kk"; }).
template <class F>
ServerOptions with(F change) {
  ServerOptions o;
  change(o);
  return o;
}

std::unique_ptr<Server> start(ServerOptions options = {},
                              std::optional<std::vector<har::Entry>> replay = std::nullopt) {
  auto server = Server::start(rules(), std::move(options), std::move(replay));
  EXPECT_TRUE(server) << (server ? "" : server.error());
  return server ? std::move(*server) : nullptr;
}

std::string tok(const Server& s) { return "?t=" + s.token(); }

// The page's next message as JSON; nullopt on close, error or timeout.
std::optional<nlohmann::json> next(WsClient& page, std::chrono::milliseconds timeout = 10s) {
  auto text = page.next(timeout);
  if (!text) return std::nullopt;
  return nlohmann::json::parse(*text);
}

std::string origin(const Server& s) { return "http://127.0.0.1:" + std::to_string(s.port()); }

TEST(Server, PrintsALoopbackUrlWithARandomToken) {
  auto a = start(), b = start();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->token().size(), 32u);
  EXPECT_NE(a->token(), b->token());
  EXPECT_EQ(a->url(),
            "http://127.0.0.1:" + std::to_string(a->port()) + "/?t=" + a->token() + "&lang=en");
}

TEST(Server, ServesThePageAndItsAssets) {
  auto s = start(with([](ServerOptions& o) { o.lang = "kk"; }));
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->url().ends_with("&lang=kk"));
  auto page = http_request(s->port(), "/" + tok(*s));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<table id=\"companies\">"), std::string::npos);
  // The assets' addresses carry the token; the template marker is gone.
  EXPECT_NE(page.body.find("/app.js?t=" + s->token()), std::string::npos);
  EXPECT_EQ(page.body.find("{{TOKEN}}"), std::string::npos);
  EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(page.header("Cache-Control"), "no-store");
  EXPECT_EQ(page.header("Referrer-Policy"), "no-referrer");
  for (const char* asset : {"/app.js", "/i18n.js", "/cytoscape.min.js"}) {
    auto reply = http_request(s->port(), asset + tok(*s));
    EXPECT_EQ(reply.status, 200) << asset;
    EXPECT_EQ(reply.header("Content-Type"), "text/javascript; charset=utf-8") << asset;
    EXPECT_GT(reply.body.size(), 100u) << asset;
  }
  auto css = http_request(s->port(), "/style.css" + tok(*s));
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
  auto csv = http_request(s->port(), "/export.csv" + tok(*s));
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body, "company,country,categories,sites,requests\r\n");
  auto head = http_request(s->port(), "/app.js" + tok(*s), {}, "HEAD");
  EXPECT_EQ(head.status, 200);
  auto localhost = http_request(s->port(), "/" + tok(*s), "localhost:" + std::to_string(s->port()));
  EXPECT_EQ(localhost.status, 200);
  // A host name's case does not matter (url::iequals_ascii).
  auto upper = http_request(s->port(), "/" + tok(*s), "LocalHost:" + std::to_string(s->port()));
  EXPECT_EQ(upper.status, 200);
}

TEST(Server, EveryRequestNeedsTheToken) {
  auto s = start();
  ASSERT_TRUE(s);
  std::string wrong = s->token();
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  for (const std::string& target : std::vector<std::string>{
           "/", "/app.js", "/export.csv", "/?t=", "/?t=" + wrong, "/app.js?t=" + wrong,
           "/?t=" + s->token() + "0", "/?x=1&t=" + s->token().substr(1)}) {
    auto reply = http_request(s->port(), target);
    EXPECT_EQ(reply.status, 403) << target;
    EXPECT_EQ(reply.body.find("<html"), std::string::npos) << target;
  }
  // The token may come anywhere in the query.
  EXPECT_EQ(http_request(s->port(), "/?lang=ru&t=" + s->token()).status, 200);
  WsClient no_token(s->port(), "/ws", origin(*s));
  EXPECT_FALSE(no_token.open());
  EXPECT_EQ(no_token.handshake_status(), 403);
  WsClient wrong_token(s->port(), "/ws?t=" + wrong, origin(*s));
  EXPECT_FALSE(wrong_token.open());
  EXPECT_GE(s->stats().refused, 10u);
}

TEST(Server, ForeignHostHeadersAreRefused) {
  auto s = start();
  ASSERT_TRUE(s);
  const std::string port = std::to_string(s->port());
  // DNS rebinding: a page on attacker.example whose name now points to
  // 127.0.0.1 sends its own Host.
  for (const std::string& host :
       std::vector<std::string>{"attacker.example:" + port, "attacker.example", "127.0.0.1",
                                "localhost", "127.0.0.1:1" + port, "127.0.0.2:" + port,
                                "localhost.attacker.example:" + port, "[::1]:" + port}) {
    EXPECT_EQ(http_request(s->port(), "/" + tok(*s), host).status, 403) << host;
  }
}

TEST(Server, OnlyTheEmbeddedFilesAreServed) {
  auto s = start();
  ASSERT_TRUE(s);
  for (const std::string& path : std::vector<std::string>{
           "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
           "/app.js/../../etc/passwd", "//etc/passwd", "/index.html", "/web/app.js", "/./app.js",
           "/APP.JS", "/app.js%00.css", "/node_modules/cytoscape/package.json"}) {
    auto reply = http_request(s->port(), path + tok(*s));
    EXPECT_EQ(reply.status, 404) << path;
    EXPECT_EQ(reply.body.find("root:"), std::string::npos) << path;
  }
  EXPECT_EQ(http_request(s->port(), "/" + tok(*s), {}, "POST").status, 405);
  EXPECT_EQ(http_request(s->port(), "/ws" + tok(*s)).status, 426);  // not an upgrade
}

TEST(Server, WebSocketOnlyFromThePagesOwnOrigin) {
  auto s = start();
  ASSERT_TRUE(s);
  const std::string target = "/ws" + tok(*s);
  for (const std::string& foreign :
       std::vector<std::string>{"http://attacker.example", "http://127.0.0.1", "http://127.0.0.1:1",
                                "https://127.0.0.1:" + std::to_string(s->port()), "null", "",
                                "chrome-extension://abc"}) {
    WsClient c(s->port(), target, foreign);
    EXPECT_FALSE(c.open()) << foreign;
    EXPECT_EQ(c.handshake_status(), 403) << foreign;
  }
  WsClient good(s->port(), target, origin(*s));
  ASSERT_TRUE(good.open());
  auto first = next(good);
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)["type"], "snapshot");
  EXPECT_EQ((*first)["mode"], "live");
  WsClient by_name(s->port(), target, "http://localhost:" + std::to_string(s->port()));
  EXPECT_TRUE(by_name.open());
}

TEST(Server, ReplaysTheExampleWhenThePageConnects) {
  const auto entries = example();
  auto s = start({}, entries);
  ASSERT_TRUE(s);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(s->stats().requests, 0u);  // nothing plays before a page is there
  WsClient page(s->port(), "/ws" + tok(*s), origin(*s));
  ASSERT_TRUE(page.open());
  auto done = until(page, [](const nlohmann::json& m) { return m["replay"]["state"] == "done"; });
  // A recording of a few pages is on screen within 5 s at the default speed:
  // its schedule, on the replay's own clock (not this loaded machine's).
  Replay schedule(entries);
  const auto t0 = Replay::Clock::time_point{};
  schedule.play(t0);
  EXPECT_EQ(schedule.take_due(t0 + 5s, entries.size()).size(), entries.size());
  EXPECT_EQ(done["mode"], "replay");
  EXPECT_EQ(done["totals"]["requests"], entries.size());
  std::set<std::string> companies;
  for (const auto& c : done["companies"]) companies.insert(c["name"]);
  EXPECT_EQ(companies, (std::set<std::string>{"Google", "Meta", "Yandex"}));

  // The page's CSV is the table `replay --csv` prints for the same file.
  Session same;
  for (const auto& e : entries) same.add(*classify(*rules(), e.url, e.page_url, e.type));
  EXPECT_EQ(http_request(s->port(), "/export.csv" + tok(*s)).body, same.csv());
  EXPECT_EQ(s->csv(), same.csv());

  page.send(R"({"cmd":"reset"})");
  auto cleared = until(page, [](const nlohmann::json& m) { return m["totals"]["requests"] == 0; });
  EXPECT_EQ(cleared["replay"]["position"], 0);
  EXPECT_EQ(cleared["replay"]["state"], "paused");
  page.send(R"({"cmd":"step"})");
  auto stepped = until(page, [](const nlohmann::json& m) { return m["totals"]["requests"] == 1; });
  EXPECT_EQ(stepped["replay"]["position"], 1);
  EXPECT_EQ(stepped["replay"]["state"], "paused");
  page.send(R"({"cmd":"speed","speed":0})");
  page.send(R"({"cmd":"play"})");
  auto fastest =
      until(page, [&](const nlohmann::json& m) { return m["replay"]["state"] == "done"; });
  EXPECT_EQ(fastest["totals"]["requests"], entries.size());
  EXPECT_EQ(fastest["replay"]["speed"], 0);
  // Garbage commands are ignored, the session goes on.
  page.send("not json");
  page.send(R"({"cmd":"rm -rf"})");
  page.send(R"({"cmd":"speed","speed":3})");
  page.send(R"({"cmd":"pause"})");
  auto still = until(page, [](const nlohmann::json& m) { return m["replay"]["speed"] == 0; });
  EXPECT_EQ(still["totals"]["requests"], entries.size());
}

TEST(Server, OversizeMessageClosesTheSocket) {
  auto s = start(with([](ServerOptions& o) { o.max_client_message = 1024; }));
  ASSERT_TRUE(s);
  WsClient page(s->port(), "/ws" + tok(*s), origin(*s));
  ASSERT_TRUE(page.open());
  ASSERT_TRUE(next(page));
  page.send(std::string(2000, 'x'));
  while (page.next(5s)) {
  }
  // Closed: with 1009 "too big" when the close frame arrives before the TCP
  // close, else as a dropped connection.
  ASSERT_FALSE(page.timed_out()) << "the socket stayed open";
  if (page.close_code()) {
    EXPECT_EQ(*page.close_code(), 1009);
  }
  EXPECT_FALSE(page.open());
  EXPECT_FALSE(page.next(1s));
  // The server is still there for others.
  EXPECT_EQ(http_request(s->port(), "/" + tok(*s)).status, 200);
}

TEST(Server, IdleConnectionsAreBounded) {
  auto s = start(with([](ServerOptions& o) { o.max_connections = 20; }));
  ASSERT_TRUE(s);
  std::vector<IdleConnection> idle;
  for (int i = 0; i < 100; ++i) {
    idle.emplace_back(s->port());
    ASSERT_TRUE(idle.back().connected()) << i;
  }
  std::this_thread::sleep_for(500ms);
  EXPECT_LE(s->stats().connections, 21u);
  // The oldest idle ones were closed to make room: the page still loads.
  EXPECT_EQ(http_request(s->port(), "/" + tok(*s)).status, 200);
  EXPECT_TRUE(idle.front().closed_by_server(10s));
  EXPECT_LE(s->stats().connections, 21u);
}

// The connection bound is exact. A plain HTTP connection closed to make
// room gives its slot up at once, so a burst of new connections at the
// bound is served, each closing the oldest idle one (it counted until its
// last handler had run, and the bound let one more in to make up for it);
// and with every slot a WebSocket, nothing to close, a new connection is
// refused (the old bound let it in: one over).
TEST(Server, TheConnectionBoundIsExact) {
  constexpr std::size_t kMax = 4;
  auto s = start(with([](ServerOptions& o) { o.max_connections = kMax; }));
  ASSERT_TRUE(s);
  std::vector<IdleConnection> idle;
  for (std::size_t i = 0; i < kMax; ++i) {
    idle.emplace_back(s->port());
    ASSERT_TRUE(idle.back().connected()) << i;
  }
  for (int i = 0; i < 1000 && s->stats().connections < kMax; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(s->stats().connections, kMax);

  // A burst, connected before any request is sent: each is answered.
  net::io_context ioc;
  std::vector<tcp::socket> burst;
  for (std::size_t i = 0; i < kMax; ++i) {
    burst.emplace_back(ioc);
    beast::error_code ec;
    burst.back().connect({net::ip::make_address("127.0.0.1"), s->port()}, ec);
    ASSERT_FALSE(ec) << i << ": " << ec.message();
  }
  const auto get = [&](tcp::socket& socket) {
    http::request<http::empty_body> request{http::verb::get, "/style.css" + tok(*s), 11};
    request.set(http::field::host, "127.0.0.1:" + std::to_string(s->port()));
    beast::error_code ec;
    http::write(socket, request, ec);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    if (!ec) http::read(socket, buffer, response, ec);
    return ec ? 0 : response.result_int();  // 0: closed unanswered
  };
  std::vector<int> statuses;
  for (auto& socket : burst) statuses.push_back(get(socket));
  EXPECT_EQ(statuses, std::vector<int>(kMax, 200));
  for (auto& old : idle) EXPECT_TRUE(old.closed_by_server(10s));
  EXPECT_EQ(s->stats().connections, kMax);
  burst.clear();
  for (int i = 0; i < 1000 && s->stats().connections > 0; ++i) std::this_thread::sleep_for(10ms);

  // Every slot a page's WebSocket: the next connection is closed unanswered.
  std::vector<std::unique_ptr<WsClient>> pages;
  for (std::size_t i = 0; i < kMax; ++i) {
    pages.push_back(std::make_unique<WsClient>(s->port(), "/ws" + tok(*s), origin(*s)));
    ASSERT_TRUE(pages.back()->open()) << i;
  }
  // (A page sees its handshake's answer before the server counts it.)
  for (int i = 0; i < 1000 && s->stats().websockets < kMax; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(s->stats().websockets, kMax);
  tcp::socket extra(ioc);
  beast::error_code ec;
  extra.connect({net::ip::make_address("127.0.0.1"), s->port()}, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(get(extra), 0);
  EXPECT_EQ(s->stats().connections, kMax);
  for (auto& page : pages) EXPECT_TRUE(next(*page)) << "the pages are still served";
}

TEST(Server, WebSocketClientsAreBounded) {
  auto s = start(with([](ServerOptions& o) { o.max_websockets = 2; }));
  ASSERT_TRUE(s);
  WsClient a(s->port(), "/ws" + tok(*s), origin(*s)), b(s->port(), "/ws" + tok(*s), origin(*s));
  ASSERT_TRUE(a.open() && b.open());
  ASSERT_TRUE(next(a) && next(b));
  WsClient c(s->port(), "/ws" + tok(*s), origin(*s));
  EXPECT_FALSE(c.open());
  EXPECT_EQ(c.handshake_status(), 503);
}

TEST(Server, ASlowClientIsDropped) {
  auto s = start(with([](ServerOptions& o) {
    o.max_queue = 2;
    o.push_interval = 5ms;
  }));
  ASSERT_TRUE(s);
  WsClient slow(s->port(), "/ws" + tok(*s), origin(*s));  // never reads
  ASSERT_TRUE(slow.open());
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  int i = 0;
  while (s->stats().dropped_slow == 0 && std::chrono::steady_clock::now() < deadline) {
    for (int k = 0; k < 50; ++k, ++i)
      s->feed("https://www.google-analytics.com/analytics.js",
              "https://site" + std::to_string(i) + ".kz/", "script");
    std::this_thread::sleep_for(5ms);
  }
  const auto stats = s->stats();
  EXPECT_EQ(stats.dropped_slow, 1u);
  EXPECT_EQ(stats.websockets, 0u);
  // Others are served as before.
  WsClient fresh(s->port(), "/ws" + tok(*s), origin(*s));
  ASSERT_TRUE(fresh.open());
  auto m = next(fresh);
  ASSERT_TRUE(m);
  EXPECT_GT((*m)["totals"]["requests"].get<int>(), 0);
}

TEST(Server, LiveRequestsAreClassifiedAsTheHostDoes) {
  auto s = start();
  ASSERT_TRUE(s);
  WsClient page(s->port(), "/ws" + tok(*s), origin(*s));
  ASSERT_TRUE(page.open());
  s->feed("https://mc.yandex.ru/metrika/tag.js", "https://www.sauatty-fixture-news.kz/a", "script");
  s->feed("https://www.sauatty-fixture-news.kz/logo.png", "https://www.sauatty-fixture-news.kz/a",
          "image");
  s->feed("not a url", "https://www.sauatty-fixture-news.kz/a", "image");
  auto m = until(page, [](const nlohmann::json& j) { return j["totals"]["requests"] == 2; });
  EXPECT_EQ(m["totals"]["trackers"], 1);
  EXPECT_EQ(m["totals"]["unreadable"], 1);
  ASSERT_EQ(m["companies"].size(), 1u);
  EXPECT_EQ(m["companies"][0]["name"], "Yandex");
  EXPECT_EQ(m["companies"][0]["country"], "RU");
  EXPECT_EQ(m["last_site"], "sauatty-fixture-news.kz");
  // No URL (path or query) is in what the page gets.
  EXPECT_EQ(m.dump().find("/a\""), std::string::npos);
  EXPECT_EQ(m.dump().find("metrika"), std::string::npos);
}

TEST(Server, RefusesABusyPortAndABadLanguage) {
  auto s = start();
  ASSERT_TRUE(s);
  auto clash = Server::start(rules(), with([&](ServerOptions& o) { o.port = s->port(); }));
  ASSERT_FALSE(clash);
  EXPECT_NE(clash.error().find("cannot listen on 127.0.0.1:" + std::to_string(s->port())),
            std::string::npos);
  auto lang = Server::start(rules(), with([](ServerOptions& o) { o.lang = "de"; }));
  ASSERT_FALSE(lang);
}

}  // namespace
}  // namespace sauatty::dashboard
