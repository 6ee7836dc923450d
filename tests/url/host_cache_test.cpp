// HostCache against what it caches: for hosts that share a set, for hosts
// the cache has forgotten and looked up again, and for a host too long to
// keep, each answer is to_unicode()'s and registrable_domain()'s (libidn2,
// libpsl) computed afresh; and what it keeps: nearly its whole capacity,
// the newest hosts always.
#include "url/host_cache.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "url/url.h"

namespace sauatty::url {
namespace {

// Hosts whose registrable domains all differ and come from different rules
// of the Public Suffix List: a two-label suffix, a private suffix, an IDN
// suffix (.қаз) with an IDN label, a plain TLD, and no dot at all.
std::string host_number(int i) {
  switch (i % 5) {
    case 0:
      return "www" + std::to_string(i) + ".site" + std::to_string(i) + ".co.uk";
    case 1:
      return "cdn.user" + std::to_string(i) + ".github.io";
    case 2:
      return "a" + std::to_string(i) + ".xn--e1afmkfd" + ".xn--80ao21a";
    case 3:
      return "static.news" + std::to_string(i) + ".kz";
    default:
      return "intranet" + std::to_string(i);
  }
}

// The first set that more than twice kWays of the numbered hosts go to
// first.
std::vector<std::string> colliding_hosts() {
  std::map<std::size_t, std::vector<std::string>> by_set;
  for (int i = 0;; ++i) {
    std::string host = host_number(i);
    auto& same = by_set[HostCache::set_of(host)];
    same.push_back(host);
    if (same.size() == 2 * HostCache::kWays + 2) return same;
  }
}

void expect_libpsl_answer(HostCache& cache, const std::string& host) {
  const std::string unicode = to_unicode(host);
  const std::string registrable = registrable_domain(host);
  const HostCache::Facts facts = cache.lookup(host);
  EXPECT_EQ(facts.unicode, unicode) << host;
  EXPECT_EQ(facts.registrable, registrable) << host;
}

constexpr std::size_t kCapacity = HostCache::kSets * HostCache::kWays;

TEST(HostCache, AnswersAreLibpslsForHostsThatCollide) {
  const std::vector<std::string> hosts = colliding_hosts();
  // The answers differ from host to host, so an answer given for the wrong
  // entry of the set would show.
  std::set<std::string> registrables;
  for (const auto& host : hosts) registrables.insert(registrable_domain(host));
  EXPECT_EQ(registrables.size(), hosts.size());
  EXPECT_EQ(to_unicode("a2.xn--e1afmkfd.xn--80ao21a"), "a2.пример.қаз");
  EXPECT_EQ(registrable_domain("a2.xn--e1afmkfd.xn--80ao21a"), "xn--e1afmkfd.xn--80ao21a");
  EXPECT_EQ(registrable_domain("cdn.user1.github.io"), "user1.github.io");

  HostCache cache;
  for (const auto& host : hosts) expect_libpsl_answer(cache, host);  // misses, then kept
  // More than kWays hosts of one first set: those past kWays are kept in
  // their second sets, so all are held.
  for (const auto& host : hosts) {
    EXPECT_NE(HostCache::second_set_of(host), HostCache::set_of(host)) << host;
    EXPECT_TRUE(cache.holds(host)) << host;
  }
  for (std::size_t round = 0; round < 2; ++round) {
    for (auto it = hosts.rbegin(); it != hosts.rend(); ++it) expect_libpsl_answer(cache, *it);
  }
}

TEST(HostCache, AnswersAreLibpslsAfterEvictionAndTheNewestHostsAreHeld) {
  // Three times what the cache holds: every set pair fills and forgets.
  std::vector<std::string> hosts;
  for (std::size_t i = 0; i < 3 * kCapacity; ++i) hosts.push_back(host_number(static_cast<int>(i)));
  HostCache cache;
  for (const auto& host : hosts) expect_libpsl_answer(cache, host);
  std::size_t held = 0;
  for (const auto& host : hosts) held += cache.holds(host) ? 1 : 0;
  EXPECT_LE(held, kCapacity);
  EXPECT_GT(held, kCapacity * 9 / 10);
  // An entry is replaced only as the oldest of the 2 × kWays of its two
  // sets, so the 2 × kWays - 1 newest are always held.
  for (std::size_t i = hosts.size() - (2 * HostCache::kWays - 1); i < hosts.size(); ++i) {
    EXPECT_TRUE(cache.holds(hosts[i])) << hosts[i];
  }
  // The forgotten ones again (evicting others), then two hits in a row: the
  // answer is the entry's, not left from a miss.
  for (std::size_t i = 0; i < hosts.size(); i += 7) expect_libpsl_answer(cache, hosts[i]);
  for (std::size_t i = 0; i < hosts.size(); i += 97) {
    expect_libpsl_answer(cache, hosts[i]);
    expect_libpsl_answer(cache, hosts[i]);
  }
}

TEST(HostCache, HostsUpToThreeFifthsOfItsCapacityAreAllHeld) {
  // As many hosts as the whole-path corpus's ~5,000 (docs/BENCHMARKS.md):
  // with one set a host, about 6% of them went to sets of more than kWays
  // and were looked up in libpsl again at each pass.
  HostCache cache;
  std::vector<std::string> hosts;
  for (std::size_t i = 0; i < kCapacity * 3 / 5; ++i)
    hosts.push_back(host_number(static_cast<int>(i)));
  for (const auto& host : hosts) cache.lookup(host);
  std::size_t held = 0;
  for (const auto& host : hosts) held += cache.holds(host) ? 1 : 0;
  EXPECT_EQ(held, hosts.size());
}

TEST(HostCache, AHostTooLongToKeepIsAnsweredButNotKeptAndALongOneIsKept) {
  std::string host;
  for (int i = 0; i < 12; ++i) host += "xn--e1afmkfd.";
  host += "xn--80ao21a";
  const std::string unicode = to_unicode(host);
  ASSERT_NE(unicode, host);  // both forms together are over the bound
  ASSERT_GT(host.size() + unicode.size(), HostCache::kMaxCachedText);

  HostCache cache;
  for (int round = 0; round < 2; ++round) {
    expect_libpsl_answer(cache, host);
    EXPECT_FALSE(cache.holds(host));
  }
  expect_libpsl_answer(cache, "www.bbc.co.uk");
  EXPECT_TRUE(cache.holds("www.bbc.co.uk"));
  // A text over the entry's own room, but under the bound, is kept apart.
  const std::string idn = "a1.xn--e1afmkfd.xn--e1afmkfd.xn--80ao21a";
  ASSERT_GT(idn.size() + to_unicode(idn).size(), HostCache::kInlineText);
  ASSERT_LE(idn.size() + to_unicode(idn).size(), HostCache::kMaxCachedText);
  for (int round = 0; round < 2; ++round) {
    expect_libpsl_answer(cache, idn);
    EXPECT_TRUE(cache.holds(idn));
  }
  EXPECT_EQ(cache.lookup("www.bbc.co.uk").registrable, "bbc.co.uk");
}

TEST(HostCache, LongTextsReplacedByShortOnesAndBackAreAnsweredRight) {
  // More than twice the capacity of hosts, long texts (kept apart, over
  // kInlineText) and short ones in turn, looked up in three rounds: every
  // lookup of a round misses (the round's first half is forgotten by the
  // time it comes again), so every entry is replaced, again and again, by a
  // host whose text is long or short regardless of the one it replaces, and
  // an entry's text moves between the two places. Each answer stays
  // libpsl's, and only the entries holding a long text keep one on the heap.
  HostCache cache;
  const std::string long_suffix = ".xn--e1afmkfd.xn--e1afmkfd.xn--80ao21a";
  ASSERT_GT(2 + long_suffix.size() + to_unicode("a1" + long_suffix).size(), HostCache::kInlineText);
  std::vector<std::string> hosts;
  for (std::size_t i = 0; hosts.size() < 2 * kCapacity + 1000; ++i) {
    hosts.push_back(i % 2 == 0 ? "a" + std::to_string(i) + long_suffix
                               : "www.site" + std::to_string(i) + ".co.uk");
  }
  const auto held_long_texts = [&] {
    std::size_t held = 0;
    for (std::size_t i = 0; i < hosts.size(); i += 2) held += cache.holds(hosts[i]) ? 1 : 0;
    return held;
  };
  for (int round = 0; round < 3; ++round) {
    for (const auto& host : hosts) expect_libpsl_answer(cache, host);
    // The round's first hosts were replaced; its last are held.
    EXPECT_FALSE(cache.holds(hosts.front())) << round;
    EXPECT_FALSE(cache.holds(hosts[1])) << round;
    EXPECT_TRUE(cache.holds(hosts.back())) << round;
    EXPECT_EQ(cache.spilled_texts(), held_long_texts()) << round;
    EXPECT_LE(cache.spilled_texts(), kCapacity) << round;
  }
  for (const auto& host : hosts) {
    if (cache.holds(host)) expect_libpsl_answer(cache, host);
  }
}

#if defined(__linux__)
TEST(HostCache, AFewHostsHoldAFewPagesNotTheWholeCache) {
  // A thread that parses a handful of URLs (the preload after hello) must
  // not hold the whole 544 KiB.
  HostCache cache;
  EXPECT_EQ(cache.resident_bytes(), 0u);
  for (int i = 0; i < 4; ++i) expect_libpsl_answer(cache, host_number(i));
  EXPECT_GT(cache.resident_bytes(), 0u);
  EXPECT_LE(cache.resident_bytes(), 12u * 4096u);
  // A session's thousands of hosts fill it.
  for (std::size_t i = 0; i < kCapacity; ++i) cache.lookup(host_number(static_cast<int>(i)));
  EXPECT_GT(cache.resident_bytes(), 500u * 1024u);
}
#endif

}  // namespace
}  // namespace sauatty::url
