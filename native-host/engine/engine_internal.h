// Layout of a built Engine, shared by the builder and the matcher. Not part
// of the engine's interface.
//
// Filters are stored in bucket order: the filters filed under one token or
// one page domain sit next to each other in Engine::filters_, with their
// QuickRecords (what every candidate is tested on first, the last of a
// bucket flagged kQuickLast) next to each other in Engine::quick_ and their
// patterns in Engine::patterns_, so that checking a bucket reads a few
// adjacent cache lines. A HashIndex maps each key to where its bucket
// starts. The filter's text, list and FilterId (order of add()) are kept
// apart, for reports only.
#pragma once

#include <climits>
#include <cstdint>
#include <vector>

#include "engine/engine.h"

namespace sauatty::engine {

// How a filter's pattern is checked, decided at build time.
enum class PatternKind : std::uint8_t {
  kHostOnly,  // ||host^ : the host table lookup is the whole check
  kGlob,      // match_pattern()
  kRegex,     // RE2
  kNone,      // empty pattern: options decide
};

// Internal bit of Compiled::flags, beside the FilterFlag bits.
inline constexpr std::uint16_t kPlainPattern = 1u << 14;  // no '^' and no '*': memcmp will do

inline constexpr std::uint16_t kNoTokenOffset = 0xffff;
inline constexpr std::int16_t kNoQuick = INT16_MIN;
inline constexpr std::uint32_t kNoTokenPos = ~std::uint32_t{0};

struct Engine::Compiled {
  FilterId id = 0;
  std::uint32_t pattern = 0;  // offset in patterns_, or index in regexes_ for kRegex
  std::uint32_t domains = 0;  // in domain_hashes_: include, exclude, denyallow, each sorted
  std::uint16_t pattern_len = 0;
  std::uint16_t flags = 0;
  TypeMask types = 0;
  std::uint16_t n_include = 0;
  std::uint16_t n_exclude = 0;
  std::uint8_t n_deny = 0;
  std::uint8_t party : 2 = kPartyAny;  // with kind in one byte
  PatternKind kind : 2 = PatternKind::kNone;
  // For a pattern filed under a token of its first '*'-separated segment:
  // where the token starts in the pattern. A candidate found through a URL
  // token at position p can then only match at p - token_offset, one
  // comparison instead of a search.
  std::uint16_t token_offset = kNoTokenOffset;
};

// What bucket() tests every candidate on before it reads the filter's
// Compiled record: 8 bytes, so that a bucket's are usually one cache line.
struct Engine::QuickRecord {
  // The filter's TypeMask, kQuickMatchCase, and kQuickLast on the last filter
  // of a bucket.
  std::uint16_t bits;
  // For a pinned glob (Compiled::token_offset set): four literal characters
  // of the pattern's first segment that the URL must hold `from_token`
  // characters from where the token was found (negative: before it); one
  // 4-byte comparison rejects most candidates. kNoQuick: none.
  std::int16_t from_token;
  std::uint32_t bytes;
};
inline constexpr std::uint16_t kQuickMatchCase = 1u << 14;  // compare with Request::url_original
inline constexpr std::uint16_t kQuickLast = 1u << 15;
static_assert((kAllTypes & (kQuickMatchCase | kQuickLast)) == 0);

// One filter of a host-table bucket, 8 bytes instead of a Compiled's 32:
// a `||host^` filter with no $domain= and no denyallow= is checked by its
// types and party alone. The few host filters with page or denyallow lists
// keep a Compiled record in filters_ and are flagged kHostFull, `id` then
// being their index in filters_.
inline constexpr std::uint8_t kHostLast = 1u << 0;  // last of its bucket
inline constexpr std::uint8_t kHostFull = 1u << 1;  // id is an index in filters_
struct Engine::HostRecord {
  FilterId id = 0;
  TypeMask types = 0;
  std::uint8_t party = kPartyAny;
  std::uint8_t flags = 0;
};

// A host-table bucket of one filter with the default types and no $domain=
// or denyallow= (most `||host^` and `||host^$third-party` filters) is kept
// in the table's value itself, so that a lookup that finds it reads no
// HostRecord: bit 31 set, bit 30 clear (so never HashIndex::kMissing), the
// party bits in 28–29 and the FilterId below. Other values are where the
// bucket starts in host_filters_.
inline constexpr std::uint32_t kHostInline = 1u << 31;
inline constexpr int kHostInlinePartyShift = 28;
inline constexpr std::uint32_t kHostInlineMaxId = (1u << kHostInlinePartyShift) - 1;
inline bool host_value_inline(std::uint32_t value) { return (value & kHostInline) != 0; }
inline std::uint32_t host_inline_value(FilterId id, std::uint8_t party) {
  return kHostInline | (std::uint32_t{party} << kHostInlinePartyShift) | id;
}
inline FilterId host_inline_id(std::uint32_t value) { return value & kHostInlineMaxId; }
inline std::uint8_t host_inline_party(std::uint32_t value) {
  return static_cast<std::uint8_t>((value >> kHostInlinePartyShift) & 3u);
}

struct Engine::Index {
  // Keyed by host_hash() and token_hash() as mixed keys
  // (HashIndex::insert_mixed(), find_mixed()).
  HashIndex hosts;  // host_hash(host) → bucket in host_filters_, or one inline filter
  // token_hash() → bucket, each slot with a copy of its bucket's first
  // QuickRecord: most token hits are rejected by it without reading quick_.
  BasicHashIndex<QuickRecord> tokens;
  HashIndex domains;  // host_hash of a $domain= include entry → bucket
  // The tails (NetworkFilter::include_tails) of the page domains in
  // `domains`: a page whose own tail is not here (and any_tail false: no
  // entity form or one-label entry) skips the domain index without its
  // suffixes being hashed.
  HashIndex domain_tails;
  bool any_tail = false;
  std::uint32_t fallback_begin = 0;  // filters_[begin, end): tried on every request
  std::uint32_t fallback_end = 0;
};

// Most labels of a host that the host table and $domain= checks look at;
// deeper hosts have only their last kMaxLabels suffixes looked up.
inline constexpr int kMaxLabels = 24;

// Whether the bit of Engine::token_filter_ (of mask + 1 bits) for a token
// hash is set. The bit is the hash's lowest bits, apart from those the
// HashIndex bit filters use (20–27, 40 and up) for up to 2^20 bits.
inline bool token_filter_has(const std::vector<std::uint64_t>& filter, std::uint64_t mask,
                             std::uint64_t h) {
  std::uint64_t bit = h & mask;
  return (filter[bit >> 6] >> (bit & 63)) & 1;
}

// URL tokens hashed once per request; a URL with more tokens than this
// (a long query string) has the rest hashed again on each scan.
inline constexpr int kMaxTokens = 96;

// What match() derives once per request.
struct Engine::Context {
  std::size_t host_begin = 0;  // host's place in request.url
  std::size_t host_end = 0;
  int n_host = 0;
  mutable int n_page = 0;
  // host_hash() of each label suffix, as the $domain= and denyallow= lists
  // store them and as the host and domain tables' mixed keys.
  std::uint64_t host_suffixes[kMaxLabels];              // shortest first
  mutable std::uint64_t page_suffixes[2 * kMaxLabels];  // longest first; then "entity.*" forms
  int n_tokens = 0;
  std::size_t tokens_end = 0;           // where in the URL tokenizing stopped (kMaxTokens kept)
  std::uint64_t tokens[kMaxTokens];     // token_hash() of each
  std::uint32_t token_pos[kMaxTokens];  // where each token starts in the URL

  // Keeps only the URL tokens that the engine's token filter says some index
  // may hold; skips the "http"/"https" scheme token when no index has it.
  // The page suffixes wait for page().
  Context(const Request& r, const Engine& engine) noexcept;

  // tail_key() of the page host, computed on first use.
  std::uint64_t page_tail() const noexcept;

  // Computes the page suffixes (and their mixed forms) on first use: only
  // candidates with $domain= and the domain index need them.
  const Context& page() const noexcept {
    if (!page_ready_) compute_page();
    return *this;
  }

 private:
  void compute_page() const noexcept;
  const Request* request_;
  mutable bool page_ready_ = false;
  mutable std::uint64_t page_tail_ = kAnyTail;  // kAnyTail: not computed yet

 public:
  // Set by the block index's scan: some host suffix or URL token may be a
  // key of the important or the exception index (Engine::other_keys_).
  mutable bool others_may_match = false;
};

}  // namespace sauatty::engine
