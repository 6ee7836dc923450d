#include "url/host_cache.h"

#include <functional>

#include "url/url.h"

namespace sauatty::url {
namespace {

std::uint64_t hash_of(std::string_view host) { return std::hash<std::string_view>{}(host); }

std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32) | 1U; }

}  // namespace

std::size_t HostCache::set_of(std::string_view host) { return hash_of(host) & (kSets - 1); }

HostCache::Facts HostCache::facts_of(const Entry& entry) {
  std::string_view text = entry.text;
  std::string_view host = text.substr(0, entry.host_size);
  return {text.size() == entry.host_size ? host : text.substr(entry.host_size),
          host.substr(entry.registrable_offset)};
}

const HostCache::Entry* HostCache::find(std::string_view host, std::uint64_t hash) const {
  if (sets_.empty()) return nullptr;
  const Set& set = sets_[hash & (kSets - 1)];
  const std::uint32_t tag = tag_of(hash);
  for (std::size_t way = 0; way < kWays; ++way) {
    if (set.tags[way] != tag) continue;
    const Entry& entry = set.entries[way];
    if (std::string_view(entry.text).substr(0, entry.host_size) == host) return &entry;
  }
  return nullptr;
}

bool HostCache::holds(std::string_view host) const { return find(host, hash_of(host)) != nullptr; }

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
  Set& set = sets_[hash & (kSets - 1)];
  const std::size_t way = set.oldest;
  set.oldest = static_cast<std::uint8_t>((way + 1) % kWays);
  Entry& entry = set.entries[way];
  entry.text.assign(host);
  if (!same_unicode) entry.text += unkept_unicode_;
  entry.host_size = static_cast<std::uint8_t>(host.size());
  entry.registrable_offset = static_cast<std::uint8_t>(host.size() - unkept_registrable_.size());
  set.tags[way] = tag_of(hash);
  return facts_of(entry);
}

}  // namespace sauatty::url
