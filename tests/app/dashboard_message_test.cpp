// The `dashboard` message (docs/PROTOCOL.md, app/dashboard_control.h): the
// real host over pipes starts, reports and stops the workshop server inside
// its own process; a WebSocket client with the token sees the requests the
// host judges; the server's security checks hold; stop and end of input
// close the port; nothing of a URL reaches stderr.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "protocol/frame.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/ws_client.h"
#include "support/ws_wait.h"

namespace sauatty {
namespace {

using nlohmann::json;
using testing::Subprocess;
using testing::TempDir;
using testing::until;
using testing::WsClient;
using namespace std::chrono_literals;

const std::string kChromeOrigin = "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/";
const std::string kPage = "https://www.sauatty-fixture-news.kz/articles/42?reader=secret";
const std::string kTracker = "https://www.google-analytics.com/analytics.js?uid=secret";
const std::string kOwnImage = "https://www.sauatty-fixture-news.kz/logo.png";

// The host as the browser starts it, in a home of its own with no
// downloaded lists.
class Host {
 public:
  explicit Host(std::vector<std::string> extra = {})
      : home_("sauatty-dashboard-msg"), process_(argv(extra), env()) {}

  json ask(const json& message) {
    process_.write(protocol::encode_frame(message.dump()));
    auto body = process_.read_frame();
    if (!body) return json();
    return json::parse(*body);
  }
  json dashboard(int id, const std::string& action, const std::string& lang = {}) {
    json message{{"id", id}, {"type", "dashboard"}, {"action", action}};
    if (!lang.empty()) message["lang"] = lang;
    return ask(message);
  }
  json requests(int id, const std::vector<std::string>& urls) {
    json items = json::array();
    for (const auto& u : urls) items.push_back({{"url", u}, {"type", "script"}});
    return ask(
        {{"id", id}, {"type", "requests"}, {"tab", 7}, {"page", kPage}, {"requests", items}});
  }
  Subprocess& process() { return process_; }

 private:
  std::vector<std::string> argv(const std::vector<std::string>& extra) {
    std::vector<std::string> a{testing::host_binary(), kChromeOrigin};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  std::vector<std::string> env() {
    std::filesystem::create_directories(home_.path() / "config/sauatty");
    std::ofstream(home_.path() / "config/sauatty/sources.json")
        << R"({"format": "sauatty-sources/1", "lists": []})";
    return {"HOME=" + home_.path().string(),
            "XDG_CONFIG_HOME=" + (home_.path() / "config").string(),
            "XDG_CACHE_HOME=" + (home_.path() / "cache").string()};
  }
  TempDir home_;
  Subprocess process_;
};

struct Url {
  std::uint16_t port = 0;
  std::string token;
  std::string lang;
};

// Splits the answer's url; fails the test when it is not the contract's
// http://127.0.0.1:PORT/?t=TOKEN&lang=xx (TOKEN: 32 lower-case hex digits).
// (No std::regex: it trips -Wmaybe-uninitialized in the ASan build.)
Url split(const json& answer) {
  const std::string text = answer.value("url", "");
  const std::string prefix = "http://127.0.0.1:";
  const auto query = text.find("/?t="), lang = text.find("&lang=");
  const auto all = [](const std::string& s, const char* chars) {
    return !s.empty() && s.find_first_not_of(chars) == std::string::npos;
  };
  Url u;
  if (text.starts_with(prefix) && query != std::string::npos && lang != std::string::npos &&
      lang > query) {
    const std::string port = text.substr(prefix.size(), query - prefix.size());
    u.token = text.substr(query + 4, lang - query - 4);
    u.lang = text.substr(lang + 6);
    if (all(port, "0123456789") && port.size() <= 5 && all(u.token, "0123456789abcdef") &&
        u.token.size() == 32 && (u.lang == "en" || u.lang == "ru" || u.lang == "kk")) {
      u.port = static_cast<std::uint16_t>(std::stoi(port));
      return u;
    }
  }
  ADD_FAILURE() << "not a workshop url: " << answer.dump();
  return {};
}

std::string origin(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }
std::string ws_target(const Url& u) { return "/ws?t=" + u.token; }

const json* find_named(const json& list, const std::string& name) {
  for (const json& item : list)
    if (item.value("name", "") == name) return &item;
  return nullptr;
}

TEST(DashboardMessage, StartStatusStopAndTheLiveFeed) {
  Host host;
  // Off unless started: requests judged before a start are not shown.
  ASSERT_EQ(host.requests(1, {kTracker})["ok"], true);
  json status = host.dashboard(2, "status");
  EXPECT_EQ(status, json({{"id", 2}, {"ok", true}, {"type", "dashboard"}, {"running", false}}));

  json started = host.dashboard(3, "start", "ru");
  ASSERT_EQ(started["ok"], true) << started.dump();
  EXPECT_EQ(started["type"], "dashboard");
  EXPECT_EQ(started["running"], true);
  const Url url = split(started);
  EXPECT_EQ(url.lang, "ru");
  EXPECT_NE(url.port, 0);
  // Asked again, the same server answers with the same url.
  EXPECT_EQ(host.dashboard(4, "start")["url"], started["url"]);
  EXPECT_EQ(host.dashboard(5, "status")["url"], started["url"]);
  EXPECT_EQ(testing::http_get_status(url.port, "/?t=" + url.token), 200);

  WsClient page(url.port, ws_target(url), origin(url.port));
  ASSERT_TRUE(page.open()) << page.handshake_status();
  json first = until(page, [](const json& m) { return m["type"] == "snapshot"; });
  EXPECT_EQ(first["mode"], "live");
  EXPECT_EQ(first["totals"]["requests"], 0) << "a request from before the start was shown";

  json answer = host.requests(6, {kTracker, kOwnImage});
  ASSERT_EQ(answer["ok"], true) << answer.dump();
  const json& hit = answer["results"][0]["tracker"];
  ASSERT_TRUE(hit.is_object()) << answer.dump();
  const std::string company = hit["entity"];
  EXPECT_EQ(company, "Google");

  // The page sees what the host answered: one site, its two requests, the
  // company the tracker belongs to, linked to the site.
  json seen = until(page, [](const json& m) { return m["totals"]["requests"] == 2; });
  EXPECT_EQ(seen["totals"]["trackers"], 1);
  EXPECT_EQ(seen["totals"]["third_party"], 1);
  EXPECT_EQ(seen["last_site"], "sauatty-fixture-news.kz");
  const json* site = find_named(seen["sites"], "sauatty-fixture-news.kz");
  ASSERT_NE(site, nullptr) << seen.dump();
  EXPECT_EQ((*site)["requests"], 2);
  const json* google = find_named(seen["companies"], company);
  ASSERT_NE(google, nullptr) << seen.dump();
  EXPECT_EQ((*google)["country"], hit["country"]);
  EXPECT_EQ((*google)["categories"], json::array({hit["category"]}));
  EXPECT_EQ((*google)["sites"], 1);
  EXPECT_EQ((*google)["domains"], json::array({"google-analytics.com"}));
  EXPECT_EQ(
      seen["links"],
      json::array({{{"site", "sauatty-fixture-news.kz"}, {"company", company}, {"requests", 1}}}));
  // Only domains and company names travel: no path, no query.
  EXPECT_EQ(seen.dump().find("secret"), std::string::npos);
  EXPECT_EQ(seen.dump().find("articles"), std::string::npos);

  // A `requests` message the DOM way (an extra field) feeds it too.
  json dom = host.ask({{"id", 7},
                       {"type", "requests"},
                       {"tab", 7},
                       {"page", kPage},
                       {"extra", true},
                       {"requests", {{{"url", kTracker}, {"type", "image"}}}}});
  ASSERT_EQ(dom["ok"], true) << dom.dump();
  until(page, [](const json& m) { return m["totals"]["requests"] == 3; });

  // Stop: the answer says so, and the port is closed by then.
  json stopped = host.dashboard(8, "stop");
  EXPECT_EQ(stopped, json({{"id", 8}, {"ok", true}, {"type", "dashboard"}, {"running", false}}));
  EXPECT_FALSE(testing::accepts_connections(url.port));
  EXPECT_EQ(host.dashboard(9, "status")["running"], false);
  EXPECT_EQ(host.dashboard(10, "stop")["running"], false);

  // A new start is a new session: another token, nothing of the old one.
  json again = host.dashboard(11, "start");
  ASSERT_EQ(again["running"], true) << again.dump();
  const Url url2 = split(again);
  EXPECT_NE(url2.token, url.token);
  EXPECT_EQ(url2.lang, "ru");  // the language asked for last
  EXPECT_EQ(testing::http_get_status(url2.port, "/?t=" + url.token), 403);
  WsClient page2(url2.port, ws_target(url2), origin(url2.port));
  ASSERT_TRUE(page2.open());
  json fresh = until(page2, [](const json& m) { return m["type"] == "snapshot"; });
  EXPECT_EQ(fresh["totals"]["requests"], 0);
  EXPECT_EQ(host.dashboard(12, "stop")["running"], false);

  EXPECT_EQ(host.process().wait(), 0);
  EXPECT_EQ(host.process().stderr_text(), "");
}

TEST(DashboardMessage, TheHostStartedServerChecksTokenOriginAndHost) {
  Host host;
  const Url url = split(host.dashboard(1, "start", "kk"));
  ASSERT_NE(url.port, 0);
  std::string wrong = url.token;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  const std::string port = std::to_string(url.port);

  EXPECT_EQ(testing::http_get_status(url.port, "/"), 403);
  EXPECT_EQ(testing::http_get_status(url.port, "/?t=" + wrong), 403);
  EXPECT_EQ(testing::http_get_status(url.port, "/?t=" + url.token, "evil.example:" + port), 403);
  EXPECT_EQ(testing::http_get_status(url.port, "/?t=" + url.token, "localhost:" + port), 200);
  EXPECT_EQ(testing::http_get_status(url.port, "/../../etc/passwd?t=" + url.token), 404);

  WsClient no_token(url.port, "/ws", origin(url.port));
  EXPECT_FALSE(no_token.open());
  EXPECT_EQ(no_token.handshake_status(), 403);
  WsClient wrong_token(url.port, "/ws?t=" + wrong, origin(url.port));
  EXPECT_EQ(wrong_token.handshake_status(), 403);
  WsClient foreign_origin(url.port, ws_target(url), "http://evil.example");
  EXPECT_EQ(foreign_origin.handshake_status(), 403);
  WsClient extension_origin(url.port, ws_target(url), "chrome-extension://abc");
  EXPECT_EQ(extension_origin.handshake_status(), 403);
  WsClient no_origin(url.port, ws_target(url), "");
  EXPECT_EQ(no_origin.handshake_status(), 403);
  WsClient foreign_host(url.port, ws_target(url), origin(url.port), "evil.example:" + port);
  EXPECT_EQ(foreign_host.handshake_status(), 403);
  WsClient good(url.port, ws_target(url), "http://localhost:" + port);
  EXPECT_TRUE(good.open());
  EXPECT_EQ(host.process().wait(), 0);
}

TEST(DashboardMessage, BadRequestsAreAnsweredAndTheHostGoesOn) {
  Host host;
  struct Case {
    json message;
    const char* code;
  } cases[] = {
      {{{"id", 1}, {"type", "dashboard"}, {"action", "restart"}}, "bad_request"},
      {{{"id", 2}, {"type", "dashboard"}, {"action", ""}}, "bad_request"},
      {{{"id", 3}, {"type", "dashboard"}}, "missing_field"},
      {{{"id", 4}, {"type", "dashboard"}, {"action", 1}}, "wrong_type"},
      {{{"id", 5}, {"type", "dashboard"}, {"action", "start"}, {"lang", "de"}}, "bad_request"},
      {{{"id", 6}, {"type", "dashboard"}, {"action", "start"}, {"lang", 7}}, "wrong_type"},
  };
  for (const auto& c : cases) {
    json answer = host.ask(c.message);
    EXPECT_EQ(answer["id"], c.message["id"]);
    EXPECT_EQ(answer["ok"], false) << answer.dump();
    EXPECT_EQ(answer["error"]["code"], c.code) << c.message.dump();
  }
  // None of them started anything.
  EXPECT_EQ(host.dashboard(7, "status")["running"], false);
  EXPECT_EQ(host.process().wait(), 0);
}

TEST(DashboardMessage, APortInUseIsDashboardFailed) {
  // The first host holds a port; a second host told to listen there fails
  // to start, says why, and answers on.
  Host first;
  const Url held = split(first.dashboard(1, "start"));
  ASSERT_NE(held.port, 0);
  Host second({"--dashboard-port", std::to_string(held.port)});
  json failed = second.dashboard(2, "start");
  EXPECT_EQ(failed["ok"], false) << failed.dump();
  EXPECT_EQ(failed["error"]["code"], "dashboard_failed");
  EXPECT_NE(failed["error"]["message"].get<std::string>().find(std::to_string(held.port)),
            std::string::npos)
      << failed.dump();
  EXPECT_EQ(second.dashboard(3, "status")["running"], false);
  EXPECT_EQ(second.ask({{"id", 4}, {"type", "stats"}})["ok"], true);
  EXPECT_EQ(second.process().wait(), 0);
  EXPECT_EQ(first.process().wait(), 0);
}

TEST(DashboardMessage, EndOfInputStopsTheServer) {
  Host host;
  const Url url = split(host.dashboard(1, "start"));
  ASSERT_NE(url.port, 0);
  WsClient page(url.port, ws_target(url), origin(url.port));
  ASSERT_TRUE(page.open());
  ASSERT_TRUE(page.next(5s).has_value());
  ASSERT_EQ(host.requests(2, {kTracker})["ok"], true);
  // The browser closes the port: the host ends cleanly (exit 0, nothing on
  // stderr), its server with it, with a page still connected: the page's
  // socket is closed, not left silent, and the port takes no connection.
  // (A host that never ended would hang here until ctest's timeout.)
  EXPECT_EQ(host.process().wait(), 0);
  EXPECT_EQ(host.process().stderr_text(), "");
  while (page.next(5s)) {
  }
  EXPECT_FALSE(page.timed_out()) << "the page's socket was closed";
  EXPECT_FALSE(page.open());
  EXPECT_FALSE(testing::accepts_connections(url.port));
}

}  // namespace
}  // namespace sauatty
