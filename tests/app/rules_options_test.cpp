// The rule options every subcommand shares, with the real binary: downloaded
// lists checked one by one at start-up, --import and --rules errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "protocol/frame.h"
#include "support/http_server.h"
#include "support/lists.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::host_binary;
using testing::run_command;

std::string filters_with(int n, const std::string& prefix) {
  return testing::host_filter_list(n, prefix, ".example");
}

const std::string kGood = filters_with(40, "good");
const std::string kVictim = filters_with(60, "victim");
const std::string kDisconnect =
    R"({"categories": {"Advertising": [{"Ads Inc": {"https://ads.example/": ["ads.example", "adserver.example"]}}]}})";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Two lists downloaded by the real `rules update`: "good" (40 filters) and
// "victim" (of the kind the test names), then the victim's cached copy is
// damaged.
class CachedListsTest : public ::testing::Test {
 protected:
  void download(const std::string& victim_kind, const std::string& victim_body) {
    testing::HttpServer server({{"/good", {200, kGood}}, {"/victim", {200, victim_body}}});
    std::ofstream(dir_ / "sources.json") << testing::sources_json(
        {{"good", "filters", server.url("/good")}, {"victim", victim_kind, server.url("/victim")}});
    auto r = run_command(
        {host_binary(), "rules", "update", "--sources", sources(), "--cache", cache().string()});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  std::string sources() const { return (dir_ / "sources.json").string(); }
  fs::path cache() const { return dir_ / "cache"; }
  testing::Completed list_rules() {
    return run_command(
        {host_binary(), "rules", "list", "--sources", sources(), "--cache", cache().string()});
  }
  testing::TempDir temp_{"sauatty-cached"};
  const fs::path& dir_ = temp_.path();
};

// A damaged cached copy is left out on its own, with a warning naming it;
// the other downloaded list still loads.
TEST_F(CachedListsTest, ADamagedCachedListIsLeftOutOnItsOwn) {
  struct Case {
    const char* what;
    std::string kind, body;
    std::function<void(const fs::path&)> damage;
    const char* says;
  };
  auto write = [](std::string bytes) {
    return [bytes](const fs::path& p) { std::ofstream(p, std::ios::binary) << bytes; };
  };
  const Case cases[] = {
      {"truncated filters", "filters", kVictim,
       [](const fs::path& p) { fs::resize_file(p, fs::file_size(p) / 2); }, "bytes where"},
      {"emptied filters", "filters", kVictim, write(""), "0 bytes where"},
      {"same length, other bytes", "filters", kVictim, write(filters_with(60, "victxm")),
       "checksum"},
      {"corrupt disconnect", "disconnect", kDisconnect, write("not json at all"), "bytes where"},
      {"disconnect of the same length", "disconnect", kDisconnect,
       write(std::string(kDisconnect.size(), ' ')), "checksum"},
      {"no record of its check", "filters", kVictim,
       [](const fs::path& p) { fs::remove(p.parent_path() / ".victim.verified"); }, "no record"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    fs::remove_all(cache());
    download(c.kind, c.body);
    c.damage(cache() / "victim");
    auto r = list_rules();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("filters\tgood\t40 entries"), std::string::npos) << r.out;
    // Not loaded: listed only among the downloads that did not load, with why.
    const auto not_loaded = r.out.find("downloads not loaded");
    ASSERT_NE(not_loaded, std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("victim"), r.out.find("\tvictim\t", not_loaded) + 1) << r.out;
    EXPECT_NE(r.out.find(", left out: ", not_loaded), std::string::npos) << r.out;
    EXPECT_EQ(count(r.err, "victim"), 1u) << r.err;
    EXPECT_NE(r.err.find("left out"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
}

// `hello` counts only what really loaded.
TEST_F(CachedListsTest, HelloCountsOnlyTheListsThatLoaded) {
  download("disconnect", kDisconnect);
  std::ofstream(cache() / "victim") << "not json at all";
  testing::Subprocess host({host_binary(), "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/",
                            "--sources", sources(), "--cache", cache().string()});
  host.write(protocol::encode_frame(R"({"id": 1, "type": "hello"})"));
  auto body = host.read_frame();
  ASSERT_TRUE(body);
  json reply = json::parse(*body);
  EXPECT_EQ(reply["rules"]["filters"], 40) << reply.dump();
  EXPECT_FALSE(reply["rules"].contains("disconnect")) << reply.dump();
  EXPECT_EQ(host.wait(), 0);
  EXPECT_NE(host.stderr_text().find("victim"), std::string::npos) << host.stderr_text();
}

// A list named with --import that cannot load is an error said once, as
// what it is (not "downloaded lists left out").
TEST(RulesOptions, ABadImportIsOneClearError) {
  testing::TempDir temp("sauatty-import");
  fs::path bad = temp.path() / "bad.json";
  std::ofstream(bad) << R"({"not": "disconnect"})";
  auto r = run_command({host_binary(), "rules", "list", "--import", "disconnect=" + bad.string(),
                        "--sources", (temp.path() / "none.json").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "sauatty-host: bad.json: no \"categories\" object\n");
}

// --import's kind is read once, on the command line: a kind no reader
// handles, one of our own lists' kinds, or no KIND= at all is a usage error
// naming the kinds, before anything loads.
TEST(RulesOptions, AnImportOfAnUnknownKindIsRefusedNamingTheKinds) {
  for (const char* spec : {"nosuch=/tmp/x", "trackers=/tmp/x", "Filters=/tmp/x", "/tmp/x"}) {
    SCOPED_TRACE(spec);
    auto r = run_command({host_binary(), "rules", "list", "--import", spec});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              "sauatty-host: --import takes KIND=PATH with KIND one of filters, hosts, disconnect, "
              "tracker-radar, disconnect-entities, trackerdb, opensources, bs-detector, cred1, "
              "lin2023\n");
    EXPECT_EQ(r.out, "");
  }
}

TEST(RulesOptions, AMissingRulesFolderIsAnError) {
  for (const char* command : {"list", "verify"}) {
    SCOPED_TRACE(command);
    auto r = run_command({host_binary(), "rules", command, "--rules", "/nonexistent/sauatty"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("--rules /nonexistent/sauatty: no such folder"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace sauatty
