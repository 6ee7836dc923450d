// The compiled cache (store/compiled_cache.h, engine/frozen_io.h): a round
// trip gives the same verdicts as the parsed lists on the 8,276 real
// requests; a cache that is damaged, truncated, of another version, with a
// wrong checksum, built from other sources or hostile (a good checksum over
// bad offsets) is refused with its reason, the lists are parsed instead
// (the last good lists stay in use) and a good cache is written again; a
// symbolic link, FIFO or folder at the cache's path is refused (checked on
// the open file: never followed, never waited on); the checksum the cache
// is sealed with (store::WideChecksum) is the same however the bytes are
// split and changes with any byte or the length.
#include "store/compiled_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "credibility/assessor.h"
#include "engine/frozen_io.h"
#include "engine/test_data.h"
#include "lists/request_digest.h"
#include "store/checksum.h"
#include "support/temp_dir.h"
#include "url/url.h"

namespace sauatty::store {
namespace {

using testing::shared_data;
using testing::slurp;

struct Vector {
  std::string url, page, type;
  std::vector<std::string> filters;
};

std::vector<Vector> load_vectors() {
  std::vector<Vector> out;
  auto path = shared_data("vectors/matching-test-requests.json");
  if (!path) return out;
  for (const auto& v : nlohmann::json::parse(slurp(*path))) {
    Vector vector{v["url"].get<std::string>(),
                  v["sourceUrl"].get<std::string>(),
                  v["type"].get<std::string>(),
                  {}};
    for (const auto& f : v["filters"]) vector.filters.push_back(f.get<std::string>());
    out.push_back(std::move(vector));
  }
  return out;
}

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> v = load_vectors();
  return v;
}

// One request's verdict in every detail a report uses.
std::string verdict(const lists::TrackerRules& rules, const lists::DigestedRequest& r) {
  engine::Decision d = rules.engine.match(r.view());
  lists::Attribution a = lists::attribute(rules, d, r.host);
  std::string out = std::to_string(d.filter) + "/" + std::to_string(d.blocked_by) + "/" +
                    std::to_string(d.block) + std::to_string(d.exception) +
                    std::to_string(d.important) + "|" + a.rule + "|" + a.list + "|" + a.entity +
                    "|" + a.category + "|" + a.domain;
  std::set<engine::FilterId> all;
  rules.engine.for_each_match(r.view(), [&](engine::FilterId id) { all.insert(id); });
  for (engine::FilterId id : all) out += "," + std::to_string(id);
  return out;
}

// Writes `text` to `path`.
void put(const std::filesystem::path& path, std::string_view text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string bytes_of(const std::filesystem::path& path) { return slurp(path); }

// Options of a small rule set: the embedded rules, a filter file of our own
// and, when there, EasyPrivacy.
struct Fixture {
  sauatty::testing::TempDir dir{"compiled-cache"};
  std::filesystem::path filters = dir.path() / "mine.txt";
  std::filesystem::path cache = compiled_cache_file(dir.path() / "lists");
  LoadOptions options;
  Fixture() {
    put(filters,
        "||tracker.example^\n/banner/ads/*\n@@||tracker.example/ok^\n/^https?:\\/\\/re\\.example\\/"
        "[0-9]+/\n"
        "||counter.example^$domain=news.kz|~sport.news.kz\n");
    options.filter_files.push_back(filters);
    options.compiled_cache = cache;
  }
  std::shared_ptr<const RuleSet> load() const {
    auto set = load_rule_set(options);
    EXPECT_TRUE(set.has_value()) << (set ? "" : set.error());
    return set ? *set : nullptr;
  }
};

// Verdicts of `set` on the sample requests (the vectors when present).
std::vector<std::string> verdicts(const RuleSet& set) {
  std::vector<std::string> out;
  lists::DigestedRequest r;
  auto each = [&](std::string_view url, std::string_view page, std::string_view type) {
    lists::digest_request(url, page, type, r);
    out.push_back(verdict(*set.trackers, r));
  };
  each("https://tracker.example/p.gif", "https://news.kz/", "image");
  each("https://tracker.example/ok/1", "https://news.kz/", "script");
  each("https://cdn.example/banner/ads/1.png", "https://news.kz/", "image");
  each("https://re.example/12345", "https://news.kz/", "script");
  each("https://counter.example/c.js", "https://news.kz/", "script");
  each("https://counter.example/c.js", "https://sport.news.kz/", "script");
  each("https://mc.yandex.ru/metrika/tag.js", "https://news.kz/", "script");
  for (std::size_t i = 0; i < vectors().size(); i += 97) {
    each(vectors()[i].url, vectors()[i].page, vectors()[i].type);
  }
  return out;
}

TEST(CompiledCacheTest, RoundTripOfEasyListAndEasyPrivacyGivesIdenticalVerdicts) {
  auto easylist = shared_data("filters/easylist-2026-07.txt");
  auto easyprivacy = shared_data("filters/easyprivacy-2026-07.txt");
  if (!easylist || !easyprivacy || vectors().empty())
    GTEST_SKIP() << "SAUATTY_SHARED_DATA filters/easy*-2026-07.txt or vectors/ absent";
  sauatty::testing::TempDir dir("compiled-cache-easylist");
  LoadOptions options;
  options.tracker_imports.push_back({ListKind::kFilters, *easylist, true});
  options.tracker_imports.push_back({ListKind::kFilters, *easyprivacy, true});
  options.compiled_cache = compiled_cache_file(dir.path());
  auto parsed = load_rule_set(options);
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  EXPECT_EQ((*parsed)->compiled_cache, "parsed the lists: none yet, written");
  EXPECT_FALSE((*parsed)->compiled_cache_refused);
  auto cached = load_rule_set(options);
  ASSERT_TRUE(cached.has_value()) << cached.error();
  ASSERT_EQ((*cached)->compiled_cache, "used");
  const RuleSet& a = **parsed;
  const RuleSet& b = **cached;
  ASSERT_GT(a.trackers->engine.size(), 100000u);
  EXPECT_EQ(a.trackers->engine.size(), b.trackers->engine.size());
  EXPECT_EQ(a.trackers->entities.size(), b.trackers->entities.size());
  EXPECT_EQ(a.warnings, b.warnings);
  ASSERT_EQ(a.lists.size(), b.lists.size());
  for (std::size_t i = 0; i < a.lists.size(); ++i) {
    EXPECT_EQ(a.lists[i].name, b.lists[i].name);
    EXPECT_EQ(a.lists[i].kind, b.lists[i].kind);
    EXPECT_EQ(a.lists[i].entries, b.lists[i].entries);
  }
  lists::DigestedRequest r;
  std::size_t blocked = 0, differ = 0;
  for (const Vector& v : vectors()) {
    lists::digest_request(v.url, v.page, v.type, r);
    std::string x = verdict(*a.trackers, r), y = verdict(*b.trackers, r);
    blocked += a.trackers->engine.match(r.view()).block;
    if (x != y && ++differ <= 5) ADD_FAILURE() << "verdicts differ: " << x << " vs " << y;
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_GT(blocked, 3000u);  // the lists do decide on this corpus
  EXPECT_EQ(a.trackers->engine.stats().memory_bytes, b.trackers->engine.stats().memory_bytes);
}

// Every filter of every vector in one engine (regexes, $domain=, exceptions,
// options of every kind), through frozen_io and back: for_each_match gives
// the same filters on every vector's request.
TEST(CompiledCacheTest, RoundTripOfEveryVectorFilterMatchesTheSame) {
  if (vectors().empty()) GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors absent";
  engine::EngineBuilder builder;
  engine::ListId list = builder.add_list("vectors");
  std::set<std::string> seen;
  for (const Vector& v : vectors()) {
    for (const std::string& f : v.filters) {
      if (seen.insert(f).second) (void)builder.add_line(f, list);
    }
  }
  // The vectors hold no regex filter: a few of our own, with and without
  // match-case and $domain=.
  for (const char* f : {"/^https?:\\/\\/[a-z]+\\.example\\/ad[0-9]+/",
                        "/banner[0-9]+\\.gif/$domain=news.kz", "/Track[A-Z]+/$match-case"}) {
    ASSERT_TRUE(builder.add_line(f, list).has_value()) << f;
  }
  engine::Engine original = builder.finish();
  ASSERT_EQ(original.stats().regex, 3u);
  std::string bytes;
  engine::FrozenWriter out(bytes);
  engine::write_engine(original, out);
  engine::FrozenReader in = engine::FrozenReader::of(bytes);
  auto copy = engine::read_engine(in);
  ASSERT_TRUE(copy.has_value()) << copy.error();
  EXPECT_EQ(in.remaining(), 0u);
  lists::DigestedRequest r;
  std::size_t differ = 0, matched = 0;
  for (const Vector& v : vectors()) {
    lists::digest_request(v.url, v.page, v.type, r);
    std::set<engine::FilterId> x, y;
    original.for_each_match(r.view(), [&](engine::FilterId id) { x.insert(id); });
    copy->for_each_match(r.view(), [&](engine::FilterId id) { y.insert(id); });
    engine::Decision dx = original.match(r.view()), dy = copy->match(r.view());
    matched += !x.empty();
    if ((x != y || dx.filter != dy.filter || dx.block != dy.block) && ++differ <= 5)
      ADD_FAILURE() << "vector " << v.url << " differs";
  }
  for (const auto& [url, page] : std::vector<std::pair<const char*, const char*>>{
           {"https://ads.example/ad123", "https://x.kz/"},
           {"https://cdn.kz/banner42.gif", "https://news.kz/"},
           {"https://cdn.kz/TrackME", "https://x.kz/"},
           {"https://cdn.kz/trackme", "https://x.kz/"}}) {
    lists::digest_request(url, page, "image", r);
    EXPECT_EQ(original.match(r.view()).filter, copy->match(r.view()).filter) << url;
    matched += original.match(r.view()).block;
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_GT(matched, 8000u);
  for (engine::FilterId id = 0; id < original.size(); id += 101) {
    EXPECT_EQ(original.filter_text(id), copy->filter_text(id));
    EXPECT_EQ(original.filter_list(id), copy->filter_list(id));
  }
}

// FrozenReader::count, which every bounded list of the cache is read with:
// a count passes only when within its bound and when that many items of at
// least the given size fit in the bytes left.
TEST(CompiledCacheTest, ACountIsBoundedByItsMaximumAndByTheBytesLeft) {
  std::string bytes;
  engine::FrozenWriter out(bytes);
  out.u64(5);
  out.raw(std::string(40, 'x').data(), 40);
  struct Case {
    std::uint64_t max, each;
    bool ok;
  };
  for (const Case& c : {Case{10, 8, true}, Case{5, 8, true}, Case{4, 8, false}, Case{10, 9, false},
                        Case{10, 1, true}}) {
    SCOPED_TRACE(std::to_string(c.max) + " of " + std::to_string(c.each));
    engine::FrozenReader in = engine::FrozenReader::of(bytes);
    EXPECT_EQ(in.count(c.max, c.each), c.ok ? 5u : 0u);
    EXPECT_EQ(in.ok(), c.ok);
    if (!c.ok) {
      EXPECT_EQ(in.error(), "a count of 5 items is more than the input holds");
    }
  }
  engine::FrozenReader short_input = engine::FrozenReader::of(std::string_view(bytes).substr(0, 4));
  EXPECT_EQ(short_input.count(10, 1), 0u);
  EXPECT_EQ(short_input.error(), "truncated");
}

// A read engine compiles its regex filters at their first match
// (engine/filter_regex.h), not while it is read: a pattern RE2 refuses (only
// a damaged or hostile cache holds one) no longer refuses the cache; that
// filter matches nothing, as the builder drops a regex RE2 refuses, and
// every other filter answers as before.
TEST(CompiledCacheTest, ARegexRe2RefusesInTheCacheMatchesNothing) {
  engine::EngineBuilder builder;
  engine::ListId list = builder.add_list("mine");
  for (const char* f :
       {"||tracker.example^", "/^https?:\\/\\/re\\.example\\/[0-9]+/", "/banner[0-9]+\\.gif/"}) {
    ASSERT_TRUE(builder.add_line(f, list).has_value()) << f;
  }
  engine::Engine original = builder.finish();
  std::string bytes;
  engine::FrozenWriter out(bytes);
  engine::write_engine(original, out);
  auto match = [](const engine::Engine& e, const char* url) {
    lists::DigestedRequest r;
    lists::digest_request(url, "https://news.kz/", "image", r);
    return e.match(r.view()).block;
  };
  // "[0-9]+" becomes a look-behind of the same length, which RE2 refuses.
  const std::size_t at = bytes.find("re\\.example\\/[0-9]+");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(bytes.find("[0-9]+", at), 6, "(?<=a)");
  engine::FrozenReader in = engine::FrozenReader::of(bytes);
  auto copy = engine::read_engine(in);
  ASSERT_TRUE(copy.has_value()) << copy.error();
  EXPECT_TRUE(match(original, "https://re.example/123"));
  EXPECT_FALSE(match(*copy, "https://re.example/123"));
  EXPECT_FALSE(match(*copy, "https://re.example/(?<=a)"));
  for (const char* url : {"https://tracker.example/p.gif", "https://cdn.kz/banner42.gif"}) {
    EXPECT_TRUE(match(original, url)) << url;
    EXPECT_TRUE(match(*copy, url)) << url;
  }
  EXPECT_FALSE(match(*copy, "https://cdn.kz/banner.gif"));
}

TEST(CompiledCacheTest, SecondLoadUsesTheCacheAndGivesTheSameVerdicts) {
  Fixture f;
  auto first = f.load();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->compiled_cache, "parsed the lists: none yet, written");
  ASSERT_TRUE(std::filesystem::exists(f.cache));
  auto second = f.load();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->compiled_cache, "used");
  EXPECT_EQ(verdicts(*first), verdicts(*second));
  // The credibility index comes from the cache too.
  EXPECT_TRUE(second->credibility != nullptr);
  EXPECT_EQ(second->lists.size(), first->lists.size());
}

// Every credibility entry's per-language citations come back from the cache
// as parsed (format 3), and our own lists do give some.
TEST(CompiledCacheTest, PerLanguageCitationsComeBackFromTheCache) {
  Fixture f;
  auto first = f.load();
  auto second = f.load();
  ASSERT_TRUE(first && second && first->credibility && second->credibility);
  ASSERT_EQ(second->compiled_cache, "used");
  const auto a = first->credibility->lists(), b = second->credibility->lists();
  ASSERT_EQ(a.size(), b.size());
  std::size_t with_citations = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].entries.size(), b[i].entries.size()) << a[i].name;
    for (std::size_t j = 0; j < a[i].entries.size(); ++j) {
      EXPECT_EQ(a[i].entries[j].citations, b[i].entries[j].citations) << a[i].entries[j].host;
      with_citations += !a[i].entries[j].citations.empty();
    }
  }
  EXPECT_GT(with_citations, 0u);
}

// The cache's header (store/compiled_cache.cpp): 64 bytes; the tracker
// part's length at 40, its checksum at 48, the credibility part's at 56.
constexpr std::size_t kHeader = 64;

// `b` with both parts' checksums made right, so that the checks behind
// them are reached.
std::string resealed(std::string b) {
  std::uint64_t tracker_bytes = 0;
  std::memcpy(&tracker_bytes, b.data() + 40, 8);
  const std::string_view body = std::string_view(b).substr(kHeader);
  const std::uint64_t tracker = wide_checksum(body.substr(0, tracker_bytes));
  const std::uint64_t credibility =
      wide_checksum(body.substr(std::min<std::uint64_t>(tracker_bytes, body.size())));
  std::memcpy(b.data() + 48, &tracker, 8);
  std::memcpy(b.data() + 56, &credibility, 8);
  return b;
}

// Each damage: the reason `rules list` shows, and a good cache after.
struct Damage {
  const char* name;
  std::function<void(std::string&)> apply;
  const char* reason;
};

TEST(CompiledCacheTest, DamagedCacheIsRefusedWithItsReasonAndRebuilt) {
  const std::vector<Damage> damages = {
      {"truncated to half", [](std::string& b) { b.resize(b.size() / 2); }, "truncated"},
      {"truncated by one byte", [](std::string& b) { b.pop_back(); }, "truncated"},
      {"truncated inside the header", [](std::string& b) { b.resize(20); }, "truncated"},
      {"emptied", [](std::string& b) { b.clear(); }, "truncated"},
      {"a byte of a filter text flipped",
       [](std::string& b) {
         auto at = b.find("banner/ads");
         ASSERT_NE(at, std::string::npos);
         b[at] ^= 0x20;
       },
       "checksum mismatch (damaged)"},
      {"wrong checksum", [&](std::string& b) { b[kHeader - 1] ^= 1; },  // the checksum's top byte
       "checksum mismatch (damaged)"},
      {"wrong checksum of the tracker part", [&](std::string& b) { b[kHeader - 9] ^= 1; },
       "checksum mismatch (damaged)"},
      {"a byte of the credibility part flipped", [](std::string& b) { b[b.size() - 9] ^= 0x20; },
       "checksum mismatch (damaged)"},
      {"the parts' boundary past the body",
       [](std::string& b) {
         const std::uint64_t past = b.size();
         std::memcpy(b.data() + 40, &past, 8);
       },
       "truncated"},
      {"another version", [](std::string& b) { b[8] = 0x7f; },
       "written by format 127 (this host reads 6)"},
      {"not a cache", [](std::string& b) { b.replace(0, 8, "GARBAGE!"); }, "not a compiled cache"},
      {"bytes appended", [](std::string& b) { b += "x"; }, "bytes after the index (damaged)"},
  };
  for (const Damage& damage : damages) {
    SCOPED_TRACE(damage.name);
    Fixture f;
    auto good = f.load();
    ASSERT_TRUE(good);
    std::string bytes = bytes_of(f.cache);
    damage.apply(bytes);
    put(f.cache, bytes);
    auto again = f.load();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->compiled_cache,
              std::string("parsed the lists: ") + damage.reason + ", written");
    EXPECT_TRUE(again->compiled_cache_refused);
    // The lists still decide as before, and the cache is good again.
    EXPECT_EQ(verdicts(*good), verdicts(*again));
    auto third = f.load();
    ASSERT_TRUE(third);
    EXPECT_EQ(third->compiled_cache, "used");
  }
}

// A hostile cache: the checksum made right over a body whose counts and
// offsets are wrong. Every refusal names what is wrong; none crashes (the
// sanitizer build runs this too).
TEST(CompiledCacheTest, HostileCacheWithAGoodChecksumIsRefused) {
  Fixture f;
  ASSERT_TRUE(f.load());
  const std::string good = bytes_of(f.cache);
  std::size_t refused = 0, accepted = 0;
  // The boundary between the two parts moved (both checksums made right
  // for the new split): each part then ends or begins inside a record.
  for (std::int64_t by : {-8, -1, 1, 8}) {
    std::uint64_t tracker_bytes = 0;
    std::memcpy(&tracker_bytes, good.data() + 40, 8);
    tracker_bytes += static_cast<std::uint64_t>(by);
    std::string b = good;
    std::memcpy(b.data() + 40, &tracker_bytes, 8);
    put(f.cache, resealed(b));
    auto read = read_compiled_cache(f.cache, f.options);
    ASSERT_FALSE(read.has_value()) << by;
    EXPECT_FALSE(read.error().empty());
  }
  // Every 8-byte word of the body in turn set to a large value, then to a
  // small one: counts, offsets, ids, bucket starts, table sizes.
  // About 600 words, spread over the whole body.
  const std::size_t stride = std::max<std::size_t>(8, (good.size() - kHeader) / 600 / 8 * 8);
  for (std::size_t at = kHeader; at + 8 <= good.size(); at += stride) {
    for (std::uint64_t value : {std::uint64_t{0xfffffff0}, std::uint64_t{1}}) {
      std::string b = good;
      std::memcpy(b.data() + at, &value, 8);
      put(f.cache, resealed(b));
      auto read = read_compiled_cache(f.cache, f.options);
      if (!read) {
        ++refused;
        EXPECT_FALSE(read.error().empty());
        continue;
      }
      // Accepted: then it must be safe to use.
      ++accepted;
      lists::DigestedRequest r;
      for (const char* url : {"https://tracker.example/p.gif", "https://re.example/12345",
                              "https://counter.example/c.js", "https://cdn.example/banner/ads/1"}) {
        lists::digest_request(url, "https://news.kz/", "script", r);
        (void)verdict(*read->trackers, r);
      }
      if (read->credibility) {
        for (const char* url : {"https://rt.com/news", "https://bbc-news.co/", "https://kaspl.kz/",
                                "https://xn--bb-tmc.com/", "https://cato.org/blog/x"}) {
          (void)read->credibility->assess(*url::parse(url));
        }
      }
    }
  }
  EXPECT_GT(refused, 100u);
  std::printf("hostile words: %zu refused, %zu accepted and used safely\n", refused, accepted);
}

// One assessment in every detail the answers use.
std::string describe(const credibility::Assessment& a) {
  std::string out = std::to_string(static_cast<int>(a.level)) + "/" +
                    (a.rating ? std::to_string(static_cast<int>(*a.rating)) : "-") + "/" +
                    (a.entry ? a.entry->pattern() + "@" + a.list->name : "-") + "/" +
                    std::to_string(static_cast<int>(a.lookalike)) + "/" +
                    (a.imitated ? a.imitated->domain : "-") + "/" +
                    std::string(a.substitution.written) + ">" +
                    std::string(a.substitution.instead_of) + "/" + std::to_string(a.signals) + "/" +
                    std::to_string(a.next_steps) + "/";
  for (std::string_view code : credibility::reason_codes(a)) out += std::string(code) + ",";
  return out;
}

// Starts each task on a thread of its own (LoadOptions::read_beside), and
// joins them all when it goes.
struct Threads {
  std::vector<std::thread> threads;
  std::vector<std::thread::id> ids;  // of the threads the tasks ran on
  std::mutex mutex;
  ReadBeside runner() {
    return [this](std::function<void()> task) {
      threads.emplace_back([this, task = std::move(task)] {
        {
          std::lock_guard lock(mutex);
          ids.push_back(std::this_thread::get_id());
        }
        task();
      });
      return true;
    };
  }
  ~Threads() {
    for (std::thread& t : threads) t.join();
  }
};

// The two parts read at once (the credibility part on a second thread, as
// a host start reads them) give exactly what they give read one after the
// other; a runner that cannot start a thread leaves the part to the
// reader's thread; damage to the part read on the other thread is refused.
TEST(CompiledCacheTest, ThePartsReadAtOnceGiveWhatTheyGiveOneAfterTheOther) {
  Fixture f;
  auto parsed = f.load();
  ASSERT_TRUE(parsed && parsed->credibility);
  Threads threads;
  LoadOptions at_once = f.options, no_thread = f.options;
  at_once.read_beside = threads.runner();
  std::size_t asked = 0;
  no_thread.read_beside = [&](std::function<void()>) {
    ++asked;
    return false;
  };
  auto beside = read_compiled_cache(f.cache, at_once);
  auto in_turn = read_compiled_cache(f.cache, f.options);
  auto here = read_compiled_cache(f.cache, no_thread);
  ASSERT_TRUE(beside.has_value()) << beside.error();
  ASSERT_TRUE(in_turn.has_value()) << in_turn.error();
  ASSERT_TRUE(here.has_value()) << here.error();
  {
    std::lock_guard lock(threads.mutex);
    ASSERT_EQ(threads.ids.size(), 1u);
    EXPECT_NE(threads.ids[0], std::this_thread::get_id());
  }
  EXPECT_EQ(asked, 1u);
  for (const CompiledRules* read : {&*beside, &*here}) {
    ASSERT_TRUE(read->credibility);
    EXPECT_EQ(read->warnings, in_turn->warnings);
    EXPECT_EQ(read->credibility_warnings, in_turn->credibility_warnings);
    ASSERT_EQ(read->lists.size(), in_turn->lists.size());
    for (std::size_t i = 0; i < read->lists.size(); ++i) {
      EXPECT_EQ(read->lists[i].name, in_turn->lists[i].name);
      EXPECT_EQ(read->lists[i].entries, in_turn->lists[i].entries);
    }
    EXPECT_EQ(read->credibility->rated_entries(), in_turn->credibility->rated_entries());
    EXPECT_GT(read->credibility->rated_entries(), 1000u);
    lists::DigestedRequest r;
    for (const char* url :
         {"https://tracker.example/p.gif", "https://re.example/12345",
          "https://counter.example/c.js", "https://mc.yandex.ru/metrika/tag.js"}) {
      lists::digest_request(url, "https://news.kz/", "script", r);
      EXPECT_EQ(verdict(*read->trackers, r), verdict(*in_turn->trackers, r)) << url;
    }
    for (const char* text : {"https://rt.com/news", "https://www.bbc.co.uk/news",
                             "https://bbc-news.co/", "https://kaspl.kz/", "https://cato.org/x"}) {
      const url::Url address = *url::parse(text);
      EXPECT_EQ(describe(read->credibility->assess(address)),
                describe(in_turn->credibility->assess(address)))
          << text;
    }
  }
  // A byte of the credibility part (the file's last bytes) flipped: the
  // part read on the other thread is refused for its checksum, and nothing
  // of the tracker part read meanwhile is given out.
  std::string bytes = bytes_of(f.cache);
  bytes[bytes.size() - 9] ^= 0x20;
  put(f.cache, bytes);
  auto damaged = read_compiled_cache(f.cache, at_once);
  ASSERT_FALSE(damaged.has_value());
  EXPECT_EQ(damaged.error(), "checksum mismatch (damaged)");
  std::lock_guard lock(threads.mutex);
  EXPECT_EQ(threads.ids.size(), 2u);
}

// The credibility part read back answers as the parsed lists do: every
// rated host and section (and a subdomain of each), every lookalike target
// with the impostors the detector looks for, the hosts of the 8,276 real
// requests, and pages with clickbait titles and outlet names; with the
// shared data's OpenSources and B.S. Detector imported on top of the
// bundled lists.
TEST(CompiledCacheTest, CredibilityFromTheCacheAnswersAsParsed) {
  auto opensources = shared_data("credibility/opensources/sources.json");
  auto bs_detector = shared_data("credibility/bs-detector/data.dev.json");
  if (!opensources || !bs_detector || vectors().empty())
    GTEST_SKIP() << "SAUATTY_SHARED_DATA credibility/opensources, credibility/bs-detector or "
                    "vectors/ absent";
  sauatty::testing::TempDir dir("compiled-cache-credibility");
  LoadOptions options;
  options.credibility_imports.push_back({ListKind::kOpenSources, *opensources, true});
  options.credibility_imports.push_back({ListKind::kBsDetector, *bs_detector, true});
  options.compiled_cache = compiled_cache_file(dir.path());
  auto parsed = load_rule_set(options);
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  ASSERT_EQ((*parsed)->compiled_cache, "parsed the lists: none yet, written");
  auto cached = load_rule_set(options);
  ASSERT_TRUE(cached.has_value()) << cached.error();
  ASSERT_EQ((*cached)->compiled_cache, "used");
  const credibility::Assessor& a = *(*parsed)->credibility;
  const credibility::Assessor& b = *(*cached)->credibility;
  EXPECT_EQ((*parsed)->warnings, (*cached)->warnings);
  ASSERT_EQ((*parsed)->lists.size(), (*cached)->lists.size());
  for (std::size_t i = 0; i < (*parsed)->lists.size(); ++i) {
    EXPECT_EQ((*parsed)->lists[i].name, (*cached)->lists[i].name);
    EXPECT_EQ((*parsed)->lists[i].entries, (*cached)->lists[i].entries);
    EXPECT_EQ((*parsed)->lists[i].attribution, (*cached)->lists[i].attribution);
    EXPECT_EQ((*parsed)->lists[i].license, (*cached)->lists[i].license);
  }
  ASSERT_GT(a.rated_entries(), 3000u);
  EXPECT_EQ(a.rated_entries(), b.rated_entries());
  EXPECT_EQ(a.lookalikes().brands().size(), b.lookalikes().brands().size());

  std::vector<std::string> urls;
  for (const credibility::List& list : a.lists()) {
    for (const credibility::Entry& e : list.entries) {
      urls.push_back("https://" + e.host + e.path);
      urls.push_back("https://www." + e.host + "/");
      urls.push_back("https://" + e.host + ".example-mirror.top/");
    }
  }
  for (const credibility::Brand& brand : a.lookalikes().brands()) {
    const std::string& l = brand.label;
    if (l.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) continue;
    for (std::string host : {l + "-news.co", l + "s.com", l + ".top", "my" + l + ".xyz",
                             l + "-kz.com", l + ".bonus-pay.top"}) {
      urls.push_back("https://" + host + "/");
    }
    std::string typo = l;
    if (typo.size() > 4) std::swap(typo[2], typo[3]);
    urls.push_back("https://" + typo + ".com/");
    for (auto [from, to] :
         {std::pair<std::string, std::string>{"m", "rn"}, {"w", "vv"}, {"i", "l"}, {"o", "0"}}) {
      if (auto at = l.find(from); at != std::string::npos) {
        std::string c = l;
        c.replace(at, from.size(), to);
        urls.push_back("https://" + c + ".kz/");
      }
    }
    // Homographs: a Cyrillic а, е, о or с in place of the Latin letter.
    for (auto [latin, cyrillic] : {std::pair<char, std::string>{'a', "\u0430"},
                                   {'e', "\u0435"},
                                   {'o', "\u043e"},
                                   {'c', "\u0441"}}) {
      if (auto at = l.find(latin); at != std::string::npos) {
        std::string h = l;
        h.replace(at, 1, cyrillic);
        urls.push_back("https://" + h + ".com/");
      }
    }
  }
  for (std::size_t i = 0; i < vectors().size(); ++i) {
    urls.push_back(vectors()[i].url);
    urls.push_back(vectors()[i].page);
  }
  const credibility::PageMeta metas[] = {
      {.title = "Вы не поверите, что случилось дальше", .lang = "ru", .site_name = "Reuters"},
      {.title = "Shocking truth they don't want you to know",
       .site_name = "BBC News",
       .og_type = "article"},
      {.title = "Жаңалықтар",
       .lang = "kk",
       .canonical = "https://tengrinews.kz/x",
       .site_name = "Tengrinews.kz"},
  };
  std::size_t assessed = 0, flagged = 0, differ = 0;
  for (const std::string& text : urls) {
    auto url = url::parse(text);
    if (!url) continue;
    ++assessed;
    const std::string x = describe(a.assess(*url)), y = describe(b.assess(*url));
    flagged += a.assess(*url).level != credibility::Level::kNone;
    if (x != y && ++differ <= 5) ADD_FAILURE() << text << ": " << x << " vs " << y;
    if (assessed % 7 == 0) {
      for (const credibility::PageMeta& meta : metas) {
        const std::string p = describe(a.assess_page(*url, meta)),
                          q = describe(b.assess_page(*url, meta));
        if (p != q && ++differ <= 5) ADD_FAILURE() << text << " (page): " << p << " vs " << q;
      }
    }
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_GT(assessed, 20000u);
  EXPECT_GT(flagged, 5000u);  // the lists and the detector do decide on these
  std::printf("credibility from the cache: %zu addresses, %zu flagged, all answered alike\n",
              assessed, flagged);
}

// Puts `bytes` at the cache with its checksum made right (so that the
// credibility part's own checks are reached) and expects it refused for
// `reason`, then the lists parsed instead, rating as many entries as `good`.
void expect_credibility_part_refused(const Fixture& f, std::string bytes, const char* reason,
                                     const RuleSet& good) {
  put(f.cache, resealed(std::move(bytes)));
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), reason);
  auto again = f.load();
  ASSERT_TRUE(again && again->credibility);
  EXPECT_EQ(again->compiled_cache, std::string("parsed the lists: ") + reason + ", written");
  EXPECT_EQ(again->credibility->rated_entries(), good.credibility->rated_entries());
}

// One hostile change to a cache's bytes: `value` written at `offset`, and
// the refusal it must meet.
struct PartEdit {
  std::size_t offset;
  std::string value;
  const char* reason;
};

// expect_credibility_part_refused for each edit of `bytes`, one at a time.
void expect_each_edit_refused(const Fixture& f, const std::string& bytes,
                              std::initializer_list<PartEdit> edits, const RuleSet& good) {
  for (const PartEdit& edit : edits) {
    SCOPED_TRACE(edit.reason);
    std::string b = bytes;
    b.replace(edit.offset, edit.value.size(), edit.value);
    expect_credibility_part_refused(f, std::move(b), edit.reason, good);
  }
}

// A string as FrozenWriter stores it: its length (8 bytes), then its bytes.
std::string stored(std::string_view text) {
  const std::uint64_t size = text.size();
  return std::string(reinterpret_cast<const char*>(&size), 8).append(text);
}

// A credibility part with a good checksum but a value no list can hold is
// refused with its reason; the lists are parsed instead.
TEST(CompiledCacheTest, HostileCredibilityPartIsRefused) {
  Fixture f;
  auto good = f.load();
  ASSERT_TRUE(good && good->credibility);
  const credibility::Entry& e = good->credibility->lists()[0].entries[0];
  std::string bytes = bytes_of(f.cache);
  // An entry begins: kind (1 byte), the host (length, bytes), the path
  // (length, bytes), then its rating + 1 (1 byte).
  const std::string entry =
      std::string(1, static_cast<char>(e.kind)) + stored(e.host) + stored(e.path);
  const auto at = bytes.find(entry);
  ASSERT_NE(at, std::string::npos);
  expect_each_edit_refused(
      f, bytes,
      {{at + entry.size(), std::string(1, 100), "bad credibility part: rating"},
       {at, std::string(1, 9), "bad credibility part: pattern kind"},
       {at + 9, "/", "bad credibility part: a host is not a host name"}},
      *good);
}

// A citation in another language is checked on read as the list reader
// checks it (credibility::citation_fault): a cache with a good checksum
// whose citation is not https, or whose language is not a language code, is
// refused with its reason, and the lists are parsed instead.
TEST(CompiledCacheTest, CredibilityPartWithABadCitationIsRefused) {
  Fixture f;
  auto good = f.load();
  ASSERT_TRUE(good && good->credibility);
  const credibility::Citation* citation = nullptr;
  for (const credibility::List& list : good->credibility->lists()) {
    for (const credibility::Entry& e : list.entries) {
      if (!citation && !e.citations.empty()) citation = &e.citations.front();
    }
  }
  ASSERT_NE(citation, nullptr) << "the embedded lists give no per-language citation";
  ASSERT_TRUE(citation->url.starts_with("https://"));
  // A citation is stored as its language (length, bytes), then its URL
  // (length, bytes).
  const std::string bytes = bytes_of(f.cache);
  const auto at = bytes.find(stored(citation->lang) + stored(citation->url));
  ASSERT_NE(at, std::string::npos);
  const std::size_t lang_at = at + 8, url_at = at + 8 + citation->lang.size() + 8;
  expect_each_edit_refused(
      f, bytes,
      {{url_at, "hxxps", "bad credibility part: a citation is not an https URL"},
       {url_at, "http:", "bad credibility part: a citation is not an https URL"},
       {lang_at, "R", "bad credibility part: a citation's language is not a language code"}},
      *good);
}

// The same for what the list reader checks of an entry besides its
// per-language citations: its own citation (an http(s) URL), its notes'
// languages, its host (credibility::normalize_host's form: no empty label)
// and its list's citation. Each fails on a reader that checks only the
// characters of a host and the per-language citations.
TEST(CompiledCacheTest, CredibilityPartWithABadOwnCitationNoteOrHostIsRefused) {
  Fixture f;
  auto good = f.load();
  ASSERT_TRUE(good && good->credibility);
  const std::string bytes = bytes_of(f.cache);
  auto once = [&](std::string_view text) {
    const auto at = bytes.find(text);
    return at != std::string::npos && bytes.find(text, at + 1) == std::string::npos;
  };
  const credibility::Entry *cited = nullptr, *noted = nullptr, *dotted = nullptr;
  const credibility::List* listed = nullptr;
  for (const credibility::List& list : good->credibility->lists()) {
    if (!listed && list.citation.starts_with("https://") && once(stored(list.citation)))
      listed = &list;
    for (const credibility::Entry& e : list.entries) {
      if (!cited && e.citation.starts_with("https://") && once(stored(e.citation))) cited = &e;
      if (!noted && !e.notes.empty() && e.notes[0].lang.size() == 2 &&
          once(stored(e.notes[0].lang) + stored(e.notes[0].text)))
        noted = &e;
      const auto dot = e.host.find('.');
      if (!dotted && dot != std::string::npos && dot + 2 < e.host.size() &&
          once(stored(e.host) + stored(e.path)))
        dotted = &e;
    }
  }
  ASSERT_TRUE(cited && noted && dotted && listed) << "the embedded lists lack an example";
  const std::size_t host_at = bytes.find(stored(dotted->host) + stored(dotted->path)) + 8;
  expect_each_edit_refused(
      f, bytes,
      {{bytes.find(stored(cited->citation)) + 8, "hxxps",
        "bad credibility part: an entry's citation is not an http(s) URL"},
       {bytes.find(stored(noted->notes[0].lang) + stored(noted->notes[0].text)) + 8, "E",
        "bad credibility part: a note's language is not a language code"},
       {host_at + dotted->host.find('.') + 1, ".",  // "www.rt.com" → "www..t.com"
        "bad credibility part: a host is not a host name"},
       {bytes.find(stored(listed->citation)) + 8, "hxxps",
        "bad credibility part: a list's citation is not an http(s) URL"}},
      *good);
}

TEST(CompiledCacheTest, ChangedSourceRebuildsTheCache) {
  Fixture f;
  auto first = f.load();
  ASSERT_TRUE(first);
  lists::DigestedRequest r;
  lists::digest_request("https://new-tracker.example/x.js", "https://news.kz/", "script", r);
  EXPECT_FALSE(first->trackers->engine.match(r.view()).block);
  {
    std::ofstream out(f.filters, std::ios::app);
    out << "||new-tracker.example^\n";
  }
  auto second = f.load();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->compiled_cache, "parsed the lists: built from other sources, written");
  EXPECT_FALSE(second->compiled_cache_refused);
  EXPECT_TRUE(second->trackers->engine.match(r.view()).block);
  auto third = f.load();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->compiled_cache, "used");
  EXPECT_TRUE(third->trackers->engine.match(r.view()).block);
  // A list added to the sources also counts as a change.
  f.options.filter_files.push_back(f.dir.path() / "missing.txt");
  EXPECT_NE(sources_key(f.options), sources_key(Fixture().options));
}

TEST(CompiledCacheTest, UnwritableCacheStillLoads) {
  // A file where the cache's folder should be: even root cannot write there.
  Fixture f;
  put(f.dir.path() / "lists", "a file, not a folder");
  auto set = f.load();
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->compiled_cache.starts_with("parsed the lists: none yet, not written: "))
      << set->compiled_cache;
  EXPECT_EQ(verdicts(*set), verdicts(*Fixture().load()));
}

TEST(CompiledCacheTest, RebuildCompiledCacheWritesWhatAHostThenUses) {
  Fixture f;
  LoadOptions base = f.options;
  base.compiled_cache.clear();
  auto outcome = rebuild_compiled_cache(base, {}, f.dir.path() / "lists");
  ASSERT_TRUE(outcome.has_value()) << outcome.error();
  EXPECT_EQ(outcome->file, f.cache);
  EXPECT_GT(outcome->bytes, 1000u);
  auto set = f.load();
  ASSERT_TRUE(set);
  EXPECT_EQ(set->compiled_cache, "used");
}

std::uint64_t blocked_filters(const RuleSet& set) { return set.trackers->engine.size(); }

// A symbolic link to a good cache: refused, not followed. The rules load
// from their sources, and the link is replaced by a cache of its own.
TEST(CompiledCacheFile, SymbolicLinkAtTheCachePathIsRefusedAndTheListsLoad) {
  Fixture f;
  auto first = f.load();
  ASSERT_TRUE(first);
  const auto elsewhere = f.dir.path() / "elsewhere";
  std::filesystem::rename(f.cache, elsewhere);
  std::filesystem::create_symlink(elsewhere, f.cache);
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), "not a regular file (a symbolic link)");
  auto again = f.load();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->compiled_cache,
            "parsed the lists: not a regular file (a symbolic link), written");
  EXPECT_TRUE(again->compiled_cache_refused);
  EXPECT_EQ(blocked_filters(*again), blocked_filters(*first));
  EXPECT_FALSE(std::filesystem::is_symlink(f.cache));
  auto third = f.load();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->compiled_cache, "used");
}

// A FIFO with no writer: opening it must not wait for one (the host would
// hang at start), and it is refused.
TEST(CompiledCacheFile, FifoAtTheCachePathIsRefusedWithoutWaitingAndTheListsLoad) {
  Fixture f;
  std::filesystem::create_directories(f.cache.parent_path());
  ASSERT_EQ(::mkfifo(f.cache.c_str(), 0600), 0);
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), "not a regular file");
  auto set = f.load();
  ASSERT_TRUE(set);
  EXPECT_EQ(set->compiled_cache, "parsed the lists: not a regular file, written");
  EXPECT_TRUE(set->compiled_cache_refused);
  EXPECT_GT(blocked_filters(*set), 0u);
  EXPECT_TRUE(std::filesystem::is_regular_file(f.cache));
}

// A folder at the path: refused as well (before, a read error).
TEST(CompiledCacheFile, FolderAtTheCachePathIsRefused) {
  Fixture f;
  std::filesystem::create_directories(f.cache);
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), "not a regular file");
}

TEST(CompiledCacheFile, NoFileIsNoneYet) {
  Fixture f;
  auto read = read_compiled_cache(f.cache, f.options);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), kNoCompiledCache);
}

TEST(WideChecksum, PiecesDoNotMatterAndEveryByteCounts) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>('a' + i * 7 % 26);
  const std::uint64_t whole = wide_checksum(text);
  for (std::size_t piece : {1u, 3u, 7u, 8u, 9u, 31u, 32u, 33u, 64u, 999u}) {
    WideChecksum sum;
    for (std::size_t at = 0; at < text.size(); at += piece) sum.update(text.substr(at, piece));
    EXPECT_EQ(sum.value(), whole) << piece;
  }
  // A changed byte in each lane and in the unfinished block; a shorter
  // text, and one longer by a zero byte.
  for (std::size_t at : {0u, 8u, 16u, 24u, 500u, 999u}) {
    std::string changed = text;
    changed[at] ^= 1;
    EXPECT_NE(wide_checksum(changed), whole) << at;
  }
  EXPECT_NE(wide_checksum(text.substr(0, 999)), whole);
  EXPECT_NE(wide_checksum(text + std::string(1, '\0')), whole);
  // Two words swapped between lanes.
  std::string swapped = text;
  std::swap_ranges(swapped.begin(), swapped.begin() + 8, swapped.begin() + 8);
  EXPECT_NE(wide_checksum(swapped), whole);
  EXPECT_NE(wide_checksum(""), wide_checksum(std::string(1, '\0')));
  EXPECT_NE(whole, content_checksum(text));
}

}  // namespace
}  // namespace sauatty::store
