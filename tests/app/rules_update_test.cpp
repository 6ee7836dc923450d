// `rules update` with the real binary against a real HTTP server on 127.0.0.1.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "support/http_server.h"
#include "support/lists.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

namespace fs = std::filesystem;
using testing::host_binary;
using testing::run_command;

const std::string kFilters =
    "! Title: test list\n||tracker.example^$third-party\n||pixel.example^\n";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// `n` filter lines under an Adblock Plus header.
std::string filters_with(int n) {
  return testing::host_filter_list(n, "tracker", ".example", "! Title: test list\n");
}

// What a captive portal serves in place of a list (uBO and hosts readers
// alike took its lines for filters or hosts).
const std::string kPortalPage = R"(<!DOCTYPE html>
<html>
<head><title>Library Wi-Fi</title>
<style>
body{font-family:sans-serif;margin:0}
</style>
</head>
<body>
<h1>Welcome to the library network</h1>
<p>Please accept the terms of use to continue.</p>
wifi.library.example
<form method="post" action="/accept"><button>Accept</button></form>
</body>
</html>
)";

std::string random_bytes(std::size_t n) {
  std::mt19937 rng(16);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}

std::string utf16le(std::string_view ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) out += {c, '\0'};
  return out;
}

const std::string kDisconnect =
    R"({"categories": {"Advertising": [{"Ads Inc": {"https://ads.example/": ["ads.example", "adserver.example"]}}]}})";

class RulesUpdateTest : public ::testing::Test {
 protected:
  void write_sources(const std::string& json) { std::ofstream(dir_ / "sources.json") << json; }
  // sources.json naming one list; `extra` is more JSON fields for it.
  void write_one_source(const std::string& kind, const std::string& url,
                        const std::string& extra = "") {
    write_sources(R"({"format": "sauatty-sources/1", "lists": [{"name": "list", "kind": ")" + kind +
                  R"(", "url": ")" + url + "\"" + extra + "}]}");
  }
  testing::Completed update() {
    return run_command({host_binary(), "rules", "update", "--sources",
                        (dir_ / "sources.json").string(), "--cache", (dir_ / "cache").string()});
  }
  testing::TempDir temp_{"sauatty-update"};
  const fs::path& dir_ = temp_.path();
};

TEST_F(RulesUpdateTest, GoodListsLandBadOnesAreReportedAndKeepTheirLastCopy) {
  testing::HttpServer server({{"/filters.txt", {200, kFilters}},
                              {"/disconnect.json", {200, "{\"not\": \"disconnect\"}"}},
                              {"/gone.txt", {404, ""}}});
  write_sources(R"({"format": "sauatty-sources/1", "lists": [
      {"name": "local-filters", "kind": "filters", "url": ")" +
                server.url("/filters.txt") + R"("},
      {"name": "local-disconnect", "kind": "disconnect", "url": ")" +
                server.url("/disconnect.json") + R"("},
      {"name": "gone", "kind": "hosts", "url": ")" +
                server.url("/gone.txt") + R"("}]})");
  auto r = update();
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find("ok, 2 entries"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("HTTP status 404"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 of 3 lists updated"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "cache/local-filters"));
  // The compiled cache was rebuilt from what landed (store/compiled_cache.h).
  EXPECT_NE(r.out.find("compiled cache rebuilt"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "cache/.compiled-rules"));
  EXPECT_FALSE(fs::exists(dir_ / "cache/local-disconnect"));
  EXPECT_FALSE(fs::exists(dir_ / "cache/gone"));

  // The host loads the verified download at start-up (the gone list has no copy: skipped).
  auto check = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {host_binary(),
                                     "check",
                                     "https://pixel.example/p.gif",
                                     "--page",
                                     "https://news.example.kz/",
                                     "--json",
                                     "--sources",
                                     (dir_ / "sources.json").string(),
                                     "--cache",
                                     (dir_ / "cache").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_command(argv);
  };
  auto with_cache = check({});
  ASSERT_EQ(with_cache.exit_code, 0) << with_cache.err;
  auto tracker = nlohmann::json::parse(with_cache.out)["privacy"]["tracker"];
  ASSERT_TRUE(tracker.is_object()) << with_cache.out;
  EXPECT_EQ(tracker["list"], "local-filters");
  EXPECT_EQ(tracker["rule"], "||pixel.example^");
  // A damaged compiled cache is refused with its reason; the verified list
  // is parsed instead and still answers (and the cache is written again).
  {
    std::fstream damage(dir_ / "cache/.compiled-rules",
                        std::ios::in | std::ios::out | std::ios::binary);
    damage.seekp(200);
    damage.write("\xde\xad\xbe\xef", 4);
  }
  auto damaged = check({});
  ASSERT_EQ(damaged.exit_code, 0) << damaged.err;
  EXPECT_NE(damaged.err.find("compiled cache not used"), std::string::npos) << damaged.err;
  EXPECT_EQ(nlohmann::json::parse(damaged.out)["privacy"]["tracker"]["rule"], "||pixel.example^");
  auto without = check({"--no-cache"});
  ASSERT_EQ(without.exit_code, 0);
  EXPECT_TRUE(nlohmann::json::parse(without.out)["privacy"]["tracker"].is_null());
}

TEST_F(RulesUpdateTest, ACorruptedCachedListIsLeftOutNotFatal) {
  write_sources(R"({"format": "sauatty-sources/1", "lists": [
      {"name": "broken", "kind": "disconnect", "url": "https://lists.example/d.json"}]})");
  fs::create_directories(dir_ / "cache");
  std::ofstream(dir_ / "cache/broken") << "not json at all";
  auto r = run_command({host_binary(), "check", "https://www.google-analytics.com/ga.js", "--json",
                        "--sources", (dir_ / "sources.json").string(), "--cache",
                        (dir_ / "cache").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("downloaded list left out: broken: no record of its verification"),
            std::string::npos)
      << r.err;
  // The embedded rules still work.
  EXPECT_EQ(nlohmann::json::parse(r.out)["privacy"]["tracker"]["entity"], "Google");
}

TEST_F(RulesUpdateTest, MissingOrMalformedSourcesFile) {
  auto missing = update();
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("sources.json"), std::string::npos);
  write_sources(
      R"({"format": "sauatty-sources/1", "lists": [{"name": "x", "kind": "nosuch", "url": "https://a.example/"}]})");
  const std::string says =
      (dir_ / "sources.json").string() +
      ": sources: lists[0] 'x': unknown kind 'nosuch' (one of filters, hosts, "
      "disconnect, tracker-radar, disconnect-entities, trackerdb, opensources, "
      "bs-detector, cred1, lin2023)";
  auto unknown = update();
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "sauatty-host rules update: " + says + "\n");
  // At a start, that entry is left out, said once; the rest loads.
  auto start = run_command({host_binary(), "check", "https://www.google-analytics.com/ga.js",
                            "--json", "--sources", (dir_ / "sources.json").string(), "--cache",
                            (dir_ / "cache").string()});
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_EQ(start.err, "sauatty-host: downloaded list left out: " + says + "\n");
  EXPECT_EQ(nlohmann::json::parse(start.out)["privacy"]["tracker"]["entity"], "Google");
}

// One entry of an unknown kind (a typo, or a sources.json written for a
// newer host) never loses the other lists: a start and `rules list` load the
// good download and name the entry left out and its kind on stderr (never
// the page checked); `rules update`, run by an administrator, refuses the
// file and says why.
TEST_F(RulesUpdateTest, AnEntryOfAnUnknownKindIsLeftOutAloneAtAStart) {
  testing::HttpServer server({{"/filters.txt", {200, kFilters}}});
  const std::string good = R"({"name": "local-filters", "kind": "filters", "url": ")" +
                           server.url("/filters.txt") + R"("})";
  write_sources(R"({"format": "sauatty-sources/1", "lists": [)" + good + "]}");
  ASSERT_EQ(update().exit_code, 0);
  ASSERT_TRUE(fs::exists(dir_ / "cache/local-filters"));
  write_sources(
      R"({"format": "sauatty-sources/1", "lists": [)" + good +
      R"(, {"name": "newer", "kind": "filterz", "url": "https://lists.example.kz/z.txt"}]})");
  const std::string warning =
      "sauatty-host: downloaded list left out: " + (dir_ / "sources.json").string() +
      ": sources: lists[1] 'newer': unknown kind 'filterz' (one of filters, hosts, disconnect, "
      "tracker-radar, disconnect-entities, trackerdb, opensources, bs-detector, cred1, lin2023)\n";

  auto start =
      run_command({host_binary(), "check", "https://pixel.example/p.gif", "--page",
                   "https://news.example.kz/", "--json", "--sources",
                   (dir_ / "sources.json").string(), "--cache", (dir_ / "cache").string()});
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_EQ(start.err, warning);
  auto tracker = nlohmann::json::parse(start.out)["privacy"]["tracker"];
  ASSERT_TRUE(tracker.is_object()) << start.out;
  EXPECT_EQ(tracker["list"], "local-filters");
  EXPECT_EQ(tracker["rule"], "||pixel.example^");

  auto listed =
      run_command({host_binary(), "rules", "list", "--sources", (dir_ / "sources.json").string(),
                   "--cache", (dir_ / "cache").string()});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.err, warning);
  EXPECT_NE(listed.out.find("  filters\tlocal-filters\t2 entries\t" + server.url("/filters.txt")),
            std::string::npos)
      << listed.out;
  EXPECT_EQ(listed.out.find("newer"), std::string::npos) << listed.out;

  auto refused = update();
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err,
            "sauatty-host rules update: " +
                warning.substr(std::string("sauatty-host: downloaded list left out: ").size()));
}

// A download that does not look like its kind, or that lost more than half
// of the last good copy's entries, is refused: exit 3, the reason printed,
// the last good copy kept byte for byte.
TEST_F(RulesUpdateTest, ADownloadThatDoesNotLookLikeItsKindIsRefused) {
  const std::string good_hosts = "0.0.0.0 ads.example\n0.0.0.0 pixel.example\nmetrics.example\n";
  std::string nul_garbage = filters_with(3) + std::string(4096, '\0') + "||x.example^\n";
  std::string prose;
  for (int i = 0; i < 40; ++i) prose += "Service unavailable; please try again later.\n";
  std::string bad_disconnect =
      R"({"categories": {"Advertising": [{"Ads Inc": {"https://ads.example/": [)";
  for (int i = 0; i < 20; ++i) bad_disconnect += "\"not a domain " + std::to_string(i) + "\",";
  bad_disconnect += "\"ads.example\"]}}]}}";
  struct Case {
    const char* what;
    std::string kind, good, bad, says;
  };
  const Case cases[] = {
      {"captive portal as filters", "filters", filters_with(20), kPortalPage, "HTML"},
      {"captive portal as hosts", "hosts", good_hosts, kPortalPage, "HTML"},
      {"random bytes", "filters", filters_with(20), random_bytes(300 << 10), "control byte"},
      {"NUL garbage", "filters", filters_with(20), nul_garbage, "control byte 0x00"},
      {"UTF-16 text", "filters", filters_with(20), utf16le(filters_with(20)), "UTF-16"},
      {"prose as filters", "filters", filters_with(20), prose, "filter lines"},
      {"prose as hosts", "hosts", good_hosts, prose, "hosts lines"},
      {"disconnect of non-domains", "disconnect", kDisconnect, bad_disconnect, "domains"},
      {"shrunk to under half", "filters", filters_with(20), filters_with(9), "half"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    fs::remove_all(dir_ / "cache");
    testing::HttpServer server({{"/good", {200, c.good}}, {"/bad", {200, c.bad}}});
    write_one_source(c.kind, server.url("/good"));
    auto first = update();
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    write_one_source(c.kind, server.url("/bad"));
    auto r = update();
    EXPECT_EQ(r.exit_code, 3) << r.out;
    EXPECT_NE(r.out.find("kept the last good copy"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
    EXPECT_TRUE(read_file(dir_ / "cache/list") == c.good) << "the cached copy changed";
  }
}

TEST_F(RulesUpdateTest, ShrinkingByLessThanHalfIsAccepted) {
  testing::HttpServer server({{"/20", {200, filters_with(20)}}, {"/10", {200, filters_with(10)}}});
  write_one_source("filters", server.url("/20"));
  ASSERT_EQ(update().exit_code, 0);
  write_one_source("filters", server.url("/10"));
  auto r = update();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(read_file(dir_ / "cache/list"), filters_with(10));
}

// A redirect to another host is refused unless the source names that host
// in allow_redirect_hosts; one on the same host is followed.
TEST_F(RulesUpdateTest, ARedirectToAnotherHostIsRefusedUnlessAllowed) {
  testing::HttpServer server({{"/list.txt", {200, kFilters}}});
  // The same server under another name: "localhost" is not "127.0.0.1".
  std::string elsewhere = "http://localhost:" + server.url("").substr(17) + "/list.txt";
  testing::HttpServer redirector({{"/same", {302, "", "/moved"}},
                                  {"/moved", {302, "", server.url("/list.txt")}},
                                  {"/other", {302, "", elsewhere}}});
  write_one_source("filters", redirector.url("/other"));
  auto refused = update();
  EXPECT_EQ(refused.exit_code, 3) << refused.out;
  EXPECT_NE(refused.out.find("redirected to another host, localhost"), std::string::npos)
      << refused.out;
  EXPECT_FALSE(fs::exists(dir_ / "cache/list"));

  write_one_source("filters", redirector.url("/other"),
                   R"(, "allow_redirect_hosts": ["LocalHost"])");
  auto allowed = update();
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  EXPECT_EQ(read_file(dir_ / "cache/list"), kFilters);

  // 127.0.0.1 → 127.0.0.1 (another port of the same host) is followed.
  write_one_source("filters", redirector.url("/same"));
  auto same = update();
  EXPECT_EQ(same.exit_code, 0) << same.out;
}

// Server failures that are not about the list's text: each keeps the last
// good copy byte for byte and says why.
TEST_F(RulesUpdateTest, ServerFailuresKeepTheLastGoodCopy) {
  const std::string good = filters_with(20);
  testing::Route truncated{200, filters_with(40)};
  truncated.truncate_at = 300;  // Content-Length says more; the connection closes
  testing::HttpServer server({{"/good", {200, good}},
                              {"/error", {500, "internal error"}},
                              {"/gone", {404, "not found"}},
                              {"/truncated", truncated}});
  write_one_source("filters", server.url("/good"));
  ASSERT_EQ(update().exit_code, 0);
  struct Case {
    const char* path;
    const char* says;
  };
  const Case cases[] = {
      {"/error", "HTTP status 500"},
      {"/gone", "HTTP status 404"},
      {"/truncated", "transfer closed"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    write_one_source("filters", server.url(c.path));
    auto r = update();
    EXPECT_EQ(r.exit_code, 3) << r.out;
    EXPECT_NE(r.out.find("kept the last good copy"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << r.out;
    EXPECT_EQ(read_file(dir_ / "cache/list"), good);
  }
}

// `rules list` names where each list came from (a download's URL, an
// imported file's path, "built in"), how old the copy is, and the last
// update's error while it lasts; a source never downloaded is listed too.
TEST_F(RulesUpdateTest, RulesListShowsEachListsOriginAgeAndLastError) {
  testing::HttpServer server({{"/good", {200, filters_with(20)}}, {"/never", {404, "gone"}}});
  write_sources(R"({"format": "sauatty-sources/1", "lists": [
      {"name": "local", "kind": "filters", "url": ")" +
                server.url("/good") + R"("},
      {"name": "never", "kind": "hosts", "url": ")" +
                server.url("/never") + R"("}]})");
  ASSERT_EQ(update().exit_code, 3);
  server.set_route("/good", {500, "internal error"});
  ASSERT_EQ(update().exit_code, 3);
  std::ofstream(dir_ / "extra.hosts") << "0.0.0.0 ads.extra.example\n";
  auto r = run_command({host_binary(), "rules", "list", "--sources",
                        (dir_ / "sources.json").string(), "--cache", (dir_ / "cache").string(),
                        "--import", "hosts=" + (dir_ / "extra.hosts").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto line_of = [&](const std::string& start) {
    auto at = r.out.find(start);
    if (at == std::string::npos) return std::string();
    return r.out.substr(at, r.out.find('\n', at) - at);
  };
  const std::string local = line_of("  filters\tlocal\t20 entries\t");
  ASSERT_FALSE(local.empty()) << r.out;
  EXPECT_NE(local.find(server.url("/good") + ", downloaded under a minute ago, checked under a "
                                             "minute ago; last update failed: "),
            std::string::npos)
      << local;
  // One hour of back-off after the first failure (59 or 60 minutes left).
  EXPECT_NE(local.find("HTTP status 500 (1 time in a row, an automatic update tries again in "),
            std::string::npos)
      << local;
  EXPECT_TRUE(local.ends_with(" 59 minutes)") || local.ends_with(" 60 minutes)")) << local;
  EXPECT_NE(line_of("  hosts\textra.hosts\t1 entries\t" + (dir_ / "extra.hosts").string() +
                    ", changed under a minute ago"),
            "")
      << r.out;
  EXPECT_NE(line_of("  trackers\tsauatty-trackers\t"), "") << r.out;
  EXPECT_NE(line_of("  trackers\tsauatty-trackers\t").find("\tbuilt in"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("downloads not loaded (cache "), std::string::npos) << r.out;
  const std::string never = line_of("  hosts\tnever\t");
  EXPECT_NE(never.find(server.url("/never") + ", not downloaded yet; last update failed: "),
            std::string::npos)
      << r.out;
  EXPECT_NE(never.find("HTTP status 404 (2 times in a row"), std::string::npos) << never;

  // A good answer clears the error.
  server.set_route("/good", {200, filters_with(20)});
  update();
  r = run_command({host_binary(), "rules", "list", "--sources", (dir_ / "sources.json").string(),
                   "--cache", (dir_ / "cache").string()});
  EXPECT_EQ(line_of("  filters\tlocal\t20 entries\t").find("last update failed"), std::string::npos)
      << r.out;
}

// By hand, every request is conditional on the last answer's ETag or date:
// a 304 keeps the copy, transfers nothing and is a success.
TEST_F(RulesUpdateTest, NotModifiedKeepsTheCopy) {
  testing::Route listed{200, filters_with(20)};
  listed.last_modified = "Tue, 14 Jul 2026 09:53:00 GMT";
  testing::HttpServer server({{"/list", listed}});
  write_one_source("filters", server.url("/list"));
  ASSERT_EQ(update().exit_code, 0);
  auto again = update();
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("not modified since the last update"), std::string::npos) << again.out;
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].if_modified_since, "");
  EXPECT_EQ(requests[1].if_modified_since, listed.last_modified);
  EXPECT_EQ(read_file(dir_ / "cache/list"), filters_with(20));
}

// A full disk: the write of the new copy fails (RLIMIT_FSIZE makes write()
// fail with EFBIG, as ENOSPC would, through the same code), and the last
// good copy stays, with no temporary file left behind.
TEST_F(RulesUpdateTest, AFullDiskKeepsTheLastGoodCopy) {
  const std::string good = filters_with(20);
  testing::HttpServer server({{"/good", {200, good}}, {"/big", {200, filters_with(2000)}}});
  write_one_source("filters", server.url("/good"));
  ASSERT_EQ(update().exit_code, 0);
  write_one_source("filters", server.url("/big"));
  // bash: SIGXFSZ ignored (kept across exec), files limited to 8 KiB.
  auto r = run_command({"/bin/bash", "-c", "trap '' XFSZ; ulimit -f 8; exec \"$@\"", "bash",
                        host_binary(), "rules", "update", "--sources",
                        (dir_ / "sources.json").string(), "--cache", (dir_ / "cache").string()});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("kept the last good copy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("File too large"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(dir_ / "cache/list"), good);
  for (const auto& entry : fs::directory_iterator(dir_ / "cache")) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  }
}

// An update killed between writing the new copy and renaming it over the
// old one leaves a temporary file: the host ignores it (the last good copy
// loads), and a later update removes it once it is old.
TEST_F(RulesUpdateTest, ACrashBetweenWriteAndRenameLosesNothing) {
  testing::HttpServer server({{"/good", {200, kFilters}}});
  write_one_source("filters", server.url("/good"));
  ASSERT_EQ(update().exit_code, 0);
  const fs::path leftover = dir_ / "cache/.list.tmp-4242-123456";
  std::ofstream(leftover) << "||half-written.example^\n||other";
  auto check =
      run_command({host_binary(), "check", "https://pixel.example/p.gif", "--json", "--sources",
                   (dir_ / "sources.json").string(), "--cache", (dir_ / "cache").string()});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.err.find("left out"), std::string::npos) << check.err;
  EXPECT_EQ(nlohmann::json::parse(check.out)["privacy"]["tracker"]["list"], "list");
  fs::last_write_time(leftover, fs::file_time_type::clock::now() - std::chrono::hours(1));
  auto r = update();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("removed 1 temporary files"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(leftover));

  // Stopped after the new copy was renamed in but before its record was:
  // the record written first, as .list.verified.next, vouches for it.
  const std::string v2 = "! Title: v2\n||pixel2.example^\n||tracker.example^$third-party\n";
  testing::HttpServer v2_server({{"/v2", {200, v2}}});
  write_one_source("filters", v2_server.url("/v2"));
  ASSERT_EQ(run_command({host_binary(), "rules", "update", "--sources",
                         (dir_ / "sources.json").string(), "--cache", (dir_ / "other").string()})
                .exit_code,
            0);
  fs::copy_file(dir_ / "other/list", dir_ / "cache/list", fs::copy_options::overwrite_existing);
  fs::copy_file(dir_ / "other/.list.verified", dir_ / "cache/.list.verified.next");
  auto after =
      run_command({host_binary(), "check", "https://pixel2.example/p.gif", "--json", "--sources",
                   (dir_ / "sources.json").string(), "--cache", (dir_ / "cache").string()});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.err.find("left out"), std::string::npos) << after.err;
  EXPECT_EQ(nlohmann::json::parse(after.out)["privacy"]["tracker"]["rule"], "||pixel2.example^");
}

// Without a sources file the built-in defaults apply, except under
// SAUATTY_OFFLINE=1 (how every test runs): then there is nothing to fetch,
// and an empty `lists` array means the same anywhere.
TEST_F(RulesUpdateTest, OfflineOrAnEmptyListMeansNoDownloads) {
  std::vector<std::string> env = {
      "HOME=" + dir_.string(), "XDG_CONFIG_HOME=" + (dir_ / "config").string(),
      "XDG_CACHE_HOME=" + (dir_ / "xdg-cache").string(), "SAUATTY_OFFLINE=1"};
  auto offline = run_command({host_binary(), "rules", "update"}, "", env);
  EXPECT_EQ(offline.exit_code, 0) << offline.err;
  EXPECT_NE(offline.out.find("0 of 0 lists updated"), std::string::npos) << offline.out;
  EXPECT_NE(offline.out.find("none (SAUATTY_OFFLINE=1)"), std::string::npos) << offline.out;

  fs::create_directories(dir_ / "config/sauatty");
  std::ofstream(dir_ / "config/sauatty/sources.json")
      << R"({"format": "sauatty-sources/1", "lists": []})";
  env.back() = "SAUATTY_OFFLINE=0";
  auto empty = run_command({host_binary(), "rules", "update"}, "", env);
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.out.find("0 of 0 lists updated"), std::string::npos) << empty.out;
  EXPECT_NE(empty.out.find((dir_ / "config/sauatty/sources.json").string()), std::string::npos)
      << empty.out;
}

// `rules update --system` fills the folder every user's host reads
// (/var/lib/sauatty/lists, here --cache) from the administrator's sources or
// the defaults, never from a user's own sources.json.
TEST_F(RulesUpdateTest, SystemUpdateNeverReadsAUsersSources) {
  if (fs::exists("/etc/sauatty/sources.json")) GTEST_SKIP() << "/etc/sauatty/sources.json exists";
  testing::HttpServer server({{"/list", {200, kFilters}}});
  fs::create_directories(dir_ / "config/sauatty");
  std::ofstream(dir_ / "config/sauatty/sources.json")
      << R"({"format": "sauatty-sources/1", "lists": [{"name": "mine", "kind": "filters", "url": ")" +
             server.url("/list") + "\"}]}";
  std::vector<std::string> env = {"XDG_CONFIG_HOME=" + (dir_ / "config").string(),
                                  "SAUATTY_OFFLINE=1"};
  auto user =
      run_command({host_binary(), "rules", "update", "--cache", (dir_ / "user").string()}, "", env);
  EXPECT_EQ(user.exit_code, 0) << user.out << user.err;
  EXPECT_TRUE(fs::exists(dir_ / "user/mine")) << user.out;
  auto system = run_command(
      {host_binary(), "rules", "update", "--system", "--cache", (dir_ / "system").string()}, "",
      env);
  EXPECT_EQ(system.exit_code, 0) << system.out << system.err;
  EXPECT_NE(system.out.find("0 of 0 lists updated"), std::string::npos) << system.out;
  EXPECT_FALSE(fs::exists(dir_ / "system/mine"));
  // With the sources named, --system updates that folder like any other.
  write_one_source("filters", server.url("/list"));
  auto named =
      run_command({host_binary(), "rules", "update", "--system", "--sources",
                   (dir_ / "sources.json").string(), "--cache", (dir_ / "system").string()});
  EXPECT_EQ(named.exit_code, 0) << named.out << named.err;
  EXPECT_EQ(read_file(dir_ / "system/list"), kFilters);
}

// Every warning `rules verify` prints says file:line and why (RE2's reason
// for a refused regex), and bytes from the list are escaped, never sent to
// the terminal raw.
TEST_F(RulesUpdateTest, VerifyGivesFileLineAndReasonAndEscapesTheList) {
  std::ofstream(dir_ / "t.txt") << "||ok.example^\n"
                                   "/ads$frobnicate\x1b]0;pwned\x07\n"
                                   "/(?<=x)y/\n"
                                   "||x.example^$domain=\n"
                                   "\x1b[2J||clear.example^$~script,script\n";
  auto r = run_command({host_binary(), "rules", "verify", "--filters", (dir_ / "t.txt").string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x07'), std::string::npos) << r.out;
  for (const char* says : {"t.txt:2: unknown_option (frobnicate\\x1b]0;pwned\\x07)",
                           "t.txt:3: bad_regex (invalid perl operator: (?<)",
                           "t.txt:4: bad_option (domain)", "t.txt:5: no_type"}) {
    EXPECT_NE(r.out.find(says), std::string::npos) << says << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("4 warnings"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sauatty
