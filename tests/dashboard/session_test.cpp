#include "dashboard/session.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "dashboard/replay.h"
#include "har/har.h"
#include "support/temp_dir.h"

namespace sauatty::dashboard {
namespace {

std::shared_ptr<const store::RuleSet> rules() {
  static auto loaded = store::load_rule_set({});
  EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error());
  return *loaded;
}

Observation tracker(std::string site, std::string company, std::string category = "analytics",
                    std::string country = "US") {
  Observation o;
  o.site = std::move(site);
  o.third_party = true;
  o.tracker = true;
  o.company = std::move(company);
  o.category = std::move(category);
  o.country = std::move(country);
  o.domain = "t.example";
  return o;
}

TEST(Classify, UsesTheHostsTrackerRules) {
  auto o = classify(*rules(), "https://www.google-analytics.com/analytics.js",
                    "https://www.sauatty-fixture-news.kz/", "script");
  ASSERT_TRUE(o) << o.error();
  EXPECT_EQ(o->site, "sauatty-fixture-news.kz");
  EXPECT_TRUE(o->third_party);
  EXPECT_TRUE(o->tracker);
  EXPECT_EQ(o->company, "Google");
  EXPECT_EQ(o->country, "US");
  EXPECT_EQ(o->category, "analytics");
  EXPECT_EQ(o->domain, "google-analytics.com");

  auto first = classify(*rules(), "https://www.sauatty-fixture-news.kz/logo.png",
                        "https://www.sauatty-fixture-news.kz/", "image");
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->third_party);
  EXPECT_FALSE(first->tracker);
  EXPECT_TRUE(first->company.empty());
}

TEST(Classify, BadUrlsAreErrorsWithoutTheUrl) {
  auto bad =
      classify(*rules(), "https://exa mple..com:99999/secret-path", "https://a.kz/", "script");
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().starts_with("url: ")) << bad.error();
  EXPECT_EQ(bad.error().find("secret-path"), std::string::npos);
  auto bad_page = classify(*rules(), "https://a.kz/", "", "script");
  ASSERT_FALSE(bad_page);
  EXPECT_TRUE(bad_page.error().starts_with("page: ")) << bad_page.error();
}

TEST(Session, AggregatesSitesCompaniesAndLinks) {
  Session s;
  s.add(tracker("news.kz", "Google"));
  s.add(tracker("news.kz", "Google", "advertising"));
  s.add(tracker("blog.kz", "Google"));
  s.add(tracker("blog.kz", "Yandex", "analytics", "RU"));
  Observation plain;
  plain.site = "blog.kz";
  s.add(plain);
  const auto snap = s.snapshot();
  EXPECT_EQ(snap["totals"]["requests"], 5);
  EXPECT_EQ(snap["totals"]["trackers"], 4);
  EXPECT_EQ(snap["totals"]["third_party"], 4);
  EXPECT_EQ(snap["totals"]["sites"], 2);
  EXPECT_EQ(snap["totals"]["companies"], 2);
  EXPECT_EQ(snap["last_site"], "blog.kz");
  ASSERT_EQ(snap["companies"].size(), 2u);
  EXPECT_EQ(snap["companies"][0]["name"], "Google");
  EXPECT_EQ(snap["companies"][0]["requests"], 3);
  EXPECT_EQ(snap["companies"][0]["sites"], 2);
  EXPECT_EQ(snap["companies"][0]["categories"], Json({"advertising", "analytics"}));
  // The requests split among the categories, adding up to the requests.
  EXPECT_EQ(snap["companies"][0]["by_category"], Json({{"advertising", 1}, {"analytics", 2}}));
  EXPECT_EQ(snap["companies"][1]["by_category"], Json({{"analytics", 1}}));
  ASSERT_EQ(snap["links"].size(), 3u);
  EXPECT_EQ(snap["links"][0], Json({{"site", "blog.kz"}, {"company", "Google"}, {"requests", 1}}));
  EXPECT_EQ(snap["links"][2], Json({{"site", "news.kz"}, {"company", "Google"}, {"requests", 2}}));
  EXPECT_EQ(s.csv(),
            "company,country,categories,sites,requests\r\n"
            "Google,US,advertising; analytics,2,3\r\n"
            "Yandex,RU,analytics,1,1\r\n");
  const auto before = s.version();
  s.clear();
  EXPECT_GT(s.version(), before);
  EXPECT_EQ(s.snapshot()["totals"]["requests"], 0);
  EXPECT_EQ(s.csv(), "company,country,categories,sites,requests\r\n");
}

// A site's own tracking in two categories: its requests split among them
// (the category table adds those, not the whole count to each category).
TEST(Session, OwnTrackingIsCountedByCategory) {
  Session s;
  const auto own = [](std::string site, std::string category) {
    Observation o;
    o.site = std::move(site);
    o.tracker = o.own = true;
    o.category = std::move(category);
    return o;
  };
  s.add(own("news.kz", "analytics"));
  s.add(own("news.kz", "analytics"));
  s.add(own("news.kz", "advertising"));
  s.add(own("blog.kz", "analytics"));
  const auto snap = s.snapshot();
  ASSERT_EQ(snap["sites"].size(), 2u);
  EXPECT_EQ(snap["sites"][1]["name"], "news.kz");
  EXPECT_EQ(snap["sites"][1]["own"],
            Json({{"requests", 3},
                  {"categories", {"advertising", "analytics"}},
                  {"by_category", {{"advertising", 1}, {"analytics", 2}}}}));
  EXPECT_EQ(snap["sites"][0]["own"]["by_category"], Json({{"analytics", 1}}));
  EXPECT_EQ(s.csv(),
            "company,country,categories,sites,requests\r\n"
            "(the site itself),,advertising; analytics,2,4\r\n");
}

// A list's hit on the page's own site that no entity data names (the host
// says "this site") is that site tracking its readers itself: it is counted
// on the site, never as a company "this site" linked to every such site.
TEST(Session, FirstPartyTrackingIsTheSitesOwnNotACompany) {
  testing::TempDir dir("sauatty-session-own");
  const auto filters = dir.path() / "own.txt";
  std::ofstream(filters) << "||news.kz/banner/\n||blog.kz/counter/\n";
  store::LoadOptions options;
  options.filter_files = {filters};
  auto loaded = store::load_rule_set(options);
  ASSERT_TRUE(loaded) << loaded.error();
  auto own = classify(**loaded, "https://news.kz/banner/ad.gif", "https://www.news.kz/a", "image");
  ASSERT_TRUE(own) << own.error();
  EXPECT_TRUE(own->tracker);
  EXPECT_TRUE(own->own);
  EXPECT_FALSE(own->third_party);
  EXPECT_TRUE(own->company.empty()) << own->company;

  Session s;
  s.add(*own);
  s.add(*classify(**loaded, "https://blog.kz/counter/c.gif", "https://blog.kz/", "image"));
  s.add(*classify(**loaded, "https://blog.kz/counter/c.gif", "https://blog.kz/", "image"));
  s.add(*classify(**loaded, "https://mc.yandex.ru/metrika/tag.js", "https://blog.kz/", "script"));
  const auto snap = s.snapshot();
  EXPECT_EQ(snap["totals"]["trackers"], 4);
  EXPECT_EQ(snap["totals"]["own_trackers"], 3);
  EXPECT_EQ(snap["totals"]["companies"], 1);
  ASSERT_EQ(snap["companies"].size(), 1u);
  EXPECT_EQ(snap["companies"][0]["name"], "Yandex");
  for (const auto& link : snap["links"]) EXPECT_EQ(link["company"], "Yandex") << link.dump();
  ASSERT_EQ(snap["sites"].size(), 2u);
  EXPECT_EQ(snap["sites"][0]["name"], "blog.kz");
  EXPECT_EQ(snap["sites"][0]["trackers"], 3);
  EXPECT_EQ(
      snap["sites"][0]["own"],
      Json({{"requests", 2}, {"categories", {"unknown"}}, {"by_category", {{"unknown", 2}}}}));
  EXPECT_EQ(snap["sites"][1]["own"]["requests"], 1);
  EXPECT_EQ(snap.dump().find("this site"), std::string::npos) << snap.dump();
  EXPECT_EQ(s.csv(),
            "company,country,categories,sites,requests\r\n"
            "(the site itself),,unknown,2,3\r\n"
            "Yandex,RU,analytics,1,1\r\n");
}

TEST(Session, CsvQuotesAndDefusesFormulas) {
  Session s;
  s.add(tracker("a.kz", "=HYPERLINK(\"x\")"));
  s.add(tracker("a.kz", "Acme, Inc."));
  const auto csv = s.csv();
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\",US"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"Acme, Inc.\",US"), std::string::npos) << csv;
}

TEST(Session, EverythingIsBounded) {
  Session s({.max_sites = 3, .max_companies = 2, .max_links = 4, .max_domains = 8});
  for (int site = 0; site < 10; ++site)
    for (int company = 0; company < 10; ++company)
      s.add(tracker("site" + std::to_string(site) + ".kz", "Company " + std::to_string(company)));
  const auto snap = s.snapshot();
  EXPECT_EQ(snap["totals"]["requests"], 100);
  EXPECT_EQ(snap["sites"].size(), 4u);  // three and "(other sites)"
  EXPECT_EQ(snap["companies"].size(), 3u);
  EXPECT_EQ(snap["links"].size(), 4u);
  EXPECT_GT(snap["totals"]["links_dropped"].get<int>(), 0);
  bool other_sites = false, other_companies = false;
  for (const auto& site : snap["sites"]) other_sites |= site["name"] == kOtherSites;
  for (const auto& c : snap["companies"]) other_companies |= c["name"] == kOtherCompanies;
  EXPECT_TRUE(other_sites);
  EXPECT_TRUE(other_companies);
  std::size_t sum = 0;
  for (const auto& c : snap["companies"]) sum += c["requests"].get<std::size_t>();
  EXPECT_EQ(sum, 100u);  // folded in, not lost
}

std::vector<har::Entry> timeline(std::initializer_list<double> offsets) {
  std::vector<har::Entry> out;
  for (double ms : offsets) out.push_back({"https://a.kz/", "https://a.kz/", "script", ms});
  return out;
}

TEST(Replay, PlaysAtSpeedAndShortensLongPauses) {
  using namespace std::chrono_literals;
  Replay r(timeline({0, 100, 60'000, 60'050}));  // a minute's pause becomes one second
  const auto t0 = Replay::Clock::now();
  EXPECT_TRUE(r.take_due(t0, 100).empty());  // paused until played
  r.play(t0);
  EXPECT_EQ(r.take_due(t0, 100).size(), 1u);
  EXPECT_EQ(r.take_due(t0 + 99ms, 100).size(), 0u);
  EXPECT_EQ(r.take_due(t0 + 100ms, 100).size(), 1u);
  auto wait = r.next_due(t0 + 100ms);
  ASSERT_TRUE(wait);
  const double wait_ms = std::chrono::duration<double, std::milli>(*wait).count();
  EXPECT_NEAR(wait_ms, 1000, 1);
  EXPECT_EQ(r.take_due(t0 + 1100ms, 100).size(), 1u);
  EXPECT_TRUE(r.set_speed(10, t0 + 1100ms));
  EXPECT_FALSE(r.set_speed(3, t0 + 1100ms));
  EXPECT_EQ(r.take_due(t0 + 1104ms, 100).size(), 0u);
  EXPECT_EQ(r.take_due(t0 + 1105ms, 100).size(), 1u);  // 50 ms at 10x
  EXPECT_FALSE(r.playing());
  EXPECT_EQ(r.status()["state"], "done");
  EXPECT_EQ(r.status()["position"], 4);
}

TEST(Replay, PauseStepRewindAndFastest) {
  using namespace std::chrono_literals;
  Replay r(timeline({0, 500, 1000, 1500, 2000}));
  const auto t0 = Replay::Clock::now();
  r.play(t0);
  EXPECT_EQ(r.take_due(t0 + 600ms, 100).size(), 2u);
  r.pause(t0 + 600ms);
  EXPECT_TRUE(r.take_due(t0 + 5s, 100).empty());
  EXPECT_FALSE(r.next_due(t0 + 5s));
  auto one = r.step(t0 + 5s);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(r.position(), 3u);
  EXPECT_FALSE(r.playing());
  r.play(t0 + 6s);  // resumes from the stepped entry's time
  EXPECT_EQ(r.take_due(t0 + 6s + 499ms, 100).size(), 0u);
  EXPECT_EQ(r.take_due(t0 + 6s + 500ms, 100).size(), 1u);
  r.rewind();
  EXPECT_EQ(r.position(), 0u);
  EXPECT_TRUE(r.set_speed(0, t0));
  r.play(t0);
  EXPECT_EQ(r.take_due(t0, 2).size(), 2u);  // at most `max` at a time
  EXPECT_EQ(r.take_due(t0, 100).size(), 3u);
  EXPECT_EQ(r.status()["state"], "done");
}

}  // namespace
}  // namespace sauatty::dashboard
