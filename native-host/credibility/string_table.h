// A frozen string → [uint32] multimap: open addressing over 64-bit hashes,
// keys in one string pool, values in one postings array. Built once by
// StringTable::Builder, then only read (any number of threads). Lookups do
// not allocate. Used by the credibility index (host → entries) and the
// lookalike detector (name variants → targets).
//
// In front of the hash table is a KeyFilter: most keys asked for are absent
// (the index walks every suffix of a host, the lookalike detector every
// label and run of labels), and for most of them one bit, found from the
// key's length and three of its bytes, says so without hashing the key or
// touching the table.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sauatty::credibility {

// 64-bit hash of a short string (hosts, labels): 8 bytes per step with a
// multiply-xorshift mix. Not for adversarial hash flooding: keys come from
// our lists, and a query costs one probe sequence whatever its hash.
std::uint64_t hash_string(std::string_view s);

// One bit per (length, first, middle and last byte) of every key, about 16
// bits a key. A clear bit means the key is certainly absent.
class KeyFilter {
 public:
  KeyFilter() = default;
  explicit KeyFilter(std::size_t keys);
  void add(std::string_view key) {
    std::size_t b = bit(key);
    bits_[b / 64] |= std::uint64_t{1} << (b % 64);
  }
  bool may_contain(std::string_view key) const {
    if (bits_.empty()) return false;
    std::size_t b = bit(key);
    return (bits_[b / 64] >> (b % 64)) & 1u;
  }

 private:
  std::size_t bit(std::string_view k) const {
    std::uint64_t x = k.size();
    if (!k.empty()) {
      auto at = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(k[i])}; };
      x |= at(0) << 16 | at(k.size() / 2) << 24 | at(k.size() - 1) << 32;
    }
    return static_cast<std::size_t>((x * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  std::vector<std::uint64_t> bits_;  // a power of two of them
  int shift_ = 63;                   // 64 - log2(bit count)
};

class StringTable {
 public:
  class Builder {
   public:
    // Adds one (key, value) pair; a key may get several values, which
    // find() returns in the order they were added.
    void add(std::string_view key, std::uint32_t value);
    // Freezes. The builder is left empty.
    StringTable finish();

   private:
    std::vector<std::pair<std::string, std::uint32_t>> pairs_;
  };

  StringTable() = default;

  // Values of `key`, empty when absent.
  std::span<const std::uint32_t> find(std::string_view key) const {
    if (!filter_.may_contain(key)) return {};
    return find(key, hash_string(key));
  }

  std::size_t key_count() const { return key_begin_.empty() ? 0 : key_begin_.size() - 1; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key_plus_one = 0;  // 0: empty slot
  };
  std::span<const std::uint32_t> find(std::string_view key, std::uint64_t hash) const;

  KeyFilter filter_;
  std::vector<Slot> slots_;  // power-of-two size, load ≤ 1/2
  std::string pool_;
  std::vector<std::uint32_t> key_begin_;    // key i is pool_[key_begin_[i], key_begin_[i+1])
  std::vector<std::uint32_t> value_begin_;  // its values are values_[value_begin_[i], …[i+1])
  std::vector<std::uint32_t> values_;
};

}  // namespace sauatty::credibility
