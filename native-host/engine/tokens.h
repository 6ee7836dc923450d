// Tokens: the runs of letters and digits in a URL, hashed, that the token
// index files filters under; and the tokens of a pattern or a regex that every
// URL the filter matches must contain.
#pragma once

#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/bytes.h"
#include "engine/hash_index.h"

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

// Only a token's first kTokenHashChars characters are hashed (uBlock Origin
// also hashes a bounded prefix). Tokens that share those characters share an
// index bucket; in return a pattern token with a literal character on its
// left but open on its right ("=bT1zdXY1JnI9*") can still be an index key
// once it is this long, since every URL token it can fall within starts with
// it. Longer than every bad token (tokens.cpp), so none of those becomes the
// prefix of a longer token. Eight characters are one 64-bit word: a token is
// hashed with one multiply.
inline constexpr std::size_t kTokenHashChars = 8;

namespace token_detail {

inline constexpr std::uint64_t kSeed = 0x7f4a7c15a5a5a5a5ull;
inline std::uint64_t hash_word(std::uint64_t w) { return fold_hash(kSeed, w); }

}  // namespace token_detail

// Hash of one token (its first kTokenHashChars characters), mixed in all its
// bits: the token tables use it as a HashIndex mixed key as it is.
// Case-insensitive (a $match-case filter's tokens hash like the lower-cased
// URL's).
inline std::uint64_t token_hash(std::string_view token) {
  char lower[kTokenHashChars];
  std::size_t n = token.size() < kTokenHashChars ? token.size() : kTokenHashChars;
  if (n == 0) return 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = token[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return token_detail::hash_word(bytes::load_upto8(lower, n));
}

// Calls visit(hash, position) for every token of a lower-case URL, left to
// right, from `from` (which must not fall inside a token); stops when visit
// returns false. Finds the tokens 64 characters at a time from a bit mask of
// letters and digits. Allocates nothing and reads no byte outside the URL.
template <class Visit>
void for_each_url_token(std::string_view url, Visit&& visit, std::size_t from = 0) {
  const char* base = url.data();
  const std::size_t size = url.size();
  std::size_t pos = from;  // start of the current block
  while (pos < size) {
    const std::size_t block = size - pos < 64 ? size - pos : 64;
    std::uint64_t m = bytes::alnum_mask(base + pos, block);
    std::size_t next = pos + block;
    while (m != 0) {
      // m != 0 here, so s < 64. The run starting at s may fill the block to
      // its end: (m >> s) is then all ones when s == 0, where a count of the
      // trailing zeros of its complement (__builtin_ctzll(0)) would be
      // undefined; std::countr_one is defined there (64).
      const auto s = static_cast<unsigned>(std::countr_zero(m));
      const auto len = static_cast<unsigned>(std::countr_one(m >> s));  // ≤ 64 - s
      std::size_t start = pos + s;
      std::size_t end = start + len;
      const bool to_block_end = s + len >= block;
      if (to_block_end) {
        while (end < size && is_token_char(base[end])) ++end;
      }
      std::size_t hashed = end - start < kTokenHashChars ? end - start : kTokenHashChars;
      std::uint64_t w;
      if (start + 8 <= size) {
        w = bytes::load8(base + start);
        if (hashed < 8) w &= (std::uint64_t{1} << (8 * hashed)) - 1;
      } else {
        w = bytes::load_upto8(base + start, hashed);
      }
      if (!visit(token_detail::hash_word(w), start)) return;
      if (to_block_end) {  // the next block starts after this token
        next = end;
        break;
      }
      m &= ~std::uint64_t{0} << (s + len);
    }
    pos = next;
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
