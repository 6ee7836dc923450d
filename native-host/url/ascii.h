// ASCII letter case, as URLs, HTTP headers and the browsers' policy names
// know it: 'A'–'Z' against 'a'–'z', every other byte (UTF-8 included) left
// as it is, whatever the C locale says. The one copy of these for every
// layer above url/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sauatty::url {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whether `a` and `b` are the same but for ASCII letter case.
bool iequals_ascii(std::string_view a, std::string_view b);

// `text` with its ASCII letters in lower case, into `out` (its buffer
// reused: once it has grown to the longest text, nothing is allocated).
// Eight bytes at a time. `text` must not be a view into `out`.
void lower_ascii_into(std::string_view text, std::string& out);

// The eight bytes of `w` (any byte order), each through ascii_lower(), by
// word arithmetic: for each byte that is 'A'–'Z' (its top bit clear, and
// its value from 'A' through 'Z'), 0x20 is set. No carry crosses a byte.
constexpr std::uint64_t ascii_lower8(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  const std::uint64_t low7 = w & ~kHigh;                         // each byte at most 0x7F
  const std::uint64_t from_a = low7 + kOnes * (0x80 - 'A');      // top bit: at least 'A'
  const std::uint64_t past_z = low7 + kOnes * (0x80 - 'Z' - 1);  // top bit: past 'Z'
  const std::uint64_t upper = from_a & ~past_z & ~w & kHigh;
  return w | (upper >> 2);  // 0x80 >> 2 == 0x20
}

}  // namespace sauatty::url
