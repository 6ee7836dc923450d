// Downloads from a real HTTP server on 127.0.0.1, verification, and the
// atomic swap that keeps the last good list.
#include "store/list_update.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/sha256.h"
#include "support/http_server.h"
#include "support/temp_dir.h"

namespace sauatty::store {
namespace {

namespace fs = std::filesystem;
using testing::HttpServer;
using testing::Route;

const std::string kGoodList = "||tracker.example^\n||ads.example^$third-party\n";

// Counts non-empty, non-comment lines; refuses HTML (a captive portal page).
std::expected<std::size_t, std::string> count_lines(ListKind, std::string_view bytes) {
  if (bytes.starts_with("<")) return std::unexpected(std::string("looks like HTML"));
  std::size_t n = 0;
  std::istringstream in{std::string(bytes)};
  for (std::string line; std::getline(in, line);) n += !line.empty() && line[0] != '!';
  return n;
}

ListSource source(std::string url, std::string sha256 = "") {
  return {"list", ListKind::kFilters, std::move(url), std::move(sha256), {}};
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class ListUpdateTest : public ::testing::Test {
 protected:
  testing::TempDir temp_{"sauatty-cache"};
  fs::path cache_ = temp_.path() / "cache";
  std::ostringstream progress_;
};

TEST_F(ListUpdateTest, DownloadsVerifiesAndStores) {
  HttpServer server({{"/list.txt", {200, kGoodList}}});
  std::vector<ListSource> sources = {
      {"easyprivacy", ListKind::kFilters, server.url("/list.txt"), sha256_hex(kGoodList), {}}};
  auto outcomes = update_lists(sources, cache_, count_lines, {}, progress_);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0].updated) << outcomes[0].message;
  EXPECT_EQ(outcomes[0].entries, 2u);
  EXPECT_EQ(read(cache_ / "easyprivacy"), kGoodList);
  EXPECT_NE(progress_.str().find("ok, 2 entries"), std::string::npos);
}

TEST_F(ListUpdateTest, EveryFailureKeepsTheLastGoodCopy) {
  HttpServer server({
      {"/good", {200, kGoodList}},
      {"/html", {200, "<html>captive portal</html>"}},
      {"/missing", {404, ""}},
      {"/huge", {200, std::string(4096, 'x')}},
      {"/empty", {200, "! only a comment\n"}},
      {"/to-ftp", {302, "", "ftp://127.0.0.1/list"}},
  });
  ASSERT_TRUE(
      update_lists({source(server.url("/good"))}, cache_, count_lines, {}, progress_)[0].updated);
  struct Case {
    const char* path;
    std::string sha256;
    const char* says;
  };
  const Case cases[] = {
      {"/good", std::string(64, '0'), "SHA-256 differs"},
      {"/html", "", "does not parse"},
      {"/missing", "", "HTTP status 404"},
      {"/huge", "", "larger than"},
      {"/empty", "", "no entries"},
      {"/to-ftp", "", "127.0.0.1"},
  };
  DownloadLimits limits;
  limits.max_bytes = 1024;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    auto outcome = update_lists({source(server.url(c.path), c.sha256)}, cache_, count_lines,
                                {.limits = limits}, progress_)[0];
    EXPECT_FALSE(outcome.updated);
    EXPECT_NE(outcome.message.find(c.says), std::string::npos) << outcome.message;
    EXPECT_EQ(read(cache_ / "list"), kGoodList);  // never a lost list
  }
  // No temporary files are left behind: the list, its record and schedule.
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(cache_)) {
    files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{".list.schedule", ".list.verified", "list"}));
}

// A server that sends part of a list and then nothing is given up on after
// low_speed_seconds, not kept waiting for the total timeout.
TEST_F(ListUpdateTest, AStalledTransferFails) {
  HttpServer server({{"/stall", {200, std::string(512, 'x'), "", 20000}}});
  DownloadLimits limits;
  limits.low_speed_seconds = 1;
  auto start = std::chrono::steady_clock::now();
  auto result = download(server.url("/stall"), "", limits);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(result) << "accepted after the stall";
  EXPECT_EQ(result.error().kind, DownloadError::kNetwork);
  EXPECT_NE(result.error().message.find("too slow"), std::string::npos) << result.error().message;
  EXPECT_LT(seconds, 10.0);  // not the 20 s stall (nor the 120 s total timeout)
}

// Temporaries that a killed update left (our pattern only, and only old
// ones) are removed when an update starts.
TEST_F(ListUpdateTest, StaleTemporariesAreRemovedAtUpdateStart) {
  HttpServer server({{"/good", {200, kGoodList}}});
  fs::create_directories(cache_);
  struct File {
    const char* name;
    bool old;
    bool stays;
  };
  const File files[] = {
      {".list.tmp-4242", true, false},            // an older host's temporary
      {".list.tmp-4242-1234567", true, false},    // atomic_file's
      {".other.verified.tmp-77-9", true, false},  // a record's
      {".list.tmp-4243-1", false, true},          // young: an update may be writing it
      {"notes.tmp-1", true, true},                // not hidden: not ours
      {".list.tmp-x", true, true},                // not our pattern
      {".keep", true, true},
  };
  auto day_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);
  for (const File& f : files) {
    std::ofstream(cache_ / f.name) << "partial";
    if (f.old) fs::last_write_time(cache_ / f.name, day_ago);
  }
  ASSERT_TRUE(
      update_lists({source(server.url("/good"))}, cache_, count_lines, {}, progress_)[0].updated);
  for (const File& f : files) {
    SCOPED_TRACE(f.name);
    EXPECT_EQ(fs::exists(cache_ / f.name), f.stays);
  }
  EXPECT_NE(progress_.str().find("removed 3 temporary files"), std::string::npos)
      << progress_.str();
}

// The last good copy's entries come from its record, or, for a copy cached
// before records were kept, from verifying it again.
TEST_F(ListUpdateTest, AListShrunkToUnderHalfIsRefused) {
  auto filters = [](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += "||t" + std::to_string(i) + ".example^\n";
    return out;
  };
  const std::string twenty = filters(20);
  HttpServer server(
      {{"/20", {200, twenty}}, {"/9", {200, filters(9)}}, {"/10", {200, filters(10)}}});
  for (bool with_record : {true, false}) {
    SCOPED_TRACE(with_record);
    fs::remove_all(cache_);
    ASSERT_TRUE(
        update_lists({source(server.url("/20"))}, cache_, count_lines, {}, progress_)[0].updated);
    if (!with_record) fs::remove(cache_ / ".list.verified");
    auto refused = update_lists({source(server.url("/9"))}, cache_, count_lines, {}, progress_)[0];
    EXPECT_FALSE(refused.updated);
    EXPECT_NE(refused.message.find("9 entries, under half of the last good copy's 20"),
              std::string::npos)
        << refused.message;
    EXPECT_EQ(read(cache_ / "list"), twenty);
  }
  EXPECT_TRUE(
      update_lists({source(server.url("/10"))}, cache_, count_lines, {}, progress_)[0].updated);
}

TEST_F(ListUpdateTest, UnreachableServerIsANetworkError) {
  std::string url;
  {
    HttpServer server({});
    url = server.url("/gone");
  }  // the port is closed now
  auto result = download(url, "");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, DownloadError::kNetwork);
}

TEST(Download, RefusesOtherSchemes) {
  auto result = download("file:///etc/passwd", "");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, DownloadError::kBadUrl);
}

TEST(Sources, ParseAndValidate) {
  auto ok = parse_sources(R"({"format": "sauatty-sources/1", "lists": [
      {"name": "easyprivacy", "kind": "filters", "url": "https://lists.example.kz/ep.txt"},
      {"name": "disconnect", "kind": "disconnect", "url": "https://lists.example.kz/d.json",
       "allow_redirect_hosts": ["CDN.Example.net", "[::1]"]}]})");
  ASSERT_TRUE(ok) << ok.error();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].kind, ListKind::kFilters);
  EXPECT_EQ((*ok)[1].kind, ListKind::kDisconnect);
  EXPECT_TRUE((*ok)[0].allow_redirect_hosts.empty());
  EXPECT_EQ((*ok)[1].allow_redirect_hosts, (std::vector<std::string>{"cdn.example.net", "[::1]"}));
  struct Bad {
    const char* json;
    const char* says;
  };
  const Bad bad[] = {
      {R"([])", "not a JSON object"},
      {R"({"format": "x", "lists": []})", "format"},
      {R"({"format": 5, "lists": []})", "format"},  // threw out of parse_sources once
      {R"({"format": "sauatty-sources/1", "lists": [{"kind": "filters", "url": "https://a/"}]})",
       "lists[0].name: missing"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "../etc", "kind": "filters", "url": "https://a/"}]})",
       "lists[0].name"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "filters", "url": "ftp://a/"}]})",
       "lists[0].url"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "filters", "url": "https://a/", "sha256": "xyz"}]})",
       "sha256"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "filters", "url": "https://a/"}, {"name": "a", "kind": "filters", "url": "https://b/"}]})",
       "twice"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": ".a", "kind": "filters", "url": "https://a/"}]})",
       "not starting with '.'"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "filters", "url": "https://a/", "allow_redirect_hosts": "b.example"}]})",
       "allow_redirect_hosts: must be an array"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "filters", "url": "https://a/", "allow_redirect_hosts": ["b.example/x"]}]})",
       "allow_redirect_hosts: each must be a host name"},
      // The kind is read here, once: a kind no reader handles, our own
      // lists' kinds and a kind of another type are refused, naming the kinds.
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "filterz", "url": "https://a/"}]})",
       "sources: lists[0].kind: unknown kind 'filterz' (one of filters, hosts, disconnect, "
       "tracker-radar, disconnect-entities, trackerdb, opensources, bs-detector, cred1, lin2023)"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "trackers", "url": "https://a/"}]})",
       "lists[0].kind: unknown kind 'trackers'"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "filters", "url": "https://a/"}, {"name": "b", "kind": "Filters", "url": "https://a/"}]})",
       "lists[1].kind: unknown kind 'Filters'"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": 1, "url": "https://a/"}]})",
       "lists[0].kind: must be a string"},
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(b.json);
    auto result = parse_sources(b.json);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().find(b.says), std::string::npos) << result.error();
  }
}

// Read to be loaded (a start), an entry of an unknown kind is left out
// alone, named with its kind; the other entries are read as ever, and any
// other fault still refuses the file.
TEST(Sources, LeavingOutUnknownKindsKeepsTheOtherEntries) {
  const char* json = R"({"format": "sauatty-sources/1", "lists": [
      {"name": "easyprivacy", "kind": "filters", "url": "https://lists.example.kz/ep.txt"},
      {"name": "typo", "kind": "filterz", "url": "https://lists.example.kz/t.txt"},
      {"name": "newer", "kind": "trackers", "url": "https://lists.example.kz/n.json"},
      {"name": "disconnect", "kind": "disconnect", "url": "https://lists.example.kz/d.json"}]})";
  auto file = parse_sources_file(json, UnknownKinds::kLeaveOut);
  ASSERT_TRUE(file) << file.error();
  ASSERT_EQ(file->lists.size(), 2u);
  EXPECT_EQ(file->lists[0].name, "easyprivacy");
  EXPECT_EQ(file->lists[1].name, "disconnect");
  EXPECT_EQ(file->left_out,
            (std::vector<std::string>{
                "sources: lists[1] 'typo': unknown kind 'filterz' (one of filters, hosts, "
                "disconnect, tracker-radar, disconnect-entities, trackerdb, opensources, "
                "bs-detector, cred1, lin2023)",
                "sources: lists[2] 'newer': unknown kind 'trackers' (one of filters, hosts, "
                "disconnect, tracker-radar, disconnect-entities, trackerdb, opensources, "
                "bs-detector, cred1, lin2023)"}));
  // Refused by default (rules update).
  auto strict = parse_sources_file(json);
  ASSERT_FALSE(strict);
  EXPECT_NE(strict.error().find("lists[1].kind: unknown kind 'filterz'"), std::string::npos);
  // A kind of another type is not an unknown kind: still refused.
  EXPECT_FALSE(parse_sources_file(
      R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": 1, "url": "https://a/"}]})",
      UnknownKinds::kLeaveOut));
}

}  // namespace
}  // namespace sauatty::store
