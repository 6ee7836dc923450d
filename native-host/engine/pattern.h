// Matching one Adblock Plus pattern (not a regex) against a URL: '*' matches
// any run of characters, '^' one separator character or the end of the URL,
// and the anchors ||, | and a trailing | fix where the match may start or end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/bytes.h"

namespace sauatty::engine {

// A separator is anything but a letter, a digit or one of "_-.%" (Adblock Plus
// definition; non-ASCII bytes are separators too).
inline bool is_separator(char c) {
  return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '%');
}

// True when `pattern` (NetworkFilter::pattern, '*' trimmed at both ends)
// matches `url`. `flags` carries the anchor bits of NetworkFilter::flags;
// [host_begin, host_end) is where the host lies in `url` (the || anchor
// matches at the start of the host or just after one of its dots). Both
// strings must be in the same case. Allocates nothing.
bool match_pattern(std::string_view pattern, std::uint16_t flags, std::string_view url,
                   std::size_t host_begin, std::size_t host_end);

// Same, with the pattern's start fixed at `pos` (its first '*'-separated
// segment must match there; the rest may follow anywhere after it).
bool match_pattern_at(std::string_view pattern, std::uint16_t flags, std::string_view url,
                      std::size_t pos, std::size_t host_begin, std::size_t host_end);

// match_pattern_at() for a pattern with neither '*' nor '^' and no anchor:
// a plain comparison.
inline bool match_plain_at(std::string_view pattern, std::string_view url, std::size_t pos) {
  return pos <= url.size() && url.size() - pos >= pattern.size() &&
         bytes::same(url.data() + pos, pattern.data(), pattern.size());
}

}  // namespace sauatty::engine
