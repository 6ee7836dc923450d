// host_suffix_hashes() against host_hash() of each suffix on each of its
// load paths, and the properties the tables rely on.
#include "engine/host_hash.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace sauatty::engine {
namespace {

// host_hash() of each label suffix, shortest first, the way the builder
// hashes them: one string at a time.
std::vector<std::uint64_t> reference(std::string_view host, int max) {
  std::vector<std::uint64_t> out;
  for (std::size_t i = host.size(); i > 0 && static_cast<int>(out.size()) < max; --i) {
    if (host[i - 1] == '.') out.push_back(host_hash(host.substr(i)));
  }
  if (!host.empty() && static_cast<int>(out.size()) < max) out.push_back(host_hash(host));
  return out;
}

// host_suffix_hashes() of `host` alone in its own buffer (careful loads),
// then inside a URL after "https://" and after a longer prefix (wide loads,
// and the 16-byte compares for hosts up to 32 bytes).
void expect_agrees(const std::string& host, int max = 64) {
  SCOPED_TRACE(host);
  const std::vector<std::uint64_t> expected = reference(host, max);
  std::uint64_t out[64];
  int n = host_suffix_hashes(host, out, max);
  EXPECT_EQ(std::vector<std::uint64_t>(out, out + n), expected) << "alone";
  for (std::string scheme : {"https://", "https://user:password@long-prefix-of-32-bytes/"}) {
    std::string url = scheme + host + "/path";
    n = host_suffix_hashes(std::string_view(url).substr(scheme.size(), host.size()), out, max,
                           scheme.size());
    EXPECT_EQ(std::vector<std::uint64_t>(out, out + n), expected) << "after " << scheme;
  }
}

TEST(HostHashTest, SuffixesAgreeWithWholeNames) {
  for (const char* host :
       {"a", "com", "example.com", "www.google-analytics.com", "mc.yandex.ru", "counter.yadro.ru",
        "top-fwz1.mail.ru", "a.b.c.d.e.f.g.h", "abcdefgh.ijklmnop", "abcdefg.hijklmn.opqrstu",
        "trailing.dot.", ".leading.dot", "double..dot", ".", "..", "xn--80ak6aa92e.xn--p1ai",
        "a-very-long-label-of-more-than-sixty-four-bytes-to-pass-the-mask.example.co.uk"}) {
    expect_agrees(host);
  }
}

TEST(HostHashTest, RandomHostsOfEveryLength) {
  std::mt19937 rng(7);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-....";
  for (std::size_t len = 1; len <= 150; ++len) {
    for (int k = 0; k < 8; ++k) {
      std::string host;
      for (std::size_t i = 0; i < len; ++i) host += alphabet[rng() % alphabet.size()];
      expect_agrees(host);
    }
  }
}

TEST(HostHashTest, MaxKeepsTheShortestSuffixes) {
  std::uint64_t out[2];
  ASSERT_EQ(host_suffix_hashes("a.b.c.d", out, 2), 2);
  EXPECT_EQ(out[0], host_hash("d"));
  EXPECT_EQ(out[1], host_hash("c.d"));
  EXPECT_EQ(host_suffix_hashes("", out, 2), 0);
  EXPECT_EQ(host_suffix_hashes("a.b", out, 0), 0);
  // Past 64 bytes the dots are found byte by byte, still shortest first.
  std::string deep = std::string(70, 'x') + ".y.z";
  ASSERT_EQ(host_suffix_hashes(deep, out, 2), 2);
  EXPECT_EQ(out[0], host_hash("z"));
  EXPECT_EQ(out[1], host_hash("y.z"));
}

TEST(HostHashTest, NamesThatShareChunksDiffer) {
  // Same chunks from the right with partial chunks of other lengths or
  // content; the empty name hashes to the seed.
  std::set<std::uint64_t> seen;
  for (const char* name :
       {"", "a", "aa", "aaaaaaa", "aaaaaaaa", "aaaaaaaaa", "baaaaaaaa", "abcdefgh", "0abcdefgh",
        "00abcdefgh", "google.*", "google.com", "example.com", "example.co", "xample.com"}) {
    EXPECT_TRUE(seen.insert(host_hash(name)).second) << name;
  }
  EXPECT_EQ(host_hash(""), kHostHashSeed);
}

TEST(HostHashTest, HashesSpreadOverTheirBits) {
  // The tables use host_hash() as a mixed key: its low 32 bits place a key,
  // its high 32 bits are the fingerprint, bits 20–27 and 40+ the bit filter.
  // Over 20,000 similar names every byte of the hash takes many values.
  std::set<std::uint64_t> byte_values[8];
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t h = host_hash("host" + std::to_string(i) + ".example.com");
    for (int b = 0; b < 8; ++b) byte_values[b].insert((h >> (8 * b)) & 0xff);
  }
  for (int b = 0; b < 8; ++b) EXPECT_GT(byte_values[b].size(), 250u) << "byte " << b;
}

}  // namespace
}  // namespace sauatty::engine
