// Tokens: the runs of letters and digits in a URL, hashed, that the token
// index files filters under; and the tokens of a pattern or a regex that every
// URL the filter matches must contain.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sauatty::engine {

inline bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

// Hash of one token. Case-insensitive (a $match-case filter's tokens hash like
// the lower-cased URL's); never 0, which the index reserves for empty slots.
inline std::uint32_t token_hash(std::string_view token) {
  std::uint32_t h = 2166136261u;
  for (char c : token) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  return h == 0 ? 1u : h;
}

// Calls visit(hash) for every token of a lower-case URL, left to right.
// Allocates nothing.
template <class Visit>
void for_each_url_token(std::string_view url, Visit&& visit) {
  const char* p = url.data();
  const char* end = p + url.size();
  while (p < end) {
    while (p < end && !is_token_char(*p)) ++p;
    if (p == end) break;
    std::uint32_t h = 2166136261u;
    while (p < end && is_token_char(*p)) {
      h = (h ^ static_cast<unsigned char>(*p)) * 16777619u;
      ++p;
    }
    visit(h == 0 ? 1u : h);
  }
}

// Tokens every URL matched by this (non-regex) pattern contains whole: runs
// bounded on both sides by a literal non-token character, '^', or an anchor.
// `flags` are NetworkFilter flags (anchors).
std::vector<std::string_view> pattern_tokens(std::string_view pattern, std::uint16_t flags);

// Tokens every string matched by this RE2 regex contains whole. Conservative:
// a regex with a top-level alternation yields none, groups and classes are
// skipped, and a literal run counts only between two mandatory literal
// non-token characters (or a ^ anchor on its left).
std::vector<std::string_view> regex_tokens(std::string_view regex);

// True for tokens so common in real URLs that filing a filter under them
// would make the filter a candidate for most requests (see tokens.cpp for the
// measurement).
bool is_bad_token(std::string_view token);

}  // namespace sauatty::engine
