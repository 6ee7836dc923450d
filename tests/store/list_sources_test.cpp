// The default sources and which sources and cache apply.
#include "store/list_sources.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "store/list_kinds.h"
#include "support/temp_dir.h"

namespace sauatty::store {
namespace {

// Every test's host runs offline with its cache in the build folder
// (cmake/SauattyHelpers.cmake); a build whose tests lost that environment
// would download the default lists and share the user's ~/.cache.
TEST(ListSources, TestsRunOfflineWithTheirOwnCache) {
  const char* offline = std::getenv("SAUATTY_OFFLINE");
  ASSERT_NE(offline, nullptr);
  EXPECT_STREQ(offline, "1");
  const char* cache = std::getenv("XDG_CACHE_HOME");
  ASSERT_NE(cache, nullptr);
  EXPECT_NE(std::string(cache).find("test-home"), std::string::npos) << cache;
}

TEST(ListSources, DefaultsArePublishersHttpsAddressesOfKnownKinds) {
  auto defaults = default_sources();
  std::set<std::string> names;
  for (const auto& source : defaults) {
    SCOPED_TRACE(source.name);
    EXPECT_TRUE(names.insert(source.name).second) << "named twice";
    EXPECT_TRUE(source.url.starts_with("https://")) << source.url;
    EXPECT_TRUE(importable(source.kind)) << list_kind_name(source.kind);
  }
  for (const char* expected : {"easylist", "easyprivacy", "ruadlist", "disconnect", "trackerdb"}) {
    EXPECT_TRUE(names.contains(expected)) << expected;
  }
  EXPECT_TRUE(names.contains("tracker-radar"));
  // TrackerDB is served by GitHub's release storage after a redirect, which
  // must be allowed or every update would fail.
  for (const auto& source : defaults) {
    if (source.name != "trackerdb") continue;
    EXPECT_TRUE(
        std::ranges::find(source.allow_redirect_hosts, "release-assets.githubusercontent.com") !=
        source.allow_redirect_hosts.end());
  }
}

// Runs `fn` with the environment variables set (and restored after).
class Environment {
 public:
  Environment(std::initializer_list<std::pair<const char*, std::string>> values) {
    for (const auto& [name, value] : values) {
      const char* old = std::getenv(name);
      saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      setenv(name, value.c_str(), 1);
    }
  }
  ~Environment() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name, value->c_str(), 1);
      } else {
        unsetenv(name);
      }
    }
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

TEST(ListSources, DefaultsUnlessOfflineAndAFileReplacesThem) {
  if (std::filesystem::exists(kSystemSourcesFile)) GTEST_SKIP() << kSystemSourcesFile << " exists";
  testing::TempDir dir("sauatty-sources");
  const std::string config = (dir.path() / "config").string();
  {
    Environment env({{"XDG_CONFIG_HOME", config}, {"SAUATTY_OFFLINE", "0"}});
    auto sources = sources_in_effect(std::nullopt);
    ASSERT_TRUE(sources);
    EXPECT_EQ(sources->origin, "built-in defaults");
    EXPECT_EQ(sources->lists.size(), default_sources().size());
    EXPECT_TRUE(sources->automatic_updates);
  }
  {
    Environment env({{"XDG_CONFIG_HOME", config}, {"SAUATTY_OFFLINE", "1"}});
    auto sources = sources_in_effect(std::nullopt);
    ASSERT_TRUE(sources);
    EXPECT_TRUE(sources->lists.empty());
    EXPECT_FALSE(sources->automatic_updates);
  }
  std::filesystem::create_directories(dir.path() / "config/sauatty");
  std::ofstream(dir.path() / "config/sauatty/sources.json")
      << R"({"format": "sauatty-sources/1", "automatic_updates": false, "lists": [
            {"name": "ours", "kind": "hosts", "url": "https://lists.library.example.kz/h.txt"}]})";
  {
    Environment env({{"XDG_CONFIG_HOME", config}, {"SAUATTY_OFFLINE", "0"}});
    auto sources = sources_in_effect(std::nullopt);
    ASSERT_TRUE(sources);
    ASSERT_EQ(sources->lists.size(), 1u);
    EXPECT_EQ(sources->lists[0].name, "ours");
    EXPECT_FALSE(sources->automatic_updates);
    // `rules update --system` never reads a user's file.
    auto system = sources_in_effect(std::nullopt, SourcesScope::kSystem);
    ASSERT_TRUE(system);
    EXPECT_EQ(system->origin, "built-in defaults");
  }
  auto missing = sources_in_effect(dir.path() / "nope.json");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(missing.error().unreadable);
  std::ofstream(dir.path() / "bad.json")
      << R"({"format": "sauatty-sources/1", "automatic_updates": "no", "lists": []})";
  auto bad = sources_in_effect(dir.path() / "bad.json");
  ASSERT_FALSE(bad);
  EXPECT_FALSE(bad.error().unreadable);
  EXPECT_NE(bad.error().message.find("automatic_updates"), std::string::npos);
}

TEST(ListSources, AnExplicitCacheWinsOverTheSystemOne) {
  auto cache = cache_in_effect(std::filesystem::path("/tmp/x"));
  EXPECT_EQ(cache.dir, "/tmp/x");
  EXPECT_FALSE(cache.system);
  auto found = cache_in_effect(std::nullopt);
  EXPECT_EQ(found.system, std::filesystem::is_directory(kSystemCacheDir));
}

}  // namespace
}  // namespace sauatty::store
