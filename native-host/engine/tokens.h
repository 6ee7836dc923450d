// Tokens: the runs of letters and digits in a URL, hashed, that the token
// index files filters under; and the tokens of a pattern or a regex that every
// URL the filter matches must contain.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sauatty::engine {

// Letters and digits: the characters tokens are made of.
struct TokenCharTable {
  bool is[256] = {};
  constexpr TokenCharTable() {
    for (int c = '0'; c <= '9'; ++c) is[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) is[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) is[c] = true;
  }
};
inline constexpr TokenCharTable kTokenChars;

inline bool is_token_char(char c) { return kTokenChars.is[static_cast<unsigned char>(c)]; }

// Token hashing: djb2 with xor, two cycles a character. Its weak mixing is
// made up for by HashIndex::mix() before any table is touched, and a
// collision only adds a candidate that the pattern check then rejects.
inline constexpr std::uint32_t kTokenSeed = 5381;
inline std::uint32_t token_hash_step(std::uint32_t h, char c) {
  return ((h << 5) + h) ^ static_cast<unsigned char>(c);
}

// Only a token's first kTokenHashChars characters are hashed (uBlock Origin
// also hashes a bounded prefix). Tokens that share those characters share an
// index bucket; in return a pattern token with a literal character on its
// left but open on its right ("=bT1zdXY1JnI9*") can still be an index key
// once it is this long, since every URL token it can fall within starts with
// it. Longer than every bad token (tokens.cpp), so none of those becomes the
// prefix of a longer token.
inline constexpr std::size_t kTokenHashChars = 8;

// Hash of one token (its first kTokenHashChars characters). Case-insensitive
// (a $match-case filter's tokens hash like the lower-cased URL's).
inline std::uint32_t token_hash(std::string_view token) {
  std::uint32_t h = kTokenSeed;
  for (char c : token.substr(0, kTokenHashChars)) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    h = token_hash_step(h, c);
  }
  return h;
}

// Calls visit(hash, position) for every token of a lower-case URL, left to
// right, from `from` (which must not fall inside a token). Allocates nothing.
template <class Visit>
void for_each_url_token(std::string_view url, Visit&& visit, std::size_t from = 0) {
  const char* begin = url.data();
  const char* p = begin + from;
  const char* end = begin + url.size();
  while (p < end) {
    while (p < end && !is_token_char(*p)) ++p;
    if (p == end) break;
    const char* start = p;
    const char* hashed_end = end - p > static_cast<std::ptrdiff_t>(kTokenHashChars) ? p + kTokenHashChars : end;
    std::uint32_t h = kTokenSeed;
    while (p < hashed_end && is_token_char(*p)) h = token_hash_step(h, *p++);
    while (p < end && is_token_char(*p)) ++p;
    if (!visit(h, static_cast<std::size_t>(start - begin))) return;
  }
}

// Tokens every URL matched by this (non-regex) pattern contains as URL tokens
// (whole, or as the first kTokenHashChars characters of one): runs bounded on
// the left by a literal non-token character, '^' or an anchor, and on the
// right likewise or by being at least kTokenHashChars long. `flags` are
// NetworkFilter flags (anchors).
std::vector<std::string_view> pattern_tokens(std::string_view pattern, std::uint16_t flags);

// Tokens every string matched by this RE2 regex contains, in the sense of
// pattern_tokens(). Conservative: a regex with a top-level alternation yields
// none, groups and classes are skipped, and a run of literal letters and
// digits counts only after a mandatory literal non-token character (or a ^
// anchor), and only when a mandatory literal non-token character follows it
// or its first kTokenHashChars characters are themselves mandatory.
std::vector<std::string_view> regex_tokens(std::string_view regex);

// True for tokens so common in real URLs that filing a filter under them
// would make the filter a candidate for most requests (see tokens.cpp for the
// measurement).
bool is_bad_token(std::string_view token);

}  // namespace sauatty::engine
