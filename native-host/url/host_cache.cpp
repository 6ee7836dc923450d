#include "url/host_cache.h"

#include <functional>

#include "url/url.h"

namespace sauatty::url {
namespace {

std::uint64_t hash_of(std::string_view host) { return std::hash<std::string_view>{}(host); }

std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32) | 1U; }

}  // namespace

// The first set from the hash's lowest bits, the second from the ten above
// them (the tag is the upper 32), moved off the first when they coincide.
std::size_t HostCache::first_set(std::uint64_t hash) { return hash & (kSets - 1); }

std::size_t HostCache::second_set(std::uint64_t hash) {
  static_assert(kSets <= (std::size_t{1} << 16), "the two sets' bits must not reach the tag");
  const std::size_t second = (hash >> 16) & (kSets - 1);
  return second != first_set(hash) ? second : second ^ 1;
}

std::size_t HostCache::set_of(std::string_view host) { return first_set(hash_of(host)); }

std::size_t HostCache::second_set_of(std::string_view host) { return second_set(hash_of(host)); }

HostCache::Facts HostCache::facts_of(const Entry& entry) {
  std::string_view text = entry.text;
  std::string_view host = text.substr(0, entry.host_size);
  return {text.size() == entry.host_size ? host : text.substr(entry.host_size),
          host.substr(entry.registrable_offset)};
}

const HostCache::Entry* HostCache::find(std::string_view host, std::uint64_t hash) const {
  if (sets_.empty()) return nullptr;
  const std::uint32_t tag = tag_of(hash);
  const Set& second = sets_[second_set(hash)];
  __builtin_prefetch(&second.tags);  // its load overlaps the first set's look
  for (const Set* set : {&sets_[first_set(hash)], &second}) {
    for (std::size_t way = 0; way < kWays; ++way) {
      if (set->tags[way] != tag) continue;
      const Entry& entry = set->entries[way];
      if (std::string_view(entry.text).substr(0, entry.host_size) == host) return &entry;
    }
  }
  return nullptr;
}

bool HostCache::holds(std::string_view host) const { return find(host, hash_of(host)) != nullptr; }

std::pair<HostCache::Set*, std::size_t> HostCache::place(std::uint64_t hash) {
  Set* const sets[] = {&sets_[first_set(hash)], &sets_[second_set(hash)]};
  // The set with more empty ways (the first on a tie), its first empty way.
  std::size_t empty[2] = {0, 0};
  std::size_t first_empty[2] = {kWays, kWays};
  for (std::size_t s = 0; s < 2; ++s) {
    for (std::size_t way = kWays; way-- > 0;) {
      if (sets[s]->tags[way] == 0) {
        ++empty[s];
        first_empty[s] = way;
      }
    }
  }
  if (empty[0] != 0 || empty[1] != 0) {
    const std::size_t s = empty[1] > empty[0] ? 1 : 0;
    return {sets[s], first_empty[s]};
  }
  // Both full: the entry kept longest ago (ages are counted modulo 2^32, so
  // an entry that outlived 2^32 others may pass for young: a worse choice,
  // never a wrong answer).
  std::pair<Set*, std::size_t> oldest{sets[0], 0};
  std::uint32_t oldest_age = 0;
  for (Set* set : sets) {
    for (std::size_t way = 0; way < kWays; ++way) {
      const std::uint32_t age = kept_ - set->entries[way].kept_at;
      if (age >= oldest_age) {
        oldest_age = age;
        oldest = {set, way};
      }
    }
  }
  return oldest;
}

HostCache::Facts HostCache::lookup(std::string_view host) {
  const std::uint64_t hash = hash_of(host);
  if (const Entry* entry = find(host, hash)) return facts_of(*entry);

  unkept_unicode_ = to_unicode(host);
  unkept_registrable_ = registrable_domain(host);
  const bool same_unicode = unkept_unicode_ == host;
  const std::size_t text_size = host.size() + (same_unicode ? 0 : unkept_unicode_.size());
  // The registrable domain is a suffix of the host by registrable_domain()'s
  // contract; were it ever not, the answer is given but not kept.
  if (text_size > kMaxCachedText || !host.ends_with(unkept_registrable_)) {
    return {unkept_unicode_, unkept_registrable_};
  }
  if (sets_.empty()) sets_.resize(kSets);
  auto [set, way] = place(hash);
  Entry& entry = set->entries[way];
  entry.text.assign(host);
  if (!same_unicode) entry.text += unkept_unicode_;
  entry.host_size = static_cast<std::uint8_t>(host.size());
  entry.registrable_offset = static_cast<std::uint8_t>(host.size() - unkept_registrable_.size());
  entry.kept_at = kept_++;
  set->tags[way] = tag_of(hash);
  return facts_of(entry);
}

}  // namespace sauatty::url
