// EngineBuilder: the bounds on regex filters (engine.h, kMaxRegexFilters and
// kMaxUnindexedRegexes). A list of 100,000 regexes once took 496 MB and made
// every request run tens of thousands of them.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/filter.h"

namespace sauatty::engine {
namespace {

Request request_for(std::string_view url) {
  // "https://t.example.net/…": host and domain spelled out, a third party.
  return Request{url,          url,        "t.example.net", "example.net", "news.example.kz",
                 "example.kz", kTypeImage, Party::kThird};
}

struct Added {
  std::size_t ok = 0;
  std::size_t too_many = 0;
  std::size_t unindexed = 0;
};

Added add_all(EngineBuilder& builder, ListId list, const std::vector<std::string>& lines) {
  Added added;
  for (const std::string& line : lines) {
    auto id = builder.add_line(line, list);
    if (id) {
      ++added.ok;
    } else if (id.error().reason == SkipReason::kTooManyRegexes) {
      ++added.too_many;
    } else if (id.error().reason == SkipReason::kUnindexedRegex) {
      ++added.unindexed;
    } else {
      ADD_FAILURE() << line << ": " << skip_reason_name(id.error().reason);
    }
  }
  return added;
}

std::vector<std::string> numbered(const char* format, int count) {
  std::vector<std::string> lines;
  for (int i = 0; i < count; ++i) {
    char line[128];
    std::snprintf(line, sizeof line, format, i);
    lines.emplace_back(line);
  }
  return lines;
}

// Regexes with a good token each ("/collect<i>/"): all indexed, so only the
// total bound applies; filters after them still load and match.
TEST(BuilderTest, RegexFiltersOverTheBoundAreRefusedAndTheListStaysUsable) {
  EngineBuilder builder;
  const ListId list = builder.add_list("regex-heavy");
  Added added =
      add_all(builder, list, numbered("/\\/collect%d\\/[a-z]+\\d/", 2 * kMaxRegexFilters));
  EXPECT_EQ(added.ok, kMaxRegexFilters);
  EXPECT_EQ(added.too_many, kMaxRegexFilters);
  ASSERT_TRUE(builder.add_line("||tracker.example.net^", list).has_value());
  Engine engine = builder.finish();
  EXPECT_EQ(engine.stats().regex, kMaxRegexFilters);

  EXPECT_TRUE(engine.match(request_for("https://t.example.net/collect0/abc1")).block);
  EXPECT_FALSE(engine.match(request_for("https://t.example.net/collect999/abc1")).block);
  Request host_request = request_for("https://tracker.example.net/p.gif");
  host_request.host = "tracker.example.net";
  EXPECT_TRUE(engine.match(host_request).block);
}

// Regexes with no good token (only "https", "js" … or none) and no
// $domain= would run on every request: at most kMaxUnindexedRegexes of them.
TEST(BuilderTest, UnindexedRegexesAreBounded) {
  EngineBuilder builder;
  const ListId list = builder.add_list("regex-heavy");
  Added bare = add_all(builder, list, numbered("/[a-z]+%d[0-9a-f]{8}/", 2 * kMaxUnindexedRegexes));
  EXPECT_EQ(bare.ok, kMaxUnindexedRegexes);
  EXPECT_EQ(bare.unindexed, kMaxUnindexedRegexes);
  // Bad tokens only: as good as none.
  Added bad = add_all(builder, list, numbered("/^https?:\\/\\/[^\\/]+\\/(tr|tk)%d\\d+/", 4));
  EXPECT_EQ(bad.unindexed, 4u);
  // A good token, or page domains to be filed under: indexed, still taken.
  Added indexed =
      add_all(builder, list, {"/\\/pixel\\/[0-9]+/", "/[a-z]+[0-9]{3}/$domain=example.kz"});
  EXPECT_EQ(indexed.ok, 2u);
  Engine engine = builder.finish();
  EXPECT_EQ(engine.stats().regex, kMaxUnindexedRegexes + 2);
  EXPECT_EQ(engine.stats().fallback, kMaxUnindexedRegexes);
}

// Whatever a list holds, the filters one request can reach through the
// regexes are bounded: every regex sharing one token that every request
// carries is the worst case.
TEST(BuilderTest, WorkPerRequestIsBoundedWhenEveryRegexSharesAToken) {
  EngineBuilder builder;
  const ListId list = builder.add_list("regex-heavy");
  add_all(builder, list, numbered("/\\/collect\\/[a-z]*%d[0-9]+q/", 20 * kMaxRegexFilters));
  Engine engine = builder.finish();
  Engine::Work work = engine.work(request_for("https://t.example.net/collect/abc7919?x=1"));
  EXPECT_LE(work.candidates, kMaxRegexFilters);
  EXPECT_GT(work.candidates, 0u);
}

}  // namespace
}  // namespace sauatty::engine
