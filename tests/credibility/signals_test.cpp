#include "credibility/signals.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdio>
#include <map>
#include <set>
#include <span>
#include <thread>

#include "credibility/test_util.h"
#include "store/unicode_tables.h"

namespace sauatty::credibility {
namespace {

std::vector<ClickbaitPattern> embedded_patterns() {
  auto text = testing::read_text(testing::rules_dir() / "credibility" / "clickbait.json");
  EXPECT_TRUE(text.has_value());
  auto patterns = parse_clickbait("clickbait.json", text.value_or(""));
  EXPECT_TRUE(patterns.has_value()) << (patterns ? "" : patterns.error());
  if (!patterns) return {};
  EXPECT_EQ(patterns->skipped, std::vector<std::string>{});
  return patterns->patterns;
}

// A title, the language it is asked in and whether it is clickbait.
struct Title {
  const char* title;
  const char* lang;
  bool clickbait;
};

void expect_decisions(const SignalDetector& d, std::span<const Title> cases) {
  for (const Title& c : cases) {
    SCOPED_TRACE(c.title);
    EXPECT_EQ(d.clickbait(c.title, c.lang), c.clickbait);
  }
}

TEST(Signals, ClickbaitTitles) {
  auto patterns = embedded_patterns();
  auto d = SignalDetector::build(patterns);
  ASSERT_TRUE(d.has_value()) << d.error();
  const Title cases[] = {
      {"You Won't Believe What Happened Next", "en", true},
      {"Doctors HATE this one weird trick", "en-US", true},
      {"BREAKING!!! Election cancelled", "", true},
      {"Вы не поверите, что нашли в огороде", "ru", true},
      {"ШОК! Цены вырастут", "ru-RU", true},
      {"Врачи скрывают правду", "ru", true},
      {"Әншінің жаңа әні жұртты таң қалдырды", "kk", true},
      {"Сенбейсіз: бақшадан не табылды", "kk", true},
      {"Сенбейсіз: бақшадан не табылды", "", true},  // no language: all patterns
      // ordinary headlines
      {"Parliament passes the 2027 budget", "en", false},
      {"Shock absorbers recalled by carmaker", "en", false},
      {"Токаев подписал закон о бюджете", "ru", false},
      {"Шокан Уалиханов: 190 лет со дня рождения", "ru", false},  // "шок" inside a name
      {"Парламент бюджетті бекітті", "kk", false},
      {"", "en", false},
  };
  expect_decisions(*d, cases);
  // Every pattern's own example matches (also checked at load).
  for (const ClickbaitPattern& p : patterns) EXPECT_FALSE(p.re.empty());
}

std::string utf8(char32_t c) {
  std::string out;
  store::append_utf8(c, out);
  return out;
}

std::string code(char32_t c) {
  char out[16];
  std::snprintf(out, sizeof out, "U+%04X", static_cast<unsigned>(c));
  return out;
}

bool is_scalar(char32_t c) { return c < 0xD800 || (c > 0xDFFF && c <= 0x10FFFF); }

RE2::Options case_insensitive() {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  return options;
}

// Every code point RE2 matches case-insensitively to an ASCII or Cyrillic
// (U+0400–U+052F) character: the characters whose fold the pre-check must
// get exactly right. Found by one RE2 scan over all of Unicode.
std::vector<char32_t> folds_to_ascii_or_cyrillic() {
  std::string all;
  std::vector<char32_t> at;  // the code point starting at each byte offset
  for (char32_t c = 1; c <= 0x10FFFF; ++c) {
    if (!is_scalar(c)) continue;
    std::string e = utf8(c);
    at.resize(all.size() + 1, 0);
    at[all.size()] = c;
    all += e;
  }
  RE2 any(R"(([\x{1}-\x{7f}\x{400}-\x{52f}]))", case_insensitive());
  EXPECT_TRUE(any.ok()) << any.error();
  std::vector<char32_t> out;
  re2::StringPiece rest(all), match;
  while (RE2::FindAndConsume(&rest, any, &match)) {
    out.push_back(at[static_cast<std::size_t>(match.data() - all.data())]);
  }
  return out;
}

// fold_rune against RE2 itself: for every character RE2 folds to ASCII or
// Cyrillic and every such target, RE2 matches the one to the other exactly
// when fold_rune gives the target; fold_rune changes no other character.
// So a pre-check string folded like the title is found whatever the case
// of the title's letters (Kelvin sign, long s and the rounded Cyrillic
// forms included).
TEST(Signals, FoldIsRe2sCaseFoldingForAsciiAndCyrillic) {
  std::vector<char32_t> folding = folds_to_ascii_or_cyrillic();
  std::set<char32_t> folding_set(folding.begin(), folding.end());
  // The classes themselves plus at least the Kelvin sign, long s and the
  // rounded Cyrillic letters.
  EXPECT_GE(folding.size(), 127u + 0x130u + 2u + 8u);
  for (char32_t c : {char32_t{0x212A}, char32_t{0x17F}, char32_t{0x1C80}, char32_t{0x1C87}}) {
    EXPECT_TRUE(folding_set.count(c)) << code(c);
  }
  std::set<char32_t> targets;
  for (char32_t c : folding) targets.insert(fold_rune(c));
  for (char32_t t : targets) {
    SCOPED_TRACE("target " + code(t));
    EXPECT_TRUE(fold_is_exact(t));
    EXPECT_EQ(fold_rune(t), t);
    RE2 same("(?i)" + RE2::QuoteMeta(utf8(t)), case_insensitive());
    ASSERT_TRUE(same.ok());
    for (char32_t c : folding) {
      EXPECT_EQ(RE2::FullMatch(utf8(c), same), fold_rune(c) == t) << code(c);
    }
  }
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (is_scalar(c) && !folding_set.count(c) && c != 0) {
      ASSERT_TRUE(fold_rune(c) == c) << code(c);
    }
  }
}

// The folding of whole texts (eight ASCII bytes at a time, runs of
// two-byte characters, the rest one at a time) is fold_rune's on every
// character; bytes that are not UTF-8 stay as they are and the character
// after them is still folded.
TEST(Signals, FoldForPreCheckFoldsEveryCharacter) {
  std::string all, expected;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (!is_scalar(c)) continue;
    all += utf8(c);
    expected += utf8(fold_rune(c));
  }
  EXPECT_TRUE(fold_for_pre_check(all) == expected);
  for (char32_t c = 0; c < 0x2200; ++c) {
    if (!is_scalar(c)) continue;
    ASSERT_EQ(fold_for_pre_check("ABCDEFGH" + utf8(c) + "IJ"),
              "abcdefgh" + utf8(fold_rune(c)) + "ij")
        << code(c);
  }
  struct {
    std::string in, out;
  } const cases[] = {
      {"\xC0\x80Ш", "\xC0\x80ш"},                        // overlong NUL
      {"\xC1\xBFШ", "\xC1\xBFш"},                        // overlong DEL
      {"\xE0\x80\x80K", "\xE0\x80\x80k"},                // overlong three bytes
      {"\xED\xA0\x80\xD0\x92", "\xED\xA0\x80\xD0\xB2"},  // surrogate, then В
      {"\xD0\xD0\x92", "\xD0\xD0\xB2"},                  // cut lead, then В
      {"\xE1\xB2\xD0\x92", "\xE1\xB2\xD0\xB2"},          // cut three-byte, then В
      {"\xF4\x90\x80\x80Q", "\xF4\x90\x80\x80q"},        // past U+10FFFF
      {"\xD0", "\xD0"},
      {"\xE2\x84\xAA\xC5\xBF\xE1\xB2\x80", "ksв"},  // Kelvin sign, long s, rounded в
  };
  for (const auto& c : cases) EXPECT_EQ(fold_for_pre_check(c.in), c.out);
}

// The detector answers as the plain alternation of each language (what it
// did before the pre-check) on titles built to reach every kind of
// pattern: each example, each with one letter in every case form RE2
// accepts for it, with one character dropped (near misses), with invalid
// bytes before it, inside a long title and cut at kMaxTitleBytes, asked
// in its language, another one, a regional form and none. A pre-check
// that skipped a match fails here.
TEST(Signals, PreCheckAnswersAsThePlainAlternation) {
  const std::vector<std::pair<const char*, const char*>> examples = {
      {"en", "You Won't Believe What This Senator Said"},
      {"en", "She opened the box. What happened next is incredible"},
      {"en", "Doctors hate this local mom"},
      {"en", "This one weird trick melts fat"},
      {"en", "These photos will blow your mind"},
      {"en", "The truth they don't want you to know"},
      {"en", "Big pharma do not want you to know"},
      {"en", "The shocking truth about tap water"},
      {"en", "12 foods to avoid - number 7 will shock you"},
      {"en", "Watch before it's deleted"},
      {"en", "BREAKING!!! Election cancelled"},
      {"en", "Really?! Election cancelled"},
      {"ru", "Вы не поверите, что нашли в огороде"},
      {"ru", "ШОК! Цены на хлеб вырастут втрое"},
      {"ru", "Цены: шок. Хлеб втрое"},
      {"ru", "Шокирующая правда о прививках"},
      {"ru", "Врачи скрывают этот простой рецепт"},
      {"ru", "Вот что скрывают от вас банки"},
      {"ru", "Такого никто не ожидал: министр ушёл в отставку"},
      {"ru", "Этого вы ещё не видели"},
      {"ru", "Смотрите, пока не удалили!"},
      {"ru", "Сенсация! Учёные нашли лекарство от старости"},
      {"ru", "Все ахнули, когда узнали правду"},
      {"kk", "Сенбейсіз: бақшадан не табылды"},
      {"kk", "Әншінің жаңа әні жұртты таң қалдырды"},
      {"kk", "Дәрігерлер жасырады: қарапайым ем"},
      {"kk", "Банктер сізден жасырып келген шындық"},
      {"kk", "Шок! Бағалар екі есе өседі"},
      {"kk", "Сенсация: Ғалымдар жаңа дәрі тапты"},
      {"en", "Parliament passes the 2027 budget after a long debate"},
      {"ru", "Токаев подписал закон о республиканском бюджете на 2027 год"},
      {"ru", "Шокан Уалиханов: 190 лет со дня рождения"},
      {"kk", "Парламент бюджетті бекітті"},
  };
  auto patterns = embedded_patterns();
  auto d = SignalDetector::build(patterns);
  ASSERT_TRUE(d.has_value()) << d.error();
  // The oracle: one alternation per language, as the detector had it.
  std::map<std::string, std::string> alternations;
  for (const ClickbaitPattern& p : patterns) {
    std::string& alt = alternations[p.lang];
    alt += (alt.empty() ? "(?:" : "|(?:") + p.re + ")";
  }
  std::map<std::string, std::unique_ptr<RE2>> oracle;
  for (const auto& [lang, alt] : alternations) {
    oracle[lang] = std::make_unique<RE2>(alt, case_insensitive());
    ASSERT_TRUE(oracle[lang]->ok());
  }
  auto expected = [&](std::string_view title, std::string_view lang) {
    if (title.size() > kMaxTitleBytes) {
      title = title.substr(0, kMaxTitleBytes);
      while (!title.empty() && (static_cast<unsigned char>(title.back()) & 0xC0) == 0x80) {
        title.remove_suffix(1);
      }
      if (!title.empty() && static_cast<unsigned char>(title.back()) >= 0xC0) {
        title.remove_suffix(1);
      }
    }
    std::string primary(lang.substr(0, lang.find_first_of("-_")));
    bool any = false;
    for (const auto& [l, re] : oracle) {
      if (oracle.count(primary) && l != primary) continue;
      any = any || RE2::PartialMatch(title, *re);
    }
    return any;
  };
  // Every case form of a character, from RE2 (not from fold_rune).
  const std::vector<char32_t> folding = folds_to_ascii_or_cyrillic();
  std::map<std::string, std::vector<std::string>> forms;
  auto forms_of = [&](const std::string& c) -> const std::vector<std::string>& {
    auto [it, added] = forms.try_emplace(c);
    if (added) {
      RE2 same("(?i)" + RE2::QuoteMeta(c), case_insensitive());
      for (char32_t f : folding) {
        if (RE2::FullMatch(utf8(f), same)) it->second.push_back(utf8(f));
      }
    }
    return it->second;
  };
  auto decode = [](std::string_view s) {
    std::vector<std::string> chars;
    for (std::size_t i = 0; i < s.size();) {
      std::size_t len = 1;
      while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
      chars.emplace_back(s.substr(i, len));
      i += len;
    }
    return chars;
  };
  std::vector<std::string> titles;
  for (const auto& [lang, example] : examples) {
    std::vector<std::string> chars = decode(example);
    titles.push_back(example);
    for (std::size_t i = 0; i < chars.size(); ++i) {
      std::string before, after;
      for (std::size_t j = 0; j < chars.size(); ++j)
        (j < i ? before : after) += j == i ? "" : chars[j];
      titles.push_back(before + after);  // one character dropped
      for (const std::string& form : forms_of(chars[i])) titles.push_back(before + form + after);
    }
    titles.push_back(std::string("\xE1\xB2") + example);
    titles.push_back(std::string("\xD0") + example);
    titles.push_back(std::string(kMaxTitleBytes - 3, 'x') + example);  // cut inside
    titles.push_back(std::string(kMaxTitleBytes - 40, 'x') + example + " and more");
  }
  std::size_t yes = 0, no = 0;
  for (const std::string& title : titles) {
    for (const char* lang : {"en", "ru", "kk", "ru-RU", "kk_KZ", "", "de"}) {
      bool want = expected(title, lang);
      ASSERT_EQ(d->clickbait(title, lang), want) << "'" << title << "' in '" << lang << "'";
      (want ? yes : no) += 1;
    }
  }
  // Both answers come up often: the comparison means something.
  EXPECT_GT(yes, 2000u);
  EXPECT_GT(no, 2000u);
}

// One title per kind of pattern, with and without what triggers it: a long
// literal, a literal found through an AND of parts (the pre-check keeps
// only " want you to know"), short strings ("!", "?!"), a string that is
// there while the pattern still does not match (a letter before "шок"),
// and case forms RE2 folds (Kelvin sign, long s, rounded в).
TEST(Signals, ClickbaitDecisionsForEachKindOfPattern) {
  auto d = SignalDetector::build(embedded_patterns());
  ASSERT_TRUE(d.has_value()) << d.error();
  const Title cases[] = {
      {"The shocking truth about tap water", "en", true},
      {"The truth about tap water", "en", false},
      {"Banks don't want you to know this", "en", true},
      {"Banks do not want you to know this", "en", true},
      {"Banks want you to know this", "en", false},
      {"What they want you to know", "en", false},
      {"Number 12 will amaze you", "en", true},
      {"Number twelve will amaze you", "en", false},
      {"Election cancelled!!", "en", true},
      {"Election cancelled!", "en", false},
      {"Election cancelled?!", "en", true},
      {"Election cancelled?", "en", false},
      {"THE \xC5\xBFHOCKING TRUTH", "en", true},   // long s
      {"One weird tric\xE2\x84\xAA", "en", true},  // Kelvin sign
      {"ВРАЧИ СКРЫВАЮТ ПРАВДУ", "ru", true},
      {"\xE1\xB2\x80рачи скрывают правду", "ru", true},  // rounded в
      {"Врачи рассказали правду", "ru", false},
      {"Шок: цены", "ru", true},
      {"Эпатажный шок: цены", "ru", true},
      {"Эпатажныйшок: цены", "ru", false},  // a letter before шок
      {"Шокирующие правдивые факты", "ru", true},
      {"Шокирующие факты", "ru", false},
      {"Сенсация! Новое лекарство", "kk", true},
      {"Сенсация туралы", "kk", false},
      {"ЖҰРТТЫ ТАҢ ҚАЛДЫРДЫ", "kk", true},
      {"Жұртты қуантты", "kk", false},
      {"Халықтан жасырылған шындық", "kk", true},
      {"Халыққа айтылған шындық", "kk", false},
      {"Әкімшілікшок. бағалар", "kk", false},  // a letter before шок
  };
  expect_decisions(*d, cases);
}

// Patterns without a string every match must contain, or whose strings are
// neither ASCII nor Cyrillic, are run on every title of their language,
// and languages with strings of any length are found together.
TEST(Signals, PatternsWithoutAPreCheckStillMatch) {
  std::vector<ClickbaitPattern> p{{"en", R"(\d{4})"},  // no literal at all
                                  {"el", "σοκ"},       // Greek: fold not exact here
                                  {"ru", "ой"},        // four bytes
                                  {"kk", "a"},         // one byte
                                  {"kk", "^.{3}$"}};   // no literal
  auto d = SignalDetector::build(p);
  ASSERT_TRUE(d.has_value()) << d.error();
  EXPECT_TRUE(d->clickbait("Budget 2027", "en"));
  EXPECT_FALSE(d->clickbait("Budget", "en"));
  EXPECT_TRUE(d->clickbait("ΣΟΚ στην πόλη", "el"));
  EXPECT_TRUE(d->clickbait("ΣΌΚ σοκ", "el"));
  EXPECT_FALSE(d->clickbait("Ειδήσεις", "el"));
  EXPECT_TRUE(d->clickbait("ОЙ, цены", "ru"));
  EXPECT_FALSE(d->clickbait("Цены", "ru"));
  EXPECT_TRUE(d->clickbait("BANK", "kk"));
  EXPECT_TRUE(d->clickbait("жоқ", "kk"));
  EXPECT_FALSE(d->clickbait("жоқпын", "kk"));
  EXPECT_TRUE(d->clickbait("ОЙ", ""));
  EXPECT_FALSE(d->clickbait("Цены", ""));
}

// The pre-check is worked out at the first title: threads that ask a fresh
// detector at once all wait for it and all get the alternation's answers.
TEST(Signals, ThreadsAskingAFreshDetectorAtOnceGetTheSameAnswers) {
  auto d = SignalDetector::build(embedded_patterns());
  ASSERT_TRUE(d.has_value()) << d.error();
  const std::vector<std::pair<std::string, bool>> titles = {
      {"You won't believe this", true}, {"ШОК! Цены", true},
      {"Сенбейсіз: бақшадан", true},    {"Parliament passes the budget", false},
      {"Токаев подписал закон", false}, {"Election cancelled?!", true}};
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (const auto& [title, want] : titles) wrong[t] += d->clickbait(title, "") != want;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(Signals, PageMetadata) {
  auto assessor = testing::embedded_assessor();
  ASSERT_NE(assessor, nullptr);
  auto patterns = embedded_patterns();
  auto d = SignalDetector::build(patterns);
  ASSERT_TRUE(d.has_value());
  const LookalikeDetector& targets = assessor->lookalikes();
  struct {
    const char* name;
    PageMeta meta;
    const char* page;
    const char* canonical;
    std::uint8_t expected;
  } const cases[] = {
      {"ArticleWithoutByline", {.og_type = "article"}, "news.example", "", kNoAuthor | kNoDate},
      {"ArticleComplete",
       {.og_type = "article", .author = "A", .published = "2026-01-01"},
       "news.example",
       "",
       0},
      {"HomePageNeedsNoByline", {.og_type = "website"}, "news.example", "", 0},
      {"ModifiedIsADate",
       {.og_type = "article", .author = "A", .modified = "2026-01-01"},
       "news.example",
       "",
       0},
      {"SiteNameClaimsReuters",
       {.site_name = "Reuters"},
       "reuters-world.info",
       "",
       kSiteNameMismatch},
      {"SiteNameOnItsOwnDomain", {.site_name = "Reuters"}, "reuters.com", "", 0},
      {"OrdinarySiteName", {.site_name = "Tech Blog"}, "techblog.example", "", 0},
      {"CanonicalElsewhere", {}, "copycat.example", "original.example", kCanonicalMismatch},
      {"CanonicalSameSite", {}, "news.example", "news.example", 0},
      {"Clickbait", {.title = "You won't believe this"}, "news.example", "", kClickbaitTitle},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(d->detect(c.meta, c.page, c.canonical, targets), c.expected);
  }
}

TEST(Signals, RefusesBadPatterns) {
  std::vector<ClickbaitPattern> bad{{"en", "(unclosed"}};
  EXPECT_FALSE(SignalDetector::build(bad).has_value());
}

TEST(Signals, LongTitlesAreCut) {
  std::vector<ClickbaitPattern> p{{"en", "needle"}};
  auto d = SignalDetector::build(p);
  ASSERT_TRUE(d.has_value());
  std::string title(kMaxTitleBytes, 'x');
  EXPECT_FALSE(d->clickbait(title + "needle", "en"));
  EXPECT_TRUE(d->clickbait("needle" + title, "en"));
}

}  // namespace
}  // namespace sauatty::credibility
