// The cache of verified downloads: each copy beside its record, and a copy
// that no longer matches its record named with what differs.
#include "store/list_cache.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "store/sha256.h"
#include "support/temp_dir.h"

namespace sauatty::store {
namespace {

namespace fs = std::filesystem;

const std::string kList = "[Adblock Plus 2.0]\n||a.example^\n||b.example^\n";

class ListCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(store_list(dir_, "ep", kList, record_)); }
  testing::TempDir temp_{"sauatty-list-cache"};
  fs::path dir_ = temp_.path() / "lists";
  CacheRecord record_{"filters", kList.size(), sha256_hex(kList), 2};
};

TEST_F(ListCacheTest, AStoredCopyPassesItsCheck) {
  auto checked = check_cached_list(dir_, "ep", "filters");
  ASSERT_TRUE(checked) << checked.error();
  EXPECT_EQ(checked->entries, 2u);
  EXPECT_EQ(checked->sha256, record_.sha256);
  EXPECT_TRUE(fs::exists(dir_ / ".ep.verified"));
}

TEST_F(ListCacheTest, EveryMismatchIsNamed) {
  auto write = [](std::string bytes) {
    return [bytes](const fs::path& p) { std::ofstream(p, std::ios::binary) << bytes; };
  };
  struct Case {
    const char* what;
    std::function<void(const fs::path& dir)> damage;
    std::string kind;
    const char* says;
  };
  const Case cases[] = {
      {"no record", [](const fs::path& d) { fs::remove(d / ".ep.verified"); }, "filters",
       "no record of its verification"},
      {"record damaged", [&](const fs::path& d) { write("{\"format\": 1")(d / ".ep.verified"); },
       "filters", "record of verification is damaged"},
      {"kind changed", [](const fs::path&) {}, "hosts",
       "verified as filters but sources.json now says hosts"},
      {"truncated", [](const fs::path& d) { fs::resize_file(d / "ep", kList.size() / 2); },
       "filters", "22 bytes where 45 were verified"},
      {"emptied", [&](const fs::path& d) { write("")(d / "ep"); }, "filters",
       "0 bytes where 45 were verified"},
      {"same size, other bytes",
       [&](const fs::path& d) { write(std::string(kList.size(), '!'))(d / "ep"); }, "filters",
       "its SHA-256 is not the one verified"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ASSERT_TRUE(store_list(dir_, "ep", kList, record_));
    c.damage(dir_);
    auto checked = check_cached_list(dir_, "ep", c.kind);
    ASSERT_FALSE(checked);
    EXPECT_NE(checked.error().find(c.says), std::string::npos) << checked.error();
  }
}

}  // namespace
}  // namespace sauatty::store
