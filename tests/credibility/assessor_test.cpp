#include "credibility/assessor.h"

#include <gtest/gtest.h>

#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "credibility/test_util.h"

namespace sauatty::credibility {
namespace {

using testing::embedded_assessor;
using testing::parse_url;

std::string codes(const Assessment& a) {
  std::string out;
  for (std::string_view r : reason_codes(a))
    out += std::string(out.empty() ? "" : ",") + std::string(r);
  return out;
}

struct Case {
  const char* url;
  Level level;
  const char* rating;   // "" for none
  const char* reasons;  // comma-joined reason codes
  const char* list;     // "" when no list rated it
};

// The embedded default rules, address only (what `check` does).
TEST(Assessor, EmbeddedRulesTable) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  const Case cases[] = {
      // state media, by exact host, subdomain and in Russian
      {"https://www.rt.com/news/1", Level::kCaution, "state-controlled",
       "rated_state_controlled,eu_sanctioned", "sauatty-state-media"},
      {"https://russian.rt.com/world", Level::kCaution, "state-controlled",
       "rated_state_controlled,eu_sanctioned", "sauatty-state-media"},
      {"https://ru.sputnik.kz/20260101/x.html", Level::kCaution, "state-controlled",
       "rated_state_controlled", "sauatty-state-media"},
      {"https://tsargrad.tv/news", Level::kCaution, "propaganda", "rated_propaganda,eu_sanctioned",
       "sauatty-state-media"},
      // satire
      {"https://www.theonion.com/x", Level::kCaution, "satire", "rated_satire", "sauatty-satire"},
      {"https://panorama.pub/news/x", Level::kCaution, "satire", "rated_satire", "sauatty-satire"},
      // fabricated, also a lookalike
      {"http://abcnews.com.co/x", Level::kWarning, "fabricated",
       "rated_fabricated,imitates_real_outlet,lookalike,lookalike_extra_suffix",
       "sauatty-false-news"},
      {"https://denverguardian.com/", Level::kWarning, "fabricated", "rated_fabricated",
       "sauatty-false-news"},
      {"https://70news.wordpress.com/2016/11/x", Level::kWarning, "fabricated", "rated_fabricated",
       "sauatty-false-news"},
      {"https://infowars.com/", Level::kCaution, "conspiracy", "rated_conspiracy",
       "sauatty-false-news"},
      // fact-checkers: rated, level none; a section of reuters.com
      {"https://factcheck.kz/", Level::kNone, "fact-checker", "rated_fact_checker",
       "sauatty-fact-checkers"},
      {"https://www.stopfake.org/ru/x", Level::kNone, "fact-checker", "rated_fact_checker",
       "sauatty-fact-checkers"},
      {"https://provereno.media/blog/x", Level::kNone, "fact-checker", "rated_fact_checker",
       "sauatty-fact-checkers"},
      {"https://www.reuters.com/fact-check/x", Level::kNone, "fact-checker", "rated_fact_checker",
       "sauatty-fact-checkers"},
      {"https://www.reuters.com/world/", Level::kNone, "", "", ""},
      // lookalikes only
      {"https://nytimes.com.breaking-news.info/a", Level::kWarning, "",
       "lookalike,lookalike_subdomain", ""},
      {"https://reuterss.com/", Level::kWarning, "", "lookalike,lookalike_typo", ""},
      {"https://bbс.com/", Level::kWarning, "", "lookalike,lookalike_homograph", ""},
      // reputable and ordinary: level none, no rating
      {"https://tengrinews.kz/", Level::kNone, "", "", ""},
      {"https://www.zakon.kz/", Level::kNone, "", "", ""},
      {"https://www.inform.kz/ru", Level::kNone, "", "", ""},
      {"https://meduza.io/", Level::kNone, "", "", ""},
      {"https://www.gov.kz/memleket", Level::kNone, "", "", ""},
      {"https://www.bbc.com/russian", Level::kNone, "", "", ""},
      {"https://www.deviantart.com/", Level::kNone, "", "", ""},  // not rt.com
      {"https://example.com/", Level::kNone, "", "", ""},
      {"https://kaspi.kz/shop", Level::kNone, "", "", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    Assessment r = a->assess(parse_url(c.url));
    EXPECT_EQ(level_name(r.level), level_name(c.level));
    EXPECT_EQ(r.rating ? rating_name(*r.rating) : "", c.rating);
    EXPECT_EQ(codes(r), c.reasons);
    EXPECT_EQ(r.list ? r.list->name : "", c.list);
  }
}

TEST(Assessor, PageSignalsStayAtInfo) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  url::Url unknown = parse_url("https://news.example/story");
  PageMeta clickbait{.title = "You won't believe what happened next", .lang = "en"};
  Assessment r = a->assess_page(unknown, clickbait);
  EXPECT_EQ(r.level, Level::kInfo);
  EXPECT_EQ(codes(r), "page_signals");
  EXPECT_TRUE(r.signals & kClickbaitTitle);
  EXPECT_TRUE(r.next_steps & kFindOriginal);

  // Missing byline and date alone change nothing.
  PageMeta bare{.og_type = "article"};
  r = a->assess_page(unknown, bare);
  EXPECT_EQ(r.level, Level::kNone);
  EXPECT_EQ(r.signals, kNoAuthor | kNoDate);
  EXPECT_EQ(r.next_steps, 0);

  // Every signal at once is still info.
  PageMeta all{.title = "ШОК! Врачи скрывают",
               .lang = "ru",
               .canonical = "https://other.example/a",
               .site_name = "BBC News",
               .og_type = "article"};
  r = a->assess_page(unknown, all);
  EXPECT_EQ(r.level, Level::kInfo);

  // A fact-checker quoting a clickbait title is not raised.
  r = a->assess_page(parse_url("https://factcheck.kz/x"), clickbait);
  EXPECT_EQ(r.level, Level::kNone);
  EXPECT_TRUE(r.signals & kClickbaitTitle);

  // A rated site keeps its level; signals add to it, never lower it.
  r = a->assess_page(parse_url("https://rt.com/x"), clickbait);
  EXPECT_EQ(r.level, Level::kCaution);
}

TEST(Assessor, Links) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  std::vector<url::Url> urls;
  for (const char* u :
       {"https://example.com/", "https://rt.com/a", "https://www.theonion.com/b",
        "https://abcnews.com.co/c", "https://tengrinews.kz/", "https://news.example/page2"}) {
    urls.push_back(parse_url(u));
  }
  std::vector<const url::Url*> links;
  for (const auto& u : urls) links.push_back(&u);
  links.push_back(nullptr);  // a link that did not parse
  auto flagged = a->assess_links(links, "news.example");
  ASSERT_EQ(flagged.size(), 3u);
  EXPECT_EQ(flagged[0].index, 1u);
  EXPECT_EQ(flagged[1].index, 2u);
  EXPECT_EQ(flagged[2].index, 3u);
  EXPECT_EQ(flagged[2].assessment.level, Level::kWarning);
  EXPECT_EQ(flagged[2].assessment.rating, Rating::kFabricated);
  ASSERT_NE(flagged[2].assessment.imitated, nullptr);
  EXPECT_EQ(flagged[2].assessment.imitated->domain, "abcnews.com");
  // Links on the page's own site are the page's business.
  EXPECT_TRUE(a->assess_links(links, "rt.com").size() == 2u);
}

// The rating index and the lookalike detector are built at the first
// assessment (assessor.h): threads that assess at once on a new Assessor
// (the message thread, the workshop server) each get the answers one
// thread gets.
TEST(Assessor, ThreadsAssessingANewAssessorAtOnceGetTheSameAnswers) {
  const std::vector<std::string> urls = {"https://www.rt.com/news/1", "http://abcnews.com.co/x",
                                         "https://factcheck.kz/",     "https://www.theonion.com/x",
                                         "https://example.com/",      "https://tengrinews.kz/"};
  auto answers = [&](const Assessor& a) {
    std::string out;
    for (const std::string& u : urls) {
      Assessment x = a.assess(parse_url(u));
      out += codes(x) + "/" + std::to_string(static_cast<int>(x.level)) + ";";
    }
    return out;
  };
  const std::string expected = answers(*embedded_assessor());
  ASSERT_NE(expected.find("rated_fabricated"), std::string::npos);
  for (int round = 0; round < 5; ++round) {
    auto own = testing::own_files();
    auto files = own.files();
    auto loaded = load(files, {}, testing::unicode());
    ASSERT_TRUE(loaded.has_value()) << loaded.error();
    const Assessor& fresh = *loaded->assessor;
    std::vector<std::string> got(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < got.size(); ++t) {
      threads.emplace_back([&, t] { got[t] = answers(fresh); });
    }
    for (std::thread& t : threads) t.join();
    for (const std::string& g : got) EXPECT_EQ(g, expected);
  }
}

// Imported lists come after ours: on a tie ours wins; where we say nothing
// the import speaks.
TEST(Assessor, OwnListsOverrideImports) {
  auto own = testing::own_files();
  auto files = own.files();
  std::string imported = R"({"rt.com": {"type": "bias"}, "notrated.example": {"type": "fake"}})";
  std::vector<ImportFile> imports{{ImportFormat::kOpenSources, "sources.json", imported}};
  auto loaded = load(files, imports, testing::unicode());
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  auto rt = loaded->assessor->assess(parse_url("https://rt.com/"));
  EXPECT_EQ(rt.list->name, "sauatty-state-media");
  auto other = loaded->assessor->assess(parse_url("https://notrated.example/"));
  ASSERT_NE(other.list, nullptr);
  EXPECT_EQ(other.list->name, "opensources");
  EXPECT_EQ(other.level, Level::kWarning);
}

// A bad entry of ours is a warning and the rest loads (the cases:
// list_format_test.cpp); a file of an unknown format fails the load.
TEST(Assessor, LoadErrors) {
  std::string bad = R"({"format": "sauatty-credibility", "version": 1, "name": "x", "entries": [
      {"domain": "a.com", "rating": "fak", "rated_by": "x", "citation": "https://x.org"},
      {"domain": "b.com", "rating": "fabricated", "rated_by": "x", "citation": "https://x.org"}]})";
  std::vector<RuleFile> files{{"credibility/x.json", bad}};
  auto loaded = load(files, {}, testing::unicode());
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  const auto& w = loaded->warnings;
  EXPECT_NE(std::find(w.begin(), w.end(),
                      "credibility/x.json: entries[0].rating: unknown rating 'fak' (entry 'a.com' "
                      "left out)"),
            w.end());
  EXPECT_EQ(loaded->assessor->assess(testing::parse_url("https://b.com/")).level, Level::kWarning);
  std::vector<RuleFile> unknown{{"credibility/y.json", R"({"format": "nope", "version": 1})"}};
  auto refused = load(unknown, {}, testing::unicode());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(), "credibility/y.json: format: expected \"sauatty-credibility\"");
}

}  // namespace
}  // namespace sauatty::credibility

namespace sauatty::credibility {
namespace {

struct LinRow {
  std::string domain;
  double pc1;
};

std::vector<LinRow> lin_rows() {
  std::vector<LinRow> rows;
  auto path = testing::shared_file("lin2023-domain-quality/domain_pc1.csv");
  if (!path) return rows;
  std::istringstream in(*testing::read_text(*path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    rows.push_back({line.substr(0, comma), std::stod(line.substr(comma + 1))});
  }
  return rows;
}

// False alarms, measured (docs/CREDIBILITY.md "False alarms"): with the
// embedded rules, no domain on our reputable list and no Lin et al. 2023
// domain with pc1 ≥ 0.8 gets caution or warning.
// Info (popup only) on at most 3 %: a dataset may rate a government site
// "mixed" (CRED-1: kremlin.ru), which is its call, not a false alarm.
TEST(FalseAlarms, ReputableListIsQuiet) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  std::size_t checked = 0, info = 0;
  std::string which;
  for (const Target& t : a->lookalikes().targets()) {
    for (const std::string& host : {t.domain, "www." + t.domain}) {
      SCOPED_TRACE(host);
      Assessment r = a->assess(parse_url("https://" + host + "/"));
      EXPECT_LE(r.level, Level::kInfo) << codes(r);
      if (r.level == Level::kInfo) {
        ++info;
        which += " " + host + "(" + (r.list ? r.list->name : "signals") + ")";
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 150u);
  EXPECT_LE(info * 100, checked * 3) << which;
  std::cout << "[ measure ] reputable hosts (bare and www.): " << checked
            << ", at info:" << (which.empty() ? " none" : which) << "\n";
}

// ≥ 300 reputable, widely used domains that readers here meet (Kazakhstan,
// Russian-language, world), many on no list of ours
// (tests/credibility/data/widely-used.txt): no caution or warning, info on
// at most 3 %.
TEST(FalseAlarms, WidelyUsedDomainsAreQuiet) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  auto text =
      testing::read_text(std::filesystem::path(SAUATTY_CREDIBILITY_TEST_DATA) / "widely-used.txt");
  ASSERT_TRUE(text.has_value()) << "tests/credibility/data/widely-used.txt";
  std::istringstream lines(*text);
  std::string line, info_which;
  std::size_t checked = 0, info = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() == '#') continue;
    for (const std::string& host : {line, "www." + line}) {
      SCOPED_TRACE(host);
      Assessment r = a->assess(parse_url("https://" + host + "/"));
      EXPECT_LE(r.level, Level::kInfo)
          << codes(r) << (r.imitated ? " of " + r.imitated->domain : "");
      if (r.level == Level::kInfo) {
        ++info;
        info_which += " " + host + "(" + (r.list ? r.list->name : "lookalike") + ")";
      }
    }
    ++checked;
  }
  EXPECT_GE(checked, 300u);
  EXPECT_LE(info * 100, checked * 2 * 3) << info_which;
  std::cout << "[ measure ] widely used domains: " << checked
            << " (bare and www.), at info:" << (info_which.empty() ? " none" : info_which) << "\n";
}

TEST(FalseAlarms, HighQualityLinDomainsAreQuiet) {
  auto rows = lin_rows();
  if (rows.empty())
    GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/lin2023-domain-quality/domain_pc1.csv";
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  // Where Lin et al.'s score and a public authority disagree, and why we
  // follow the authority (docs/CREDIBILITY.md "False alarms"). Each entry
  // is a true label, not a false alarm; anything else fails.
  const std::set<std::string> kExplained = {
      // Sputnik Azerbaijan: its Lin component ratings are imputed (Sputnik's
      // own sputniknews.com scores pc1 0.35); Sputnik's broadcasting is
      // suspended in the EU, Council Decision (CFSP) 2022/351.
      "az.sputniknews.ru",
  };
  std::size_t high = 0, loud = 0, any = 0;
  for (const LinRow& row : rows) {
    if (row.pc1 < 0.8) continue;
    ++high;
    auto u = url::parse("https://" + row.domain + "/");
    if (!u) continue;
    Assessment r = a->assess(*u);
    if (r.level != Level::kNone) ++any;
    if (r.level >= Level::kCaution) {
      ++loud;
      if (!kExplained.contains(row.domain)) {
        ADD_FAILURE() << row.domain << " (pc1 " << row.pc1 << "): " << level_name(r.level) << " "
                      << codes(r) << (r.imitated ? " of " + r.imitated->domain : "");
      }
    }
  }
  EXPECT_EQ(high, 1264u);
  EXPECT_LE(loud, kExplained.size());
  // Info (popup only) is allowed on at most 3 % (issue 12's target): the
  // bundled CRED-1 rates a few of them "mixed".
  EXPECT_LE(any * 100, high * 3) << any << " of " << high << " above level none";
  std::cout << "[ measure ] Lin et al. 2023 pc1 >= 0.8: " << high
            << " domains, caution or warning: " << loud << ", any level above none: " << any
            << "\n";
}

// Lookalike hits over all 11,520 Lin et al. 2023 news domains, whatever
// their score: each one must be a known impostor.
TEST(FalseAlarms, LookalikesAmongLinDomainsAreImpostors) {
  auto rows = lin_rows();
  if (rows.empty())
    GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/lin2023-domain-quality/domain_pc1.csv";
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  // Each is justified in docs/CREDIBILITY.md "False alarms": documented
  // fake-news domains (OpenSources, CRED-1 "fake"), Natural News' *.news
  // network imitating fact-checkers and outlets (CRED-1 "unreliable", Lin
  // pc1 ≤ 0.29), and brand combos no outlet on our list owns.
  const std::set<std::string> kImpostors = {
      "cnn.com.de",      "abcnews.com.co",  "washingtonpost.com.co",
      "usatoday.com.co", "cbsnews.com.co",  "aijazeera.com",
      "bbc-news.us",     "factcheck.news",  "my-washingtonpost.com",
      "npr.news",        "politifact.news", "snopes.news",
      "usatodaynews.me", "whitehouse.news", "science.news",
      "repubblica24.com"};
  std::set<std::string> hits;
  for (const LinRow& row : rows) {
    auto u = url::parse("https://" + row.domain + "/");
    if (u && a->assess(*u).lookalike != LookalikeKind::kNone) hits.insert(row.domain);
  }
  std::cout << "[ measure ] lookalikes among " << rows.size()
            << " Lin et al. domains: " << hits.size() << "\n";
  EXPECT_EQ(hits, kImpostors);
}

// The same measurement with every importer loaded (what an administrator
// gets by adding all four datasets). Not a target of 0: the imported lists
// disagree with Lin et al. on a few domains; the count is reported and
// bounded so that a regression in the mapping shows.
TEST(FalseAlarms, HighQualityLinDomainsWithImports) {
  auto rows = lin_rows();
  auto os = testing::shared_file("opensources/sources.json");
  auto bsd = testing::shared_file("bs-detector/data.dev.json");
  auto cred1 = testing::shared_file("cred1/cred1_current.json");
  if (rows.empty() || !os || !bsd || !cred1)
    GTEST_SKIP() << "needs the credibility datasets in $SAUATTY_SHARED_DATA";
  std::string os_text = *testing::read_text(*os), bsd_text = *testing::read_text(*bsd),
              cred1_text = *testing::read_text(*cred1);
  std::vector<ImportFile> imports{{ImportFormat::kOpenSources, "sources.json", os_text},
                                  {ImportFormat::kBsDetector, "data.dev.json", bsd_text},
                                  {ImportFormat::kCred1, "cred1_current.json", cred1_text}};
  auto own = testing::own_files();
  auto files = own.files();
  auto loaded = load(files, imports, testing::unicode());
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  std::size_t high = 0, loud = 0;
  std::string which;
  for (const LinRow& row : rows) {
    if (row.pc1 < 0.8) continue;
    ++high;
    auto u = url::parse("https://" + row.domain + "/");
    if (!u) continue;
    Assessment r = loaded->assessor->assess(*u);
    if (r.level >= Level::kCaution) {
      ++loud;
      which +=
          " " + row.domain + "(" + (r.list ? r.list->name : "lookalike") + ":" + codes(r) + ")";
    }
  }
  std::cout
      << "[ measure ] with OpenSources + B.S. Detector + CRED-1: pc1 >= 0.8 at caution or warning: "
      << loud << " of " << high << ":" << which << "\n";
  EXPECT_LE(loud, 3u) << which;
}

}  // namespace
}  // namespace sauatty::credibility
