// The state of an EngineBuilder between add() and finish(), shared by the
// builder's two files (builder.cpp: add() and the token, domain and fallback
// tables; builder_hosts.cpp: the host table). Not part of the engine's
// interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/engine_internal.h"

namespace sauatty::engine {

// A token a filter could be filed under.
struct Candidate {
  std::uint64_t hash;  // token_hash()
  std::uint16_t length;
  std::uint16_t offset;  // in the pattern; kNoTokenOffset when not usable
  bool bad;
};

// Chooses the quick check of a pinned glob (QuickRecord::bytes): four
// characters of the pattern's first '*'-separated segment, no '^' among
// them, that overlap the token the filter is filed under as little as
// possible. A candidate is found through that token, so its characters (the
// first kTokenHashChars) are in the URL already; only the others tell the
// filters of one bucket apart ("/ads_image/", "/ads/image/" and
// "/ad/image/", all under "image", differ only before it). Among windows as
// good, the last (the characters after the token, where filters filed under
// one token usually differ). False when the segment has no such window.
bool quick_check(std::string_view pattern, std::size_t token_offset, std::size_t token_length,
                 std::size_t& at, std::uint32_t& bytes);

// The three indexes a filter is filed in (docs/ENGINE.md, "Matching"): the
// important index (copies of the block index's `$important` filters, scanned
// once the block index has found something), the block index, and the
// exception index (`@@` filters). The value is the index's slot in the
// builder's arrays and in Pending::HostItem::bits.
enum class IndexKind : std::uint8_t { kImportant = 0, kBlock = 1, kException = 2 };
inline constexpr int kIndexKinds = 3;
constexpr int slot(IndexKind kind) { return static_cast<int>(kind); }

// Pending::HostItem::bits: the IndexKind in the low two bits, then flags.
inline constexpr std::uint8_t kHostItemIndexMask = 3;
inline constexpr std::uint8_t kHostItemFull = 1u << 2;
inline constexpr std::uint8_t kHostItemImportant = 1u << 3;

struct EngineBuilder::Pending {
  struct Item {
    Engine::Compiled compiled;                 // pattern: offset in `patterns` (regex: index)
    std::int16_t quick_from_token = kNoQuick;  // QuickRecord::from_token, bytes
    std::uint32_t quick = 0;
    std::uint32_t candidates_begin = 0;
    std::uint32_t candidates_end = 0;
    std::uint32_t tails_begin = 0;  // in Pending::tails: kept only for filters
    std::uint32_t tails_end = 0;    // that may go to the domain index
    bool host_only = false;
    std::uint64_t host_key = 0;  // host_hash of a kHostOnly filter's host
    bool badfilter = false;
  };
  // A `||host^` filter, 16 bytes while building (most filters are these):
  // plain ones come straight from add(); those with $domain= or denyallow=
  // lists join in finish(), `id` then being their index in `items`.
  struct HostItem {
    std::uint64_t key = 0;  // host_hash of the host
    std::uint32_t id = 0;   // FilterId, or index in items (kHostItemFull)
    TypeMask types = 0;
    std::uint8_t party = 0;
    std::uint8_t bits = 0;  // IndexKind (kHostItemIndexMask), kHostItemFull, kHostItemImportant
  };
  Engine engine;  // texts, lists, regexes and domain hashes fill as filters come
  std::vector<HostItem> hosts;
  std::vector<Item> items;
  std::string patterns;
  std::vector<Candidate> candidates;
  std::vector<std::uint64_t> tails;    // NetworkFilter::include_tails
  std::vector<std::string> cancelled;  // texts $badfilter filters cancel
  NetworkFilter scratch;               // add_line() parses into it
  std::size_t unindexed_regexes = 0;   // counted against kMaxUnindexedRegexes
};

}  // namespace sauatty::engine
