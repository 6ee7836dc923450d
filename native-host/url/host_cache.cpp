#include "url/host_cache.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <new>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#define SAUATTY_HOST_CACHE_MMAP 1
#endif

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

HostCache::~HostCache() {
  if (block_ == nullptr) return;
#if defined(SAUATTY_HOST_CACHE_MMAP)
  ::munmap(block_, kBlockBytes);
#else
  ::operator delete (block_, kBlockBytes, std::align_val_t{alignof(Entry)});
#endif
}

void HostCache::allocate() {
#if defined(SAUATTY_HOST_CACHE_MMAP)
  // Zero pages, each given its memory at its first write.
  void* block =
      ::mmap(nullptr, kBlockBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED) throw std::bad_alloc();
#if defined(MADV_NOHUGEPAGE)
  // Transparent huge pages set to "always" would give the whole block at
  // the first write; a failure only costs that memory.
  ::madvise(block, kBlockBytes, MADV_NOHUGEPAGE);
#endif
#else
  // Aligned for Entry (a cache line), which std::calloc does not promise.
  void* block = ::operator new (kBlockBytes, std::align_val_t{alignof(Entry)});
  std::memset(block, 0, kBlockBytes);
#endif
  block_ = block;
  tags_ = static_cast<Tags*>(block);
  entries_ = reinterpret_cast<Entry*>(static_cast<char*>(block) + kSets * sizeof(Tags));
}

std::size_t HostCache::resident_bytes() const {
  if (block_ == nullptr) return 0;
#if defined(SAUATTY_HOST_CACHE_MMAP) && defined(__linux__)
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in_memory((kBlockBytes + page - 1) / page);
  if (::mincore(block_, kBlockBytes, in_memory.data()) != 0) return kBlockBytes;
  std::size_t pages = 0;
  for (unsigned char p : in_memory) pages += p & 1;
  return std::min(pages * page, kBlockBytes);
#else
  return kBlockBytes;
#endif
}

std::size_t HostCache::set_of(std::string_view host) { return first_set(hash_of(host)); }

std::size_t HostCache::second_set_of(std::string_view host) { return second_set(hash_of(host)); }

std::string_view HostCache::text_of(std::size_t i) const {
  const Entry& entry = entries_[i];
  if (entry.text_size != 0) return std::string_view(entry.text.data(), entry.text_size);
  const auto spilled = spilled_.find(static_cast<std::uint32_t>(i));
  return spilled != spilled_.end() ? std::string_view(spilled->second) : std::string_view();
}

HostCache::Facts HostCache::facts_of(std::size_t i) const {
  const Entry& entry = entries_[i];
  const std::string_view text = text_of(i);
  const std::string_view host = text.substr(0, entry.host_size);
  return {text.size() == entry.host_size ? host : text.substr(entry.host_size),
          host.substr(entry.registrable_offset)};
}

std::size_t HostCache::find(std::string_view host, std::uint64_t hash) const {
  if (tags_ == nullptr) return kNone;
  const std::uint32_t tag = tag_of(hash);
  const std::size_t sets[] = {first_set(hash), second_set(hash)};
  __builtin_prefetch(&tags_[sets[1]]);  // its load overlaps the first set's look
  for (std::size_t set : sets) {
    const Tags& tags = tags_[set];
    for (std::size_t way = 0; way < kWays; ++way) {
      if (tags[way] != tag) continue;
      const std::size_t i = set * kWays + way;
      if (entries_[i].host_size == host.size() && text_of(i).substr(0, host.size()) == host) {
        return i;
      }
    }
  }
  return kNone;
}

bool HostCache::holds(std::string_view host) const { return find(host, hash_of(host)) != kNone; }

std::size_t HostCache::place(std::uint64_t hash) const {
  const std::size_t sets[] = {first_set(hash), second_set(hash)};
  // The set with more empty ways (the first on a tie), its first empty way.
  std::size_t empty[2] = {0, 0};
  std::size_t first_empty[2] = {kWays, kWays};
  for (std::size_t s = 0; s < 2; ++s) {
    for (std::size_t way = kWays; way-- > 0;) {
      if (tags_[sets[s]][way] == 0) {
        ++empty[s];
        first_empty[s] = way;
      }
    }
  }
  if (empty[0] != 0 || empty[1] != 0) {
    const std::size_t s = empty[1] > empty[0] ? 1 : 0;
    return sets[s] * kWays + first_empty[s];
  }
  // Both full: the entry kept longest ago (ages are counted modulo 2^32, so
  // an entry that outlived 2^32 others may pass for young: a worse choice,
  // never a wrong answer).
  std::size_t oldest = sets[0] * kWays;
  std::uint32_t oldest_age = 0;
  for (std::size_t set : sets) {
    for (std::size_t i = set * kWays; i < (set + 1) * kWays; ++i) {
      const std::uint32_t age = kept_ - entries_[i].kept_at;
      if (age >= oldest_age) {
        oldest_age = age;
        oldest = i;
      }
    }
  }
  return oldest;
}

HostCache::Facts HostCache::lookup(std::string_view host) {
  const std::uint64_t hash = hash_of(host);
  if (const std::size_t i = find(host, hash); i != kNone) return facts_of(i);

  unkept_unicode_ = to_unicode(host);
  unkept_registrable_ = registrable_domain(host);
  const bool same_unicode = unkept_unicode_ == host;
  const std::size_t text_size = host.size() + (same_unicode ? 0 : unkept_unicode_.size());
  // The registrable domain is a suffix of the host by registrable_domain()'s
  // contract; were it ever not, the answer is given but not kept.
  if (text_size > kMaxCachedText || !host.ends_with(unkept_registrable_)) {
    return {unkept_unicode_, unkept_registrable_};
  }
  if (tags_ == nullptr) allocate();
  const std::size_t i = place(hash);
  Entry& entry = entries_[i];
  if (text_size <= kInlineText) {
    std::copy(host.begin(), host.end(), entry.text.begin());
    if (!same_unicode) {
      std::copy(unkept_unicode_.begin(), unkept_unicode_.end(), entry.text.begin() + host.size());
    }
    entry.text_size = static_cast<std::uint8_t>(text_size);
    if (!spilled_.empty()) spilled_.erase(static_cast<std::uint32_t>(i));
  } else {
    std::string& spilled = spilled_[static_cast<std::uint32_t>(i)];
    spilled.assign(host);
    if (!same_unicode) spilled += unkept_unicode_;
    entry.text_size = 0;
  }
  entry.host_size = static_cast<std::uint8_t>(host.size());
  entry.registrable_offset = static_cast<std::uint8_t>(host.size() - unkept_registrable_.size());
  entry.kept_at = kept_++;
  tags_[i / kWays][i % kWays] = tag_of(hash);
  return facts_of(i);
}

}  // namespace sauatty::url
