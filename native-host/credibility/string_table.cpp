#include "credibility/string_table.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace sauatty::credibility {
namespace {

constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return h;
}

}  // namespace

std::uint64_t hash_string(std::string_view s) {
  std::uint64_t h = s.size() * kMul;
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = mix(h ^ (w * kMul));
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = mix(h ^ (w * kMul) ^ n);
  }
  return h | 1;  // never 0, so a slot's hash alone never looks empty
}

KeyFilter::KeyFilter(std::size_t keys) {
  std::size_t bits = std::bit_ceil(std::max<std::size_t>(1024, keys * 16));
  bits_.assign(bits / 64, 0);
  shift_ = 64 - std::countr_zero(bits);
}

void StringTable::Builder::add(std::string_view key, std::uint32_t value) {
  pairs_.emplace_back(std::string(key), value);
}

StringTable StringTable::Builder::finish() {
  StringTable t;
  // Group by key, keeping insertion order within a key.
  std::stable_sort(pairs_.begin(), pairs_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t keys = 0;
  for (std::size_t i = 0; i < pairs_.size(); ++i) {
    if (i == 0 || pairs_[i].first != pairs_[i - 1].first) ++keys;
  }
  std::size_t capacity = std::bit_ceil(std::max<std::size_t>(4, keys * 2));
  t.slots_.assign(capacity, Slot{});
  t.filter_ = KeyFilter(keys);
  for (std::size_t i = 0; i < pairs_.size(); ++i) {
    if (i == 0 || pairs_[i].first != pairs_[i - 1].first) {
      auto key_index = static_cast<std::uint32_t>(t.key_begin_.size());
      t.key_begin_.push_back(static_cast<std::uint32_t>(t.pool_.size()));
      t.value_begin_.push_back(static_cast<std::uint32_t>(t.values_.size()));
      t.pool_ += pairs_[i].first;
      t.filter_.add(pairs_[i].first);
      std::uint64_t h = hash_string(pairs_[i].first);
      std::size_t slot = h & (capacity - 1);
      while (t.slots_[slot].key_plus_one != 0) slot = (slot + 1) & (capacity - 1);
      t.slots_[slot] = Slot{h, key_index + 1};
    }
    t.values_.push_back(pairs_[i].second);
  }
  t.key_begin_.push_back(static_cast<std::uint32_t>(t.pool_.size()));
  t.value_begin_.push_back(static_cast<std::uint32_t>(t.values_.size()));
  pairs_.clear();
  return t;
}

std::span<const std::uint32_t> StringTable::find(std::string_view key, std::uint64_t hash) const {
  if (slots_.empty()) return {};
  std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Slot& s = slots_[slot];
    if (s.key_plus_one == 0) return {};
    if (s.hash != hash) continue;
    std::uint32_t k = s.key_plus_one - 1;
    std::string_view stored(pool_.data() + key_begin_[k], key_begin_[k + 1] - key_begin_[k]);
    if (stored != key) continue;
    return {values_.data() + value_begin_[k], values_.data() + value_begin_[k + 1]};
  }
}

}  // namespace sauatty::credibility
