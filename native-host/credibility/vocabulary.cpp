#include "credibility/vocabulary.h"

#include <array>

namespace sauatty::credibility {
namespace {

struct RatingRow {
  Rating rating;
  std::string_view name;
  std::string_view reason;
  Level level;
};

// The level policy in one table (docs/CREDIBILITY.md "Level policy").
// warning: the site deceives about what happened (fabricated news).
// caution: a documented reason to doubt the source: conspiracy, junk
//          science, hate, propaganda, state control, repeated falsehoods,
//          and satire (labelled because people share it as real news).
// info:    clickbait style and "mixed" (which is where partisan lean goes);
//          a platform of others' content ("content varies by author").
// none:    positive ratings.
constexpr std::array<RatingRow, kRatingCount> kRatings = {{
    {Rating::kFabricated, "fabricated", "rated_fabricated", Level::kWarning},
    {Rating::kSatire, "satire", "rated_satire", Level::kCaution},
    {Rating::kConspiracy, "conspiracy", "rated_conspiracy", Level::kCaution},
    {Rating::kStateControlled, "state-controlled", "rated_state_controlled", Level::kCaution},
    {Rating::kPropaganda, "propaganda", "rated_propaganda", Level::kCaution},
    {Rating::kJunkScience, "junk-science", "rated_junk_science", Level::kCaution},
    {Rating::kClickbait, "clickbait", "rated_clickbait", Level::kInfo},
    {Rating::kHate, "hate", "rated_hate", Level::kCaution},
    {Rating::kUnreliable, "unreliable", "rated_unreliable", Level::kCaution},
    {Rating::kMixed, "mixed", "rated_mixed", Level::kInfo},
    {Rating::kReliable, "reliable", "rated_reliable", Level::kNone},
    {Rating::kFactChecker, "fact-checker", "rated_fact_checker", Level::kNone},
    {Rating::kUserContent, "user-content", "rated_user_content", Level::kInfo},
}};

constexpr std::array<std::string_view, kSignalCount> kSignalNames = {
    "no_author", "no_date", "clickbait_title", "site_name_mismatch", "canonical_mismatch"};

constexpr std::array<std::string_view, kNextStepCount> kNextStepNames = {
    "who_runs_site", "what_others_say", "find_original", "visit_real_site", "check_date"};

const RatingRow& row(Rating rating) { return kRatings[static_cast<std::size_t>(rating)]; }

}  // namespace

std::string_view rating_name(Rating rating) { return row(rating).name; }
std::string_view rating_reason(Rating rating) { return row(rating).reason; }
Level level_for(Rating rating) { return row(rating).level; }

std::optional<Rating> parse_rating(std::string_view name) {
  for (const RatingRow& r : kRatings) {
    if (r.name == name) return r.rating;
  }
  return std::nullopt;
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kNone:
      return "none";
    case Level::kInfo:
      return "info";
    case Level::kCaution:
      return "caution";
    case Level::kWarning:
      return "warning";
  }
  return "none";
}

std::string_view lookalike_reason(LookalikeKind kind) {
  switch (kind) {
    case LookalikeKind::kNone:
      return "";
    case LookalikeKind::kExtraSuffix:
      return "lookalike_extra_suffix";
    case LookalikeKind::kSubdomain:
      return "lookalike_subdomain";
    case LookalikeKind::kTypo:
      return "lookalike_typo";
    case LookalikeKind::kHomograph:
      return "lookalike_homograph";
    case LookalikeKind::kConfusable:
      return "lookalike_confusable";
    case LookalikeKind::kOtherEnding:
      return "lookalike_other_ending";
    case LookalikeKind::kCombo:
      return "lookalike_combo";
  }
  return "";
}

namespace {
constexpr std::array<std::string_view, 7> kSectorNames = {
    "news", "bank", "government", "service", "fact-checker", "reference", "organisation"};
}  // namespace

std::optional<Sector> parse_sector(std::string_view name) {
  for (std::size_t i = 0; i < kSectorNames.size(); ++i) {
    if (kSectorNames[i] == name) return static_cast<Sector>(i);
  }
  return std::nullopt;
}

std::string_view sector_name(Sector sector) {
  return kSectorNames[static_cast<std::size_t>(sector)];
}

Level level_for(LookalikeKind kind, Sector sector) {
  if (kind == LookalikeKind::kNone) return Level::kNone;
  bool sensitive = sector != Sector::kReference && sector != Sector::kOrganisation;
  if (kind == LookalikeKind::kTypo && !sensitive) return Level::kCaution;
  return Level::kWarning;
}

std::string_view signal_name(int bit_index) {
  return bit_index >= 0 && bit_index < kSignalCount ? kSignalNames[bit_index] : "";
}

std::string_view next_step_name(int bit_index) {
  return bit_index >= 0 && bit_index < kNextStepCount ? kNextStepNames[bit_index] : "";
}

std::uint8_t next_steps_for(Rating rating) {
  if (is_positive(rating)) return 0;
  if (rating == Rating::kSatire) return kWhoRunsSite | kFindOriginal;
  if (rating == Rating::kUserContent) return kWhoRunsSite | kFindOriginal;
  return kWhoRunsSite | kWhatOthersSay | kFindOriginal;
}

}  // namespace sauatty::credibility
