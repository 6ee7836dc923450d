// The frozen layout of a built Engine, shared by the builder, the matcher
// and frozen_io.cpp; not part of the engine's interface (engine.h). This
// header is the one description of that layout: the diagram, the worked
// request and the records below, whose sizes are checked at the end
// (Engine::Layout). Why each choice was made is in docs/ENGINE.md, "Where
// filters live"; what it measures, in docs/BENCHMARKS.md. Change any of it
// and bump kEngineFormatVersion (a compiled cache must be rebuilt).
//
// Tables and records
// ------------------
//
//   Engine
//   ├─ block_, important_, exception_        one Index each (IndexKind)
//   │    Index
//   │    ├─ hosts    HashIndex: host_hash(host) ──► a one-filter bucket inline,
//   │    │                                        or a bucket in host_filters_
//   │    ├─ tokens   BasicHashIndex<QuickRecord>: token_hash(token) ──► a bucket
//   │    │           in filters_/quick_, the slot holding a copy of its first
//   │    │           QuickRecord
//   │    ├─ domains  HashIndex: host_hash($domain= entry) ──► a bucket in
//   │    │           filters_/quick_
//   │    ├─ domain_tails, any_tail   which page tails `domains` can hold
//   │    └─ fallback_begin … fallback_end   a run of filters_ tried always
//   ├─ filters_  Compiled[]     ┐ parallel arrays in bucket order: the
//   ├─ quick_    QuickRecord[]  ┘ filters of one bucket are adjacent
//   ├─ host_filters_  HostRecord[]   host buckets of more than one filter
//   ├─ patterns_      the patterns, bucket order   ◄── Compiled::pattern
//   ├─ domain_hashes_ $domain= / denyallow= hashes  ◄── Compiled::domains
//   ├─ regexes_       RE2 per regex filter          ◄── Compiled::pattern
//   ├─ token_filter_  one bit per token key of any index
//   ├─ other_keys_    host and token keys of important_ and exception_
//   └─ texts_, text_offsets_, list_runs_, lists_    reports only, FilterId order
//
//   HashIndex::Slot, 8 bytes (hash_index.h)
//    0             4             8
//    ├─────────────┼─────────────┤
//    │ fingerprint │ value       │  fingerprint: the mixed key's upper 32 bits;
//    └─────────────┴─────────────┘  value: kMissing (empty) or as below
//   BasicHashIndex<QuickRecord>::Slot, 16 bytes: the same, then the
//   bucket's first QuickRecord (bytes 8–15).
//
//   A host-table value, 32 bits
//    31  30  29 28  27 ………………………………… 0
//   ┌───┬───┬──────┬───────────────────┐
//   │ 1 │ 0 │party │ FilterId          │  kHostInline: the bucket is this one
//   └───┴───┴──────┴───────────────────┘  filter, kDefaultTypes, no $domain=
//   any other value (bit 31 clear): where the bucket starts in host_filters_
//
//   HostRecord, 8 bytes                   QuickRecord, 8 bytes
//    0        4       6       7       8    0      2            4            8
//   ┌────────┬───────┬───────┬───────┐   ┌──────┬────────────┬────────────┐
//   │ id     │ types │ party │ flags │   │ bits │ from_token │ bytes      │
//   └────────┴───────┴───────┴───────┘   └──────┴────────────┴────────────┘
//   flags: kHostLast, kHostFull (then     bits: TypeMask | kQuickMatchCase |
//   `id` is an index in filters_)         kQuickLast; bytes: 4 characters
//                                         the URL must hold `from_token` from
//                                         the token (kNoQuick: no check)
//
//   Compiled, 28 bytes
//    0    4         8         12     14     16     18     20     22     23   24             26   28
//   ┌────┬─────────┬─────────┬──────┬──────┬──────┬──────┬──────┬──────┬────┬──────────────┬────┐
//   │ id │ pattern │ domains │ pat. │flags │types │ n_   │ n_   │ n_   │pty │ token_offset │pad │
//   │    │         │         │ len  │      │      │incl. │excl. │deny  │kind│              │    │
//   └────┴─────────┴─────────┴──────┴──────┴──────┴──────┴──────┴──────┴────┴──────────────┴────┘
//   pattern: offset in patterns_ (index in regexes_ for kRegex); domains:
//   offset in domain_hashes_ of n_include, then n_exclude, then n_deny
//   sorted hashes; byte 23: party (2 bits) and PatternKind (2 bits).
//
// One request through them
// ------------------------
//
// An image from https://ads.example.com/px/track.gif?id=7 on a page of
// news.kz (third party), with `||example.com^$third-party` in the lists:
//
//   1. Context: host_hash() of each label suffix of the request host
//      ("com", "example.com", "ads.example.com") into host_suffixes, and
//      the block index's bit-filter words and slots for them prefetched;
//      the URL's tokens ("ads", "example", "px", "track", "gif", "id", …)
//      hashed, and those whose bit is clear in token_filter_ dropped.
//   2. Block index, hosts: each suffix is tested against the bit filter,
//      then its slot read. "example.com"'s value has kHostInline set: the
//      FilterId and party bits are the whole bucket; the types are
//      kDefaultTypes, which hold image, and the party bits allow a third
//      party: the block filter is found with no other memory read. (A
//      bucket of several filters would be a run of HostRecords from
//      host_filters_[value] to the one flagged kHostLast.)
//   3. Had no host matched: each surviving token's slot in `tokens`, e.g.
//      "track" ──► value b and the copy of quick_[b]. quick_[b] tests the
//      types, then `bytes` against the 4 URL characters at the token's
//      position + from_token; only a candidate passing both reads
//      filters_[b] (its pattern at patterns_ + pattern, matched where the
//      token's position minus token_offset puts it, then its $domain=
//      hashes). Then quick_[b + 1] …, until the one flagged kQuickLast.
//      Then the page's suffixes in `domains` (when its tail key is in
//      domain_tails or any_tail), then the fallback run.
//   4. Found a block filter: its scan also tested every key against
//      other_keys_; none may be there, so important_ and exception_ are not
//      scanned and the decision is "block, by ||example.com^$third-party".
//      Otherwise they are scanned the same way, important_ first.
#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>
#include <type_traits>
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
// Compiled record: 8 bytes, so that a bucket's share few cache lines.
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

// One filter of a host-table bucket, 8 bytes instead of a Compiled's 28:
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

// The sizes the diagram above gives, checked (the builder, the matcher and
// frozen_io.cpp's writer and reader all rely on them).
struct Engine::Layout {
  static_assert(sizeof(Compiled) == 28 && alignof(Compiled) == 4);
  static_assert(offsetof(Compiled, pattern) == 4 && offsetof(Compiled, domains) == 8 &&
                offsetof(Compiled, pattern_len) == 12 && offsetof(Compiled, flags) == 14 &&
                offsetof(Compiled, types) == 16 && offsetof(Compiled, n_include) == 18 &&
                offsetof(Compiled, n_exclude) == 20 && offsetof(Compiled, n_deny) == 22 &&
                offsetof(Compiled, token_offset) == 24);
  static_assert(sizeof(QuickRecord) == 8 && offsetof(QuickRecord, from_token) == 2 &&
                offsetof(QuickRecord, bytes) == 4);
  static_assert(sizeof(HostRecord) == 8 && offsetof(HostRecord, types) == 4 &&
                offsetof(HostRecord, party) == 6 && offsetof(HostRecord, flags) == 7);
  static_assert(sizeof(HashIndex::Slot) == 8);
  static_assert(sizeof(BasicHashIndex<QuickRecord>::Slot) == 16 &&
                offsetof(BasicHashIndex<QuickRecord>::Slot, payload) == 8);
  static_assert(sizeof(FilterId) == 4 && sizeof(TypeMask) == 2);
  // Bit 30 of an inline host value is always clear: it is never kMissing.
  static_assert(((kHostInline | (3u << kHostInlinePartyShift) | kHostInlineMaxId) & (1u << 30)) ==
                0);
  static_assert(std::is_trivially_copyable_v<Compiled> &&
                std::is_trivially_copyable_v<QuickRecord> &&
                std::is_trivially_copyable_v<HostRecord>);
};

}  // namespace sauatty::engine
