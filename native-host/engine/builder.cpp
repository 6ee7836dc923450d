// EngineBuilder: collects filters, then files each one where match() looks
// for it (see engine.h), lays the buckets out flat (engine_internal.h) and
// freezes the result.
#include <re2/re2.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>
#include <unordered_set>

#include "engine/builder_internal.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/filter_regex.h"
#include "engine/tokens.h"

namespace sauatty::engine {
namespace {

// The options every regex filter is compiled with.
RE2::Options regex_options(bool match_case) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_capture(true);
  options.set_case_sensitive(match_case);
  options.set_max_mem(kRegexMaxMem);
  return options;
}

// A `||host^` filter with nothing else in its pattern: host characters only.
bool is_host_only(const NetworkFilter& f) {
  constexpr std::uint16_t kOther = kFlagLeftAnchor | kFlagRightAnchor | kFlagRegex | kFlagMatchCase;
  if (!(f.flags & kFlagHostAnchor) || (f.flags & kOther)) return false;
  std::string_view p = f.pattern;
  if (p.size() < 2 || p.back() != '^') return false;
  p.remove_suffix(1);
  if (p.front() == '.' || p.back() == '.') return false;
  return std::all_of(p.begin(), p.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

// The text a $badfilter filter names: its own text without that option.
std::string badfilter_target(std::string_view text) {
  std::size_t dollar = text.rfind('$');
  std::string out(text.substr(0, dollar));
  std::string options;
  std::string_view rest = text.substr(dollar + 1);
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view option = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (option == "badfilter" || option.empty()) continue;
    if (!options.empty()) options += ',';
    options += option;
  }
  if (!options.empty()) out += '$' + options;
  return out;
}

// The tables of one index that filters other than host filters are filed
// in (host filters go through Pending::HostItem and the host table).
enum class Table : std::uint8_t { kTokens, kDomains, kFallback };
constexpr int kTokens = static_cast<int>(Table::kTokens);
constexpr int kDomains = static_cast<int>(Table::kDomains);

// Where one such filter goes: which index, which table, under which key.
struct Placement {
  std::uint64_t key;
  std::uint32_t item;  // in Pending::items
  IndexKind index;
  Table table;
};

// One bucket's start in Engine::filters_, keyed by token or domain hash.
using Entries = std::vector<std::pair<std::uint64_t, std::uint32_t>>;

// How many filters could be filed under each token (the rarest is best), in
// a flat open-addressing table keyed by the hash's upper half (tokens that
// share it only share a count). The candidates number ~30k.
class TokenCounts {
 public:
  explicit TokenCounts(const std::vector<Candidate>& candidates)
      : slots_(std::bit_ceil(std::max<std::size_t>(candidates.size() * 2, 16))),
        counts_(slots_, {0, 0}) {
    for (const Candidate& c : candidates) ++slot(c.hash).second;
  }
  std::uint32_t operator()(std::uint64_t hash) { return slot(hash).second; }

 private:
  std::pair<std::uint32_t, std::uint32_t>& slot(std::uint64_t hash) {
    const auto key = static_cast<std::uint32_t>(hash >> 32);
    std::size_t i = hash & (slots_ - 1);
    while (counts_[i].second != 0 && counts_[i].first != key) i = (i + 1) & (slots_ - 1);
    counts_[i].first = key;
    return counts_[i];
  }
  std::size_t slots_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> counts_;
};

}  // namespace

bool quick_check(std::string_view pattern, std::size_t token_offset, std::size_t token_length,
                 std::size_t& at, std::uint32_t& bytes) {
  const std::size_t segment = std::min(pattern.find('*'), pattern.size());
  const std::size_t known_begin = token_offset;
  const std::size_t known_end = token_offset + std::min(token_length, kTokenHashChars);
  int best = -1;  // characters of the best window outside the token
  for (std::size_t end = segment; end >= 4; --end) {
    std::string_view window = pattern.substr(end - 4, 4);
    if (window.find('^') != std::string_view::npos) continue;
    const std::size_t overlap_begin = std::max(end - 4, known_begin);
    const std::size_t overlap_end = std::min(end, known_end);
    const int fresh =
        4 - static_cast<int>(overlap_end > overlap_begin ? overlap_end - overlap_begin : 0);
    if (fresh > best) {
      best = fresh;
      at = end - 4;
    }
  }
  if (best < 0) return false;
  std::memcpy(&bytes, pattern.data() + at, 4);
  return true;
}

EngineBuilder::EngineBuilder() : pending_(std::make_unique<Pending>()) {
  pending_->engine.text_offsets_.push_back(0);
}
EngineBuilder::~EngineBuilder() = default;

void EngineBuilder::reserve(std::size_t filters, std::size_t text_bytes) {
  // Most filters of real lists are `||host^` filters (docs/ENGINE.md, "Where
  // filters live"): room for them, not for as many full items.
  Pending& p = *pending_;
  p.hosts.reserve(p.hosts.size() + filters);
  p.engine.texts_.reserve(p.engine.texts_.size() + text_bytes);
  p.engine.text_offsets_.reserve(p.engine.text_offsets_.size() + filters);
}

std::string regex_refusal(std::string_view pattern, bool match_case) {
  RE2 re(pattern, regex_options(match_case));
  return re.ok() ? std::string() : re.error();
}

ListId EngineBuilder::add_list(std::string_view name) {
  pending_->engine.lists_.emplace_back(name);
  return static_cast<ListId>(pending_->engine.lists_.size() - 1);
}

std::expected<FilterId, ParseSkip> EngineBuilder::add_line(std::string_view line, ListId list) {
  NetworkFilter& scratch = pending_->scratch;
  if (auto parsed = parse_filter_into(line, scratch); !parsed)
    return std::unexpected(parsed.error());
  return add(scratch, list);
}

std::expected<FilterId, ParseSkip> EngineBuilder::add(const NetworkFilter& filter, ListId list) {
  Pending& p = *pending_;
  Engine& e = p.engine;
  if (filter.include_domains.size() > 0xffff || filter.exclude_domains.size() > 0xffff ||
      filter.denyallow.size() > 0xff || filter.pattern.size() > 0xffff) {
    return std::unexpected(ParseSkip{SkipReason::kTooLong, {}});
  }
  const auto id = static_cast<FilterId>(e.text_offsets_.size() - 1);
  auto record = [&] {
    e.texts_ += filter.text;
    e.text_offsets_.push_back(static_cast<std::uint32_t>(e.texts_.size()));
    // Filters come list by list: one (first FilterId, list) run per change.
    if (e.list_runs_.empty() || e.list_runs_.back().second != list)
      e.list_runs_.emplace_back(id, list);
  };
  if (!(filter.flags & (kFlagRegex | kFlagBadFilter)) && filter.include_domains.empty() &&
      filter.exclude_domains.empty() && filter.denyallow.empty() && is_host_only(filter)) {
    Pending::HostItem h;
    h.key = host_hash(std::string_view(filter.pattern).substr(0, filter.pattern.size() - 1));
    h.id = id;
    h.types = filter.types;
    h.party = filter.party;
    h.bits = (filter.flags & kFlagException) ? 2 : 1;
    if (filter.flags & kFlagImportant) h.bits |= kHostItemImportant;
    p.hosts.push_back(h);
    record();
    return id;
  }
  Pending::Item item;
  Engine::Compiled& c = item.compiled;
  c.id = id;
  c.flags = filter.flags;
  c.types = filter.types;
  c.party = filter.party;
  std::vector<std::string_view> regex_token_list;  // a regex's, found once
  if (filter.flags & kFlagRegex) {
    if (e.regexes_.size() >= kMaxRegexFilters) {
      return std::unexpected(ParseSkip{SkipReason::kTooManyRegexes, {}});
    }
    regex_token_list = regex_tokens(filter.pattern);
    const bool unindexed =
        filter.include_domains.empty() &&
        std::all_of(regex_token_list.begin(), regex_token_list.end(), is_bad_token);
    if (unindexed && p.unindexed_regexes >= kMaxUnindexedRegexes) {
      return std::unexpected(ParseSkip{SkipReason::kUnindexedRegex, {}});
    }
    auto re =
        std::make_unique<RE2>(filter.pattern, regex_options((filter.flags & kFlagMatchCase) != 0));
    if (!re->ok()) return std::unexpected(ParseSkip{SkipReason::kBadRegex, {}});
    p.unindexed_regexes += unindexed ? 1 : 0;
    c.kind = PatternKind::kRegex;
    c.pattern = static_cast<std::uint32_t>(e.regexes_.size());
    e.regexes_.push_back(std::make_unique<FilterRegex>(std::move(re)));
  } else {
    item.host_only = is_host_only(filter);
    c.kind = item.host_only           ? PatternKind::kHostOnly
             : filter.pattern.empty() ? PatternKind::kNone
                                      : PatternKind::kGlob;
    if (item.host_only) {
      // The host's hash is all the host table needs; no pattern is kept.
      item.host_key =
          host_hash(std::string_view(filter.pattern).substr(0, filter.pattern.size() - 1));
    } else {
      c.pattern = static_cast<std::uint32_t>(p.patterns.size());
      p.patterns += filter.pattern;
    }
    if (filter.pattern.find_first_of("^*") == std::string::npos) c.flags |= kPlainPattern;
  }
  c.pattern_len = static_cast<std::uint16_t>(filter.pattern.size());

  c.domains = static_cast<std::uint32_t>(e.domain_hashes_.size());
  std::size_t counts[3];
  int k = 0;
  for (const auto* hashes : {&filter.include_domains, &filter.exclude_domains, &filter.denyallow}) {
    std::size_t begin = e.domain_hashes_.size();
    e.domain_hashes_.insert(e.domain_hashes_.end(), hashes->begin(), hashes->end());
    std::sort(e.domain_hashes_.begin() + begin, e.domain_hashes_.end());
    e.domain_hashes_.erase(std::unique(e.domain_hashes_.begin() + begin, e.domain_hashes_.end()),
                           e.domain_hashes_.end());
    counts[k++] = e.domain_hashes_.size() - begin;
  }
  c.n_include = static_cast<std::uint16_t>(counts[0]);
  c.n_exclude = static_cast<std::uint16_t>(counts[1]);
  c.n_deny = static_cast<std::uint8_t>(counts[2]);

  item.candidates_begin = static_cast<std::uint32_t>(p.candidates.size());
  if (c.kind == PatternKind::kGlob || c.kind == PatternKind::kRegex) {
    auto tokens = c.kind == PatternKind::kRegex ? std::move(regex_token_list)
                                                : pattern_tokens(filter.pattern, filter.flags);
    // A token in the pattern's first '*'-separated segment pins where the
    // pattern can start.
    std::size_t first_star = filter.pattern.find('*');
    for (std::string_view t : tokens) {
      auto offset = static_cast<std::size_t>(t.data() - filter.pattern.data());
      bool pinned = c.kind == PatternKind::kGlob && offset + t.size() <= first_star;
      p.candidates.push_back(
          {token_hash(t), static_cast<std::uint16_t>(std::min<std::size_t>(t.size(), 0xffff)),
           pinned && offset < kNoTokenOffset ? static_cast<std::uint16_t>(offset) : kNoTokenOffset,
           is_bad_token(t)});
    }
  }
  item.candidates_end = static_cast<std::uint32_t>(p.candidates.size());
  // A filter with no good token may be filed under its page domains: keep
  // their tails for the domain index's precheck.
  bool good_token = std::any_of(p.candidates.begin() + item.candidates_begin, p.candidates.end(),
                                [](const Candidate& x) { return !x.bad; });
  item.tails_begin = item.tails_end = static_cast<std::uint32_t>(p.tails.size());
  if (c.n_include != 0 && !good_token) {
    p.tails.insert(p.tails.end(), filter.include_tails.begin(), filter.include_tails.end());
    item.tails_end = static_cast<std::uint32_t>(p.tails.size());
  }
  if (filter.flags & kFlagBadFilter) {
    item.badfilter = true;
    p.cancelled.push_back(badfilter_target(filter.text));
  }
  record();
  p.items.push_back(item);
  return c.id;
}

// finish(), phase by phase. Each phase reads what the ones before it left in
// `p` and `e`; the order of the phases is the order of finish()'s calls.
struct EngineBuilder::Finish {
  Pending& p;
  Engine& e;
  EngineStats& stats;
  std::unordered_set<std::string_view> cancelled;  // texts $badfilter filters name
  std::vector<Placement> placements;
  std::vector<std::uint64_t> domain_tails[kIndexKinds];  // per index, for its precheck
  std::unique_ptr<Engine::Index> indexes[kIndexKinds];
  Entries entries[kIndexKinds][2];  // [index][kTokens or kDomains]
  std::vector<std::uint64_t>
      other_keys;  // host and token keys of the important and exception indexes

  explicit Finish(Pending& pending)
      : p(pending),
        e(pending.engine),
        stats(pending.engine.stats_),
        cancelled(pending.cancelled.begin(), pending.cancelled.end()) {
    for (auto& index : indexes) index = std::make_unique<Engine::Index>();
  }

  // Files every filter that is not a host filter under its best candidate
  // token, else its page domains, else in the fallback run; host-only
  // filters with options join p.hosts. Drops $badfilter filters and those
  // they cancel.
  void place_filters() {
    TokenCounts counts(p.candidates);
    placements.reserve(p.items.size());
    for (std::uint32_t i = 0; i < p.items.size(); ++i) {
      const Pending::Item& item = p.items[i];
      const Engine::Compiled& f = item.compiled;
      if (item.badfilter) {
        ++stats.badfilter;
        continue;
      }
      if (!cancelled.empty() && cancelled.contains(e.filter_text(f.id))) {
        ++stats.cancelled;
        continue;
      }
      const IndexKind index =
          (f.flags & kFlagException) ? IndexKind::kException : IndexKind::kBlock;
      ++stats.indexed;
      if (item.host_only) {
        Pending::HostItem h;
        h.key = item.host_key;
        h.id = i;
        h.types = f.types;
        h.party = f.party;
        h.bits = static_cast<std::uint8_t>(slot(index) | kHostItemFull);
        if (f.flags & kFlagImportant) h.bits |= kHostItemImportant;
        p.hosts.push_back(h);
        continue;
      }
      const Candidate* best = best_candidate(item, counts);
      if (best != nullptr) choose_quick_check(p.items[i], *best);
      if (best != nullptr && !best->bad) {
        placements.push_back({best->hash, i, index, Table::kTokens});
        ++stats.token_index;
      } else if (f.n_include != 0) {
        place_under_domains(item, i, index);
        ++stats.domain_index;
      } else if (best != nullptr) {
        placements.push_back({best->hash, i, index, Table::kTokens});
        ++stats.token_index;
        ++stats.bad_token;
      } else {
        placements.push_back({0, i, index, Table::kFallback});
        ++stats.fallback;
      }
    }
  }

  // The rarest good token among the filter's candidates (bad ones last,
  // then fewest filters, then longest); null when it has none.
  const Candidate* best_candidate(const Pending::Item& item, TokenCounts& counts) const {
    const Candidate* best = nullptr;
    auto rank = [&](const Candidate& x) {
      return std::tuple(x.bad, counts(x.hash), -static_cast<int>(x.length));
    };
    for (std::uint32_t k = item.candidates_begin; k < item.candidates_end; ++k) {
      if (best == nullptr || rank(p.candidates[k]) < rank(*best)) best = &p.candidates[k];
    }
    return best;
  }

  // Records where the pattern's token is and, for a pinned glob, its quick
  // check (QuickRecord).
  void choose_quick_check(Pending::Item& item, const Candidate& best) const {
    Engine::Compiled& c = item.compiled;
    c.token_offset = best.offset;
    std::size_t at = 0;
    if (c.token_offset != kNoTokenOffset && c.kind == PatternKind::kGlob &&
        quick_check(std::string_view(p.patterns).substr(c.pattern, c.pattern_len), c.token_offset,
                    best.length, at, item.quick)) {
      // Both below kMaxFilterLength (16 Ki): the difference fits.
      static_assert(kMaxFilterLength <= INT16_MAX);
      item.quick_from_token =
          static_cast<std::int16_t>(static_cast<std::ptrdiff_t>(at) - c.token_offset);
    }
  }

  // A filter with no good token and $domain= is filed under each of its page
  // domains; their tails feed the precheck of its index (and of the
  // important index for an $important block filter).
  void place_under_domains(const Pending::Item& item, std::uint32_t i, IndexKind index) {
    const Engine::Compiled& f = item.compiled;
    const std::uint64_t* include = e.domain_hashes_.data() + f.domains;
    for (std::uint16_t d = 0; d < f.n_include; ++d) {
      placements.push_back({include[d], i, index, Table::kDomains});
    }
    auto add_tails = [&](IndexKind to) {
      domain_tails[slot(to)].insert(domain_tails[slot(to)].end(),
                                    p.tails.begin() + item.tails_begin,
                                    p.tails.begin() + item.tails_end);
    };
    add_tails(index);
    if (index == IndexKind::kBlock && (f.flags & kFlagImportant)) add_tails(IndexKind::kImportant);
  }

  // $important block filters are also filed in the small important index,
  // which match() consults only once the block index has found something.
  // Then the placements are sorted into bucket order.
  void copy_important_and_sort() {
    for (std::size_t k = 0, n = placements.size(); k < n; ++k) {
      if (placements[k].index == IndexKind::kBlock &&
          (p.items[placements[k].item].compiled.flags & kFlagImportant)) {
        Placement copy = placements[k];
        copy.index = IndexKind::kImportant;
        placements.push_back(copy);
      }
    }
    std::sort(placements.begin(), placements.end(), [](const Placement& a, const Placement& b) {
      return std::tie(a.index, a.table, a.key, a.item) < std::tie(b.index, b.table, b.key, b.item);
    });
  }

  // Each index's domain precheck: the tails of every page domain filed there.
  void build_domain_prechecks() {
    for (int i = 0; i < kIndexKinds; ++i) {
      auto& tails = domain_tails[i];
      std::sort(tails.begin(), tails.end());
      tails.erase(std::unique(tails.begin(), tails.end()), tails.end());
      indexes[i]->any_tail = !tails.empty() && tails.front() == kAnyTail;
      indexes[i]->domain_tails = HashIndex(tails.size());
      for (std::uint64_t tail : tails) indexes[i]->domain_tails.insert(tail, 0);
      stats.memory_bytes += indexes[i]->domain_tails.memory_bytes();
    }
  }

  // Lays the buckets out: one run of filters_ (and quick_) per (index,
  // table, key), each glob's pattern copied once into patterns_; records
  // each bucket's start in `entries` and each index's fallback run.
  void lay_out_buckets() {
    std::vector<std::uint32_t> pattern_at(p.items.size(), HashIndex::kMissing);
    e.filters_.reserve(e.filters_.size() + placements.size());
    e.quick_.reserve(e.filters_.size() + placements.size());
    auto same_bucket = [&](std::size_t a, std::size_t b) {
      return placements[a].index == placements[b].index &&
             placements[a].table == placements[b].table && placements[a].key == placements[b].key;
    };
    for (std::size_t k = 0; k < placements.size(); ++k) {
      const Placement& at = placements[k];
      Engine::Index& index = *indexes[slot(at.index)];
      const bool first = k == 0 || !same_bucket(k - 1, k);
      const bool last = k + 1 == placements.size() || !same_bucket(k, k + 1);
      const auto position = static_cast<std::uint32_t>(e.filters_.size());
      if (first && at.table == Table::kFallback) {
        index.fallback_begin = position;
      } else if (first) {
        entries[slot(at.index)][static_cast<int>(at.table)].emplace_back(at.key, position);
      }
      const Pending::Item& item = p.items[at.item];
      Engine::Compiled c = item.compiled;
      if (c.kind == PatternKind::kGlob) {
        if (pattern_at[at.item] == HashIndex::kMissing) {
          pattern_at[at.item] = static_cast<std::uint32_t>(e.patterns_.size());
          e.patterns_.append(p.patterns, c.pattern, c.pattern_len);
        }
        c.pattern = pattern_at[at.item];
      }
      const Engine::QuickRecord q{
          static_cast<std::uint16_t>(c.types | ((c.flags & kFlagMatchCase) ? kQuickMatchCase : 0) |
                                     (last ? kQuickLast : 0)),
          item.quick_from_token, item.quick};
      e.filters_.push_back(c);
      e.quick_.push_back(q);
      if (at.table == Table::kFallback) index.fallback_end = position + 1;
    }
  }

  // The per-filter scratch is no longer needed: freed before the tables are
  // built, to keep the peak low.
  void free_scratch() {
    std::vector<Placement>().swap(placements);
    std::vector<Pending::Item>().swap(p.items);
    std::vector<Candidate>().swap(p.candidates);
    std::vector<std::uint64_t>().swap(p.tails);
    std::string().swap(p.patterns);
  }

  // One bit per mixed token key of any index (8 bits a key), and whether a
  // URL's scheme needs tokenizing at all.
  void build_token_filter() {
    std::size_t token_keys = 0;
    for (const auto& index_entries : entries) token_keys += index_entries[kTokens].size();
    const std::size_t filter_bits = std::bit_ceil(std::max<std::size_t>(token_keys * 8, 64));
    e.token_filter_.assign(filter_bits / 64, 0);
    e.token_filter_mask_ = filter_bits - 1;
    for (const auto& index_entries : entries) {
      for (const auto& [key, position] : index_entries[kTokens]) {
        const std::uint64_t bit = key & e.token_filter_mask_;
        e.token_filter_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
      }
    }
    e.http_tokens_indexed_ = false;
    for (std::string_view scheme : {"http", "https"}) {
      e.http_tokens_indexed_ |=
          token_filter_has(e.token_filter_, e.token_filter_mask_, token_hash(scheme));
    }
  }

  // Each index's token and domain tables, from `entries`; the token keys of
  // the important and exception indexes join other_keys.
  void build_tables() {
    for (int i = 0; i < kIndexKinds; ++i) {
      auto& tokens = indexes[i]->tokens =
          BasicHashIndex<Engine::QuickRecord>(entries[i][kTokens].size());
      for (const auto& [key, position] : entries[i][kTokens]) {
        tokens.insert_mixed(key, position, e.quick_[position]);
        if (i != slot(IndexKind::kBlock)) other_keys.push_back(key);
      }
      indexes[i]->domains = HashIndex::build(entries[i][kDomains], /*premixed=*/true);
      stats.memory_bytes += indexes[i]->hosts.memory_bytes() + indexes[i]->tokens.memory_bytes() +
                            indexes[i]->domains.memory_bytes();
    }
    for (auto& index_entries : entries) {
      for (auto& table_entries : index_entries) Entries().swap(table_entries);
    }
  }

  // Tested for each of a request's keys: at 8 filter bits a key, many
  // blocked requests would scan the other two indexes for nothing; at 32,
  // few do (docs/BENCHMARKS.md, "The frozen index").
  void build_other_keys() {
    e.other_keys_ = HashIndex(other_keys.size(), 32);
    for (std::uint64_t key : other_keys) e.other_keys_.insert_mixed(key, 0);
    stats.memory_bytes += e.other_keys_.memory_bytes();
  }

  // Hands the indexes to the engine, trims spare capacity and counts the
  // memory of the flat arrays.
  void freeze() {
    e.important_ = std::move(indexes[slot(IndexKind::kImportant)]);
    e.block_ = std::move(indexes[slot(IndexKind::kBlock)]);
    e.exception_ = std::move(indexes[slot(IndexKind::kException)]);
    // Shrinking copies; worth it only where much is unused. Not texts_: its
    // spare capacity was never written, so it is not resident, and a copy of
    // it here (megabytes for EasyList + EasyPrivacy) would be the peak of the
    // whole load.
    auto trim = [](auto& v) {
      if (v.capacity() - v.size() > v.size() / 8) v.shrink_to_fit();
    };
    trim(e.filters_);
    trim(e.quick_);
    trim(e.host_filters_);
    trim(e.patterns_);
    trim(e.domain_hashes_);
    trim(e.text_offsets_);
    e.list_runs_.shrink_to_fit();
    stats.memory_bytes += e.filters_.capacity() * sizeof(Engine::Compiled) +
                          e.quick_.capacity() * sizeof(Engine::QuickRecord) +
                          e.host_filters_.capacity() * sizeof(Engine::HostRecord) +
                          e.patterns_.capacity() + e.domain_hashes_.capacity() * 8 +
                          e.texts_.size() + e.text_offsets_.capacity() * 4 +
                          e.list_runs_.capacity() * sizeof(e.list_runs_[0]);
  }
};

Engine EngineBuilder::finish() {
  Pending& p = *pending_;
  p.engine.stats_ = {};
  p.engine.stats_.filters = p.engine.text_offsets_.size() - 1;
  p.engine.stats_.regex = p.engine.regexes_.size();
  {
    Finish f(p);
    f.place_filters();
    f.copy_important_and_sort();
    lay_out_host_table(f.cancelled, f.indexes, f.other_keys);
    f.build_domain_prechecks();
    f.lay_out_buckets();
    f.free_scratch();
    f.build_token_filter();
    f.build_tables();
    f.build_other_keys();
    f.freeze();
  }
  Engine out = std::move(p.engine);
  pending_ = std::make_unique<Pending>();
  pending_->engine.text_offsets_.push_back(0);
  return out;
}

}  // namespace sauatty::engine
