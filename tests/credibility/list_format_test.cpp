#include "credibility/list_format.h"

#include <gtest/gtest.h>

#include <set>

#include "credibility/test_util.h"

namespace sauatty::credibility {
namespace {

std::string list_with(const std::string& entry, const std::string& purpose = "ratings") {
  return R"({"format": "sauatty-credibility", "version": 1, "name": "t", "purpose": ")" + purpose +
         R"(", "entries": [)" + entry + "]}";
}

constexpr const char* kGood =
    R"({"domain": "example.com", "rating": "satire", "rated_by": "us", "citation": "https://example.org/why"})";

struct BadCase {
  const char* name;
  std::string text;
  const char* error;  // expected message, exactly
};

TEST(ListFormat, BadInputNamesTheFieldAtFault) {
  const BadCase cases[] = {
      {"UnknownRating",
       list_with(
           R"({"domain": "a.com", "rating": "fak", "rated_by": "x", "citation": "https://x.org"})"),
       "x.json: entries[0].rating: unknown rating 'fak'"},
      {"SecondEntry",
       list_with(std::string(kGood) +
                 R"(, {"domain": "b.com", "rating": "satire", "rated_by": "x"})"),
       "x.json: entries[1].citation: missing"},
      {"CitationNotUrl",
       list_with(
           R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "wikipedia"})"),
       "x.json: entries[0].citation: not an http(s) URL"},
      {"NoPattern",
       list_with(R"({"rating": "satire", "rated_by": "x", "citation": "https://x.org"})"),
       "x.json: entries[0]: needs exactly one of domain, host, url_prefix"},
      {"TwoPatterns",
       list_with(
           R"({"domain": "a.com", "host": "b.a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})"),
       "x.json: entries[0]: needs exactly one of domain, host, url_prefix"},
      {"UpperCaseHost",
       list_with(
           R"({"domain": "RT.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})"),
       "x.json: entries[0].domain: write the host in lower case: 'rt.com'"},
      {"SingleLabel",
       list_with(
           R"({"domain": "com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})"),
       "x.json: entries[0].domain: not a host name: 'com'"},
      {"SectionWithoutPath",
       list_with(
           R"({"url_prefix": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})"),
       "x.json: entries[0].url_prefix: needs a host and a path: 'example.com/section'"},
      {"UnknownField",
       list_with(
           R"({"domain": "a.com", "ratng": "satire", "rated_by": "x", "citation": "https://x.org"})"),
       "x.json: entries[0].ratng: unknown field"},
      {"BadDate",
       list_with(
           R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "reviewed": "2026-13-01"})"),
       "x.json: entries[0].reviewed: not a YYYY-MM-DD date"},
      {"BadReason",
       list_with(
           R"({"domain": "a.com", "rating": "satire", "reasons": ["Bad Code"], "rated_by": "x", "citation": "https://x.org"})"),
       "x.json: entries[0].reasons[0]: not a code ([a-z0-9_]+)"},
      {"BadNoteLanguage",
       list_with(
           R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "notes": {"EN": "x"}})"),
       "x.json: entries[0].notes: 'EN' is not a language code"},
      {"Duplicate", list_with(std::string(kGood) + "," + kGood),
       "x.json: entries[1]: 'example.com' is listed twice"},
      {"RatingInTargetList",
       list_with(R"({"domain": "a.com", "rating": "satire", "citation": "https://x.org"})",
                 "lookalike-targets"),
       "x.json: entries[0].rating: unknown field"},
      {"WrongFormat", R"({"format": "other", "version": 1})",
       "x.json: format: expected \"sauatty-credibility\""},
      {"WrongVersion", R"({"format": "sauatty-credibility", "version": 2})",
       "x.json: version: expected 1"},
      {"NotObject", "[1, 2]", "x.json: not a JSON object"},
      {"BadPurpose", list_with(kGood, "votes"),
       "x.json: purpose: expected \"ratings\" or \"lookalike-targets\""},
      {"ScoreOutOfRange",
       list_with(
           R"({"domain": "a.com", "rating": "mixed", "rated_by": "x", "citation": "https://x.org", "score": 1.5})"),
       "x.json: entries[0].score: not a number in [0, 1]"},
      {"NoCitationWithoutTheList's",
       list_with(R"({"domain": "a.com", "rating": "mixed", "rated_by": "x"})"),
       "x.json: entries[0].citation: missing"},
      {"ListRatedByWithoutCitation",
       R"({"format": "sauatty-credibility", "version": 1, "name": "d", "rated_by": "X", "entries": []})",
       "x.json: rated_by and citation: give both for the whole list or neither"},
      {"ListCitationNotAUrl",
       R"({"format": "sauatty-credibility", "version": 1, "name": "d", "rated_by": "X", "citation": "x", "entries": []})",
       "x.json: citation: not an http(s) URL"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = parse_list("x.json", c.text);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error(), c.error);
  }
}

// A dataset list (scripts/datasets/) gives who rated, the evidence, the
// date, the attribution and the licence once; its entries then need only
// a pattern, a rating and what the dataset says of the row.
TEST(ListFormat, DatasetListGivesTheSourceOnce) {
  auto parsed = parse_list(
      "x.json",
      R"({"format": "sauatty-credibility", "version": 1, "name": "cred1", "origin": "dataset",
          "rated_by": "CRED-1", "citation": "https://example.org/cred-1", "reviewed": "2026-08-04",
          "attribution": "CRED-1 by A. Author", "license": "CC BY 4.0",
          "entries": [{"domain": "a.com", "rating": "unreliable", "reasons": ["factual_low"], "score": 0.09},
                      {"domain": "b.com", "rating": "mixed", "rated_by": "Other", "citation": "https://o.org"}]})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  const List& l = *parsed;
  EXPECT_EQ(l.origin, ListOrigin::kDataset);
  EXPECT_EQ(l.attribution, "CRED-1 by A. Author");
  EXPECT_EQ(l.license, "CC BY 4.0");
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.rated_by_of(l.entries[0]), "CRED-1");
  EXPECT_EQ(l.citation_of(l.entries[0]), "https://example.org/cred-1");
  EXPECT_EQ(l.reviewed_of(l.entries[0]), "2026-08-04");
  EXPECT_FLOAT_EQ(l.entries[0].score, 0.09f);
  EXPECT_LT(l.entries[1].score, 0);                 // none given
  EXPECT_EQ(l.rated_by_of(l.entries[1]), "Other");  // an entry's own wins
  EXPECT_EQ(l.citation_of(l.entries[1]), "https://o.org");
}

TEST(ListFormat, InvalidJsonGivesLineAndColumn) {
  auto parsed = parse_list("x.json", "{\n  \"format\": \"sauatty-credibility\",\n  oops\n}");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_TRUE(parsed.error().starts_with("x.json:3:")) << parsed.error();
  EXPECT_NE(parsed.error().find("invalid JSON"), std::string::npos);
}

TEST(ListFormat, ParsesEveryPatternKind) {
  std::string text = list_with(
      std::string(kGood) +
      R"(, {"host": "70news.wordpress.com", "rating": "fabricated", "rated_by": "x", "citation": "https://x.org", "reviewed": "2026-01-02", "notes": {"en": "E", "ru": "Р", "kk": "Қ"}})"
      R"(, {"url_prefix": "cato.org/blog", "rating": "mixed", "reasons": ["partisan_bias"], "rated_by": "x", "citation": "http://x.org/a?b"})"
      R"(, {"domain": "пример.рф", "rating": "hate", "rated_by": "x", "citation": "https://x.org"})");
  auto parsed = parse_list("x.json", text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  ASSERT_EQ(parsed->entries.size(), 4u);
  EXPECT_EQ(parsed->name, "t");
  const Entry& host = parsed->entries[1];
  EXPECT_EQ(host.kind, PatternKind::kHost);
  EXPECT_EQ(host.reviewed, "2026-01-02");
  ASSERT_EQ(host.notes.size(), 3u);
  const Entry& section = parsed->entries[2];
  EXPECT_EQ(section.kind, PatternKind::kSection);
  EXPECT_EQ(section.host, "cato.org");
  EXPECT_EQ(section.path, "/blog");
  EXPECT_EQ(section.pattern(), "cato.org/blog");
  EXPECT_EQ(section.reasons, std::vector<std::string>{"partisan_bias"});
  EXPECT_EQ(parsed->entries[3].host, "xn--e1afmkfd.xn--p1ai");
}

TEST(ListFormat, TargetFields) {
  auto parsed = parse_list(
      "x.json",
      list_with(
          R"({"domain": "abcnews.go.com", "name": "abcnews", "names": ["ABC News"], "typo": false, "citation": "https://x.org"})",
          "lookalike-targets"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  const Entry& e = parsed->entries[0];
  EXPECT_FALSE(e.rating.has_value());
  EXPECT_EQ(e.name, "abcnews");
  EXPECT_EQ(e.names, std::vector<std::string>{"ABC News"});
  EXPECT_FALSE(e.typo);
}

TEST(ListFormat, Clickbait) {
  auto good = parse_clickbait("c.json", R"({"format": "sauatty-clickbait", "version": 1,
      "patterns": [{"lang": "en", "re": "you won'?t believe", "example": "You Won't Believe It"}]})");
  ASSERT_TRUE(good.has_value()) << good.error();
  EXPECT_EQ(good->size(), 1u);
  struct {
    const char* text;
    const char* error;
  } const bad[] = {
      {R"({"format": "sauatty-clickbait", "version": 1, "patterns": [{"lang": "en", "re": "(unclosed"}]})",
       "c.json: patterns[0].re: RE2 refuses it: missing ): (unclosed"},
      {R"({"format": "sauatty-clickbait", "version": 1, "patterns": [{"lang": "en", "re": "abc", "example": "xyz"}]})",
       "c.json: patterns[0].example: the pattern does not match its own example"},
      {R"({"format": "sauatty-clickbait", "version": 1, "patterns": [{"lang": "EN", "re": "abc"}]})",
       "c.json: patterns[0].lang: missing or not a language code"},
  };
  for (const auto& c : bad) {
    auto parsed = parse_clickbait("c.json", c.text);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error(), c.error);
  }
}

// Our embedded lists: every file parses, and every rated entry has a
// citation and who rated it (the format enforces it; this proves the files
// pass), with notes in en, ru and kk.
TEST(ListFormat, EmbeddedListsParseAndCiteEverything) {
  auto own = testing::own_files();
  ASSERT_FALSE(own.names.empty());
  int lists = 0;
  for (std::size_t i = 0; i < own.names.size(); ++i) {
    SCOPED_TRACE(own.names[i]);
    std::string format = sniff_format(own.contents[i]);
    if (format == "sauatty-clickbait") {
      auto p = parse_clickbait(own.names[i], own.contents[i]);
      EXPECT_TRUE(p.has_value()) << p.error();
      continue;
    }
    ASSERT_EQ(format, "sauatty-credibility");
    auto list = parse_list(own.names[i], own.contents[i]);
    ASSERT_TRUE(list.has_value()) << list.error();
    ++lists;
    for (const Entry& e : list->entries) {
      SCOPED_TRACE(e.pattern());
      EXPECT_FALSE(list->citation_of(e).empty());
      EXPECT_FALSE(list->reviewed_of(e).empty());
      // A bundled dataset's notes come from templates (annotate/credibility.h;
      // tested in dataset_bundle_test.cpp).
      if (list->purpose == ListPurpose::kRatings && list->origin == ListOrigin::kCurated) {
        EXPECT_FALSE(list->rated_by_of(e).empty());
        std::set<std::string> langs;
        for (const Note& n : e.notes) langs.insert(n.lang);
        EXPECT_TRUE(langs.contains("en") && langs.contains("ru") && langs.contains("kk"));
      }
    }
  }
  EXPECT_GE(lists, 5);
}

}  // namespace
}  // namespace sauatty::credibility
