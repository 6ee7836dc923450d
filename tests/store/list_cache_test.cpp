// The cache of verified downloads: each copy beside its record, and a copy
// that no longer matches its record named with what differs.
#include "store/list_cache.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "store/checksum.h"
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
  CacheRecord record_{"filters", kList.size(), sha256_hex(kList), content_checksum(kList), 2};
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
       "its checksum is not the one verified"},
      {"one bit flipped",
       [&](const fs::path& d) {
         std::string flipped = kList;
         flipped[20] ^= 1;
         write(flipped)(d / "ep");
       },
       "filters", "its checksum is not the one verified"},
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

// A record is read field by field: one of another JSON type is "damaged",
// never an exception (nlohmann's value() threw out of start-up on
// {"kind": 5}: a damaged record ended the host).
TEST(ListCacheRecord, FieldsOfAnotherTypeAreDamagedNotFatal) {
  const std::string good =
      R"({"format":"sauatty-verified/1","kind":"filters","bytes":45,"sha256":")" +
      std::string(64, 'a') + R"(","checksum":"00000000000000ff","entries":2})";
  auto parsed = parse_record(good);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->checksum, 255u);
  EXPECT_EQ(parsed->bytes, 45u);
  const char* bad[] = {
      R"({"format":5})",
      R"({"format":"sauatty-verified/1","kind":5,"bytes":"x","sha256":1,"entries":-1})",
      R"({"format":"sauatty-verified/1","kind":"filters","bytes":-45,"sha256":"","checksum":"","entries":2})",
      R"({"format":"sauatty-verified/1","kind":"filters","bytes":45,"sha256":"aa","checksum":"zz","entries":2})",
      R"([1,2])",
      "",
  };
  for (const char* text : bad) {
    SCOPED_TRACE(text);
    auto record = parse_record(text);
    ASSERT_FALSE(record);
    EXPECT_NE(record.error().find("damaged"), std::string::npos);
  }
}

// The same value however the bytes are split (the file is read in pieces).
TEST(ContentChecksum, PiecesDoNotMatter) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i * 7 % 26);
  const std::uint64_t whole = content_checksum(text);
  for (std::size_t piece : {1u, 3u, 7u, 8u, 9u, 64u, 299u}) {
    ContentChecksum sum;
    for (std::size_t at = 0; at < text.size(); at += piece) sum.update(text.substr(at, piece));
    EXPECT_EQ(sum.value(), whole) << piece;
  }
  EXPECT_NE(content_checksum(text.substr(0, 299)), whole);
  EXPECT_NE(content_checksum(text + std::string(1, '\0')), whole);
}

}  // namespace
}  // namespace sauatty::store
