// EngineBuilder: collects filters, then files each one where match() looks
// for it (see engine.h) and freezes the result.
#include <re2/re2.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/tokens.h"

namespace sauatty::engine {
namespace {

struct Candidate {
  std::uint32_t hash;
  std::uint16_t length;
  bool bad;
};

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

}  // namespace

struct EngineBuilder::Pending {
  Engine engine;
  std::vector<Candidate> candidates;
  std::vector<std::uint32_t> candidates_begin{0};  // per filter, into candidates
  std::vector<std::uint8_t> host_only;             // per filter
  std::vector<std::uint32_t> badfilters;           // ids of $badfilter filters
  std::unordered_set<std::string> cancelled;       // texts they cancel
};

EngineBuilder::EngineBuilder() : pending_(std::make_unique<Pending>()) {}
EngineBuilder::~EngineBuilder() = default;

ListId EngineBuilder::add_list(std::string_view name) {
  pending_->engine.lists_.emplace_back(name);
  return static_cast<ListId>(pending_->engine.lists_.size() - 1);
}

std::expected<FilterId, ParseSkip> EngineBuilder::add_line(std::string_view line, ListId list) {
  auto parsed = parse_filter(line);
  if (!parsed) return std::unexpected(parsed.error());
  return add(std::move(*parsed), list);
}

std::expected<FilterId, ParseSkip> EngineBuilder::add(NetworkFilter filter, ListId list) {
  Pending& p = *pending_;
  Engine& e = p.engine;
  Engine::Compiled c;
  c.flags = filter.flags;
  c.types = filter.types;
  c.party = filter.party;
  c.list = list;
  if (filter.flags & kFlagRegex) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_never_capture(true);
    options.set_case_sensitive((filter.flags & kFlagMatchCase) != 0);
    options.set_max_mem(kRegexMaxMem);
    auto re = std::make_unique<RE2>(filter.pattern, options);
    if (!re->ok()) return std::unexpected(ParseSkip{SkipReason::kBadRegex, {}});
    c.kind = PatternKind::kRegex;
    c.regex = static_cast<std::uint32_t>(e.regexes_.size());
    e.regexes_.push_back(std::move(re));
  } else if (is_host_only(filter)) {
    c.kind = PatternKind::kHostOnly;
  } else {
    c.kind = filter.pattern.empty() ? PatternKind::kNone : PatternKind::kGlob;
  }

  c.text_begin = static_cast<std::uint32_t>(e.strings_.size());
  c.text_len = static_cast<std::uint16_t>(filter.text.size());
  e.strings_ += filter.text;
  std::size_t within = filter.text.find(filter.pattern);
  if (within != std::string::npos) {
    c.pattern_begin = static_cast<std::uint32_t>(c.text_begin + within);
  } else {
    c.pattern_begin = static_cast<std::uint32_t>(e.strings_.size());
    e.strings_ += filter.pattern;
  }
  c.pattern_len = static_cast<std::uint16_t>(filter.pattern.size());

  c.domains_begin = static_cast<std::uint32_t>(e.domain_hashes_.size());
  for (auto* list_of : {&filter.include_domains, &filter.exclude_domains, &filter.denyallow}) {
    std::sort(list_of->begin(), list_of->end());
    list_of->erase(std::unique(list_of->begin(), list_of->end()), list_of->end());
    e.domain_hashes_.insert(e.domain_hashes_.end(), list_of->begin(), list_of->end());
  }
  c.n_include = static_cast<std::uint16_t>(filter.include_domains.size());
  c.n_exclude = static_cast<std::uint16_t>(filter.exclude_domains.size());
  c.n_deny = static_cast<std::uint16_t>(filter.denyallow.size());

  if (c.kind == PatternKind::kGlob || c.kind == PatternKind::kRegex) {
    auto tokens = c.kind == PatternKind::kRegex ? regex_tokens(filter.pattern)
                                                : pattern_tokens(filter.pattern, filter.flags);
    for (std::string_view t : tokens) {
      p.candidates.push_back(
          {token_hash(t), static_cast<std::uint16_t>(std::min<std::size_t>(t.size(), 0xffff)),
           is_bad_token(t)});
    }
  }
  p.candidates_begin.push_back(static_cast<std::uint32_t>(p.candidates.size()));
  p.host_only.push_back(c.kind == PatternKind::kHostOnly);

  auto id = static_cast<FilterId>(e.filters_.size());
  if (filter.flags & kFlagBadFilter) {
    p.badfilters.push_back(id);
    p.cancelled.insert(badfilter_target(filter.text));
  }
  e.filters_.push_back(c);
  return id;
}

Engine EngineBuilder::finish() {
  Pending& p = *pending_;
  Engine& e = p.engine;
  EngineStats& stats = e.stats_;
  stats = {};
  stats.filters = e.filters_.size();
  stats.regex = e.regexes_.size();
  stats.badfilter = p.badfilters.size();

  // How many filters could be filed under each token: the rarest is best.
  std::unordered_map<std::uint32_t, std::uint32_t> histogram;
  histogram.reserve(p.candidates.size());
  for (const Candidate& c : p.candidates) ++histogram[c.hash];

  using Entries = std::vector<std::pair<std::uint64_t, std::uint32_t>>;
  struct Pile {
    Entries hosts, tokens, domains;
    std::vector<std::uint32_t> fallback;
  } piles[3];  // important, block, allow

  std::vector<std::uint8_t> is_badfilter(e.filters_.size(), 0);
  for (FilterId id : p.badfilters) is_badfilter[id] = 1;

  for (FilterId id = 0; id < e.filters_.size(); ++id) {
    const Engine::Compiled& f = e.filters_[id];
    if (is_badfilter[id]) continue;
    if (!p.cancelled.empty() && p.cancelled.contains(std::string(e.filter_text(id)))) {
      ++stats.cancelled;
      continue;
    }
    Pile& pile = (f.flags & kFlagException) ? piles[2]
                 : (f.flags & kFlagImportant) ? piles[0]
                                              : piles[1];
    ++stats.indexed;
    if (p.host_only[id]) {
      std::string_view host(e.strings_.data() + f.pattern_begin, f.pattern_len - 1u);
      pile.hosts.emplace_back(host_hash(host), id);
      ++stats.host_table;
      continue;
    }
    const Candidate* best = nullptr;
    for (std::uint32_t i = p.candidates_begin[id]; i < p.candidates_begin[id + 1]; ++i) {
      const Candidate& c = p.candidates[i];
      if (best == nullptr) {
        best = &c;
        continue;
      }
      auto key = [&](const Candidate& x) {
        return std::tuple(x.bad, histogram[x.hash], -static_cast<int>(x.length));
      };
      if (key(c) < key(*best)) best = &c;
    }
    if (best != nullptr && !best->bad) {
      pile.tokens.emplace_back(best->hash, id);
      ++stats.token_index;
    } else if (f.n_include != 0) {
      const std::uint64_t* include = e.domain_hashes_.data() + f.domains_begin;
      for (std::uint16_t i = 0; i < f.n_include; ++i) pile.domains.emplace_back(include[i], id);
      ++stats.domain_index;
    } else if (best != nullptr) {
      pile.tokens.emplace_back(best->hash, id);
      ++stats.token_index;
      ++stats.bad_token;
    } else {
      pile.fallback.push_back(id);
      ++stats.fallback;
    }
  }

  std::unique_ptr<Engine::Index>* targets[3] = {&e.important_, &e.block_, &e.allow_};
  for (int i = 0; i < 3; ++i) {
    auto index = std::make_unique<Engine::Index>();
    index->hosts = HashIndex::build(std::move(piles[i].hosts));
    index->tokens = HashIndex::build(std::move(piles[i].tokens));
    index->domains = HashIndex::build(std::move(piles[i].domains));
    index->fallback = std::move(piles[i].fallback);
    index->fallback.shrink_to_fit();
    stats.memory_bytes += index->hosts.memory_bytes() + index->tokens.memory_bytes() +
                          index->domains.memory_bytes() + index->fallback.capacity() * 4;
    *targets[i] = std::move(index);
  }
  e.strings_.shrink_to_fit();
  e.domain_hashes_.shrink_to_fit();
  e.filters_.shrink_to_fit();
  stats.memory_bytes += e.strings_.capacity() + e.domain_hashes_.capacity() * 8 +
                        e.filters_.capacity() * sizeof(Engine::Compiled);

  Engine out = std::move(e);
  pending_ = std::make_unique<Pending>();
  return out;
}

}  // namespace sauatty::engine
