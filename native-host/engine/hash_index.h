// A frozen multimap from a 64-bit key (a host or token hash) to a list of
// 32-bit values (filter or entity ids), in flat arrays: open addressing over
// power-of-two slots, values packed contiguously per key. Built once by
// HashIndex::build(); lookups allocate nothing.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace sauatty::engine {

class HashIndex {
 public:
  HashIndex() = default;

  // Builds the index from (key, value) pairs in any order; values of one key
  // keep their relative order. Key 0 is allowed.
  static HashIndex build(std::vector<std::pair<std::uint64_t, std::uint32_t>> entries);

  // The values stored under `key`; empty when none.
  std::span<const std::uint32_t> find(std::uint64_t key) const {
    if (slots_.empty()) return {};
    std::size_t i = mix(key) & mask_;
    while (true) {
      const Slot& slot = slots_[i];
      if (slot.end == 0) return {};
      if (slot.key == key) return {values_.data() + slot.begin, slot.end - slot.begin};
      i = (i + 1) & mask_;
    }
  }

  bool empty() const { return values_.empty(); }
  std::size_t keys() const { return keys_; }
  std::size_t values() const { return values_.size(); }
  std::size_t memory_bytes() const {
    return slots_.capacity() * sizeof(Slot) + values_.capacity() * sizeof(std::uint32_t);
  }

 private:
  struct Slot {
    std::uint64_t key;
    std::uint32_t begin;
    std::uint32_t end;  // 0 marks an empty slot: values start at index 1
  };
  static std::size_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return static_cast<std::size_t>(key);
  }

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> values_;
  std::size_t mask_ = 0;
  std::size_t keys_ = 0;
};

}  // namespace sauatty::engine
