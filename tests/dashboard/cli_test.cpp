// `sauatty-host replay` and `sauatty-host dashboard` through the real binary.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty::testing {
namespace {

TEST(ReplayCommand, PrintsThePerCompanyTableAsCsv) {
  auto r = run_command({host_binary(), "replay", SAUATTY_EXAMPLE_HAR, "--csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "company,country,categories,sites,requests\r\n"
            "Google,US,analytics,2,3\r\n"
            "Yandex,RU,analytics,3,3\r\n"
            "Meta,US,social,1,1\r\n");
  EXPECT_EQ(r.err, "");
}

TEST(ReplayCommand, JsonHasTheSameCounts) {
  auto r = run_command({host_binary(), "replay", SAUATTY_EXAMPLE_HAR, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["totals"]["requests"], 15);
  EXPECT_EQ(j["totals"]["trackers"], 7);
  EXPECT_EQ(j["totals"]["sites"], 5);  // spa. and www. of one site are one
  EXPECT_EQ(j["totals"]["companies"], 3);
}

TEST(ReplayCommand, BrokenFilesAreClearErrors) {
  TempDir dir("sauatty-replay");
  const auto bad = dir.path() / "bad.har";
  std::ofstream(bad) << R"({"log":{"entries":[{"request":{"url":"https://a.kz/"}},)"
                        R"({"request":{"url":"file:///home/patron/secret.html"}}]}})";
  auto r = run_command({host_binary(), "replay", bad.string(), "--csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "sauatty-host replay: " + bad.string() +
                       ": entry 2: request.url is not an http or https URL\n");
  auto missing =
      run_command({host_binary(), "replay", (dir.path() / "none.har").string(), "--csv"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("none.har"), std::string::npos);
  auto usage = run_command({host_binary(), "replay", SAUATTY_EXAMPLE_HAR});
  EXPECT_EQ(usage.exit_code, 1);
  EXPECT_NE(usage.err.find("give --csv or --json"), std::string::npos);
  auto dash_bad = run_command({host_binary(), "dashboard", "--replay", bad.string()});
  EXPECT_EQ(dash_bad.exit_code, 2);
  EXPECT_EQ(dash_bad.out, "");
}

TEST(DashboardCommand, PrintsTheUrlFirstAndStopsOnSigterm) {
  Subprocess host({host_binary(), "dashboard", "--replay", SAUATTY_EXAMPLE_HAR, "--lang", "ru"});
  auto line = host.read_line(20000);
  ASSERT_TRUE(line);
  EXPECT_TRUE(line->starts_with("http://127.0.0.1:")) << *line;
  EXPECT_TRUE(line->ends_with("&lang=ru")) << *line;
  EXPECT_NE(line->find("/?t="), std::string::npos) << *line;
  ::kill(host.pid(), SIGTERM);
  EXPECT_EQ(host.wait(), 0);
  EXPECT_EQ(host.stdout_rest(), "");
}

TEST(DashboardCommand, BadOptionsAreUsageErrors) {
  for (std::vector<std::string> words : {std::vector<std::string>{"--lang", "de"},
                                         {"--port", "99999"},
                                         {"--port", "x"},
                                         {"extra"}}) {
    words.insert(words.begin(), {host_binary(), "dashboard"});
    auto r = run_command(words);
    EXPECT_EQ(r.exit_code, 1) << words[2];
    EXPECT_EQ(r.out, "") << words[2];
  }
}

}  // namespace
}  // namespace sauatty::testing
