// `rules update` with the real binary against a real HTTP server on 127.0.0.1.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/http_server.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

namespace fs = std::filesystem;
using testing::host_binary;
using testing::run_command;

const std::string kFilters =
    "! Title: test list\n||tracker.example^$third-party\n||pixel.example^\n";

class RulesUpdateTest : public ::testing::Test {
 protected:
  void write_sources(const std::string& json) { std::ofstream(dir_ / "sources.json") << json; }
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
  EXPECT_NE(r.err.find("downloaded lists left out"), std::string::npos);
  // The embedded rules still work.
  EXPECT_EQ(nlohmann::json::parse(r.out)["privacy"]["tracker"]["entity"], "Google");
}

TEST_F(RulesUpdateTest, MissingOrMalformedSourcesFile) {
  auto missing = update();
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("sources.json"), std::string::npos);
  write_sources(
      R"({"format": "sauatty-sources/1", "lists": [{"name": "x", "kind": "nosuch", "url": "https://a.example/"}]})");
  auto unknown = update();
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown kind 'nosuch'"), std::string::npos);
}

}  // namespace
}  // namespace sauatty
