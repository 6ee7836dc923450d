// HostCache: the Unicode form and registrable domain of the domain hosts seen
// last, so that a host's next request costs a hash and a compare instead of
// libidn2 and libpsl (url::to_unicode(), url::registrable_domain(): most of a
// URL's parse when they run). A browsing session sends a page's requests to a
// few dozen hosts, and a day's pages to a few thousand.
//
// Exact: an entry keeps the whole host and answers only a host equal to it
// byte for byte; a host it does not hold is computed and then kept. The
// answers are those of to_unicode() and registrable_domain(), always.
//
// Layout: kSets sets of kWays entries. A host has two sets, both chosen by
// a hash of it (two choices: hosts spread over the sets so evenly that the
// cache holds nearly all of kSets × kWays hosts before it forgets one; with
// one set a host, the sets that more than kWays hosts of a day's pages go
// to forget one of them at every lookup when those pages come round
// again). It is kept in whichever of the two has more empty ways (the
// first on a tie); when both are full the oldest entry of the two is
// replaced (first in, first out). The sets' 32-bit tags (from the same
// hash) are kept apart from the entries, half a cache line a set, and
// compared before the host; an entry is one cache line of its own and holds
// its text inline, so that a lookup of a host not seen lately waits for two
// lines (the tags, then the entry) and no pointer. An entry holds the
// host's text, followed by its Unicode form only when that differs (an
// "xn--" host), and the registrable domain as the offset where it starts
// in the host (it is always a suffix of the host).
//
// Memory, bounded: kSets × kWays = 8,192 entries of 64 bytes and their
// tags, 544 KiB of address space reserved at the first lookup as zero pages
// the system gives only when written (an anonymous mapping), so that a
// thread that parses a few URLs (the preload's one) holds a page or two of
// it, not 544 KiB; a browsing session's thousands of hosts fill it all
// (on Linux the block is marked MADV_NOHUGEPAGE, so that transparent huge
// pages set to "always" do not make it resident at once; where there is no
// mmap it is allocated aligned and zeroed, all of it in memory).
// (Hundreds of hosts parsed once land on most of its pages, each a page
// fault: url::has_host() checks those without it.) A text over kInlineText bytes
// (1 of the ~5,300 hosts of the request vectors; long IDN hosts with their
// Unicode form) is kept on the heap, at most kMaxCachedText bytes, in a map
// by entry: a host whose text would be longer is answered but not kept. At
// most ~2.8 MiB in all, 544 KiB with hosts of common length.
//
// Not thread-safe: one cache per thread (url::parse_into() keeps one in a
// thread_local).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace sauatty::url {

class HostCache {
 public:
  static constexpr std::size_t kSets = 1024;  // a power of two
  static constexpr std::size_t kWays = 8;
  static constexpr std::size_t kMaxCachedText = 255;
  static constexpr std::size_t kInlineText = 56;  // a longer text is kept on the heap

  struct Facts {
    std::string_view unicode;      // to_unicode(host)
    std::string_view registrable;  // registrable_domain(host)
  };

  // Facts of `host`, an ASCII lower-case domain name as Url::host holds it
  // (kind kDomain). The views stay valid until the next lookup.
  Facts lookup(std::string_view host);

  // Whether `host` has an entry now (tests: eviction).
  bool holds(std::string_view host) const;

  // The sets `host` may be kept in, first and second (tests: hosts that
  // collide); they always differ.
  static std::size_t set_of(std::string_view host);
  static std::size_t second_set_of(std::string_view host);

  // Bytes of the entries and tags the system holds in memory now (tests:
  // untouched pages cost nothing); where that cannot be asked, all of them
  // once allocated.
  std::size_t resident_bytes() const;

  // Texts kept on the heap now, one per entry whose text is over
  // kInlineText (tests: an entry replaced by a short text frees its long one).
  std::size_t spilled_texts() const { return spilled_.size(); }

  HostCache() = default;
  ~HostCache();
  HostCache(const HostCache&) = delete;
  HostCache& operator=(const HostCache&) = delete;

 private:
  // One cache line.
  struct alignas(64) Entry {
    std::array<char, kInlineText> text;  // host, then its Unicode form when that differs
    std::uint8_t text_size = 0;          // 0: the text is in spilled_ (over kInlineText)
    std::uint8_t host_size = 0;
    std::uint8_t registrable_offset = 0;
    std::uint32_t kept_at = 0;  // when it was kept (HostCache::kept_), for first in, first out
  };
  static_assert(sizeof(Entry) == 64);
  // Zero pages are empty entries and tags, taken as they are (allocate()).
  static_assert(std::is_trivially_copyable_v<Entry> && std::is_trivially_destructible_v<Entry>);
  using Tags = std::array<std::uint32_t, kWays>;  // 0: an empty way
  static constexpr std::size_t kNone = ~std::size_t{0};

  Facts facts_of(std::size_t i) const;
  static std::size_t first_set(std::uint64_t hash);
  static std::size_t second_set(std::uint64_t hash);
  // The entry (set × kWays + way) holding `host`, or kNone.
  std::size_t find(std::string_view host, std::uint64_t hash) const;
  std::string_view text_of(std::size_t i) const;
  // The entry a host missing from the cache is kept in: an empty way of
  // the emptier of its two sets, else the older of their oldest entries.
  std::size_t place(std::uint64_t hash) const;

  // Reserves tags_ and entries_ as zero pages (see Memory above).
  void allocate();

  void* block_ = nullptr;     // tags_ then entries_, kBlockBytes; null until the first lookup
  Tags* tags_ = nullptr;      // a set's tags, kSets
  Entry* entries_ = nullptr;  // a set's entries, kWays at set × kWays
  static constexpr std::size_t kBlockBytes = kSets * sizeof(Tags) + kSets * kWays * sizeof(Entry);
  std::unordered_map<std::uint32_t, std::string> spilled_;  // entry → its text over kInlineText
  std::uint32_t kept_ = 0;      // entries kept so far (wraps; see place())
  std::string unkept_unicode_;  // the answer for a host too long to keep
  std::string unkept_registrable_;
};

}  // namespace sauatty::url
