// The hash of a host name (or of a "name.*" entity form) that every
// host-keyed table uses: the host table, $domain= and denyallow= lists, the
// domain index, the entity map.
//
// Defined on 8-byte chunks counted from the right end of the name: the last
// eight bytes are the first chunk, the eight before them the second, and so
// on; the 1–7 bytes left at the start, if any, make a last, partial chunk
// (zero-extended, with their count in the top byte). Each chunk is folded in
// with fold_hash(), so the result is well mixed in all its bits: the tables
// use it as a HashIndex mixed key as it is. Since every label suffix of a host ("c", "b.c", "a.b.c"
// of "a.b.c") shares the host's whole chunks, host_suffix_hashes() hashes all
// of a host's suffixes in one pass over its chunks plus one multiply per
// suffix.
//
// Pure and allocation-free. host_hash() and host_suffix_hashes() agree on
// every input (tests/engine/host_hash_test.cpp).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/bytes.h"
#include "engine/hash_index.h"

namespace sauatty::engine {

inline constexpr std::uint64_t kHostHashSeed = 0xcbf29ce484222325ull;

namespace host_hash_detail {

// The partial chunk of m (1…7) bytes.
inline constexpr std::uint64_t partial(std::uint64_t bytes, std::size_t m) {
  return bytes | (std::uint64_t{m} << 56);
}

// The n (≤ 8) bytes at p as the low bytes of a word, first byte lowest.
inline constexpr std::uint64_t chunk_bytes(const char* p, std::size_t n) {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < n; ++i)
    w |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return w;
}

}  // namespace host_hash_detail

// The hash of `host`, a byte at a time (for building tables and for tests;
// the match path uses host_suffix_hashes()).
inline constexpr std::uint64_t host_hash(std::string_view host) {
  using namespace host_hash_detail;
  std::uint64_t h = kHostHashSeed;
  std::size_t n = host.size();
  for (; n >= 8; n -= 8) h = fold_hash(h, chunk_bytes(host.data() + n - 8, 8));
  if (n > 0) h = fold_hash(h, partial(chunk_bytes(host.data(), n), n));
  return h;
}

namespace host_hash_detail {

// Bit i set when s[i] is a '.', for i < min(len, 64). `readable_before` as
// for host_suffix_hashes().
inline std::uint64_t dot_mask(std::string_view s, std::size_t readable_before) {
  const std::size_t len = s.size();
#if defined(__SSE2__)
  const __m128i dot = _mm_set1_epi8('.');
  auto dots16 = [&](__m128i v) -> std::uint64_t {
    return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, dot)));
  };
  auto load16 = [](const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); };
  if (len >= 16 && len <= 32) {  // the first and the last 16 bytes
    return dots16(load16(s.data())) | (dots16(load16(s.data() + len - 16)) << (len - 16));
  }
  if (len < 16 && readable_before + len >= 16) {  // the 16 bytes ending the host
    return dots16(load16(s.data() + len - 16)) >> (16 - len);
  }
  if (len < 16) {
    std::uint64_t lo = bytes::load_upto8(s.data(), len < 8 ? len : 8);
    std::uint64_t hi = len > 8 ? bytes::load_upto8(s.data() + 8, len - 8) : 0;
    return dots16(_mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo)));
  }
#endif
  (void)readable_before;
  std::uint64_t dots = 0;
  for (std::size_t i = 0; i < len && i < 64; ++i) dots |= std::uint64_t{s[i] == '.'} << i;
  return dots;
}

// host_suffix_hashes() on a little-endian machine with 7 bytes readable
// before the host (kWide) or not.
template <bool kWide>
inline int suffix_hashes(std::string_view host, std::uint64_t* out, int max, std::uint64_t dots) {
  constexpr bool kLittle = std::endian::native == std::endian::little;
  const std::size_t len = host.size();
  const char* const end = host.data() + len;
  std::uint64_t h = kHostHashSeed;  // host_hash() of the last 8 * chunks bytes
  std::size_t chunks = 0;
  int n = 0;
  // Appends the hash of the suffix of `suffix` bytes (they come shortest first).
  auto emit = [&](std::size_t suffix) [[gnu::always_inline]] {
    for (; chunks < suffix / 8; ++chunks) {
      const char* at = end - 8 * (chunks + 1);
      h = fold_hash(h, kLittle ? bytes::load8(at) : chunk_bytes(at, 8));
    }
    const std::size_t m = suffix % 8;
    std::uint64_t w;
    if (m == 0) {
      out[n++] = h;
      return;
    }
    if constexpr (kWide) {
      // The 8 bytes before the whole chunks: the partial chunk is their top m.
      w = bytes::load8(end - 8 * (chunks + 1)) >> (64 - 8 * m);
    } else {
      w = kLittle ? bytes::load_upto8(end - suffix, m) : chunk_bytes(end - suffix, m);
    }
    out[n++] = fold_hash(h, partial(w, m));
  };
  // Right to left: the dots beyond the mask's reach (hosts over 64 bytes),
  // then the mask's, then the whole host.
  for (std::size_t i = len; i > 64 && n < max; --i) {
    if (host[i - 1] == '.') emit(len - i);
  }
  while (dots != 0 && n < max) {
    const int d = 63 - std::countl_zero(dots);
    dots ^= std::uint64_t{1} << d;
    emit(len - d - 1);
  }
  if (n < max) emit(len);
  return n;
}

}  // namespace host_hash_detail

// Writes host_hash() of the label suffixes of `host` to out, shortest first
// ("a.b.c" → "c", "b.c", "a.b.c"; a trailing '.' gives the empty suffix
// first), at most `max` of them (the shortest); returns how many.
// `readable_before`: how many bytes just before host.data() may be read (the
// host's place in its URL). With 7 or more, on a little-endian machine, each
// suffix costs one 8-byte load. The dots of a host of up to 32 bytes are
// found with 16-byte compares.
inline int host_suffix_hashes(std::string_view host, std::uint64_t* out, int max,
                              std::size_t readable_before = 0) {
  using namespace host_hash_detail;
  if (host.empty() || max <= 0) return 0;
  const std::uint64_t dots = dot_mask(host, readable_before);
  if (std::endian::native == std::endian::little && readable_before >= 7) {
    return suffix_hashes<true>(host, out, max, dots);
  }
  return suffix_hashes<false>(host, out, max, dots);
}

// The last two labels of a host ("b.c" of "a.b.c"; a host of one or two
// labels whole).
inline std::string_view last_two_labels(std::string_view host) {
  if (host.size() <= 64) {  // the two highest bits of the dot mask
    std::uint64_t dots = host_hash_detail::dot_mask(host, 0);
    if (dots == 0) return host;
    dots ^= std::uint64_t{1} << (63 - std::countl_zero(dots));
    if (dots == 0) return host;
    return host.substr(64 - std::countl_zero(dots));
  }
  std::size_t i = host.size();
  for (int dots = 0; i > 0; --i) {
    if (host[i - 1] == '.' && ++dots == 2) break;
  }
  return host.substr(i);
}

// The tail of a host, for the domain index's precheck: a hash of its last
// two labels, eight bytes at a time from the left (only this precheck uses
// it, so it need not agree with host_hash()); never 0 (kAnyTail).
inline std::uint64_t tail_key(std::string_view host) {
  std::string_view tail = last_two_labels(host);
  std::uint64_t h = tail.size();
  for (std::size_t i = 0; i < tail.size(); i += 8) {
    std::size_t n = tail.size() - i < 8 ? tail.size() - i : 8;
    h = fold_hash(h, bytes::load_upto8(tail.data() + i, n));
  }
  return h == 0 ? 1 : h;
}

}  // namespace sauatty::engine
