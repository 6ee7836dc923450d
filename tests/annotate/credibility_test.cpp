// annotate/credibility.h and credibility_json.h: the JSON a `page`, `links`
// or `check --json` answer carries for credibility, from the embedded rules
// (rules/credibility/ via $SAUATTY_RULES_DIR).
#include "annotate/credibility.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "annotate/credibility_json.h"
#include "credibility/list_format.h"
#include "credibility/test_util.h"

namespace sauatty::annotate {
namespace {

using credibility::testing::embedded_assessor;
using credibility::testing::parse_url;

// Every key of an assessment's answer is present, whatever the site.
void expect_keys(const Json& j) {
  for (const char* key : {"level", "rating", "reasons", "lookalike_of", "lookalike", "source",
                          "next_steps", "signals"}) {
    EXPECT_TRUE(j.contains(key)) << key << " in " << j.dump();
  }
  EXPECT_EQ(j.size(), 8u) << j.dump();
}

TEST(AnnotateCredibility, NoRulesLoadedIsNeutral) {
  url::Url page = parse_url("https://www.rt.com/news/1");
  credibility::PageMeta meta{.title = "You won't believe what happened next", .lang = "en"};
  Json j = judge_page(nullptr, page, &meta);
  expect_keys(j);
  EXPECT_EQ(j["level"], "none");
  EXPECT_EQ(j["rating"], nullptr);
  EXPECT_EQ(j["reasons"], Json::array());
  EXPECT_EQ(j["source"], nullptr);
  EXPECT_EQ(j["lookalike"], nullptr);
  EXPECT_EQ(j["signals"], Json::array());
  std::vector<const url::Url*> links{&page};
  EXPECT_EQ(judge_links(nullptr, links), Json::array());
}

// A rated site: who rated it, where it is written, notes in three languages
// and what to check next; no page read, so no signals.
TEST(AnnotateCredibility, RatedSiteWithoutPage) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  Json j = judge_page(a.get(), parse_url("https://www.rt.com/"), nullptr);
  expect_keys(j);
  EXPECT_EQ(j["level"], "caution");
  EXPECT_EQ(j["rating"], "state-controlled");
  EXPECT_EQ(j["reasons"], Json({"rated_state_controlled", "eu_sanctioned"}));
  EXPECT_EQ(j["lookalike_of"], nullptr);
  EXPECT_EQ(j["lookalike"], nullptr);
  EXPECT_EQ(j["source"]["list"], "sauatty-state-media");
  EXPECT_EQ(j["source"]["entry"], "rt.com");
  EXPECT_EQ(j["source"]["citation"], "https://eur-lex.europa.eu/eli/dec/2022/351/oj");
  EXPECT_EQ(j["source"]["rated_by"], "Council of the European Union");
  for (const char* lang : {"en", "ru", "kk"}) {
    ASSERT_TRUE(j["source"]["notes"].contains(lang)) << lang;
    EXPECT_FALSE(j["source"]["notes"][lang].get<std::string>().empty()) << lang;
  }
  EXPECT_EQ(j["next_steps"], Json({"who_runs_site", "what_others_say", "find_original"}));
  EXPECT_EQ(j["signals"], Json::array());
  // The same assessment without the notes filled is assessment_json's.
  Json bare = assessment_json(a->assess(parse_url("https://www.rt.com/")));
  bare["source"]["notes"] = j["source"]["notes"];
  EXPECT_EQ(bare, j);
}

TEST(AnnotateCredibility, UnratedSiteIsQuiet) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  Json j = judge_page(a.get(), parse_url("https://example.com/"), nullptr);
  expect_keys(j);
  EXPECT_EQ(j["level"], "none");
  EXPECT_EQ(j["rating"], nullptr);
  EXPECT_EQ(j["source"], nullptr);
  EXPECT_EQ(j["reasons"], Json::array());
  EXPECT_EQ(j["next_steps"], Json::array());
}

// The metadata the content script read reaches the assessor: a clickbait
// title on an unrated site is a signal at level info.
TEST(AnnotateCredibility, PageMetadataGivesSignals) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  credibility::PageMeta meta{.title = "You won't believe what happened next", .lang = "en"};
  Json j = judge_page(a.get(), parse_url("https://news.example/story"), &meta);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["reasons"], Json({"page_signals"}));
  EXPECT_EQ(j["source"], nullptr);
  ASSERT_TRUE(j["signals"].is_array());
  EXPECT_NE(std::find(j["signals"].begin(), j["signals"].end(), "clickbait_title"),
            j["signals"].end())
      << j["signals"].dump();
  EXPECT_NE(std::find(j["next_steps"].begin(), j["next_steps"].end(), "find_original"),
            j["next_steps"].end())
      << j["next_steps"].dump();
}

TEST(AnnotateCredibility, LookalikeNamesWhatItImitates) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  Json typo = judge_page(a.get(), parse_url("https://reuterss.com/"), nullptr);
  EXPECT_EQ(typo["lookalike_of"], "reuters.com");
  EXPECT_EQ(typo["lookalike"]["kind"], "typo");
  EXPECT_EQ(typo["lookalike"]["of"], "reuters.com");
  EXPECT_EQ(typo["lookalike"]["list"], "sauatty-reputable");
  EXPECT_FALSE(typo["lookalike"].contains("substitution"));
  EXPECT_EQ(typo["next_steps"], Json({"who_runs_site", "visit_real_site"}));

  // Letters that look alike: which was written instead of which.
  Json swap = judge_page(a.get(), parse_url("https://kaspl.kz/"), nullptr);
  EXPECT_EQ(swap["lookalike_of"], "kaspi.kz");
  EXPECT_EQ(swap["lookalike"]["kind"], "confusable");
  EXPECT_EQ(swap["lookalike"]["sector"], "bank");
  EXPECT_EQ(swap["lookalike"]["citation"], "https://en.wikipedia.org/wiki/Kaspi.kz");
  EXPECT_EQ(swap["lookalike"]["substitution"], Json({{"written", "l"}, {"instead_of", "i"}}));
}

// "citations": the citation in other languages, beside the default one,
// for a rated source and for the outlet a lookalike imitates; {} when the
// entry gives none.
TEST(AnnotateCredibility, SourceAndLookalikeCarryPerLanguageCitations) {
  auto ratings = credibility::parse_list("r.json", R"({"format": "sauatty-credibility",
      "version": 1, "name": "r", "entries": [
      {"domain": "state.example", "rating": "state-controlled", "rated_by": "X",
       "citation": "https://en.wiki.example/State", "citations": {"ru": "https://ru.wiki.example/Gos",
       "kk": "https://kk.wiki.example/Mem"}},
      {"domain": "plain.example", "rating": "satire", "rated_by": "X",
       "citation": "https://en.wiki.example/Plain"}]})");
  auto targets = credibility::parse_list("t.json", R"({"format": "sauatty-credibility",
      "version": 1, "name": "t", "purpose": "lookalike-targets", "entries": [
      {"domain": "kaspi.kz", "sector": "bank", "citation": "https://en.wiki.example/Kaspi",
       "citations": {"ru": "https://ru.wiki.example/Kaspi"}}]})");
  ASSERT_TRUE(ratings && targets);
  std::vector<credibility::List> lists{ratings->list, targets->list};
  auto a = credibility::Assessor::build(std::move(lists), {},
                                        credibility::Confusables(credibility::testing::unicode()));
  ASSERT_TRUE(a.has_value()) << a.error();

  Json state = assessment_json((*a)->assess(parse_url("https://state.example/news")));
  EXPECT_EQ(state["source"]["citation"], "https://en.wiki.example/State");
  EXPECT_EQ(state["source"]["citations"],
            Json({{"ru", "https://ru.wiki.example/Gos"}, {"kk", "https://kk.wiki.example/Mem"}}));
  Json plain = assessment_json((*a)->assess(parse_url("https://plain.example/")));
  EXPECT_EQ(plain["source"]["citations"], Json::object());

  Json swap = assessment_json((*a)->assess(parse_url("https://kaspl.kz/")));
  ASSERT_EQ(swap["lookalike_of"], "kaspi.kz") << swap.dump();
  EXPECT_EQ(swap["lookalike"]["citation"], "https://en.wiki.example/Kaspi");
  EXPECT_EQ(swap["lookalike"]["citations"], Json({{"ru", "https://ru.wiki.example/Kaspi"}}));
}

// Our own rules: TASS's entry links the Russian article beside the English
// one; RT's (an EU decision, which has no Russian version) none.
TEST(AnnotateCredibility, EmbeddedRulesGiveTheRussianArticle) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  Json tass = judge_page(a.get(), parse_url("https://tass.ru/politika/1"), nullptr);
  EXPECT_EQ(tass["source"]["citation"], "https://en.wikipedia.org/wiki/TASS");
  EXPECT_EQ(tass["source"]["citations"],
            Json({{"ru", "https://ru.wikipedia.org/wiki/%D0%A2%D0%90%D0%A1%D0%A1"}}));
  Json rt = judge_page(a.get(), parse_url("https://www.rt.com/"), nullptr);
  EXPECT_EQ(rt["source"]["citations"], Json::object());
}

// Only caution and warning links are listed, by their index in the
// message; the page's own site and links that did not parse are left out.
TEST(AnnotateCredibility, LinksListOnlyFlaggedOnes) {
  auto a = embedded_assessor();
  ASSERT_NE(a, nullptr);
  std::vector<url::Url> urls;
  for (const char* u : {"https://example.com/", "https://rt.com/a", "https://abcnews.com.co/c",
                        "https://tengrinews.kz/", "https://news.example/page2"}) {
    urls.push_back(parse_url(u));
  }
  std::vector<const url::Url*> links;
  for (const auto& u : urls) links.push_back(&u);
  links.push_back(nullptr);
  url::Url page = parse_url("https://news.example/");
  Json flagged = judge_links(a.get(), links, &page);
  ASSERT_EQ(flagged.size(), 2u) << flagged.dump();
  EXPECT_EQ(flagged[0], Json({{"index", 1},
                              {"level", "caution"},
                              {"rating", "state-controlled"},
                              {"lookalike_of", nullptr},
                              {"reasons", {"rated_state_controlled", "eu_sanctioned"}}}));
  EXPECT_EQ(flagged[1]["index"], 2);
  EXPECT_EQ(flagged[1]["level"], "warning");
  EXPECT_EQ(flagged[1]["rating"], "fabricated");
  EXPECT_EQ(flagged[1]["lookalike_of"], "abcnews.com");
  EXPECT_EQ(flagged[1].size(), 5u);

  // On rt.com itself, its own link is the page's business.
  url::Url rt = parse_url("https://rt.com/");
  Json on_rt = judge_links(a.get(), links, &rt);
  ASSERT_EQ(on_rt.size(), 1u);
  EXPECT_EQ(on_rt[0]["index"], 2);
}

}  // namespace
}  // namespace sauatty::annotate
