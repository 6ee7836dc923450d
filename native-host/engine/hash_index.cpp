#include "engine/hash_index.h"

#include <algorithm>
#include <bit>

namespace sauatty::engine {

HashIndex::HashIndex(std::size_t keys) : HashIndex() {
  if (keys == 0) return;
  // Load factor 2/3: a miss that gets past the bit filter reads ~5 slots
  // (40 bytes); the host table of EasyList + EasyPrivacy takes 1.1 MiB.
  slots_.assign(keys + keys / 2 + 1, Slot{0, kMissing});
  slot_count_ = slots_.size();
  // 8 filter bits per key, two set per key in one word: ~5% of absent keys
  // get past the bit filter.
  std::size_t bits = std::bit_ceil(std::max<std::size_t>(keys * 8, 64));
  bloom_.assign(bits / 64, 0);
  bloom_mask_ = bits / 64 - 1;
}

void HashIndex::insert_mixed(std::uint64_t m, std::uint32_t value) {
  // Keep a third of the slots empty whatever the caller said, so that
  // lookups always end.
  if (slot_count_ == 0 || (keys_ + 1) * 3 > slot_count_ * 2 + 2) return;
  auto fingerprint = static_cast<std::uint32_t>(m >> 32);
  std::size_t i = home(m);
  for (; slots_[i].value != kMissing; i = i + 1 == slot_count_ ? 0 : i + 1) {
    if (slots_[i].fingerprint == fingerprint) return;  // first value kept
  }
  slots_[i] = Slot{fingerprint, value};
  bloom_[bloom_word(m)] |= bloom_bits(m);
  ++keys_;
}

HashIndex HashIndex::build(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& entries,
                           bool premixed) {
  HashIndex index(entries.size());
  for (const auto& [key, value] : entries) index.insert_mixed(premixed ? key : mix(key), value);
  return index;
}

}  // namespace sauatty::engine
