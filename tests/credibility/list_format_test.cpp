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
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = parse_list("x.json", c.text);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error(), c.error);
  }
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
      EXPECT_FALSE(e.citation.empty());
      EXPECT_FALSE(e.reviewed.empty());
      if (list->purpose == ListPurpose::kRatings) {
        EXPECT_FALSE(e.rated_by.empty());
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
