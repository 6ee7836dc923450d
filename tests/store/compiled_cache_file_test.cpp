// The compiled cache as a file (store/compiled_cache.h): what is at its path
// is checked on the open file, so a symbolic link or a FIFO put there is
// refused with its reason (never followed, never waited on) and the rules
// load from their sources and write a good cache in its place; and the
// checksum it is sealed with (store::WideChecksum) is the same however the
// bytes are split, and changes with any byte or the length.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "store/checksum.h"
#include "store/compiled_cache.h"
#include "support/temp_dir.h"

namespace sauatty::store {
namespace {

struct Fixture {
  sauatty::testing::TempDir dir{"compiled-cache-file"};
  std::filesystem::path cache = compiled_cache_file(dir.path() / "lists");
  LoadOptions options;
  Fixture() {
    const auto filters = dir.path() / "mine.txt";
    std::ofstream(filters) << "||tracker.example^\n@@||tracker.example/ok^\n";
    options.filter_files.push_back(filters);
    options.compiled_cache = cache;
  }
  std::shared_ptr<const RuleSet> load() const {
    auto set = load_rule_set(options);
    EXPECT_TRUE(set.has_value()) << (set ? "" : set.error());
    return set ? *set : nullptr;
  }
};

std::uint64_t blocked_filters(const RuleSet& set) { return set.trackers->engine.size(); }

// A symbolic link to a good cache: refused, not followed. The rules load
// from their sources, and the link is replaced by a cache of its own.
TEST(CompiledCacheFile, SymbolicLinkAtTheCachePathIsRefusedAndTheListsLoad) {
  Fixture f;
  auto first = f.load();
  ASSERT_TRUE(first);
  const auto elsewhere = f.dir.path() / "elsewhere";
  std::filesystem::rename(f.cache, elsewhere);
  std::filesystem::create_symlink(elsewhere, f.cache);
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), "not a regular file (a symbolic link)");
  auto again = f.load();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->compiled_cache,
            "parsed the lists: not a regular file (a symbolic link), written");
  EXPECT_TRUE(again->compiled_cache_refused);
  EXPECT_EQ(blocked_filters(*again), blocked_filters(*first));
  EXPECT_FALSE(std::filesystem::is_symlink(f.cache));
  auto third = f.load();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->compiled_cache, "used");
}

// A FIFO with no writer: opening it must not wait for one (the host would
// hang at start), and it is refused.
TEST(CompiledCacheFile, FifoAtTheCachePathIsRefusedWithoutWaitingAndTheListsLoad) {
  Fixture f;
  std::filesystem::create_directories(f.cache.parent_path());
  ASSERT_EQ(::mkfifo(f.cache.c_str(), 0600), 0);
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), "not a regular file");
  auto set = f.load();
  ASSERT_TRUE(set);
  EXPECT_EQ(set->compiled_cache, "parsed the lists: not a regular file, written");
  EXPECT_TRUE(set->compiled_cache_refused);
  EXPECT_GT(blocked_filters(*set), 0u);
  EXPECT_TRUE(std::filesystem::is_regular_file(f.cache));
}

// A folder at the path: refused as well (before, a read error).
TEST(CompiledCacheFile, FolderAtTheCachePathIsRefused) {
  Fixture f;
  std::filesystem::create_directories(f.cache);
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), "not a regular file");
}

TEST(CompiledCacheFile, NoFileIsNoneYet) {
  Fixture f;
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), kNoCompiledCache);
}

TEST(WideChecksum, PiecesDoNotMatterAndEveryByteCounts) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>('a' + i * 7 % 26);
  const std::uint64_t whole = wide_checksum(text);
  for (std::size_t piece : {1u, 3u, 7u, 8u, 9u, 31u, 32u, 33u, 64u, 999u}) {
    WideChecksum sum;
    for (std::size_t at = 0; at < text.size(); at += piece) sum.update(text.substr(at, piece));
    EXPECT_EQ(sum.value(), whole) << piece;
  }
  // A changed byte in each lane and in the unfinished block; a shorter
  // text, and one longer by a zero byte.
  for (std::size_t at : {0u, 8u, 16u, 24u, 500u, 999u}) {
    std::string changed = text;
    changed[at] ^= 1;
    EXPECT_NE(wide_checksum(changed), whole) << at;
  }
  EXPECT_NE(wide_checksum(text.substr(0, 999)), whole);
  EXPECT_NE(wide_checksum(text + std::string(1, '\0')), whole);
  // Two words swapped between lanes.
  std::string swapped = text;
  std::swap_ranges(swapped.begin(), swapped.begin() + 8, swapped.begin() + 8);
  EXPECT_NE(wide_checksum(swapped), whole);
  EXPECT_NE(wide_checksum(""), wide_checksum(std::string(1, '\0')));
  EXPECT_NE(whole, content_checksum(text));
}

}  // namespace
}  // namespace sauatty::store
