// Byte helpers of the match path: loads of up to eight bytes that never read
// outside the string, short comparisons, and bit masks of one kind of
// character over up to 64 bytes (SSE2 where there is one). Inline and
// allocation-free; shared by the tokenizer, the context and the pattern
// matcher.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sauatty::engine::bytes {

inline std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// The n (0…8) bytes at p as the low bytes of a word (in memory order), the
// rest zero. Reads exactly those bytes (overlapping loads, no loop).
inline std::uint64_t load_upto8(const char* p, std::size_t n) {
  if (n >= 8) return load8(p);
  if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    return a | (std::uint64_t{b} << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  auto byte = [&](std::size_t i) {
    return std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  };
  return byte(0) | byte(n / 2) | byte(n - 1);
}

// True when the n bytes at a and b are equal: memcmp for the short strings
// of the match path, eight bytes at a time.
inline bool same(const char* a, const char* b, std::size_t n) {
  if (n >= 8) {
    for (; n > 8; n -= 8, a += 8, b += 8) {
      if (load8(a) != load8(b)) return false;
    }
    return load8(a + n - 8) == load8(b + n - 8);  // the last 8, overlapping
  }
  return load_upto8(a, n) == load_upto8(b, n);
}

// Bit i set when classify(p[i]) holds, for i < n ≤ 64. `Simd` computes the
// 16-bit mask of 16 bytes in a __m128i; `Scalar` is its one-byte form, for
// machines without SSE2. A zero byte must not be in the class (the bytes
// past a short string are filled with zeros).
template <class Simd, class Scalar>
inline std::uint64_t mask64(const char* p, std::size_t n, Simd simd, Scalar scalar) {
#if defined(__SSE2__)
  (void)scalar;
  if (n < 16) {
    std::uint64_t lo = load_upto8(p, n < 8 ? n : 8);
    std::uint64_t hi = n > 8 ? load_upto8(p + 8, n - 8) : 0;
    return simd(_mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo)));
  }
  std::uint64_t m = 0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    m |= std::uint64_t{simd(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)))} << i;
  }
  // The last, partial 16 bytes: the block ending at n, overlapping.
  if (i < n) {
    m |= std::uint64_t{simd(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)))}
         << (n - 16);
  }
  return m;
#else
  (void)simd;
  std::uint64_t m = 0;
  for (std::size_t i = 0; i < n; ++i) m |= std::uint64_t{scalar(p[i])} << i;
  return m;
#endif
}

// Letters and digits (the characters URL tokens are made of).
inline std::uint64_t alnum_mask(const char* p, std::size_t n) {
  return mask64(
      p, n,
#if defined(__SSE2__)
      [](__m128i v) -> std::uint32_t {
        __m128i digit = _mm_sub_epi8(v, _mm_set1_epi8('0'));
        __m128i letter = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
        __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit);
        __m128i is_letter = _mm_cmpeq_epi8(_mm_min_epu8(letter, _mm_set1_epi8(25)), letter);
        return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(is_digit, is_letter)));
      },
#else
      [](auto) -> std::uint32_t { return 0; },
#endif
      [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      });
}

}  // namespace sauatty::engine::bytes
