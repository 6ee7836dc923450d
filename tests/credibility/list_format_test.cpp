#include "credibility/list_format.h"

#include <gtest/gtest.h>

#include <set>

#include "credibility/assessor.h"
#include "credibility/load.h"
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

// A bad entry is left out with a message naming the file, the entry, its
// domain and the field at fault; the good entries around it load.
TEST(ListFormat, BadEntryIsLeftOutAndNamedAndTheRestLoads) {
  const BadCase cases[] = {
      {"UnknownRating",
       R"({"domain": "a.com", "rating": "fak", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1].rating: unknown rating 'fak' (entry 'a.com' left out)"},
      {"NoCitation", R"({"domain": "b.com", "rating": "satire", "rated_by": "x"})",
       "x.json: entries[1].citation: missing (entry 'b.com' left out)"},
      {"CitationNotUrl",
       R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "wikipedia"})",
       "x.json: entries[1].citation: not an http(s) URL (entry 'a.com' left out)"},
      {"NoPattern", R"({"rating": "satire", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1]: needs exactly one of domain, host, url_prefix (entry left out)"},
      {"TwoPatterns",
       R"({"domain": "a.com", "host": "b.a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1]: needs exactly one of domain, host, url_prefix (entry 'a.com' left "
       "out)"},
      {"UpperCaseHost",
       R"({"domain": "RT.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1].domain: write the host in lower case: 'rt.com' (entry 'RT.com' left "
       "out)"},
      {"SingleLabel",
       R"({"domain": "com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1].domain: not a host name: 'com' (entry 'com' left out)"},
      {"SectionWithoutPath",
       R"({"url_prefix": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1].url_prefix: needs a host and a path: 'example.com/section' (entry "
       "'a.com' left out)"},
      {"UnknownField",
       R"({"domain": "a.com", "ratng": "satire", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1].ratng: unknown field (entry 'a.com' left out)"},
      {"BadDate",
       R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "reviewed": "2026-13-01"})",
       "x.json: entries[1].reviewed: not a YYYY-MM-DD date (entry 'a.com' left out)"},
      {"BadReason",
       R"({"domain": "a.com", "rating": "satire", "reasons": ["Bad Code"], "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1].reasons[0]: not a code ([a-z0-9_]+) (entry 'a.com' left out)"},
      {"BadNoteLanguage",
       R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "notes": {"EN": "x"}})",
       "x.json: entries[1].notes: 'EN' is not a language code (entry 'a.com' left out)"},
      {"Duplicate", kGood, "x.json: entries[1]: 'example.com' is listed twice (entry left out)"},
      {"ScoreOutOfRange",
       R"({"domain": "a.com", "rating": "mixed", "rated_by": "x", "citation": "https://x.org", "score": 1.5})",
       "x.json: entries[1].score: not a number in [0, 1] (entry 'a.com' left out)"},
      {"NotAnObject", "[1]", "x.json: entries[1]: not an object (entry left out)"},
      {"DomainNotAString",
       R"({"domain": 7, "rating": "satire", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1].domain: not a string (entry left out)"},
      {"CitationsNotAnObject",
       R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "citations": ["https://ru.x.org"]})",
       "x.json: entries[1].citations: not an object {lang: https URL} of at most 16 languages "
       "(entry 'a.com' left out)"},
      {"CitationsPlainHttp",
       R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "citations": {"ru": "http://ru.x.org/a"}})",
       "x.json: entries[1].citations.ru: not an https URL (entry 'a.com' left out)"},
      {"CitationsNotUrl",
       R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "citations": {"kk": "Уикипедия"}})",
       "x.json: entries[1].citations.kk: not an https URL (entry 'a.com' left out)"},
      {"CitationsScript",
       R"x({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "citations": {"ru": "javascript:alert(1)"}})x",
       "x.json: entries[1].citations.ru: not an https URL (entry 'a.com' left out)"},
      {"CitationsNotAString",
       R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "citations": {"ru": 7}})",
       "x.json: entries[1].citations.ru: not an https URL (entry 'a.com' left out)"},
      {"CitationsBadLanguage",
       R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org", "citations": {"RU": "https://ru.x.org"}})",
       "x.json: entries[1].citations: 'RU' is not a language code (entry 'a.com' left out)"},
      {"UnprintableDomainNotRepeated",
       R"({"domain": "a\u0007.com", "rating": "satire", "rated_by": "x", "citation": "https://x.org"})",
       "x.json: entries[1].domain: not a host name: 'a\a.com' (entry left out)"},
  };
  constexpr const char* kAfter =
      R"({"host": "c.example.org", "rating": "fabricated", "rated_by": "x", "citation": "https://x.org"})";
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = parse_list("x.json", list_with(std::string(kGood) + "," + c.text + "," + kAfter));
    ASSERT_TRUE(parsed.has_value()) << parsed.error();
    ASSERT_EQ(parsed->skipped.size(), 1u);
    EXPECT_EQ(parsed->skipped[0], c.error);
    ASSERT_EQ(parsed->list.entries.size(), 2u);
    EXPECT_EQ(parsed->list.entries[0].pattern(), "example.com");
    EXPECT_EQ(parsed->list.entries[1].pattern(), "c.example.org");
    EXPECT_EQ(parsed->list.entries[1].rating, Rating::kFabricated);
  }
}

TEST(ListFormat, RatingInTargetListIsLeftOut) {
  auto parsed = parse_list(
      "x.json", list_with(R"({"domain": "a.com", "rating": "satire", "citation": "https://x.org"},
                   {"domain": "b.com", "citation": "https://x.org"})",
                          "lookalike-targets"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  EXPECT_EQ(parsed->skipped,
            std::vector<std::string>{
                "x.json: entries[0].rating: unknown field (entry 'a.com' left out)"});
  ASSERT_EQ(parsed->list.entries.size(), 1u);
  EXPECT_EQ(parsed->list.entries[0].host, "b.com");
}

// A file of a thousand bad entries: the first kMaxSkippedReports are named
// one by one, one line counts the rest, and the good one still loads.
TEST(ListFormat, ManyBadEntriesAreCountedNotListed) {
  std::string entries = kGood;
  for (int i = 0; i < 1000; ++i) entries += R"(, {"domain": "a.com", "rating": "fak"})";
  auto parsed = parse_list("x.json", list_with(entries));
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  ASSERT_EQ(parsed->skipped.size(), kMaxSkippedReports + 1);
  EXPECT_EQ(parsed->skipped[0],
            "x.json: entries[1].rating: unknown rating 'fak' (entry 'a.com' left out)");
  EXPECT_EQ(parsed->skipped.back(), "x.json: … and " + std::to_string(1000 - kMaxSkippedReports) +
                                        " more entries left out");
  ASSERT_EQ(parsed->list.entries.size(), 1u);
}

// load(): every real file of ours, one of them with a bad entry among good
// ones. The bad entry is a warning naming the file and the entry, the
// good entries of that file and every other file still answer.
TEST(ListFormat, LoadReportsALeftOutEntryAndLoadsTheRest) {
  auto own = testing::own_files();
  ASSERT_FALSE(own.names.empty());
  std::vector<RuleFile> files = own.files();
  std::string broken = list_with(
      R"({"domain": "first-bad-example.kz", "rating": "fabricated", "rated_by": "x", "citation": "https://x.org"},
         {"domain": "rt.com", "rating": "state_controled", "rated_by": "x", "citation": "https://x.org"},
         {"domain": "last-bad-example.kz", "rating": "fabricated", "rated_by": "x", "citation": "https://x.org"})");
  files.push_back({"credibility/zz-broken.json", broken});
  auto loaded = load(files, {}, testing::unicode());
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  std::vector<std::string> ours;
  for (const std::string& w : loaded->warnings) {
    if (w.starts_with("credibility/")) ours.push_back(w);
  }
  EXPECT_EQ(ours, std::vector<std::string>{
                      "credibility/zz-broken.json: entries[1].rating: unknown rating "
                      "'state_controled' (entry 'rt.com' left out)"});
  const Assessor& a = *loaded->assessor;
  for (const char* u : {"https://first-bad-example.kz/", "https://last-bad-example.kz/"}) {
    auto r = a.assess(testing::parse_url(u));
    EXPECT_EQ(r.level, Level::kWarning) << u;
  }
  // rt.com is still rated, by our state-media list.
  auto rt = a.assess(testing::parse_url("https://www.rt.com/"));
  ASSERT_NE(rt.list, nullptr);
  EXPECT_EQ(rt.list->name, "sauatty-state-media");
}

// What makes the whole file unreadable is still an error for the file.
TEST(ListFormat, BadFileIsAnErrorNamingTheFile) {
  const BadCase cases[] = {
      {"WrongFormat", R"({"format": "other", "version": 1})",
       "x.json: format: expected \"sauatty-credibility\""},
      {"WrongVersion", R"({"format": "sauatty-credibility", "version": 2})",
       "x.json: version: expected 1"},
      {"NotObject", "[1, 2]", "x.json: not a JSON object"},
      {"BadPurpose", list_with(kGood, "votes"),
       "x.json: purpose: expected \"ratings\" or \"lookalike-targets\""},
      {"EntriesNotArray",
       R"({"format": "sauatty-credibility", "version": 1, "name": "t", "entries": {}})",
       "x.json: entries: missing or not an array"},
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
  EXPECT_TRUE(parsed->skipped.empty());
  const List& l = parsed->list;
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
  EXPECT_TRUE(parsed->skipped.empty());
  const List& list = parsed->list;
  ASSERT_EQ(list.entries.size(), 4u);
  EXPECT_EQ(list.name, "t");
  const Entry& host = list.entries[1];
  EXPECT_EQ(host.kind, PatternKind::kHost);
  EXPECT_EQ(host.reviewed, "2026-01-02");
  ASSERT_EQ(host.notes.size(), 3u);
  const Entry& section = list.entries[2];
  EXPECT_EQ(section.kind, PatternKind::kSection);
  EXPECT_EQ(section.host, "cato.org");
  EXPECT_EQ(section.path, "/blog");
  EXPECT_EQ(section.pattern(), "cato.org/blog");
  EXPECT_EQ(section.reasons, std::vector<std::string>{"partisan_bias"});
  EXPECT_EQ(list.entries[3].host, "xn--e1afmkfd.xn--p1ai");
}

// "citations" gives the citation in other languages beside the default
// "citation", in ratings and lookalike-target lists alike.
TEST(ListFormat, PerLanguageCitations) {
  auto ratings = parse_list(
      "x.json",
      list_with(
          R"({"domain": "a.com", "rating": "satire", "rated_by": "x", "citation": "https://en.x.org/A", "citations": {"ru": "https://ru.x.org/%D0%90", "kk": "https://kk.x.org/A"}})"));
  ASSERT_TRUE(ratings.has_value()) << ratings.error();
  EXPECT_TRUE(ratings->skipped.empty());
  ASSERT_EQ(ratings->list.entries.size(), 1u);
  const Entry& e = ratings->list.entries[0];
  EXPECT_EQ(e.citation, "https://en.x.org/A");
  ASSERT_EQ(e.citations.size(), 2u);
  std::set<std::pair<std::string, std::string>> got;
  for (const Citation& c : e.citations) got.insert({c.lang, c.url});
  EXPECT_EQ(got, (std::set<std::pair<std::string, std::string>>{{"ru", "https://ru.x.org/%D0%90"},
                                                                {"kk", "https://kk.x.org/A"}}));

  auto targets = parse_list(
      "x.json",
      list_with(
          R"({"domain": "b.com", "citation": "https://en.x.org/B", "citations": {"ru": "https://ru.x.org/B"}})",
          "lookalike-targets"));
  ASSERT_TRUE(targets.has_value()) << targets.error();
  ASSERT_EQ(targets->list.entries.size(), 1u);
  ASSERT_EQ(targets->list.entries[0].citations.size(), 1u);
  EXPECT_EQ(targets->list.entries[0].citations[0].url, "https://ru.x.org/B");

  // Without its own default citation (a dataset list gives one for all) an
  // entry's per-language ones have nothing to fall back on: left out.
  auto dataset = parse_list("d.json", R"({"format": "sauatty-credibility", "version": 1,
      "name": "d", "origin": "dataset", "rated_by": "R", "citation": "https://r.org",
      "entries": [{"domain": "c.com", "rating": "mixed", "citations": {"ru": "https://ru.r.org"}},
                  {"domain": "d.com", "rating": "mixed"}]})");
  ASSERT_TRUE(dataset.has_value()) << dataset.error();
  EXPECT_EQ(dataset->skipped,
            std::vector<std::string>{"d.json: entries[0].citations: given without the entry's "
                                     "own citation (entry 'c.com' left out)"});
  ASSERT_EQ(dataset->list.entries.size(), 1u);
  EXPECT_EQ(dataset->list.entries[0].host, "d.com");
}

TEST(ListFormat, TargetFields) {
  auto parsed = parse_list(
      "x.json",
      list_with(
          R"({"domain": "abcnews.go.com", "name": "abcnews", "names": ["ABC News"], "typo": false, "citation": "https://x.org"})",
          "lookalike-targets"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  ASSERT_EQ(parsed->list.entries.size(), 1u);
  const Entry& e = parsed->list.entries[0];
  EXPECT_FALSE(e.rating.has_value());
  EXPECT_EQ(e.name, "abcnews");
  EXPECT_EQ(e.names, std::vector<std::string>{"ABC News"});
  EXPECT_FALSE(e.typo);
}

TEST(ListFormat, Clickbait) {
  auto good = parse_clickbait("c.json", R"({"format": "sauatty-clickbait", "version": 1,
      "patterns": [{"lang": "en", "re": "you won'?t believe", "example": "You Won't Believe It"}]})");
  ASSERT_TRUE(good.has_value()) << good.error();
  EXPECT_EQ(good->patterns.size(), 1u);
  EXPECT_TRUE(good->skipped.empty());
  // A bad pattern is left out and named; the good one after it loads.
  struct {
    const char* pattern;
    const char* error;
  } const bad[] = {
      {R"({"lang": "en", "re": "(unclosed"})",
       "c.json: patterns[0].re: RE2 refuses it: missing ): (unclosed (pattern left out)"},
      {R"({"lang": "en", "re": "abc", "example": "xyz"})",
       "c.json: patterns[0].example: the pattern does not match its own example (pattern left "
       "out)"},
      {R"({"lang": "EN", "re": "abc"})",
       "c.json: patterns[0].lang: missing or not a language code (pattern left out)"},
      {R"("abc")", "c.json: patterns[0]: not an object (pattern left out)"},
  };
  for (const auto& c : bad) {
    SCOPED_TRACE(c.pattern);
    auto parsed = parse_clickbait(
        "c.json", std::string(R"({"format": "sauatty-clickbait", "version": 1, "patterns": [)") +
                      c.pattern + R"(, {"lang": "ru", "re": "шок"}]})");
    ASSERT_TRUE(parsed.has_value()) << parsed.error();
    EXPECT_EQ(parsed->skipped, std::vector<std::string>{c.error});
    ASSERT_EQ(parsed->patterns.size(), 1u);
    EXPECT_EQ(parsed->patterns[0].lang, "ru");
  }
  auto unreadable = parse_clickbait("c.json", R"({"format": "sauatty-clickbait", "version": 1})");
  ASSERT_FALSE(unreadable.has_value());
  EXPECT_EQ(unreadable.error(), "c.json: patterns: missing or not an array");
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
      ASSERT_TRUE(p.has_value()) << p.error();
      EXPECT_EQ(p->skipped, std::vector<std::string>{});  // our files leave nothing out
      continue;
    }
    ASSERT_EQ(format, "sauatty-credibility");
    auto parsed = parse_list(own.names[i], own.contents[i]);
    ASSERT_TRUE(parsed.has_value()) << parsed.error();
    EXPECT_EQ(parsed->skipped, std::vector<std::string>{});  // our files leave nothing out
    const List* list = &parsed->list;
    ++lists;
    for (const Entry& e : list->entries) {
      SCOPED_TRACE(e.pattern());
      EXPECT_FALSE(list->citation_of(e).empty());
      EXPECT_FALSE(list->reviewed_of(e).empty());
      // Per-language citations are other versions of the default, never
      // the default itself.
      for (const Citation& c : e.citations) EXPECT_NE(c.url, e.citation) << c.lang;
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

// The compiled cache checks each entry's hosts with is_normal_host, the
// list readers store normalize_host's: the two must agree on every text.
TEST(ListFormat, IsNormalHostIsNormalizeHostGivingTheSameBack) {
  const std::string long_label(64, 'a'), label63(63, 'b');
  std::string host_253;
  while (host_253.size() < 240) host_253 += label63.substr(0, 9) + ".";
  host_253 += std::string(253 - host_253.size(), 'c');
  const std::vector<std::string> texts = {
      "example.com", "Example.com", "example.com.", "com", "", ".", "a..com", ".a.com",
      "-a.com", "a_b.example.kz", "1.2.3.4", "1.2.3.256", "1.2.3", "01.2.3.4", "пример.рф",
      "xn--e1afmkfd.xn--p1ai", long_label + ".com", label63 + ".com", host_253,
      host_253 + "c", "a.b c.com", std::string("a\0.com", 6), "tengrinews.kz",
      "sub.tengrinews.kz", "\xff.com", "a.com/"};
  for (const std::string& text : texts) {
    const auto normal = normalize_host(text);
    EXPECT_EQ(is_normal_host(text), normal && *normal == text) << "'" << text << "'";
  }
  EXPECT_TRUE(is_normal_host("tengrinews.kz"));
  EXPECT_FALSE(is_normal_host("Tengrinews.kz"));
}

}  // namespace
}  // namespace sauatty::credibility
