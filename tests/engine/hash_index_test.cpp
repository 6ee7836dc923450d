// HashIndex: a frozen map from 64-bit keys to 32-bit values (and a payload).
#include "engine/hash_index.h"

#include <gtest/gtest.h>

namespace sauatty::engine {
namespace {

TEST(HashIndexTest, EmptyFindsNothing) {
  HashIndex index;
  EXPECT_TRUE(index.empty());
  EXPECT_EQ(index.find(42), HashIndex::kMissing);
  HashIndex built = HashIndex::build({});
  EXPECT_EQ(built.find(0), HashIndex::kMissing);
}

TEST(HashIndexTest, FindsEveryKeyAndNoOther) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
  for (std::uint32_t i = 0; i < 50000; ++i) entries.emplace_back(i * 2654435761ull, i);
  // Small keys (32-bit token hashes) share their upper bits: they must not
  // collide.
  for (std::uint32_t i = 1; i <= 1000; ++i) entries.emplace_back(i, 100000 + i);
  HashIndex index = HashIndex::build(entries);
  EXPECT_EQ(index.keys(), entries.size());
  for (const auto& [key, value] : entries) {
    ASSERT_EQ(index.find(key), value) << key;
  }
  std::size_t false_hits = 0;
  for (std::uint64_t k = 1; k < 200000; k += 2)
    false_hits += index.find(k * 2654435761ull + 1) != HashIndex::kMissing;
  EXPECT_EQ(false_hits, 0u);
}

TEST(HashIndexTest, RepeatedKeyKeepsFirstValue) {
  HashIndex index = HashIndex::build({{7, 1}, {7, 2}, {8, 3}});
  EXPECT_EQ(index.keys(), 2u);
  EXPECT_EQ(index.find(7), 1u);
  EXPECT_EQ(index.find(8), 3u);
}

TEST(HashIndexTest, MixedLookupAgrees) {
  HashIndex index = HashIndex::build({{123456789, 5}});
  EXPECT_EQ(index.find_mixed(HashIndex::mix(123456789)), 5u);
}

TEST(HashIndexTest, BitFilterLetsFewAbsentKeysThrough) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
  for (std::uint32_t i = 0; i < 100000; ++i) entries.emplace_back(i * 0x9E3779B97F4A7C15ull + 7, i);
  HashIndex index = HashIndex::build(entries);
  std::size_t through = 0;
  const std::size_t absent = 200000;
  for (std::uint64_t k = 0; k < absent; ++k) {
    through += index.may_contain_mixed(HashIndex::mix(k * 0xC2B2AE3D27D4EB4Full + 3));
  }
  // Two bits of one word per key at 8 bits per key: about 5% (one bit: 12%).
  EXPECT_LT(static_cast<double>(through) / absent, 0.07);
  for (const auto& [key, value] : entries)
    ASSERT_TRUE(index.may_contain_mixed(HashIndex::mix(key)));
}

TEST(HashIndexTest, InsertOneAtATime) {
  HashIndex index(1000);
  for (std::uint32_t i = 0; i < 1000; ++i) index.insert(i * 0x9E3779B97F4A7C15ull, i);
  index.insert(5 * 0x9E3779B97F4A7C15ull, 77);  // repeated: the first value stays
  EXPECT_EQ(index.keys(), 1000u);
  for (std::uint32_t i = 0; i < 1000; ++i) ASSERT_EQ(index.find(i * 0x9E3779B97F4A7C15ull), i);
  EXPECT_EQ(index.find(12345), HashIndex::kMissing);
}

TEST(HashIndexTest, InsertPastItsSizeIsRefusedNotEndless) {
  HashIndex index(4);
  for (std::uint32_t i = 0; i < 100; ++i) index.insert(i + 1, i);
  EXPECT_LT(index.keys(), 8u);  // a third of the slots stays empty
  EXPECT_EQ(index.find(1), 0u);
  EXPECT_EQ(index.find(1000), HashIndex::kMissing);  // a lookup still ends
  HashIndex none(0);
  none.insert(1, 1);
  EXPECT_EQ(none.find(1), HashIndex::kMissing);
}

TEST(HashIndexTest, MoreFilterBitsLetFewerAbsentKeysThrough) {
  constexpr std::uint32_t kKeys = 1252;  // as many as other_keys_ holds for EasyList + EasyPrivacy
  HashIndex wide(kKeys, 32);
  HashIndex narrow(kKeys, 8);
  for (std::uint32_t i = 0; i < kKeys; ++i) {
    wide.insert(i * 0x9E3779B97F4A7C15ull + 11, i);
    narrow.insert(i * 0x9E3779B97F4A7C15ull + 11, i);
  }
  std::size_t wide_through = 0, narrow_through = 0;
  const std::size_t absent = 400000;
  for (std::uint64_t k = 0; k < absent; ++k) {
    std::uint64_t m = HashIndex::mix(k * 0xC2B2AE3D27D4EB4Full + 5);
    wide_through += wide.may_contain_mixed(m);
    narrow_through += narrow.may_contain_mixed(m);
  }
  EXPECT_LT(static_cast<double>(wide_through) / absent, 0.01);
  EXPECT_GT(static_cast<double>(narrow_through) / absent, 0.02);
  for (std::uint32_t i = 0; i < kKeys; ++i) ASSERT_EQ(wide.find(i * 0x9E3779B97F4A7C15ull + 11), i);
}

// A slot payload: what the token index keeps beside a bucket's start.
struct TestPayload {
  std::uint16_t a;
  std::int16_t b;
  std::uint32_t c;
};

TEST(HashIndexTest, SlotsCarryTheirPayload) {
  using PayloadIndex = BasicHashIndex<TestPayload>;
  static_assert(sizeof(PayloadIndex::Slot) == 16);
  PayloadIndex index(3000);
  for (std::uint32_t i = 0; i < 3000; ++i) {
    std::uint64_t m = HashIndex::mix(i + 1);
    index.insert_mixed(m, i,
                       TestPayload{static_cast<std::uint16_t>(i),
                                   static_cast<std::int16_t>(-1 - int(i % 100)), i * 7});
  }
  index.insert_mixed(HashIndex::mix(5), 99, TestPayload{1, 1, 1});  // repeated: the first stays
  for (std::uint32_t i = 0; i < 3000; ++i) {
    std::uint64_t m = HashIndex::mix(i + 1);
    ASSERT_TRUE(index.may_contain_mixed(m));
    PayloadIndex::Slot slot = index.find_slot_mixed(m);
    ASSERT_EQ(slot.value, i);
    EXPECT_EQ(slot.payload.a, i);
    EXPECT_EQ(slot.payload.b, -1 - int(i % 100));
    EXPECT_EQ(slot.payload.c, i * 7);
  }
  EXPECT_EQ(index.find_slot_mixed(HashIndex::mix(123456789)).value, PayloadIndex::kMissing);
  EXPECT_EQ(index.find_mixed(HashIndex::mix(123456789)), PayloadIndex::kMissing);
}

}  // namespace
}  // namespace sauatty::engine
