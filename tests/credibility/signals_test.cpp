#include "credibility/signals.h"

#include <gtest/gtest.h>

#include "credibility/test_util.h"

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

TEST(Signals, ClickbaitTitles) {
  auto patterns = embedded_patterns();
  auto d = SignalDetector::build(patterns);
  ASSERT_TRUE(d.has_value()) << d.error();
  struct {
    const char* title;
    const char* lang;
    bool clickbait;
  } const cases[] = {
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
  for (const auto& c : cases) {
    SCOPED_TRACE(c.title);
    EXPECT_EQ(d->clickbait(c.title, c.lang), c.clickbait);
  }
  // Every pattern's own example matches (also checked at load).
  for (const ClickbaitPattern& p : patterns) EXPECT_FALSE(p.re.empty());
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
