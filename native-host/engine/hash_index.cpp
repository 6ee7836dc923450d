#include "engine/hash_index.h"

#include <algorithm>
#include <bit>

namespace sauatty::engine {

HashIndex HashIndex::build(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& entries) {
  HashIndex index;
  if (entries.empty()) return index;
  // Load factor at most 1/2: a miss that passes the bit filter ends after
  // ~2.5 slots, within one cache line.
  std::size_t capacity = std::bit_ceil(entries.size() * 2);
  index.slots_.assign(capacity, Slot{0, kMissing});
  index.mask_ = capacity - 1;
  // 8 filter bits per key: ~12% of absent keys get past the bit filter.
  std::size_t bits = std::bit_ceil(std::max<std::size_t>(entries.size() * 8, 64));
  index.bloom_.assign(bits / 64, 0);
  index.bloom_mask_ = bits - 1;
  for (const auto& [key, value] : entries) {
    std::uint64_t m = mix(key);
    auto fingerprint = static_cast<std::uint32_t>(m >> 32);
    std::size_t i = m & index.mask_;
    bool present = false;
    for (; index.slots_[i].value != kMissing; i = (i + 1) & index.mask_) {
      if (index.slots_[i].fingerprint == fingerprint) {
        present = true;
        break;
      }
    }
    if (present) continue;
    index.slots_[i] = Slot{fingerprint, value};
    std::uint64_t bit = (m >> 40) & index.bloom_mask_;
    index.bloom_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
    ++index.keys_;
  }
  return index;
}

}  // namespace sauatty::engine
