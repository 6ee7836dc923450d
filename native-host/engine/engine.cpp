// Engine: the match path. Nothing here allocates or throws on the way to a
// Decision, but for the one compile of a regex filter read back from the
// compiled cache, at its first match (engine/filter_regex.h).
#include "engine/engine.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "engine/engine_internal.h"
#include "engine/filter_regex.h"
#include "engine/pattern.h"
#include "engine/tokens.h"

namespace sauatty::engine {
namespace {

// Where the host starts when `url` begins with "https://" or "http://"
// (compared as one 8-byte word), else 0.
std::size_t http_scheme_end(std::string_view url) {
  if constexpr (std::endian::native != std::endian::little) {
    return url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
  } else {
    if (url.size() < 8) return 0;
    constexpr auto word = [](std::string_view s) {
      std::uint64_t w = 0;
      for (std::size_t i = 0; i < s.size(); ++i)
        w |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
      return w;
    };
    // constexpr variables: evaluated at compile time, not on every call.
    constexpr std::uint64_t kHttps = word("https://");
    constexpr std::uint64_t kHttp = word("http://");
    const std::uint64_t head = bytes::load8(url.data());
    if (head == kHttps) return 8;
    if ((head & 0x00ffffffffffffffull) == kHttp) return 7;
    return 0;
  }
}

bool contains(const std::uint64_t* begin, std::size_t n, std::uint64_t key) {
  return std::binary_search(begin, begin + n, key);
}

}  // namespace

// flatten: the host hashing and tokenizing inlined (a call and register saves less).
[[gnu::flatten]] Engine::Context::Context(const Request& r, const Engine& engine) noexcept
    : request_(&r) {
  std::string_view url = r.url;
  const std::size_t http_end = http_scheme_end(url);
  if (http_end != 0) {
    host_begin = http_end;
  } else {
    // Other schemes are short too: look for the ':' in the first few characters.
    constexpr std::size_t kLongestScheme = 32;
    std::size_t colon = 0;
    while (colon < url.size() && colon < kLongestScheme && url[colon] != ':') ++colon;
    host_begin =
        url.size() > colon + 2 && url[colon + 1] == '/' && url[colon + 2] == '/' ? colon + 3 : 0;
  }
  if (url.size() - host_begin >= r.host.size() &&
      bytes::same(url.data() + host_begin, r.host.data(), r.host.size())) {
    host_end = host_begin + r.host.size();
  } else if (std::size_t at = url.find(r.host); !r.host.empty() && at != std::string_view::npos) {
    host_begin = at;
    host_end = at + r.host.size();
  } else {
    host_end = host_begin;
  }
  // The host as it stands in the URL, after at least "http://": its
  // suffixes' chunks are read with 8-byte loads.
  n_host = host_end > host_begin ? host_suffix_hashes(url.substr(host_begin, host_end - host_begin),
                                                      host_suffixes, kMaxLabels, host_begin)
                                 : host_suffix_hashes(r.host, host_suffixes, kMaxLabels);
  // The block index's host slots are the lookups most likely to miss the
  // cache (its largest table; a request host's slot was seldom read lately):
  // their loads start now, bit filter or not, and overlap the tokenizing.
  if (engine.block_) {
    const HashIndex& hosts = engine.block_->hosts;
    for (int i = 0; i < n_host; ++i) {
      hosts.prefetch_bloom_mixed(host_suffixes[i]);
      hosts.prefetch_slot_mixed(host_suffixes[i]);
    }
  }
  tokens_end = r.url.size();
  const std::vector<std::uint64_t>& token_filter = engine.token_filter_;
  const std::uint64_t token_filter_mask = engine.token_filter_mask_;
  if (!token_filter.empty()) {
    // The scheme's token ("https", in most real URLs: docs/ENGINE.md, "The
    // bad-token list") is looked up only if some filter is filed under it.
    const std::size_t from = http_end != 0 && !engine.http_tokens_indexed_ ? http_end : 0;
    for_each_url_token(
        r.url,
        [&](std::uint64_t h, std::size_t pos) {
          if (!token_filter_has(token_filter, token_filter_mask, h)) return true;
          if (n_tokens == kMaxTokens) {
            tokens_end = pos;
            return false;
          }
          tokens[n_tokens] = h;
          token_pos[n_tokens++] = static_cast<std::uint32_t>(pos);
          return true;
        },
        from);
  }
}

void Engine::Context::compute_page() const noexcept {
  const Request& r = *request_;
  page_ready_ = true;
  std::uint64_t page[kMaxLabels + 1];
  int n = host_suffix_hashes(r.page_host, page, kMaxLabels);
  for (int i = 0; i < n; ++i) page_suffixes[i] = page[n - 1 - i];
  n_page = n;
  // "entity.*" forms: the page host with its public suffix replaced by '*'
  // (uBlock Origin's $domain=google.* matches google.com, google.co.uk, …),
  // each label suffix of it: "www.google.*", "google.*".
  std::size_t dot = r.page_domain.find('.');
  if (dot != std::string_view::npos && r.page_host.size() > r.page_domain.size() - dot) {
    std::string_view base =
        r.page_host.substr(0, r.page_host.size() - (r.page_domain.size() - dot));
    char form[256];
    if (base.size() + 2 <= sizeof form) {
      std::memcpy(form, base.data(), base.size());
      std::memcpy(form + base.size(), ".*", 2);
      // The shortest suffix, "*" alone, is not a form.
      int m = host_suffix_hashes(std::string_view(form, base.size() + 2), page, kMaxLabels + 1);
      for (int i = m - 1; i >= 1; --i) page_suffixes[n_page++] = page[i];
    }
  }
}

std::uint64_t Engine::Context::page_tail() const noexcept {
  if (page_tail_ == kAnyTail) page_tail_ = tail_key(request_->page_host);
  return page_tail_;
}

Engine::Context Engine::context(const Request& r) const noexcept { return Context(r, *this); }

Engine::Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

// True when the page passes the filter's $domain= list: the most specific
// page suffix named decides; with no include entry named, only an
// exclude-only list passes.
inline bool Engine::domain_ok(const Compiled& f, const Context& ctx) const noexcept {
  if (f.n_include == 0 && f.n_exclude == 0) return true;
  ctx.page();
  const std::uint64_t* include = domain_hashes_.data() + f.domains;
  const std::uint64_t* exclude = include + f.n_include;
  for (int i = 0; i < ctx.n_page; ++i) {
    std::uint64_t h = ctx.page_suffixes[i];
    if (f.n_exclude != 0 && contains(exclude, f.n_exclude, h)) return false;
    if (f.n_include != 0 && contains(include, f.n_include, h)) return true;
  }
  return f.n_include == 0;
}

// The quick check of a pinned glob found through the URL token at
// `token_pos` (true when the filter has none): four literal characters where
// the pattern would put them. Most token candidates fail here, so it comes
// before check()'s other tests.
[[gnu::always_inline]] inline bool Engine::quick_ok(const QuickRecord& q, const Request& r,
                                                    std::uint32_t token_pos) noexcept {
  if (q.from_token == kNoQuick) return true;
  // Before the URL's start, at wraps to over 4 Gi - 16 Ki: past any URL.
  std::uint32_t at = token_pos + static_cast<std::uint32_t>(std::int32_t{q.from_token});
  std::string_view url = (q.bits & kQuickMatchCase) ? r.url_original : r.url;
  if (std::uint64_t{at} + 4 > url.size()) return false;
  std::uint32_t w;
  std::memcpy(&w, url.data() + at, 4);
  return w == q.bytes;
}

[[gnu::always_inline]] inline bool Engine::check(const Compiled& f, const Request& r,
                                                 const Context& ctx,
                                                 std::uint32_t token_pos) const noexcept {
  if (!(f.types & r.type)) return false;
  if (r.party == Party::kFirst && !(f.party & kPartyFirst)) return false;
  if (r.party == Party::kThird && !(f.party & kPartyThird)) return false;
  switch (f.kind) {
    case PatternKind::kHostOnly:
    case PatternKind::kNone:
      if (!domain_ok(f, ctx)) return false;
      break;
    case PatternKind::kGlob: {
      std::string_view pattern(patterns_.data() + f.pattern, f.pattern_len);
      std::string_view url = (f.flags & kFlagMatchCase) ? r.url_original : r.url;
      if (token_pos != kNoTokenPos && f.token_offset != kNoTokenOffset) {
        if (token_pos < f.token_offset) return false;
        std::size_t at = token_pos - f.token_offset;  // bucket() did the quick check
        constexpr std::uint16_t kAnchors = kFlagHostAnchor | kFlagLeftAnchor | kFlagRightAnchor;
        if ((f.flags & (kPlainPattern | kAnchors)) == kPlainPattern
                ? !match_plain_at(pattern, url, at)
                : !match_pattern_at(pattern, f.flags, url, at, ctx.host_begin, ctx.host_end)) {
          return false;
        }
      } else if (!match_pattern(pattern, f.flags, url, ctx.host_begin, ctx.host_end)) {
        return false;
      }
      if (!domain_ok(f, ctx)) return false;
      break;
    }
    case PatternKind::kRegex: {
      // The (cheap) page check first: most regex filters name their sites.
      if (!domain_ok(f, ctx)) return false;
      std::string_view url = (f.flags & kFlagMatchCase) ? r.url_original : r.url;
      if (!regexes_[f.pattern]->partial_match(url)) return false;
      break;
    }
  }
  if (f.n_deny != 0) {
    const std::uint64_t* deny = domain_hashes_.data() + f.domains + f.n_include + f.n_exclude;
    for (int i = 0; i < ctx.n_host; ++i) {
      if (contains(deny, f.n_deny, ctx.host_suffixes[i])) return false;
    }
  }
  return true;
}

// The one walk over a bucket of filters_/quick_ (engine_internal.h): calls
// step(i, quick_[i]) for each filter of the bucket starting at `begin` (not
// kMissing) until step returns true (then returns true) or the filter
// flagged kQuickLast has had its turn (then false). `first` is
// quick_[begin], or the token index slot's copy of it. bucket() and work()
// both walk this way.
template <class Step>
[[gnu::always_inline]] inline bool Engine::walk_bucket(std::uint32_t begin,
                                                       const QuickRecord& first,
                                                       Step&& step) const {
  const QuickRecord* q = &first;
  for (std::uint32_t i = begin;;) {
    if (step(i, *q)) return true;
    if (q->bits & kQuickLast) return false;
    q = &quick_[++i];
  }
}

// The same over a host-table bucket that is not inline: step(record) for
// each HostRecord from host_filters_[begin] to the one flagged kHostLast.
template <class Step>
[[gnu::always_inline]] inline bool Engine::walk_host_bucket(std::uint32_t begin,
                                                            Step&& step) const {
  for (std::uint32_t i = begin;; ++i) {
    const HostRecord& h = host_filters_[i];
    if (step(h)) return true;
    if (h.flags & kHostLast) return false;
  }
}

// Offers each filter of the bucket starting at `begin` that passes check()
// to visit(id); stops and returns true as soon as visit returns true.
// `first` is quick_[begin] (the token index's slot holds a copy).
template <class Visit>
[[gnu::always_inline]] inline bool Engine::bucket(std::uint32_t begin, const QuickRecord& first,
                                                  const Request& r, const Context& ctx,
                                                  std::uint32_t token_pos, Visit&& visit) const {
  if (begin == HashIndex::kMissing) return false;
  return walk_bucket(
      begin, first, [&](std::uint32_t i, const QuickRecord& q) __attribute__((always_inline)) {
        return (q.bits & r.type) && (token_pos == kNoTokenPos || quick_ok(q, r, token_pos)) &&
               check(filters_[i], r, ctx, token_pos) && visit(filters_[i].id);
      });
}

template <class Visit>
[[gnu::always_inline]] inline bool Engine::bucket(std::uint32_t begin, const Request& r,
                                                  const Context& ctx, std::uint32_t token_pos,
                                                  Visit&& visit) const {
  return begin != HashIndex::kMissing && bucket(begin, quick_[begin], r, ctx, token_pos, visit);
}

// bucket() for the host table: most records need only their types and
// party checked.
template <class Visit>
[[gnu::always_inline]] inline bool Engine::host_bucket(std::uint32_t begin, const Request& r,
                                                       const Context& ctx, Visit&& visit) const {
  auto party_ok = [&](std::uint8_t party) {
    return !(r.party == Party::kFirst && !(party & kPartyFirst)) &&
           !(r.party == Party::kThird && !(party & kPartyThird));
  };
  if (begin == HashIndex::kMissing) return false;
  if (host_value_inline(begin)) {
    return (kDefaultTypes & r.type) && party_ok(host_inline_party(begin)) &&
           visit(host_inline_id(begin));
  }
  return walk_host_bucket(
      begin, [&](const HostRecord& h) __attribute__((always_inline)) {
        if ((h.types & r.type) && party_ok(h.party)) {
          if (!(h.flags & kHostFull)) {
            if (visit(h.id)) return true;
          } else if (const Compiled& f = filters_[h.id];
                     check(f, r, ctx, kNoTokenPos) && visit(f.id)) {
            return true;
          }
        }
        return false;
      });
}

// Offers every candidate of `index` that passes check() to visit(id): the
// host table by the request host's suffixes, the token index by the URL's
// tokens, the domain index by the page host's suffixes, then the fallback.
// With kPrescreen (the block index's scan), each host suffix and token is
// also tested against other_keys_, setting ctx.others_may_match.
template <bool kPrescreen, class Visit>
bool Engine::scan(const Index& index, const Request& r, const Context& ctx, Visit&& visit) const {
  // Host suffixes and URL tokens are looked up in three passes so that
  // their cache misses overlap: the bit filters, then the slots of the keys
  // that passed, then the buckets found, in order (hosts first).
  struct Probe {
    std::uint64_t mixed;
    std::uint32_t token_pos;  // kNoTokenPos for a host suffix
    std::uint32_t begin;
    QuickRecord first;  // for a token: its bucket's first (the slot's copy)
  };
  Probe probes[kMaxLabels + kMaxTokens];
  int n = 0;
  bool others = false;
  for (int i = 0; i < ctx.n_host; ++i) {
    if constexpr (kPrescreen) others |= other_keys_.may_contain_mixed(ctx.host_suffixes[i]);
    if (index.hosts.may_contain_mixed(ctx.host_suffixes[i])) {
      // The block index's slots were prefetched by the Context already.
      if constexpr (!kPrescreen) index.hosts.prefetch_slot_mixed(ctx.host_suffixes[i]);
      probes[n].mixed = ctx.host_suffixes[i];
      probes[n++].token_pos = kNoTokenPos;
    }
  }
  const int hosts_end = n;
  for (int i = 0; i < ctx.n_tokens; ++i) {
    if constexpr (kPrescreen) others |= other_keys_.may_contain_mixed(ctx.tokens[i]);
    if (index.tokens.may_contain_mixed(ctx.tokens[i])) {
      index.tokens.prefetch_slot_mixed(ctx.tokens[i]);
      probes[n].mixed = ctx.tokens[i];
      probes[n++].token_pos = ctx.token_pos[i];
    }
  }
  if constexpr (kPrescreen) ctx.others_may_match = others;
  for (int i = 0; i < hosts_end; ++i) {
    probes[i].begin = index.hosts.find_slot_mixed(probes[i].mixed).value;
    if (probes[i].begin != HashIndex::kMissing && !host_value_inline(probes[i].begin)) {
      __builtin_prefetch(&host_filters_[probes[i].begin]);
    }
  }
  for (int i = hosts_end; i < n; ++i) {
    const auto slot = index.tokens.find_slot_mixed(probes[i].mixed);
    probes[i].begin = slot.value;
    probes[i].first = slot.payload;
  }
  for (int i = 0; i < hosts_end; ++i) {
    if (host_bucket(probes[i].begin, r, ctx, visit)) return true;
  }
  for (int i = hosts_end; i < n; ++i) {
    if (bucket(probes[i].begin, probes[i].first, r, ctx, probes[i].token_pos, visit)) return true;
  }
  if (!index.tokens.empty()) {
    if (ctx.tokens_end < r.url.size()) {
      bool stop = false;
      for_each_url_token(
          r.url,
          [&](std::uint64_t h, std::size_t pos) {
            stop =
                bucket(index.tokens.find_mixed(h), r, ctx, static_cast<std::uint32_t>(pos), visit);
            return !stop;
          },
          ctx.tokens_end);
      if (stop) return true;
    }
  }
  if (!index.domains.empty() &&
      (index.any_tail || index.domain_tails.find(ctx.page_tail()) != HashIndex::kMissing)) {
    ctx.page();
    for (int i = 0; i < ctx.n_page; ++i) {
      if (bucket(index.domains.find_mixed(ctx.page_suffixes[i]), r, ctx, kNoTokenPos, visit)) {
        return true;
      }
    }
  }
  for (std::uint32_t i = index.fallback_begin; i < index.fallback_end; ++i) {
    const Compiled& f = filters_[i];
    if (check(f, r, ctx, kNoTokenPos) && visit(f.id)) return true;
  }
  return false;
}

template <bool kPrescreen>
FilterId Engine::first_match(const Index& index, const Request& r,
                             const Context& ctx) const noexcept {
  FilterId found = kNoFilter;
  scan<kPrescreen>(index, r, ctx, [&](FilterId id) {
    found = id;
    return true;
  });
  return found;
}

// Whether the important or exception `index` needs scanning for a request
// the block index matched: only if a key of it may be among the request's
// host suffixes and tokens (the block scan's prescreen), among the tokens
// past kMaxTokens, or in its domain index or fallback.
bool Engine::may_match_after_block(const Index& index, const Request& r,
                                   const Context& ctx) const noexcept {
  const bool has_keys = !index.hosts.empty() || !index.tokens.empty();
  return (has_keys && (ctx.others_may_match || ctx.tokens_end < r.url.size())) ||
         !index.domains.empty() || index.fallback_begin != index.fallback_end;
}

Decision Engine::match(const Request& request) const noexcept {
  Decision decision;
  if (!block_) return decision;
  Context ctx = context(request);
  // The block index holds the $important filters too; the important index is
  // asked only when the request is to be blocked anyway.
  FilterId blocked = first_match</*kPrescreen=*/true>(*block_, request, ctx);
  if (blocked == kNoFilter) return decision;
  if (may_match_after_block(*important_, request, ctx)) {
    if (FilterId id = first_match(*important_, request, ctx); id != kNoFilter) {
      decision.filter = id;
      decision.block = decision.important = true;
      return decision;
    }
  }
  if (may_match_after_block(*exception_, request, ctx)) {
    if (FilterId allowed = first_match(*exception_, request, ctx); allowed != kNoFilter) {
      decision.filter = allowed;
      decision.blocked_by = blocked;
      decision.exception = true;
      return decision;
    }
  }
  decision.filter = blocked;
  decision.block = true;
  return decision;
}

void Engine::for_each_match(const Request& request,
                            const std::function<void(FilterId)>& visit) const {
  if (!block_) return;
  Context ctx = context(request);
  for (const Index* index : {block_.get(), exception_.get()}) {
    scan<false>(*index, request, ctx, [&](FilterId id) {
      visit(id);
      return false;
    });
  }
}

Engine::Work Engine::work(const Request& request) const {
  Work w;
  if (!block_) return w;
  Context ctx = context(request);
  const Index& index = *block_;
  // Every filter of a bucket found counts, as bucket() and host_bucket()
  // would offer each to their checks.
  auto count = [&](std::uint32_t begin) {
    ++w.probes;
    if (begin == HashIndex::kMissing) return;
    walk_bucket(begin, quick_[begin], [&](std::uint32_t, const QuickRecord&) {
      ++w.candidates;
      return false;
    });
  };
  for (int i = 0; i < ctx.n_host; ++i) {
    ++w.probes;
    std::uint32_t begin = index.hosts.find_mixed(ctx.host_suffixes[i]);
    if (begin == HashIndex::kMissing) continue;
    if (host_value_inline(begin)) {
      ++w.candidates;
      continue;
    }
    walk_host_bucket(begin, [&](const HostRecord&) {
      ++w.candidates;
      return false;
    });
  }
  for_each_url_token(request.url, [&](std::uint64_t h, std::size_t) {
    count(index.tokens.find_mixed(h));
    return true;
  });
  ctx.page();
  for (int i = 0; i < ctx.n_page; ++i) count(index.domains.find_mixed(ctx.page_suffixes[i]));
  w.candidates += index.fallback_end - index.fallback_begin;
  return w;
}

std::size_t Engine::size() const { return text_offsets_.empty() ? 0 : text_offsets_.size() - 1; }

std::string_view Engine::filter_text(FilterId id) const {
  if (id >= size()) return {};
  return std::string_view(texts_).substr(text_offsets_[id],
                                         text_offsets_[id + 1] - text_offsets_[id]);
}

ListId Engine::filter_list(FilterId id) const {
  if (id >= size()) return ListId{0};
  // The last run starting at or before id.
  auto run = std::upper_bound(
      list_runs_.begin(), list_runs_.end(), id,
      [](FilterId x, const std::pair<FilterId, ListId>& r) { return x < r.first; });
  return run == list_runs_.begin() ? ListId{0} : std::prev(run)->second;
}

bool Engine::is_exception(FilterId id) const { return filter_text(id).starts_with("@@"); }

std::string_view Engine::list_name(ListId list) const {
  return list < lists_.size() ? std::string_view(lists_[list]) : std::string_view{};
}

}  // namespace sauatty::engine
