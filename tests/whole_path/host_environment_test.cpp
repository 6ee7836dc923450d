// The environment the whole-path benchmark starts hosts in, checked by what
// the real host does in it: `sauatty-host rules list` names the lists it
// would load and writes its compiled cache. The "user" here is a temporary
// home of the test's own whose sources.json names a list of its own, and
// which says SAUATTY_OFFLINE=0, so that a host that read the user's
// folders or went online would show it.
#include "whole_path/host_environment.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

namespace fs = std::filesystem;
using bench::HostEnvironment;
using testing::TempDir;

constexpr const char* kVariables[] = {"SAUATTY_OFFLINE", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
                                      "HOME"};

// A user's home and environment for one test; the test's own environment
// is put back at the end.
class UserHome {
 public:
  UserHome() : home_("sauatty-whole-path-user") {
    for (const char* name : kVariables) {
      const char* value = std::getenv(name);
      saved_[name] = value == nullptr ? std::nullopt : std::optional<std::string>(value);
    }
    fs::create_directories(home_.path() / "config/sauatty");
    std::ofstream(home_.path() / "config/sauatty/sources.json")
        << R"({"format": "sauatty-sources/1", "lists": [{"name": "the-users-own-list", )"
        << R"("kind": "filters", "url": "http://127.0.0.1:9/list.txt"}]})";
    ::setenv("SAUATTY_OFFLINE", "0", 1);
    ::setenv("XDG_CACHE_HOME", cache().c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (home_.path() / "config").c_str(), 1);
    ::setenv("HOME", home_.path().c_str(), 1);
  }
  ~UserHome() {
    for (const auto& [name, value] : saved_) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }
  fs::path cache() const { return home_.path() / "cache"; }

 private:
  TempDir home_;
  std::map<std::string, std::optional<std::string>> saved_;
};

// What a host started now, in this process's environment, would load.
testing::Completed rules_list() {
  return testing::run_command({testing::host_binary(), "rules", "list"});
}

TEST(WholePathEnvironment, AHostInTheUsersOwnEnvironmentReadsTheUsersSources) {
  // The check below can fail: without the benchmark's environment the host
  // names the user's list and writes into the user's cache.
  UserHome user;
  auto r = rules_list();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the-users-own-list"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(user.cache() / "sauatty/lists/.compiled-rules"));
}

TEST(WholePathEnvironment, EachHostIsOfflineWithFoldersOfItsOwnRemovedAtTheEnd) {
  UserHome user;
  fs::path folder;
  {
    HostEnvironment environment(HostEnvironment::Mode::kIsolated);
    folder = environment.folder();
    ASSERT_TRUE(fs::is_directory(folder));
    const std::string line = environment.enter("host-1");
    const fs::path cache = folder / "host-1/cache";
    EXPECT_NE(line.find("SAUATTY_OFFLINE=1"), std::string::npos) << line;
    EXPECT_NE(line.find("XDG_CACHE_HOME=" + cache.string()), std::string::npos) << line;
    EXPECT_NE(line.find("XDG_CONFIG_HOME=" + (folder / "host-1/config").string()),
              std::string::npos)
        << line;

    auto r = rules_list();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Not the user's sources.json, and not the default lists either (which
    // a host not offline would name as downloads not loaded yet).
    EXPECT_EQ(r.out.find("the-users-own-list"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("downloads not loaded"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("easylist"), std::string::npos) << r.out;
    // Its compiled cache is in its own folder, none in the user's.
    EXPECT_TRUE(fs::exists(cache / "sauatty/lists/.compiled-rules"));
    EXPECT_FALSE(fs::exists(user.cache() / "sauatty"));

    // The next host gets folders of its own.
    const std::string second = environment.enter("host-2");
    EXPECT_NE(second.find("XDG_CACHE_HOME=" + (folder / "host-2/cache").string()),
              std::string::npos)
        << second;
    EXPECT_TRUE(fs::is_directory(folder / "host-2/config"));
  }
  EXPECT_FALSE(fs::exists(folder)) << folder;
}

TEST(WholePathEnvironment, TheFolderIsRemovedWhenTheBenchmarkExitsOnAnError) {
  TempDir where("sauatty-whole-path-exit");
  const fs::path note = where.path() / "folder";
  // The benchmark's die() ends the program by std::exit, with no destructor.
  EXPECT_EXIT(
      {
        HostEnvironment environment(HostEnvironment::Mode::kIsolated);
        environment.enter("host-1");
        std::ofstream(note) << environment.folder().string();
        std::exit(3);
      },
      ::testing::ExitedWithCode(3), "");
  std::string folder;
  std::getline(std::ifstream(note), folder);
  ASSERT_FALSE(folder.empty());
  EXPECT_FALSE(fs::exists(folder)) << folder;
}

TEST(WholePathEnvironment, UserModeLeavesTheEnvironmentAsItIsAndSaysWhatItIs) {
  UserHome user;
  HostEnvironment environment(HostEnvironment::Mode::kUser);
  EXPECT_TRUE(environment.folder().empty());
  const std::string line = environment.enter("host-1");
  EXPECT_NE(line.find("SAUATTY_OFFLINE=0"), std::string::npos) << line;
  EXPECT_NE(line.find("XDG_CACHE_HOME=" + user.cache().string()), std::string::npos) << line;
  EXPECT_EQ(std::string(std::getenv("XDG_CACHE_HOME")), user.cache().string());
  auto r = rules_list();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the-users-own-list"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sauatty
