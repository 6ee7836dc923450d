// HostCache against what it caches: for hosts that share a set, for hosts
// the set has forgotten and looked up again, and for a host too long to keep,
// each answer is to_unicode()'s and registrable_domain()'s (libidn2, libpsl)
// computed afresh.
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

// The first set that more than twice kWays of the numbered hosts go to.
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

TEST(HostCache, AnswersAreLibpslsForHostsThatCollideAndAfterEviction) {
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
  // A set keeps its kWays newest hosts.
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    EXPECT_EQ(cache.holds(hosts[i]), i + HostCache::kWays >= hosts.size()) << hosts[i];
  }
  // Hits on the newest, then the forgotten ones again (evicting those).
  for (std::size_t round = 0; round < 2; ++round) {
    for (auto it = hosts.rbegin(); it != hosts.rend(); ++it) expect_libpsl_answer(cache, *it);
  }
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    // Two hits in a row: the answer is the entry's, not left from a miss.
    expect_libpsl_answer(cache, hosts[i]);
    expect_libpsl_answer(cache, hosts[i]);
  }
}

TEST(HostCache, AHostTooLongToKeepIsAnsweredButNotKept) {
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
  EXPECT_EQ(cache.lookup("www.bbc.co.uk").registrable, "bbc.co.uk");
}

}  // namespace
}  // namespace sauatty::url
