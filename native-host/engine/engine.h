// The tracker engine: an immutable index of network filters and the match
// call that decides one request. Built by EngineBuilder, then frozen: nothing
// mutates an Engine, so one may be read from any number of threads, and an
// update builds a new Engine that replaces the old one.
//
// Decision order (docs/ENGINE.md): a $important block filter wins outright;
// otherwise a block filter decides unless an @@ exception also matches, in
// which case the request is allowed and the exception is named.
//
// How filters are filed and laid out in memory is not part of this
// interface: engine_internal.h draws it, docs/ENGINE.md explains it.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/filter.h"
#include "engine/hash_index.h"
#include "engine/request.h"

namespace sauatty::engine {

class FilterRegex;  // engine/filter_regex.h

// Changes whenever the in-memory layout or the meaning of a stored field
// changes (a compiled cache must be rebuilt then).
inline constexpr std::uint32_t kEngineFormatVersion = 5;

// RE2 memory budget per regex filter (RE2::Options::max_mem). A regex that
// needs more to compile is refused (kBadRegex); at match time RE2 keeps its
// DFA cache within it (falling back to its NFA). No regex of EasyList or
// EasyPrivacy is refused at this budget (docs/ENGINE.md, "Bounds").
inline constexpr std::int64_t kRegexMaxMem = 256 * 1024;

// Bounds on regex filters per engine (all lists together, first come first
// kept); beyond them add() refuses a regex filter without compiling it.
// Real lists hold a few dozen at most. Every compiled RE2 costs memory, and
// a regex a request reaches costs far more time than any other check, most
// the first time (RE2 builds its DFA then); the figures that chose these
// bounds are in docs/BENCHMARKS.md, "Regex-heavy lists":
// - kMaxRegexFilters bounds their memory and, should all of them share one
//   token that every request carries, a request's work (the first such
//   request within a 50-request batch's budget);
// - kMaxUnindexedRegexes bounds those that would run on nearly every
//   request: no token except bad ones (https, com, js, …) and no $domain=
//   to file them under (uBO and adblock-rust likewise index regexes only by
//   the literals they require; without one a regex is a scan of every URL).
inline constexpr std::size_t kMaxRegexFilters = 128;

// Why RE2 refuses `pattern` as the regex of a filter (RE2's own words, as
// EngineBuilder::add() compiles it: these options, kRegexMaxMem), or ""
// when it compiles. For reports; add() itself says only kBadRegex.
std::string regex_refusal(std::string_view pattern, bool match_case);
inline constexpr std::size_t kMaxUnindexedRegexes = 32;

using FilterId = std::uint32_t;  // order of EngineBuilder::add calls, from 0
using ListId = std::uint16_t;
inline constexpr FilterId kNoFilter = ~FilterId{0};

struct Decision {
  FilterId filter = kNoFilter;      // the filter that decided (block or exception)
  FilterId blocked_by = kNoFilter;  // for an exception: the block filter it overrode
  bool block = false;               // a block filter decided
  bool exception = false;           // an @@ filter allowed a request a block filter matched
  bool important = false;           // decided by a $important block filter
  bool matched() const { return filter != kNoFilter; }
};

// Counts that describe how the engine filed its filters (parse reports,
// docs/ENGINE.md).
struct EngineStats {
  std::size_t filters = 0;  // added, including cancelled and badfilter ones
  std::size_t indexed = 0;  // filed somewhere
  std::size_t host_table = 0;
  std::size_t token_index = 0;
  std::size_t bad_token = 0;  // filed under a token from the bad-token list
  std::size_t domain_index = 0;
  std::size_t fallback = 0;
  std::size_t regex = 0;
  std::size_t badfilter = 0;     // $badfilter filters
  std::size_t cancelled = 0;     // filters a $badfilter cancelled
  std::size_t memory_bytes = 0;  // heap the index holds, RE2 excluded
};

class Engine {
 public:
  Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

  // Decides one request. Allocates nothing; never throws.
  Decision match(const Request& request) const noexcept;

  // Calls visit(id) for every filter that matches `request` (block, exception
  // or important alike, found through the same index match() uses; a filter
  // may be visited more than once). For tests and "why" reports, not the hot
  // path.
  void for_each_match(const Request& request, const std::function<void(FilterId)>& visit) const;

  // How many filters match() would examine for `request` in the block
  // index, and how many index probes it makes (for benchmarks and tuning).
  struct Work {
    std::size_t candidates = 0;
    std::size_t probes = 0;
  };
  Work work(const Request& request) const;

  std::size_t size() const;  // filters added, FilterId 0 … size()-1
  std::string_view filter_text(FilterId id) const;
  ListId filter_list(FilterId id) const;
  bool is_exception(FilterId id) const;
  std::string_view list_name(ListId list) const;
  const EngineStats& stats() const { return stats_; }

 private:
  friend class EngineBuilder;
  friend struct FrozenAccess;  // frozen_io.cpp
  struct Compiled;
  struct QuickRecord;
  struct HostRecord;
  struct Index;
  struct Context;
  struct Layout;  // the record sizes, checked

  static bool quick_ok(const QuickRecord& q, const Request& r, std::uint32_t token_pos) noexcept;
  bool check(const Compiled& f, const Request& r, const Context& ctx,
             std::uint32_t token_pos) const noexcept;
  bool domain_ok(const Compiled& f, const Context& ctx) const noexcept;
  template <class Step>
  bool walk_bucket(std::uint32_t begin, const QuickRecord& first, Step&& step) const;
  template <class Step>
  bool walk_host_bucket(std::uint32_t begin, Step&& step) const;
  template <class Visit>
  bool bucket(std::uint32_t begin, const QuickRecord& first, const Request& r, const Context& ctx,
              std::uint32_t token_pos, Visit&& visit) const;
  template <class Visit>
  bool bucket(std::uint32_t begin, const Request& r, const Context& ctx, std::uint32_t token_pos,
              Visit&& visit) const;
  template <class Visit>
  bool host_bucket(std::uint32_t begin, const Request& r, const Context& ctx, Visit&& visit) const;
  template <bool kPrescreen, class Visit>
  bool scan(const Index& index, const Request& r, const Context& ctx, Visit&& visit) const;
  template <bool kPrescreen = false>
  FilterId first_match(const Index& index, const Request& r, const Context& ctx) const noexcept;
  bool may_match_after_block(const Index& index, const Request& r,
                             const Context& ctx) const noexcept;
  Context context(const Request& r) const noexcept;

  std::vector<Compiled> filters_;   // bucket order (engine_internal.h)
  std::vector<QuickRecord> quick_;  // one per filters_ entry
  // Every host and token key of the important and exception indexes: the
  // block index's scan tests each key here too (Context::others_may_match),
  // so that most blocked requests skip those two scans.
  HashIndex other_keys_;
  std::vector<HostRecord> host_filters_;  // host table buckets (engine_internal.h)
  std::string patterns_;                  // patterns, bucket order
  std::vector<std::uint64_t> domain_hashes_;
  std::vector<std::unique_ptr<FilterRegex>> regexes_;  // compiled at first use
  std::string texts_;                                  // filter texts, FilterId order
  std::vector<std::uint32_t> text_offsets_;  // FilterId → texts_ offset; one extra at the end
  std::vector<std::pair<FilterId, ListId>> list_runs_;  // (first FilterId, list), FilterId order
  std::vector<std::string> lists_;
  std::unique_ptr<Index> important_, block_, exception_;  // docs/ENGINE.md, "Matching"
  // One bit per mixed token key of any index: most URL tokens are in no
  // index and are dropped after one test of this table.
  std::vector<std::uint64_t> token_filter_;
  std::uint64_t token_filter_mask_ = 0;
  // Whether the token filter admits the "http" or "https" token: if not, a
  // URL's scheme is not tokenized at all.
  bool http_tokens_indexed_ = true;
  EngineStats stats_;
};

// Collects filters, then builds an Engine. add() must not be called after
// finish(); finish() leaves the builder empty.
class EngineBuilder {
 public:
  EngineBuilder();
  ~EngineBuilder();

  // Room for about this many more filters and bytes of filter text (a
  // hint: a reader passes its list's size; too little or too much is fine).
  void reserve(std::size_t filters, std::size_t text_bytes);

  // Names a list; filters added with the returned id report it.
  ListId add_list(std::string_view name);

  // Adds one parsed filter. A filter that does not fit the index is dropped
  // and the engine stays usable: kTooLong (over the record's field sizes),
  // kBadRegex (RE2 refused the pattern: syntax it lacks, such as
  // look-behind, or over kRegexMaxMem), kTooManyRegexes (over
  // kMaxRegexFilters), kUnindexedRegex (a regex with no good token and no
  // $domain=, over kMaxUnindexedRegexes).
  std::expected<FilterId, ParseSkip> add(const NetworkFilter& filter, ListId list);

  // Parses `line` and adds it: parse_filter() then add().
  std::expected<FilterId, ParseSkip> add_line(std::string_view line, ListId list);

  Engine finish();

 private:
  struct Pending;  // builder_internal.h
  struct Finish;   // finish()'s phases (builder.cpp)
  // Files the host filters (builder_hosts.cpp); `cancelled` holds the texts
  // $badfilter filters name. Appends the host keys of the important and
  // exception indexes to `other_keys`.
  void lay_out_host_table(const std::unordered_set<std::string_view>& cancelled,
                          std::unique_ptr<Engine::Index> (&indexes)[3],
                          std::vector<std::uint64_t>& other_keys);
  std::unique_ptr<Pending> pending_;
};

}  // namespace sauatty::engine
