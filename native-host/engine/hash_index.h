// A frozen map from a 64-bit key (a host or token hash) to one 32-bit value
// (where that key's filters start), in flat arrays: open addressing over
// slots of 8 bytes (more for a table whose slots carry a payload), with a
// bit filter in front so that most misses — the common case — read one bit
// from a table small enough to stay in cache. Built once (build(), or sized
// then insert()); lookups allocate nothing.
//
// Keys are first mixed (a bijection on 64 bits); a slot keeps the mixed key's
// upper 32 bits and its lower bits choose the slot. Two keys whose mixed
// values agree on the upper 32 bits and probe into the same cluster would be
// confused: about one chance in 2^32 per lookup of an absent key, which we
// accept for halving the table (docs/ENGINE.md).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

namespace sauatty::engine {

#if defined(__SIZEOF_INT128__)
namespace hash_index_detail {
__extension__ typedef unsigned __int128 Wide;  // __extension__: no -Wpedantic warning
}  // namespace hash_index_detail
#endif

// A running hash `h` with one more 64-bit word folded in: one 64×64→128-bit
// multiply, its halves xored, so the result is mixed in all its bits. Keys
// made with it (host_hash(), token_hash()) go into a HashIndex as they are
// (insert_mixed(), find_mixed()).
inline constexpr std::uint64_t fold_hash(std::uint64_t h, std::uint64_t word) {
  constexpr std::uint64_t kOdd = 0x9E3779B97F4A7C15ull;
#if defined(__SIZEOF_INT128__)
  const hash_index_detail::Wide p = static_cast<hash_index_detail::Wide>(h ^ word) * kOdd;
  return static_cast<std::uint64_t>(p) ^ static_cast<std::uint64_t>(p >> 64);
#else
  std::uint64_t x = (h ^ word) * kOdd;  // without a 128-bit product: a
  return x ^ (x >> 29) ^ (x >> 47);     // multiply and shifts
#endif
}

namespace hash_index_detail {

// The bit pairs of HashIndex's bit filter. Pair i: bit i % 64 and another
// bit chosen by a fixed pseudo-random sequence (SplitMix64); each bit is the
// first of four pairs.
struct BitPairs {
  std::uint64_t pair[256] = {};
  constexpr BitPairs() {
    std::uint64_t state = 0x5A17A77Bull;
    for (int i = 0; i < 256; ++i) {
      state += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      z ^= z >> 31;
      const int a = i % 64;
      const int b = (a + 1 + static_cast<int>(z % 63)) % 64;  // never a
      pair[i] = (std::uint64_t{1} << a) | (std::uint64_t{1} << b);
    }
  }
};
inline constexpr BitPairs kBitPairs{};

}  // namespace hash_index_detail

// What a slot holds beside its key's value: nothing, by default. A table
// whose every hit goes on to read a record where the value points (the token
// index: its bucket's first QuickRecord) keeps a copy of that record in the
// slot instead, so that a hit waits for one cache miss less.
struct NoPayload {};

template <class Payload>
class BasicHashIndex {
 public:
  static constexpr std::uint32_t kMissing = ~std::uint32_t{0};

  struct Slot {
    std::uint32_t fingerprint = 0;
    std::uint32_t value = kMissing;  // kMissing: empty
    [[no_unique_address]] Payload payload{};
  };

  BasicHashIndex() : bloom_(1, 0) {}  // a bit filter of one empty word: finds nothing

  // Builds from (key, value) pairs; a repeated key keeps its first value.
  // Values must not be kMissing. With `premixed`, the keys are already well
  // mixed hashes (host_hash()) and are looked up with find_mixed() as they
  // are.
  static BasicHashIndex build(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& entries,
                              bool premixed = false) {
    BasicHashIndex index(entries.size());
    for (const auto& [key, value] : entries) index.insert_mixed(premixed ? key : mix(key), value);
    return index;
  }

  // The same one key at a time, for builders that know how many keys will
  // come and hold no list of them: sized for `keys` keys, then insert() at
  // most that many times (further keys are refused, so that lookups always
  // end; a repeated key keeps its first value). The bit filter gets
  // `bloom_bits_per_key` bits a key, rounded up to a power of two in all:
  // at 8, about 5% of absent keys get past it; at 32, about 0.5%.
  explicit BasicHashIndex(std::size_t keys, std::size_t bloom_bits_per_key = 8);
  void insert(std::uint64_t key, std::uint32_t value) { insert_mixed(mix(key), value); }
  // insert() of a key that is already a well-mixed hash, found again with
  // find_mixed(key); `payload` is kept in its slot.
  void insert_mixed(std::uint64_t m, std::uint32_t value, const Payload& payload = {});

  // The value stored under `key`, or kMissing.
  std::uint32_t find(std::uint64_t key) const { return find_mixed(mix(key)); }

  // find() for a key already passed through mix() (callers that look one
  // key up in several indexes mix it once), or inserted with insert_mixed().
  std::uint32_t find_mixed(std::uint64_t m) const {
    if (!bloom_has(m)) return kMissing;  // always so when there are no slots
    return find_slot_mixed(m).value;
  }

  // The two halves of find_mixed(), for callers that look many keys up at
  // once and want their memory reads to overlap: first the bit filter (false
  // means absent), then the slot (value kMissing: absent), payload included.
  bool may_contain_mixed(std::uint64_t m) const { return bloom_has(m); }
  // (An empty index has no slots: data() may be null and home() is 0; a
  // prefetch never faults, and no reference to a slot is formed.)
  void prefetch_slot_mixed(std::uint64_t m) const { __builtin_prefetch(slots_.data() + home(m)); }
  void prefetch_bloom_mixed(std::uint64_t m) const { __builtin_prefetch(&bloom_[bloom_word(m)]); }
  Slot find_slot_mixed(std::uint64_t m) const {
    auto fingerprint = static_cast<std::uint32_t>(m >> 32);
    for (std::size_t i = home(m);; i = i + 1 == slot_count_ ? 0 : i + 1) {
      const Slot& slot = slots_[i];
      if (slot.value == kMissing || slot.fingerprint == fingerprint) return slot;
    }
  }

  bool empty() const { return keys_ == 0; }
  std::size_t keys() const { return keys_; }
  std::size_t memory_bytes() const {
    return slots_.capacity() * sizeof(Slot) + bloom_.capacity() * sizeof(std::uint64_t);
  }

  // A bijection on 64 bits (the finalizer of MurmurHash3).
  static std::uint64_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ull;
    key ^= key >> 33;
    return key;
  }

 private:
  friend struct FrozenAccess;  // frozen_io.cpp
  // First slot for a mixed key: its low 32 bits scaled to the table size
  // (any size, not only powers of two).
  std::size_t home(std::uint64_t m) const {
    return static_cast<std::size_t>(((m & 0xffffffffull) * slot_count_) >> 32);
  }

  // The bit filter is split into 64-bit words: a key sets two bits of one
  // word (the word from the mixed key's bits 40 and up), so a test reads one
  // word and, at 8 bits per key, lets ~5% of absent keys through instead of
  // one bit's ~12%. The two bits are one of 256 fixed pairs, looked up by
  // the key's bits 20–27: one load instead of two variable shifts.
  std::size_t bloom_word(std::uint64_t m) const {
    return static_cast<std::size_t>((m >> 40) & bloom_mask_);
  }
  static std::uint64_t bloom_bits(std::uint64_t m) {
    return hash_index_detail::kBitPairs.pair[(m >> 20) & 255];
  }
  bool bloom_has(std::uint64_t m) const {
    std::uint64_t bits = bloom_bits(m);
    return (bloom_[bloom_word(m)] & bits) == bits;
  }

  std::vector<Slot> slots_;
  std::size_t slot_count_ = 0;        // slots_.size(), kept apart: lookups read it often
  std::vector<std::uint64_t> bloom_;  // never empty
  std::uint64_t bloom_mask_ = 0;      // words - 1
  std::size_t keys_ = 0;
};

template <class Payload>
BasicHashIndex<Payload>::BasicHashIndex(std::size_t keys, std::size_t bloom_bits_per_key)
    : BasicHashIndex() {
  if (keys == 0) return;
  // Load factor 2/3: a miss that gets past the bit filter reads ~5 slots
  // (40 bytes).
  slots_.assign(keys + keys / 2 + 1, Slot{});
  slot_count_ = slots_.size();
  // bloom_bits_per_key filter bits a key, two of them set per key in one
  // word.
  std::size_t bits = std::bit_ceil(std::max<std::size_t>(keys * bloom_bits_per_key, 64));
  bloom_.assign(bits / 64, 0);
  bloom_mask_ = bits / 64 - 1;
}

template <class Payload>
void BasicHashIndex<Payload>::insert_mixed(std::uint64_t m, std::uint32_t value,
                                           const Payload& payload) {
  // Keep a third of the slots empty whatever the caller said, so that
  // lookups always end.
  if (slot_count_ == 0 || (keys_ + 1) * 3 > slot_count_ * 2 + 2) return;
  auto fingerprint = static_cast<std::uint32_t>(m >> 32);
  std::size_t i = home(m);
  for (; slots_[i].value != kMissing; i = i + 1 == slot_count_ ? 0 : i + 1) {
    if (slots_[i].fingerprint == fingerprint) return;  // first value kept
  }
  slots_[i] = Slot{fingerprint, value, payload};
  bloom_[bloom_word(m)] |= bloom_bits(m);
  ++keys_;
}

// The plain map: 8-byte slots.
using HashIndex = BasicHashIndex<NoPayload>;
static_assert(sizeof(HashIndex::Slot) == 8);

}  // namespace sauatty::engine
