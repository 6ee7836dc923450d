// The host's automatic list updates (app/auto_update.h): the real host
// started as a browser starts it, a real HTTP server on 127.0.0.1, and the
// background `rules update --automatic` it starts, followed to its end.
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "protocol/frame.h"
#include "support/http_server.h"
#include "support/lists.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::HttpServer;
using testing::Route;
using testing::Subprocess;

const std::string kChromeOrigin = "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/";
// The test harness runs everything with SAUATTY_OFFLINE=1; these tests turn
// the host's own updates back on, towards 127.0.0.1 only.
const std::vector<std::string> kOnline = {"SAUATTY_OFFLINE=0"};

const std::string kHello = R"({"id": 1, "type": "hello"})";
const std::string kPage = R"({"id": 2, "type": "page", "tab": 1, "url": "https://news.example/a"})";
// A `requests` message as the extension's batcher sends it.
const std::string kRequests =
    R"({"id": 3, "type": "requests", "tab": 1, "page": "https://news.example/a",)"
    R"( "requests": [{"url": "https://tracker1.example/t.js", "type": "script"}]})";

std::string filters_with(int n) {
  return testing::host_filter_list(n, "tracker", ".example",
                                   "! Title: test list\n! Expires: 4 days\n");
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The background update's answers come this late, so that the update
// outlives the host that started it and is reparented to the test, which
// can then wait for it and see its exit code. Without it a quick answer (a
// 304, a 500) let the update end while the host still ran (its exit waits
// for the preload after `hello`, app/first_use.h), and the host reaped it.
constexpr int kOutlivesTheHostMs = 1500;

Route slow(Route route) {
  route.delay_ms = kOutlivesTheHostMs;
  return route;
}

Route with_etag(Route route, std::string etag) {
  route.etag = std::move(etag);
  return route;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class AutoUpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Orphans (the update a host leaves running when it exits) become this
    // process's children, so that the test can wait for them.
    ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    server_.set_route("/list", with_etag({200, filters_with(20)}, "\"v1\""));
    write_sources(testing::sources_json({{"list", "filters", server_.url("/list")}}));
  }

  void write_sources(const std::string& json_text) {
    std::ofstream(dir_ / "sources.json") << json_text;
  }

  testing::Completed update_by_hand() {
    return testing::run_command({testing::host_binary(), "rules", "update", "--sources",
                                 (dir_ / "sources.json").string(), "--cache", cache_.string()});
  }

  // The list's schedule, as the update wrote it.
  json schedule() { return json::parse(read_file(cache_ / ".list.schedule")); }

  // Makes the cached list look checked `days` ago.
  void age_by_days(int days) {
    json s = schedule();
    s["checked"] = now_seconds() - days * 86400;
    std::ofstream(cache_ / ".list.schedule") << s.dump();
  }

  // Starts the host as Chrome does, asks `messages` (by default `hello`
  // and a page, as the extension does), ends its input and waits for it to
  // exit. Returns its stderr; `pid` is the background update it started,
  // or -1.
  std::string run_host(pid_t& pid, const std::vector<std::string>& env = kOnline,
                       const std::vector<std::string>& messages = {kHello, kPage}) {
    Subprocess host(
        {testing::host_binary(), kChromeOrigin, "--sources", (dir_ / "sources.json").string(),
         "--cache", cache_.string(), "--update-delay-max", "0"},
        env);
    for (const std::string& message : messages) {
      host.write(protocol::encode_frame(message));
      auto reply = host.read_frame();
      EXPECT_TRUE(reply.has_value()) << "no answer to " << message;
      if (reply) {
        EXPECT_EQ(json::parse(*reply)["ok"], true) << *reply;
      }
    }
    EXPECT_EQ(host.wait(), 0) << host.stderr_text();
    // (No std::regex: libstdc++ 12's regex trips -Wmaybe-uninitialized in
    // the ASan + UBSan build.)
    const std::string err = host.stderr_text();
    constexpr std::string_view kMarker = "in the background (pid ";
    const std::size_t at = err.find(kMarker);
    pid = at != std::string::npos &&
                  std::isdigit(static_cast<unsigned char>(err[at + kMarker.size()]))
              ? static_cast<pid_t>(std::stoi(err.substr(at + kMarker.size())))
              : -1;
    return err;
  }

  // Waits for the background update to end; its exit code.
  int wait_for(pid_t pid) {
    int status = 0;
    EXPECT_EQ(waitpid(pid, &status, 0), pid) << "the update was not reparented to the test";
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  testing::TempDir temp_{"sauatty-auto-update"};
  const fs::path& dir_ = temp_.path();
  fs::path cache_ = temp_.path() / "cache";
  HttpServer server_{{}};
};

// A list checked just now is not fetched again; one checked 10 days ago
// (over its 4-day `! Expires:`) is, in the background, conditionally on the
// ETag the last answer gave, and the new copy replaces it.
TEST_F(AutoUpdateTest, AStaleListIsUpdatedInTheBackgroundAFreshOneIsNot) {
  ASSERT_EQ(update_by_hand().exit_code, 0);
  ASSERT_EQ(server_.requests().size(), 1u);
  EXPECT_EQ(schedule()["etag"], "\"v1\"");

  pid_t pid = -1;
  std::string err = run_host(pid);
  EXPECT_EQ(pid, -1) << err;
  EXPECT_EQ(server_.requests().size(), 1u) << "a fresh list was fetched again";

  age_by_days(10);
  server_.set_route("/list", slow(with_etag({200, filters_with(25)}, "\"v2\"")));
  err = run_host(pid);
  ASSERT_GT(pid, 0) << "no update started: " << err;
  EXPECT_EQ(wait_for(pid), 0) << read_file(cache_ / ".update.log");
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].if_none_match, "\"v1\"");
  EXPECT_EQ(read_file(cache_ / "list"), filters_with(25));
  EXPECT_EQ(schedule()["etag"], "\"v2\"");
  EXPECT_GE(schedule()["checked"].get<std::int64_t>(), now_seconds() - 60);
  EXPECT_NE(read_file(cache_ / ".update.log").find("ok, 25 entries"), std::string::npos);
  // ... and rebuilt the compiled cache, which a running host swaps to.
  EXPECT_NE(read_file(cache_ / ".update.log").find("compiled cache rebuilt"), std::string::npos);
}

// The server says 304: nothing is transferred, the copy stays, and the list
// counts as checked (not due again for its interval).
TEST_F(AutoUpdateTest, NotModifiedKeepsTheCopyAndCountsAsChecked) {
  ASSERT_EQ(update_by_hand().exit_code, 0);
  age_by_days(10);
  server_.set_route("/list", slow(with_etag({200, filters_with(20)}, "\"v1\"")));
  pid_t pid = -1;
  run_host(pid);
  ASSERT_GT(pid, 0);
  EXPECT_EQ(wait_for(pid), 0);
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].if_none_match, "\"v1\"");
  EXPECT_EQ(read_file(cache_ / "list"), filters_with(20));
  EXPECT_NE(read_file(cache_ / ".update.log").find("not modified"), std::string::npos);
  EXPECT_GE(schedule()["checked"].get<std::int64_t>(), now_seconds() - 60);
  run_host(pid);
  EXPECT_EQ(pid, -1) << "checked by the 304, it is not due";
}

// A failed update keeps the last good copy, says why in the schedule and
// the report, and is not tried again before its back-off (1 hour) ends.
TEST_F(AutoUpdateTest, AFailureBacksOff) {
  ASSERT_EQ(update_by_hand().exit_code, 0);
  age_by_days(10);
  server_.set_route("/list", slow({500, "internal error"}));
  pid_t pid = -1;
  run_host(pid);
  ASSERT_GT(pid, 0);
  EXPECT_EQ(wait_for(pid), 3);
  EXPECT_EQ(read_file(cache_ / "list"), filters_with(20));
  json s = schedule();
  EXPECT_EQ(s["failures"], 1);
  EXPECT_NE(s["last_error"].get<std::string>().find("HTTP status 500"), std::string::npos);
  EXPECT_GE(s["retry_after"].get<std::int64_t>(), now_seconds() + 3000);
  EXPECT_NE(read_file(cache_ / ".update.log").find("kept the last good copy"), std::string::npos);

  const auto asked = server_.requests().size();
  run_host(pid);
  EXPECT_EQ(pid, -1) << "tried again during the back-off";
  EXPECT_EQ(server_.requests().size(), asked);

  // By hand, the back-off does not apply.
  server_.set_route("/list", {200, filters_with(22)});
  EXPECT_EQ(update_by_hand().exit_code, 0);
  EXPECT_EQ(schedule()["failures"], 0);
}

// A host started for a user who turned Sauatty off, or never consented,
// answers `hello` (and the popup's `settings` and `stats`) but reaches no
// list publisher: the update starts only at the first `page` or `requests`
// message, which the extension sends only with consent (app/first_use.h).
TEST_F(AutoUpdateTest, TheUpdateWaitsForTheFirstPageOrRequestsNotTheStartOrHello) {
  ASSERT_EQ(update_by_hand().exit_code, 0);
  age_by_days(10);
  pid_t pid = -1;
  std::string err = run_host(
      pid, kOnline,
      {kHello, R"({"id": 4, "type": "settings"})", R"({"id": 5, "type": "stats"})", kHello});
  EXPECT_EQ(pid, -1) << err;
  EXPECT_EQ(err.find("updating lists"), std::string::npos) << err;
  // Nothing was started that could still reach the server later.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(server_.requests().size(), 1u) << "a host that was only greeted fetched the list";
  EXPECT_EQ(read_file(cache_ / "list"), filters_with(20));

  // The first `requests` (with no `page` before it) starts it.
  server_.set_route("/list", slow(with_etag({200, filters_with(24)}, "\"v2\"")));
  err = run_host(pid, kOnline, {kHello, kRequests, kRequests});
  ASSERT_GT(pid, 0) << "no update started at the first requests: " << err;
  EXPECT_EQ(wait_for(pid), 0) << read_file(cache_ / ".update.log");
  ASSERT_EQ(server_.requests().size(), 2u);
  EXPECT_EQ(read_file(cache_ / "list"), filters_with(24));

  // ... and so does a page, once however many follow.
  age_by_days(10);
  err = run_host(pid, kOnline, {kHello, kPage, kPage, kRequests});
  ASSERT_GT(pid, 0) << "no update started at the first page: " << err;
  EXPECT_EQ(wait_for(pid), 0) << read_file(cache_ / ".update.log");
  EXPECT_EQ(server_.requests().size(), 3u);
  std::size_t said = 0;
  for (std::size_t at = 0; (at = err.find("updating lists", at)) != std::string::npos; ++at) {
    ++said;
  }
  EXPECT_EQ(said, 1u) << err;
}

// The administrator's "automatic_updates": false, and SAUATTY_OFFLINE=1 (how
// tests run), start nothing even for a stale list.
TEST_F(AutoUpdateTest, OffWhenTheSourcesSayOrOffline) {
  ASSERT_EQ(update_by_hand().exit_code, 0);
  age_by_days(10);
  pid_t pid = -1;
  std::string err = run_host(pid, {"SAUATTY_OFFLINE=1"});
  EXPECT_EQ(pid, -1) << err;

  write_sources(testing::sources_json({{"list", "filters", server_.url("/list")}},
                                      /*automatic_updates=*/false));
  err = run_host(pid);
  EXPECT_EQ(pid, -1) << err;
  EXPECT_EQ(server_.requests().size(), 1u);
}

// The host exits at the end of its input while its update waits on a
// stalled server; the update goes on by itself.
TEST_F(AutoUpdateTest, TheHostExitsPromptlyWhileAnUpdateRuns) {
  ASSERT_EQ(update_by_hand().exit_code, 0);
  age_by_days(10);
  server_.set_route("/list", {200, filters_with(30), "", 60000});
  pid_t pid = -1;
  auto start = std::chrono::steady_clock::now();
  run_host(pid);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_GT(pid, 0);
  // Wait for the update to be inside the stalled transfer.
  for (int i = 0; i < 200 && server_.requests().size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(server_.requests().size(), 2u);
  EXPECT_EQ(kill(pid, 0), 0) << "the update should still be running";
  EXPECT_LT(seconds, 30.0) << "the host waited for its update";
  kill(pid, SIGTERM);
  wait_for(pid);
  EXPECT_EQ(read_file(cache_ / "list"), filters_with(20));
}

}  // namespace
}  // namespace sauatty
