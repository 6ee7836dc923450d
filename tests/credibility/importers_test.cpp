#include "credibility/importers.h"

#include <gtest/gtest.h>

#include <map>

#include "credibility/test_util.h"

namespace sauatty::credibility {
namespace {

using testing::read_text;
using testing::shared_file;

const Entry* find(const List& list, std::string_view pattern) {
  for (const Entry& e : list.entries) {
    if (e.pattern() == pattern) return &e;
  }
  return nullptr;
}

std::map<Rating, int> histogram(const List& list) {
  std::map<Rating, int> h;
  for (const Entry& e : list.entries) ++h[*e.rating];
  return h;
}

struct Expect {
  const char* pattern;
  Rating rating;
  const char* reason;  // one reason the entry must carry, or ""
};

void check_rows(const List& list, std::initializer_list<Expect> rows) {
  for (const Expect& x : rows) {
    SCOPED_TRACE(x.pattern);
    const Entry* e = find(list, x.pattern);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->rating, x.rating);
    if (*x.reason) {
      EXPECT_NE(std::find(e->reasons.begin(), e->reasons.end(), x.reason), e->reasons.end());
    }
    // Given once for the whole dataset (List::rated_by_of), not per row.
    EXPECT_FALSE(list.citation_of(*e).empty());
    EXPECT_FALSE(list.rated_by_of(*e).empty());
    EXPECT_TRUE(e->citation.empty() && e->rated_by.empty());
  }
}

// The type table, including the typos and stray spaces of the real files.
TEST(Importers, OpenSourcesTypeTable) {
  const std::pair<const char*, std::optional<Rating>> cases[] = {
      {"fake", Rating::kFabricated},
      {"fake ", Rating::kFabricated},
      {"Fake", Rating::kFabricated},
      {"fake news", Rating::kFabricated},
      {"satire", Rating::kSatire},
      {"satirical", Rating::kSatire},
      {"conspiracy", Rating::kConspiracy},
      {"conpiracy", Rating::kConspiracy},
      {"Conspiracy", Rating::kConspiracy},
      {"state", Rating::kStateControlled},
      {"junksci", Rating::kJunkScience},
      {"junkscience", Rating::kJunkScience},
      {"hate", Rating::kHate},
      {"clickbait", Rating::kClickbait},
      {"rumor ", Rating::kUnreliable},
      {" unreliable", Rating::kUnreliable},
      {"unrealiable", Rating::kUnreliable},
      {"bias", Rating::kMixed},
      {"bais", Rating::kMixed},
      {"political", Rating::kMixed},
      {"reliable", Rating::kReliable},
      {"credible", Rating::kReliable},
      {"unknown", std::nullopt},
      {"blog", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& [type, rating] : cases) {
    SCOPED_TRACE(type);
    EXPECT_EQ(map_opensources_type(type), rating);
  }
}

TEST(Importers, FormatNames) {
  for (const char* name : {"opensources", "bs-detector", "cred1", "lin2023"}) {
    auto f = parse_import_format(name);
    ASSERT_TRUE(f.has_value()) << name;
    EXPECT_EQ(import_format_name(*f), name);
  }
  EXPECT_FALSE(parse_import_format("OpenSources").has_value());
}

TEST(Importers, OpenSourcesRealFile) {
  auto path = shared_file("opensources/sources.json");
  if (!path) GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/opensources/sources.json";
  auto r = import_list(ImportFormat::kOpenSources, "sources.json", *read_text(*path));
  ASSERT_TRUE(r.has_value()) << r.error();
  const List& list = r->list;
  EXPECT_EQ(list.name, "opensources");
  // 825 keys, every one with a type we import; one collides after its
  // fragment is cut ("centerforsecuritypolicy.org/#articles").
  EXPECT_EQ(list.entries.size(), 824u);
  EXPECT_EQ(list.entries.size() + r->skipped.size(), 825u);
  ASSERT_EQ(r->skipped.size(), 1u);
  EXPECT_NE(r->skipped[0].find("centerforsecuritypolicy.org/#articles"), std::string::npos);
  check_rows(list, {
                       {"abcnews.com.co", Rating::kFabricated, ""},
                       {"ammoland.com", Rating::kMixed, "partisan_bias"},  // key "AmmoLand.com"
                       {"cato.org/blog", Rating::kMixed, "political_viewpoint"},  // a section
                       {"infowars.com", Rating::kConspiracy, ""},
                       {"naturalnews.com", Rating::kJunkScience, ""},
                       {"theonion.com", Rating::kSatire, ""},
                       {"silver-coin-investor.com", Rating::kConspiracy,
                        "partisan_bias"},                         // key "Silver-Coin-Investor. com"
                       {"anews24.org", Rating::kFabricated, ""},  // key "anews24.org/"
                   });
  // Most severe tag wins; the others stay as reasons (365usanews: bias + conspiracy).
  check_rows(list, {{"365usanews.com", Rating::kConspiracy, "partisan_bias"}});
  auto h = histogram(list);
  EXPECT_GT(h[Rating::kFabricated], 200);
  EXPECT_GT(h[Rating::kMixed], 100);
}

TEST(Importers, BsDetectorRealFile) {
  auto path = shared_file("bs-detector/data.dev.json");
  if (!path) GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/bs-detector/data.dev.json";
  auto r = import_list(ImportFormat::kBsDetector, "data.dev.json", *read_text(*path));
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->list.name, "bs-detector");
  EXPECT_EQ(r->list.entries.size() + r->skipped.size(), 718u);
  EXPECT_EQ(r->list.entries.size(), 656u);
  check_rows(r->list, {
                          {"82.221.129.208", Rating::kFabricated,
                           "rated_conspiracy"},  // an IP address: host entry
                          {"abcnews.com.co", Rating::kFabricated, ""},
                          {"regated.com", Rating::kMixed, "partisan_bias"},  // "bais"
                      });
  EXPECT_EQ(find(r->list, "82.221.129.208")->kind, PatternKind::kHost);
  // "unknown" rows are skipped and reported, never guessed.
  bool reported = false;
  for (const std::string& s : r->skipped)
    reported |= s.find("no type we import") != std::string::npos;
  EXPECT_TRUE(reported);
}

TEST(Importers, Cred1RealFile) {
  auto path = shared_file("cred1/cred1_current.json");
  if (!path) GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/cred1/cred1_current.json";
  auto r = import_list(ImportFormat::kCred1, "cred1_current.json", *read_text(*path));
  ASSERT_TRUE(r.has_value()) << r.error();
  EXPECT_EQ(r->list.entries.size() + r->skipped.size(), 2674u);
  EXPECT_GT(r->list.entries.size(), 2600u);
  check_rows(r->list,
             {
                 {"16wmpo.com", Rating::kFabricated, ""},
                 {"10news.one", Rating::kUnreliable, "factual_low"},
                 {"163.com", Rating::kMixed, "factual_mixed"},  // Iffy "M": mixed, info
                 {"100percentfedup.com", Rating::kMixed, ""},
                 {"westernjournal.com/commentary", Rating::kUnreliable, "factual_very_low"},
             });
  // CRED-1's score is kept for the notes; no English jargon per row.
  EXPECT_FLOAT_EQ(find(r->list, "10news.one")->score, 0.09f);
  EXPECT_TRUE(find(r->list, "10news.one")->notes.empty());
  EXPECT_NE(r->list.attribution.find("Alexander Loth"), std::string::npos);
  EXPECT_NE(r->list.license.find("CC BY 4.0"), std::string::npos);
}

TEST(Importers, Lin2023RealFile) {
  auto path = shared_file("lin2023-domain-quality/domain_pc1.csv");
  if (!path)
    GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/lin2023-domain-quality/domain_pc1.csv";
  auto r = import_list(ImportFormat::kLin2023, "domain_pc1.csv", *read_text(*path));
  ASSERT_TRUE(r.has_value()) << r.error();
  // Only duplicates are skipped ("www.xinhuanet.com" and "xinhuanet.com").
  for (const std::string& s : r->skipped) EXPECT_NE(s.find("duplicate"), std::string::npos) << s;
  check_rows(r->list, {
                          {"reuters.com", Rating::kReliable, ""},
                          {"infowars.com", Rating::kUnreliable, "low_quality_score"},  // pc1 0.046
                          {"rt.com", Rating::kMixed, "low_quality_score"},             // pc1 0.29
                      });
  EXPECT_EQ(find(r->list, "cnn.com"), nullptr);  // pc1 0.66: the unrated middle
  EXPECT_NEAR(find(r->list, "rt.com")->score, 0.29, 0.01);
  // The wide file reads the same (its first two columns are domain, pc1).
  auto wide_path = shared_file("lin2023-domain-quality/domain_ratings.csv");
  if (wide_path) {
    auto wide = import_list(ImportFormat::kLin2023, "domain_ratings.csv", *read_text(*wide_path));
    ASSERT_TRUE(wide.has_value()) << wide.error();
    EXPECT_EQ(wide->list.entries.size(), r->list.entries.size());
  }
}

TEST(Importers, NotOfItsFormat) {
  EXPECT_FALSE(import_list(ImportFormat::kOpenSources, "x", "[1]").has_value());
  EXPECT_FALSE(import_list(ImportFormat::kCred1, "x", "not json").has_value());
  auto lin = import_list(ImportFormat::kLin2023, "x.csv", "a,b\n1,2\n");
  ASSERT_FALSE(lin.has_value());
  EXPECT_EQ(lin.error(), "x.csv:1: header has no 'domain' and 'pc1' columns");
  auto rows =
      import_list(ImportFormat::kLin2023, "x.csv", "domain,pc1\nok.com,0.1\nbad,0.1\nz.com,abc\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->list.entries.size(), 1u);
  ASSERT_EQ(rows->skipped.size(), 2u);
  EXPECT_EQ(rows->skipped[0], "x.csv:3: 'bad': not a host name");
  EXPECT_EQ(rows->skipped[1], "x.csv:4: pc1 is not a number in [0, 1]");
}

}  // namespace
}  // namespace sauatty::credibility
