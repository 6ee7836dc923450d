#include "engine/hash_index.h"

#include <algorithm>
#include <bit>

namespace sauatty::engine {

HashIndex HashIndex::build(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& entries) {
  HashIndex index;
  if (entries.empty()) return index;
  // Load factor 2/3: a miss that gets past the bit filter reads ~5 slots
  // (40 bytes); the host table of EasyList + EasyPrivacy takes 1.1 MiB.
  std::size_t capacity = entries.size() + entries.size() / 2 + 1;
  index.slots_.assign(capacity, Slot{0, kMissing});
  // 8 filter bits per key: ~12% of absent keys get past the bit filter.
  std::size_t bits = std::bit_ceil(std::max<std::size_t>(entries.size() * 8, 64));
  index.bloom_.assign(bits / 64, 0);
  index.bloom_mask_ = bits - 1;
  for (const auto& [key, value] : entries) {
    std::uint64_t m = mix(key);
    auto fingerprint = static_cast<std::uint32_t>(m >> 32);
    std::size_t i = index.home(m);
    bool present = false;
    for (; index.slots_[i].value != kMissing; i = i + 1 == capacity ? 0 : i + 1) {
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
