// Downloads from a real HTTP server on 127.0.0.1, verification, and the
// atomic swap that keeps the last good list.
#include "store/list_update.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/http_server.h"
#include "support/temp_dir.h"

namespace sauatty::store {
namespace {

namespace fs = std::filesystem;
using testing::HttpServer;
using testing::Route;

const std::string kGoodList = "||tracker.example^\n||ads.example^$third-party\n";

// Counts non-empty, non-comment lines; refuses HTML (a captive portal page).
std::expected<std::size_t, std::string> count_lines(std::string_view, std::string_view bytes) {
  if (bytes.starts_with("<")) return std::unexpected(std::string("looks like HTML"));
  std::size_t n = 0;
  std::istringstream in{std::string(bytes)};
  for (std::string line; std::getline(in, line);) n += !line.empty() && line[0] != '!';
  return n;
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
      {"easyprivacy", "filters", server.url("/list.txt"), sha256_hex(kGoodList)}};
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
  ASSERT_TRUE(update_lists({{"list", "filters", server.url("/good"), ""}}, cache_, count_lines, {},
                           progress_)[0]
                  .updated);
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
    auto outcome = update_lists({{"list", "filters", server.url(c.path), c.sha256}}, cache_,
                                count_lines, limits, progress_)[0];
    EXPECT_FALSE(outcome.updated);
    EXPECT_NE(outcome.message.find(c.says), std::string::npos) << outcome.message;
    EXPECT_EQ(read(cache_ / "list"), kGoodList);  // never a lost list
  }
  // No temporary files are left behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(cache_)) ++files;
  EXPECT_EQ(files, 1u);
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
      {"name": "easyprivacy", "kind": "filters", "url": "https://lists.example.kz/ep.txt"}]})");
  ASSERT_TRUE(ok) << ok.error();
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].kind, "filters");
  struct Bad {
    const char* json;
    const char* says;
  };
  const Bad bad[] = {
      {R"([])", "not a JSON object"},
      {R"({"format": "x", "lists": []})", "format"},
      {R"({"format": "sauatty-sources/1", "lists": [{"kind": "filters", "url": "https://a/"}]})",
       "lists[0].name: missing"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "../etc", "kind": "f", "url": "https://a/"}]})",
       "lists[0].name"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "f", "url": "ftp://a/"}]})",
       "lists[0].url"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "f", "url": "https://a/", "sha256": "xyz"}]})",
       "sha256"},
      {R"({"format": "sauatty-sources/1", "lists": [{"name": "a", "kind": "f", "url": "https://a/"}, {"name": "a", "kind": "f", "url": "https://b/"}]})",
       "twice"},
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(b.json);
    auto result = parse_sources(b.json);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().find(b.says), std::string::npos) << result.error();
  }
}

TEST(Sha256, KnownValue) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace sauatty::store
