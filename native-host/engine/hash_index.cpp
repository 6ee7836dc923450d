#include "engine/hash_index.h"

#include <algorithm>
#include <bit>

namespace sauatty::engine {

HashIndex HashIndex::build(std::vector<std::pair<std::uint64_t, std::uint32_t>> entries) {
  HashIndex index;
  if (entries.empty()) return index;
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t keys = 1;
  for (std::size_t i = 1; i < entries.size(); ++i) keys += entries[i].first != entries[i - 1].first;
  // Load factor at most 1/2: misses, the common case, end after ~1.5 probes.
  std::size_t capacity = std::bit_ceil(keys * 2);
  index.slots_.assign(capacity, Slot{0, 0, 0});
  index.mask_ = capacity - 1;
  index.keys_ = keys;
  index.values_.reserve(entries.size() + 1);
  index.values_.push_back(0);  // index 0 unused so that end == 0 means empty
  for (std::size_t i = 0; i < entries.size();) {
    std::uint64_t key = entries[i].first;
    auto begin = static_cast<std::uint32_t>(index.values_.size());
    for (; i < entries.size() && entries[i].first == key; ++i) {
      index.values_.push_back(entries[i].second);
    }
    std::size_t slot = mix(key) & index.mask_;
    while (index.slots_[slot].end != 0) slot = (slot + 1) & index.mask_;
    index.slots_[slot] = Slot{key, begin, static_cast<std::uint32_t>(index.values_.size())};
  }
  return index;
}

}  // namespace sauatty::engine
