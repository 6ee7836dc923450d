#include "credibility/vocabulary.h"

#include <gtest/gtest.h>

#include "credibility/importers.h"

namespace sauatty::credibility {
namespace {

struct RatingCase {
  std::string_view name;
  Level level;
  std::string_view reason;
};

// The level policy of docs/CREDIBILITY.md, row for row.
constexpr RatingCase kRatingCases[] = {
    {"fabricated", Level::kWarning, "rated_fabricated"},
    {"satire", Level::kCaution, "rated_satire"},
    {"conspiracy", Level::kCaution, "rated_conspiracy"},
    {"state-controlled", Level::kCaution, "rated_state_controlled"},
    {"propaganda", Level::kCaution, "rated_propaganda"},
    {"junk-science", Level::kCaution, "rated_junk_science"},
    {"clickbait", Level::kInfo, "rated_clickbait"},
    {"hate", Level::kCaution, "rated_hate"},
    {"unreliable", Level::kCaution, "rated_unreliable"},
    {"mixed", Level::kInfo, "rated_mixed"},
    {"reliable", Level::kNone, "rated_reliable"},
    {"fact-checker", Level::kNone, "rated_fact_checker"},
};

TEST(Vocabulary, LevelPolicy) {
  for (const RatingCase& c : kRatingCases) {
    SCOPED_TRACE(c.name);
    auto rating = parse_rating(c.name);
    ASSERT_TRUE(rating.has_value());
    EXPECT_EQ(rating_name(*rating), c.name);
    EXPECT_EQ(level_for(*rating), c.level);
    EXPECT_EQ(rating_reason(*rating), c.reason);
  }
}

TEST(Vocabulary, UnknownRatingsAreRefused) {
  for (std::string_view bad : {"", "fak", "Fabricated", "state controlled", "bias"}) {
    EXPECT_FALSE(parse_rating(bad).has_value()) << bad;
  }
}

// Partisan lean is not a credibility warning: the imported "bias" and
// "political" types stay at info.
TEST(Vocabulary, PartisanBiasNeverAboveInfo) {
  for (std::string_view type : {"bias", "bais", "political", "Political", " bias "}) {
    SCOPED_TRACE(type);
    auto rating = map_opensources_type(type);
    ASSERT_TRUE(rating.has_value());
    EXPECT_LE(level_for(*rating), Level::kInfo);
  }
}

// An impostor of a news outlet, a bank, a government or other service, or a
// fact-checker is a warning whatever its kind; a typo of a reference site
// or an organisation is caution (a near-miss can be honest).
TEST(Vocabulary, LookalikeLevels) {
  const LookalikeKind kinds[] = {LookalikeKind::kExtraSuffix, LookalikeKind::kSubdomain,
                                 LookalikeKind::kTypo,        LookalikeKind::kHomograph,
                                 LookalikeKind::kConfusable,  LookalikeKind::kOtherEnding,
                                 LookalikeKind::kCombo};
  const Sector sensitive[] = {Sector::kNews, Sector::kBank, Sector::kGovernment, Sector::kService,
                              Sector::kFactChecker};
  for (LookalikeKind k : kinds) {
    SCOPED_TRACE(lookalike_reason(k));
    for (Sector s : sensitive) EXPECT_EQ(level_for(k, s), Level::kWarning);
    Level other = k == LookalikeKind::kTypo ? Level::kCaution : Level::kWarning;
    EXPECT_EQ(level_for(k, Sector::kReference), other);
    EXPECT_EQ(level_for(k, Sector::kOrganisation), other);
  }
  EXPECT_EQ(level_for(LookalikeKind::kNone, Sector::kNews), Level::kNone);
}

TEST(Vocabulary, Sectors) {
  for (std::string_view name :
       {"news", "bank", "government", "service", "fact-checker", "reference", "organisation"}) {
    auto s = parse_sector(name);
    ASSERT_TRUE(s.has_value()) << name;
    EXPECT_EQ(sector_name(*s), name);
  }
  EXPECT_FALSE(parse_sector("shop").has_value());
}

TEST(Vocabulary, CodeNames) {
  EXPECT_EQ(signal_name(0), "no_author");
  EXPECT_EQ(signal_name(4), "canonical_mismatch");
  EXPECT_EQ(signal_name(5), "");
  EXPECT_EQ(next_step_name(0), "who_runs_site");
  EXPECT_EQ(next_step_name(3), "visit_real_site");
  EXPECT_EQ(lookalike_reason(LookalikeKind::kHomograph), "lookalike_homograph");
  EXPECT_EQ(lookalike_reason(LookalikeKind::kConfusable), "lookalike_confusable");
  EXPECT_EQ(lookalike_reason(LookalikeKind::kOtherEnding), "lookalike_other_ending");
  EXPECT_EQ(lookalike_reason(LookalikeKind::kCombo), "lookalike_combo");
  EXPECT_EQ(next_steps_for(Rating::kReliable), 0);
  EXPECT_NE(next_steps_for(Rating::kFabricated) & kWhatOthersSay, 0);
}

}  // namespace
}  // namespace sauatty::credibility
