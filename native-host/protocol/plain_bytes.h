// The bytes a JSON string holds as they are, with nothing to check or
// escape: printable ASCII other than '"' and '\\'. The requests lexer
// (requests_message.cpp) reads strings of these alone, and the JSON writer
// (json_writer.cpp) copies them as they are; anything else goes the slow,
// exact way in both. Checked eight bytes at a time.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sauatty::protocol {

inline constexpr std::array<bool, 256> kPlainByte = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x7F; ++c) table[static_cast<std::size_t>(c)] = true;
  table['"'] = false;
  table['\\'] = false;
  return table;
}();

// The bytes of `w` that are not kPlainByte, each as its top bit, by word
// arithmetic: below 0x20, from 0x7F up, '"' or '\\'. A byte above one
// that is not plain may be flagged wrongly (a borrow or carry runs upward
// only from a byte flagged rightly), never one below: the lowest flag is
// exact, so with `w` read from memory on a little-endian machine,
// countr_zero(mask) / 8 is the first byte that is not plain.
constexpr std::uint64_t not_plain8(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  const std::uint64_t from_delete = (w | (w + kOnes)) & kHigh;
  return below_space | from_delete | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'));
}

// Whether all eight bytes of `w` are kPlainByte.
constexpr bool plain8(std::uint64_t w) { return not_plain8(w) == 0; }

namespace plain_bytes_detail {
// plain8() against the table, for every byte value in every lane.
constexpr bool plain8_agrees() {
  for (int lane = 0; lane < 8; ++lane) {
    for (int c = 0; c < 256; ++c) {
      const std::uint64_t fill = 0x6161616161616161ull;
      const std::uint64_t w = (fill & ~(std::uint64_t{0xFF} << (8 * lane))) |
                              (static_cast<std::uint64_t>(c) << (8 * lane));
      if (plain8(w) != kPlainByte[static_cast<std::size_t>(c)]) return false;
    }
  }
  return true;
}
static_assert(plain8_agrees());
}  // namespace plain_bytes_detail

// The first byte from `p` on that is not kPlainByte, or `end`.
inline const char* skip_plain(const char* p, const char* end) {
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (const std::uint64_t mask = not_plain8(w); mask != 0) {
      if constexpr (std::endian::native == std::endian::little) {
        return p + (std::countr_zero(mask) >> 3);
      }
      break;  // the bytes from p on, one at a time
    }
    p += 8;
  }
  while (p < end && kPlainByte[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

}  // namespace sauatty::protocol
