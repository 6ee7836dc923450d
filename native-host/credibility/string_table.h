// A frozen string → [uint32] multimap: open addressing over 64-bit hashes,
// keys in one string pool, values in one postings array. Built once by
// StringTable::Builder, then only read (any number of threads). Lookups do
// not allocate. Used by the credibility index (host → entries) and the
// lookalike detector (name variants → targets).
#pragma once

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
    return find(key, hash_string(key));
  }
  std::span<const std::uint32_t> find(std::string_view key, std::uint64_t hash) const;

  std::size_t key_count() const { return key_begin_.empty() ? 0 : key_begin_.size() - 1; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key_plus_one = 0;  // 0: empty slot
  };
  std::vector<Slot> slots_;  // power-of-two size, load ≤ 1/2
  std::string pool_;
  std::vector<std::uint32_t> key_begin_;    // key i is pool_[key_begin_[i], key_begin_[i+1])
  std::vector<std::uint32_t> value_begin_;  // its values are values_[value_begin_[i], …[i+1])
  std::vector<std::uint32_t> values_;
};

}  // namespace sauatty::credibility
