// Engine: decision order, options, and where filters are filed.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "engine/builder_internal.h"
#include "engine/filter.h"
#include "engine/pattern.h"

namespace sauatty::engine {
namespace {

// A request spelled out by hand (the engine does no URL parsing).
struct Req {
  std::string url;
  std::string host;
  std::string domain;
  std::string page_host;
  std::string page_domain;
  TypeBit type = kTypeScript;
  std::string original;  // empty: same as url

  Request view() const {
    Party party = page_host.empty()       ? Party::kUnknown
                  : domain == page_domain ? Party::kFirst
                                          : Party::kThird;
    return Request{
        url, original.empty() ? url : original, host, domain, page_host, page_domain, type, party};
  }
};

Engine build(const std::vector<std::string>& lines) {
  EngineBuilder builder;
  ListId list = builder.add_list("test");
  for (const auto& line : lines) EXPECT_TRUE(builder.add_line(line, list).has_value()) << line;
  return builder.finish();
}

std::string decided(const Engine& engine, const Req& r) {
  Decision d = engine.match(r.view());
  if (!d.matched()) return "none";
  std::string out = d.important ? "important " : d.exception ? "exception " : "block ";
  out.append(engine.filter_text(d.filter));
  return out;
}

const Req kTracker{"https://stats.tracker.com/pixel.gif?id=1",
                   "stats.tracker.com",
                   "tracker.com",
                   "www.news.kz",
                   "news.kz",
                   kTypeImage,
                   ""};

struct DecisionCase {
  const char* name;
  std::vector<std::string> filters;
  Req request;
  const char* expected;
};

const DecisionCase kDecisions[] = {
    {"NoFilters", {}, kTracker, "none"},
    {"HostTable", {"||tracker.com^"}, kTracker, "block ||tracker.com^"},
    {"HostTableExactHost", {"||stats.tracker.com^"}, kTracker, "block ||stats.tracker.com^"},
    {"HostTableOtherHost", {"||other.tracker.com^"}, kTracker, "none"},
    {"HostTableNotASuffix", {"||racker.com^"}, kTracker, "none"},
    // The scheme's token is skipped only when no filter is filed under it.
    {"SchemeToken", {"|https://$image"}, kTracker, "block |https://$image"},
    {"SchemeTokenHttp",
     {"|http://$image"},
     {"http://t.com/a.gif", "t.com", "t.com", "", "", kTypeImage, ""},
     "block |http://$image"},
    // One plain filter lives in the table's value; more, or other types, in
    // host records.
    {"HostTableSharedBucket",
     {"||tracker.com^$script", "||tracker.com^$image"},
     kTracker,
     "block ||tracker.com^$image"},
    {"HostTableInlineSkipsDocuments",
     {"||tracker.com^"},
     {"https://tracker.com/", "tracker.com", "tracker.com", "", "", kTypeDocument, ""},
     "none"},
    {"HostTableInlineThirdPartyOnFirstParty",
     {"||tracker.com^$third-party"},
     {"https://tracker.com/a.js", "tracker.com", "tracker.com", "www.tracker.com", "tracker.com",
      kTypeScript, ""},
     "none"},
    {"Token", {"/pixel.gif?"}, kTracker, "block /pixel.gif?"},
    {"ExceptionWins", {"||tracker.com^", "@@/pixel.gif"}, kTracker, "exception @@/pixel.gif"},
    {"ImportantBeatsException",
     {"@@||tracker.com^", "||tracker.com^$important", "/pixel."},
     kTracker,
     "important ||tracker.com^$important"},
    {"ExceptionAloneDecidesNothing", {"@@||tracker.com^"}, kTracker, "none"},
    {"ThirdParty", {"||tracker.com^$third-party"}, kTracker, "block ||tracker.com^$third-party"},
    {"FirstPartyOnly", {"||tracker.com^$~third-party"}, kTracker, "none"},
    {"TypeMatches", {"/pixel.$image"}, kTracker, "block /pixel.$image"},
    {"TypeDiffers", {"/pixel.$script"}, kTracker, "none"},
    {"TypeNegated", {"/pixel.$~image"}, kTracker, "none"},
    {"DomainIncluded", {"/pixel.$domain=news.kz"}, kTracker, "block /pixel.$domain=news.kz"},
    {"DomainOther", {"/pixel.$domain=other.kz"}, kTracker, "none"},
    {"DomainExcluded", {"/pixel.$domain=~news.kz"}, kTracker, "none"},
    {"DomainMostSpecificWins", {"/pixel.$domain=news.kz|~www.news.kz"}, kTracker, "none"},
    {"DomainEntity", {"/pixel.$domain=news.*"}, kTracker, "block /pixel.$domain=news.*"},
    {"DomainOnlyFilter", {"$image,domain=news.kz"}, kTracker, "block $image,domain=news.kz"},
    // The domain index is skipped when the page's last two labels are none
    // of its domains' (news.kz here), unless an entry is an "x.*" form.
    {"DomainOnlyFilterOtherTail", {"$image,domain=www.other.kz"}, kTracker, "none"},
    {"DomainOnlyFilterDeepEntry",
     {"$image,domain=a.www.news.kz|www.news.kz"},
     kTracker,
     "block $image,domain=a.www.news.kz|www.news.kz"},
    {"DomainOnlyFilterEntityForm",
     {"$image,domain=news.*"},
     kTracker,
     "block $image,domain=news.*"},
    {"DomainOnlyFilterOneLabelPage",
     {"$image,domain=news.kz"},
     {"https://stats.tracker.com/pixel.gif?id=1", "stats.tracker.com", "tracker.com", "intranet",
      "intranet", kTypeImage, ""},
     "none"},
    {"DenyAllow", {"*$image,denyallow=tracker.com,domain=news.kz"}, kTracker, "none"},
    {"BadFilterCancels", {"||tracker.com^", "||tracker.com^$badfilter"}, kTracker, "none"},
    {"BadFilterLeavesOthers",
     {"||tracker.com^$image", "||tracker.com^$badfilter"},
     kTracker,
     "block ||tracker.com^$image"},
    {"Regex", {"/pixel\\.gif\\?id=\\d+/"}, kTracker, "block /pixel\\.gif\\?id=\\d+/"},
    {"RegexNoToken", {"/[a-z]+\\.gif/$image"}, kTracker, "block /[a-z]+\\.gif/$image"},
    {"Fallback", {"*$image,third-party"}, kTracker, "block *$image,third-party"},
    {"MatchCaseMisses", {"/Pixel.gif$match-case"}, kTracker, "none"},
    // Long tokens open on the right are index keys (their first 8 characters).
    {"LongTokenOpenOnTheRight",
     {"/p?id=abcdefghijk"},
     {"https://t.com/p?id=abcdefghijklmno", "t.com", "t.com", "", "", kTypeImage, ""},
     "block /p?id=abcdefghijk"},
    {"LongTokenSharesItsPrefixOnly",
     {"/p?id=abcdefghijk"},
     {"https://t.com/p?id=abcdefghzzz", "t.com", "t.com", "", "", kTypeImage, ""},
     "none"},
    // The quick 4-byte check: the first segment's last four characters.
    // ("/analytics-js/" alone would be a regex.)
    {"QuickCheckRejects",
     {"/analytics-js/a"},
     {"https://t.com/analytics-jx/a", "t.com", "t.com", "", "", kTypeScript, ""},
     "none"},
    {"QuickCheckPastTheEnd",
     {"/analytics-js/a"},
     {"https://t.com/analytics-js/", "t.com", "t.com", "", "", kTypeScript, ""},
     "none"},
    {"QuickCheckPasses",
     {"/analytics-jx/a", "/analytics-js/a"},
     {"https://t.com/analytics-js/a.js", "t.com", "t.com", "", "", kTypeScript, ""},
     "block /analytics-js/a"},
    {"QuickCheckFirstSegmentOnly",
     {"/analytics-js*/b.js"},
     {"https://t.com/analytics-js/x/b.js", "t.com", "t.com", "", "", kTypeScript, ""},
     "block /analytics-js*/b.js"},
    {"QuickCheckSkipsCarets",
     {"/analytics^js^"},
     {"https://t.com/analytics/js", "t.com", "t.com", "", "", kTypeScript, ""},
     "block /analytics^js^"},
};

TEST(EngineTest, Decisions) {
  for (const DecisionCase& c : kDecisions) {
    SCOPED_TRACE(c.name);
    Engine engine = build(c.filters);
    EXPECT_EQ(decided(engine, c.request), c.expected);
  }
}

TEST(EngineTest, MatchCaseReadsOriginalUrl) {
  Engine engine = build({"/Pixel.gif$match-case"});
  Req r = kTracker;
  r.original = "https://stats.tracker.com/Pixel.gif?id=1";
  EXPECT_EQ(decided(engine, r), "block /Pixel.gif$match-case");
}

TEST(EngineTest, MatchCaseQuickCheckReadsOriginalUrl) {
  // "track" pins the pattern; the quick check's four characters ("lGIF")
  // hold capitals, so it must read the URL as written, not the lower-cased.
  Engine engine = build({"/track/PixelGIF$match-case"});
  Req r = kTracker;
  r.url = "https://stats.tracker.com/track/pixelgif?id=1";
  r.original = "https://stats.tracker.com/track/PixelGIF?id=1";
  EXPECT_EQ(decided(engine, r), "block /track/PixelGIF$match-case");
  r.original = "https://stats.tracker.com/track/PixelGif?id=1";
  EXPECT_EQ(decided(engine, r), "none");
}

TEST(EngineTest, ExceptionsFromEveryTableOverrideABlock) {
  // The block index's scan prescreens the exception and important indexes'
  // host and token keys; exceptions filed elsewhere (page domains, the
  // fallback) are still asked. Each exception alone, then none.
  const std::vector<std::string> exceptions = {
      "@@||stats.tracker.com^",         // host table
      "@@/pixel.gif?id=",               // token index
      "@@$image,domain=news.kz",        // domain index
      "@@$image,domain=~example.org"};  // no include domain, no token: fallback
  for (const std::string& exception : exceptions) {
    SCOPED_TRACE(exception);
    Engine engine = build({"||tracker.com^", exception});
    EXPECT_EQ(decided(engine, kTracker), "exception " + exception);
  }
  Engine engine = build({"||tracker.com^", "@@||other.com^", "@@/banner.gif"});
  EXPECT_EQ(decided(engine, kTracker), "block ||tracker.com^");
  Engine important = build({"||tracker.com^", "/pixel.gif$important", "@@||tracker.com^"});
  EXPECT_EQ(decided(important, kTracker), "important /pixel.gif$important");
}

TEST(EngineTest, TokenBucketIsReadPastItsFirstFilter) {
  // Both filters have the tokens "pixel" and "gif" only, so they share one
  // token bucket; the token table's slot holds a copy of the first one's
  // quick record, the rest are read from the bucket.
  Engine engine = build({"/pixel.gif?", "/pixel-gif?", "/pixel_gif?"});
  Req r = kTracker;
  for (const char* pattern : {"/pixel.gif?", "/pixel-gif?", "/pixel_gif?"}) {
    SCOPED_TRACE(pattern);
    r.url = std::string("https://stats.tracker.com") + pattern + "id=1";
    EXPECT_EQ(decided(engine, r), std::string("block ") + pattern);
  }
  r.url = "https://stats.tracker.com/pixel~gif?id=1";
  EXPECT_EQ(decided(engine, r), "none");
}

// Where the four characters of a pinned glob's quick check are taken from.
std::string quick_window(std::string_view pattern, std::string_view token) {
  std::size_t at = 0;
  std::uint32_t bytes = 0;
  if (!quick_check(pattern, pattern.find(token), token.size(), at, bytes)) return "none";
  std::string window(4, ' ');
  std::memcpy(window.data(), &bytes, 4);
  EXPECT_EQ(window, pattern.substr(at, 4));
  return window;
}

TEST(EngineTest, QuickCheckAvoidsTheTokenItself) {
  // The last four characters "age/" would add one character to what the
  // token "image" already says; the four before it tell the three apart.
  EXPECT_EQ(quick_window("/ads_image/", "image"), "ads_");
  EXPECT_EQ(quick_window("/ads/image/", "image"), "ads/");
  EXPECT_EQ(quick_window("/ad/image/", "image"), "/ad/");
  // Characters after the token when they are as good: the last window.
  EXPECT_EQ(quick_window("/analytics/pixel.gif", "analytics"), ".gif");
  // Only the token's first 8 characters are known from the index.
  EXPECT_EQ(quick_window("/analyticsdatalayer", "analyticsdatalayer"), "ayer");
  // Only the first '*'-separated segment, and never across a '^'.
  EXPECT_EQ(quick_window("/adv/*/banner.js", "adv"), "adv/");
  EXPECT_EQ(quick_window("/pixel^gif/", "pixel"), "gif/");
  EXPECT_EQ(quick_window("^ab^", "ab"), "none");
}

TEST(EngineTest, UnknownPartyPassesBothPartyOptions) {
  Engine engine = build({"||tracker.com^$~third-party"});
  Req r = kTracker;
  r.page_host.clear();
  r.page_domain.clear();
  EXPECT_EQ(decided(engine, r), "block ||tracker.com^$~third-party");
}

TEST(EngineTest, ForEachMatchVisitsEveryMatchingFilter) {
  Engine engine = build({"||tracker.com^", "@@/pixel.gif", "/pixel.", "/nomatch/", "$image"});
  std::set<std::string> seen;
  engine.for_each_match(kTracker.view(),
                        [&](FilterId id) { seen.insert(std::string(engine.filter_text(id))); });
  EXPECT_EQ(seen, (std::set<std::string>{"||tracker.com^", "@@/pixel.gif", "/pixel.", "$image"}));
}

TEST(EngineTest, RefusedRegexIsReportedAndEngineWorks) {
  EngineBuilder builder;
  ListId list = builder.add_list("test");
  auto bad = builder.add_line("/(?<=ads)banner/", list);  // look-behind: RE2 refuses
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().reason, SkipReason::kBadRegex);
  ASSERT_TRUE(builder.add_line("||tracker.com^", list).has_value());
  Engine engine = builder.finish();
  EXPECT_EQ(decided(engine, kTracker), "block ||tracker.com^");
}

TEST(EngineTest, ReportsNamesAndStats) {
  EngineBuilder builder;
  ListId a = builder.add_list("list-a");
  ListId b = builder.add_list("list-b");
  auto id1 = builder.add_line("||tracker.com^", a);
  auto id2 = builder.add_line("@@/pixel.gif", b);
  ASSERT_TRUE(id1 && id2);
  Engine engine = builder.finish();
  EXPECT_EQ(engine.size(), 2u);
  EXPECT_EQ(engine.list_name(engine.filter_list(*id1)), "list-a");
  EXPECT_EQ(engine.list_name(engine.filter_list(*id2)), "list-b");
  EXPECT_FALSE(engine.is_exception(*id1));
  EXPECT_TRUE(engine.is_exception(*id2));
  EXPECT_EQ(engine.stats().host_table, 1u);
  EXPECT_EQ(engine.stats().token_index, 1u);
  EXPECT_EQ(engine.filter_text(kNoFilter), "");
}

TEST(EngineTest, EmptyEngineMatchesNothing) {
  Engine engine;
  EXPECT_FALSE(engine.match(kTracker.view()).matched());
  Engine built = EngineBuilder().finish();
  EXPECT_FALSE(built.match(kTracker.view()).matched());
}

TEST(EngineTest, HugeUrlHasAllItsTokensLookedUp) {
  // More tokens than Context keeps: the filter's token comes late.
  std::string url = "https://stats.tracker.com/?";
  for (int i = 0; i < 500; ++i) {
    url += 'k';
    url += std::to_string(i);
    url += "=v&";
  }
  url += "needle=1";
  // Filters under the URL's early tokens fill the per-request token array.
  std::vector<std::string> filters = {"&needle="};
  for (int i = 0; i < 200; ++i) {
    // "&k7=x": filed under k7, a token of the URL, but no match ("k7=v").
    std::string filter = i == 0 ? "?k" : "&k";
    filter += std::to_string(i);
    filter += "=x";
    filters.push_back(filter);
  }
  Engine engine = build(filters);
  Req r = kTracker;
  r.url = url;
  EXPECT_EQ(decided(engine, r), "block &needle=");
}

}  // namespace
}  // namespace sauatty::engine

namespace sauatty::engine {
namespace {

// Random filters and URLs from a small alphabet rich in the characters the
// syntax gives meaning to: nothing crashes, and whatever match() decides,
// for_each_match() (the same tables, no early exit) agrees with it.
TEST(EngineTest, RandomFiltersAndUrlsAgreeAndNeverCrash) {
  const std::string alphabet = "ab.c/|^*$@~=,-_?&:1x";
  const char* options[] = {"",           "$third-party", "$~third-party",
                           "$image",     "$~image",      "$domain=a.b|~c.a.b",
                           "$important", "$match-case",  "$badfilter"};
  std::uint64_t state = 12345;
  auto next = [&]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  auto random_text = [&](std::size_t max_len) {
    std::string out;
    std::size_t len = next() % max_len;
    for (std::size_t i = 0; i < len; ++i) out += alphabet[next() % alphabet.size()];
    return out;
  };
  for (int round = 0; round < 50; ++round) {
    EngineBuilder builder;
    ListId list = builder.add_list("random");
    for (int i = 0; i < 200; ++i) {
      std::string line = next() % 4 == 0 ? "@@" : "";
      line += random_text(12);
      line += options[next() % std::size(options)];
      (void)builder.add_line(line, list);
    }
    Engine engine = builder.finish();
    for (int i = 0; i < 200; ++i) {
      std::string host = "a.b";
      std::string url = "https://a.b/";
      url += random_text(30);
      Req r{url,
            host,
            host,
            next() % 2 ? "c.a.b" : "x.y",
            next() % 2 ? "a.b" : "x.y",
            next() % 2 ? kTypeImage : kTypeScript,
            ""};
      Decision d = engine.match(r.view());
      std::set<FilterId> all;
      engine.for_each_match(r.view(), [&](FilterId id) { all.insert(id); });
      SCOPED_TRACE(url);
      if (d.matched()) {
        EXPECT_TRUE(all.contains(d.filter)) << engine.filter_text(d.filter);
      }
      bool any_block = false;
      for (FilterId id : all) any_block |= !engine.is_exception(id);
      EXPECT_EQ(d.matched(), any_block);
    }
  }
}

// The index (host table, token prefixes, pinned offsets, quick checks)
// against brute force: for random option-less filters and random URLs, the
// filters for_each_match() reports are exactly those whose pattern
// match_pattern() accepts on its own. Long runs of letters make tokens of 8
// characters and more, open on either side.
TEST(EngineTest, IndexAgreesWithBruteForce) {
  const std::string alphabets[] = {"ab.c/|^*-=?1x", "aaaaaaab/.^*=-?x"};
  std::uint64_t state = 777;
  auto next = [&]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  std::size_t matches = 0;
  for (const std::string& alphabet : alphabets) {
    auto random_text = [&](std::size_t max_len) {
      std::string out;
      std::size_t len = 1 + next() % max_len;
      for (std::size_t i = 0; i < len; ++i) out += alphabet[next() % alphabet.size()];
      return out;
    };
    for (int round = 0; round < 40; ++round) {
      EngineBuilder builder;
      ListId list = builder.add_list("random");
      std::vector<std::pair<FilterId, NetworkFilter>> filters;
      for (int i = 0; i < 150; ++i) {
        std::string line = random_text(16);
        auto parsed = parse_filter(line);
        if (!parsed || (parsed->flags & kFlagRegex)) continue;
        auto id = builder.add(*parsed, list);
        if (id) filters.emplace_back(*id, *parsed);
      }
      Engine engine = builder.finish();
      for (int i = 0; i < 150; ++i) {
        std::string url = "https://aaaaaaaab.b/" + random_text(40);
        Req r{url, "aaaaaaaab.b", "aaaaaaaab.b", "", "", kTypeImage, ""};
        std::set<FilterId> found;
        engine.for_each_match(r.view(), [&](FilterId id) { found.insert(id); });
        std::set<FilterId> expected;
        for (const auto& [id, f] : filters) {
          if (match_pattern(f.pattern, f.flags, url, 8, 8 + r.host.size())) expected.insert(id);
        }
        ASSERT_EQ(found, expected) << url;
        matches += expected.size();
      }
    }
  }
  EXPECT_GT(matches, 1000u);  // the comparison saw real matches
}

}  // namespace
}  // namespace sauatty::engine
