#include "credibility/lookalike.h"

#include <gtest/gtest.h>

#include "credibility/test_util.h"

namespace sauatty::credibility {
namespace {

LookalikeResult detect(const LookalikeDetector& d, const std::string& url_text) {
  url::Url u = testing::parse_url(url_text);
  return d.detect({u.host, u.registrable_domain, u.kind != url::HostKind::kDomain});
}

struct Case {
  const char* url;
  LookalikeKind kind;
  const char* imitated;  // "" when kind is kNone
};

// Against the embedded reputable list (rules/credibility/reputable.json).
TEST(Lookalike, EmbeddedTargets) {
  auto assessor = testing::embedded_assessor();
  ASSERT_NE(assessor, nullptr);
  const LookalikeDetector& d = assessor->lookalikes();
  const Case cases[] = {
      // extra suffix after the real domain
      {"http://abcnews.com.co/story", LookalikeKind::kExtraSuffix, "abcnews.com"},
      {"https://bbc.co.uk.com/news", LookalikeKind::kExtraSuffix, "bbc.co.uk"},
      {"https://tengrinews.kz.info/", LookalikeKind::kExtraSuffix, "tengrinews.kz"},
      // the real domain as a subdomain of another registrable domain
      {"https://nytimes.com.breaking-news.info/x", LookalikeKind::kSubdomain, "nytimes.com"},
      {"https://www.reuters.com.world-report.net/", LookalikeKind::kSubdomain, "reuters.com"},
      {"https://gov.kz.payment-portal.site/", LookalikeKind::kSubdomain, "gov.kz"},
      // one edit of a distinctive name
      {"https://reuterss.com/", LookalikeKind::kTypo, "reuters.com"},
      {"https://reuetrs.com/", LookalikeKind::kTypo, "reuters.com"},               // swap
      {"https://ny-times.com/", LookalikeKind::kTypo, "nytimes.com"},              // insertion
      {"https://washingtonpst.com/", LookalikeKind::kTypo, "washingtonpost.com"},  // deletion
      {"https://tengrinewa.kz/", LookalikeKind::kTypo,
       "tengrinews.kz"},  // substitution, s→a (neighbours)
      {"https://wikipedoa.org/", LookalikeKind::kTypo, "wikipedia.org"},  // i→o (neighbours)
      // homographs: Cyrillic letters (IDN), and ASCII 'rn' for 'm'
      {"https://bbс.com/news", LookalikeKind::kHomograph, "bbc.com"},          // Cyrillic с
      {"https://tengrinеws.kz/", LookalikeKind::kHomograph, "tengrinews.kz"},  // Cyrillic е
      {"https://www.rеuters.com/", LookalikeKind::kHomograph, "reuters.com"},  // Cyrillic е
      {"https://wikipediа.org/", LookalikeKind::kHomograph, "wikipedia.org"},  // Cyrillic а
      {"https://nytirnes.com/", LookalikeKind::kHomograph, "nytimes.com"},
      // never flagged: reputable look-alike pairs, ordinary sites, the real ones
      {"https://abc.com/", LookalikeKind::kNone, ""},
      {"https://www.cbc.ca/news", LookalikeKind::kNone, ""},
      {"https://edition.cnn.com/", LookalikeKind::kNone, ""},
      {"https://www.cnbc.com/", LookalikeKind::kNone, ""},
      {"https://www.nbcnews.com/", LookalikeKind::kNone, ""},
      {"https://abcnews.go.com/US", LookalikeKind::kNone, ""},
      {"https://www.abc.net.au/news", LookalikeKind::kNone, ""},
      {"https://azattyk.org/", LookalikeKind::kNone, ""},
      {"https://rus.azattyq.org/", LookalikeKind::kNone, ""},
      {"https://ru.wikipedia.org/wiki/X", LookalikeKind::kNone, ""},
      {"https://www.bbc.co.uk/news", LookalikeKind::kNone, ""},
      {"https://stat.gov.kz/", LookalikeKind::kNone, ""},
      {"https://reuters.tv/", LookalikeKind::kNone, ""},   // same name, other suffix
      {"https://routers.com/", LookalikeKind::kNone, ""},  // two edits
      {"https://example.com/", LookalikeKind::kNone, ""},
      {"https://cnn.io/", LookalikeKind::kNone, ""},  // short names: no typo check
      {"https://cnbc.io/", LookalikeKind::kNone, ""},
      {"https://deviantart.com/", LookalikeKind::kNone, ""},
      {"https://президент.рф/", LookalikeKind::kNone, ""},  // Cyrillic, but imitates nothing
      {"http://127.0.0.1/", LookalikeKind::kNone, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    LookalikeResult r = detect(d, c.url);
    EXPECT_EQ(r.kind, c.kind);
    if (c.kind != LookalikeKind::kNone) {
      ASSERT_NE(r.target, nullptr);
      EXPECT_EQ(r.target->domain, c.imitated);
    } else if (r.target) {
      ADD_FAILURE() << "imitates " << r.target->domain;
    }
  }
}

// abc/cbc, cnn/cnbc are one edit apart; even when only one of each pair is
// a target, the other is not flagged (short names get no typo check).
TEST(Lookalike, ShortNamesNeverTypos) {
  auto list = parse_list("t.json", R"({"format": "sauatty-credibility", "version": 1, "name": "t",
      "purpose": "lookalike-targets", "entries": [
        {"domain": "abc.com", "citation": "https://x.org"},
        {"domain": "cnn.com", "citation": "https://x.org"}]})");
  ASSERT_TRUE(list.has_value()) << list.error();
  std::vector<List> lists{*list};
  LookalikeDetector d = LookalikeDetector::build(lists);
  for (const char* u :
       {"https://cbc.ca/", "https://cnbc.com/", "https://abcd.com/", "https://cnm.com/"}) {
    EXPECT_EQ(detect(d, u).kind, LookalikeKind::kNone) << u;
  }
}

TEST(Lookalike, EditDistance) {
  struct {
    const char* a;
    const char* b;
    int limit;
    int expected;
  } const cases[] = {
      {"reuters", "reuters", 1, 0},
      {"reuters", "reuterss", 1, 1},
      {"reuters", "reuetrs", 1, 1},
      {"reuters", "routers", 1, 1},
      {"abc", "cbc", 1, 1},
      {"cnn", "cnbc", 2, 2},
      {"", "abc", 3, 3},
      {"kitten", "sitting", 5, 3},
      {"ab", "ba", 1, 1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(edit_distance(c.a, c.b, c.limit), c.expected) << c.a << " " << c.b;
  }
}

TEST(Lookalike, TypoDistanceOnlySubstitutesNeighbouringKeys) {
  EXPECT_EQ(edit_distance("reuters", "routers", 1, true), 2);  // e→o: far apart
  EXPECT_EQ(edit_distance("reuters", "reutwrs", 1, true), 1);  // e→w: neighbours
  EXPECT_EQ(edit_distance("reuters", "reuterss", 1, true), 1);
  EXPECT_EQ(edit_distance("reuters", "reuetrs", 1, true), 1);
  EXPECT_TRUE(keyboard_neighbours('e', 'r'));
  EXPECT_TRUE(keyboard_neighbours('e', 'd'));
  EXPECT_TRUE(keyboard_neighbours('e', '3'));
  EXPECT_TRUE(keyboard_neighbours('z', 's'));
  EXPECT_FALSE(keyboard_neighbours('e', 'o'));
  EXPECT_FALSE(keyboard_neighbours('e', 'f'));
  EXPECT_FALSE(keyboard_neighbours('a', 'a'));
  EXPECT_FALSE(keyboard_neighbours('a', '.'));
}

// The O(n) check agrees with the distance it stands for, on every pair of
// a set of names and their one- and two-edit mutations.
TEST(Lookalike, OneTypoApartAgreesWithEditDistance) {
  std::vector<std::string> words;
  for (std::string w : {"reuters", "nytimes", "tengrinews", "abc", "cnbc", "aab", "kazinform"}) {
    words.push_back(w);
    for (std::size_t i = 0; i < w.size(); ++i) {
      std::string del = w;
      del.erase(i, 1);
      words.push_back(del);
      for (char c : {'a', 'e', 'w', 'q', '0'}) {
        std::string sub = w;
        sub[i] = c;
        words.push_back(sub);
        std::string ins = w;
        ins.insert(i, 1, c);
        words.push_back(ins);
      }
      if (i + 1 < w.size()) {
        std::string swap = w;
        std::swap(swap[i], swap[i + 1]);
        words.push_back(swap);
      }
    }
  }
  for (const auto& a : words) {
    for (const auto& b : words) {
      ASSERT_EQ(one_typo_apart(a, b), edit_distance(a, b, 1, true) == 1) << a << " " << b;
    }
  }
}

TEST(Lookalike, SiteNameClaims) {
  auto assessor = testing::embedded_assessor();
  ASSERT_NE(assessor, nullptr);
  const LookalikeDetector& d = assessor->lookalikes();
  EXPECT_NE(d.claimed_elsewhere("Reuters", "reuters-news.info"), nullptr);
  EXPECT_NE(d.claimed_elsewhere("BBC News", "bbc-news.co"), nullptr);
  EXPECT_NE(d.claimed_elsewhere("ТЕНГРИНЬЮС", "tengri-news.info"),
            nullptr);  // case-folded Cyrillic
  EXPECT_EQ(d.claimed_elsewhere("Reuters", "reuters.com"), nullptr);
  EXPECT_EQ(d.claimed_elsewhere("BBC News", "bbc.co.uk"), nullptr);  // either BBC domain
  EXPECT_EQ(d.claimed_elsewhere("BBC News", "bbc.com"), nullptr);
  EXPECT_EQ(d.claimed_elsewhere("My Blog", "myblog.example"), nullptr);
  EXPECT_EQ(d.normalize_name("The New-York  Times!"), "thenewyorktimes");
}

}  // namespace
}  // namespace sauatty::credibility
