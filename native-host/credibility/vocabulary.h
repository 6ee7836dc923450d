// The fixed vocabulary of credibility answers: ratings a list may give, the
// levels an answer can take, and the codes (reasons, signals, next steps)
// that the extension turns into words from its _locales/. Codes are a
// stable contract (docs/PROTOCOL.md, docs/CREDIBILITY.md): add, never rename.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sauatty::credibility {

// How loudly the extension speaks. Ordered: a larger value is louder.
//   none    nothing shown (unknown, reliable and fact-checking sites)
//   info    shown in the popup only
//   caution badge colour + popup
//   warning badge + in-page banner
enum class Level : std::uint8_t { kNone, kInfo, kCaution, kWarning };

enum class Rating : std::uint8_t {
  kFabricated,
  kSatire,
  kConspiracy,
  kStateControlled,
  kPropaganda,
  kJunkScience,
  kClickbait,
  kHate,
  kUnreliable,
  kMixed,
  kReliable,
  kFactChecker,
  kUserContent,  // a platform that carries others' content (video, blogs,
                 // messengers, aggregators): never rated as a news site
};
inline constexpr int kRatingCount = 13;

// Ways a host imitates a reputable domain (see lookalike.h).
enum class LookalikeKind : std::uint8_t {
  kNone,
  kExtraSuffix,  // abcnews.com.co: the real domain followed by more labels
  kSubdomain,    // nytimes.com.breaking-news.info, kaspi.bonus.top: the real
                 // domain or the brand in the subdomain part of another site
  kTypo,         // reuterss.com: a small edit of a distinctive name
  kHomograph,    // bbс.com with a Cyrillic 'с': a Unicode (IDN) look-alike
  kConfusable,   // tengrinevvs.kz, nytirnes.com: ASCII look-alikes (vv for w)
  kOtherEnding,  // bbc.ltd, kaspi.top: the bare brand on an impostors' ending
  kCombo,        // bbc-news.co, tengrinews-kz.com: the brand with common words
};

// What a lookalike target is (rules/credibility/README.md "sector"). An
// impostor of the sensitive ones (news, bank, government, service,
// fact-checker) is always a warning.
enum class Sector : std::uint8_t {
  kNews,
  kBank,
  kGovernment,
  kService,  // post, marketplaces, messengers, payment
  kFactChecker,
  kReference,     // encyclopedias
  kOrganisation,  // international organisations
};
std::optional<Sector> parse_sector(std::string_view name);
std::string_view sector_name(Sector sector);

// Page signals: bits of a mask. Soft hints, never a verdict on their own.
enum Signal : std::uint8_t {
  kNoAuthor = 1 << 0,
  kNoDate = 1 << 1,
  kClickbaitTitle = 1 << 2,
  kSiteNameMismatch = 1 << 3,   // og:site_name names a reputable outlet on another domain
  kCanonicalMismatch = 1 << 4,  // rel=canonical points to another registrable domain
};
inline constexpr int kSignalCount = 5;

// "What to check next" (lateral reading): bits of a mask.
enum NextStep : std::uint8_t {
  kWhoRunsSite = 1 << 0,    // who is behind this site? (about page, search its name)
  kWhatOthersSay = 1 << 1,  // what do fact-checkers and other sources say?
  kFindOriginal = 1 << 2,   // find the original report or a second source
  kVisitRealSite = 1 << 3,  // go to the real domain of the imitated outlet
  kCheckDate = 1 << 4,      // when was this written? is it current?
};
inline constexpr int kNextStepCount = 5;

// "fabricated", "state-controlled", … (the list format's spelling).
std::string_view rating_name(Rating rating);
std::optional<Rating> parse_rating(std::string_view name);

// "rated_fabricated", "rated_state_controlled", … (reason codes).
std::string_view rating_reason(Rating rating);

std::string_view level_name(Level level);
std::string_view lookalike_reason(LookalikeKind kind);  // "lookalike_typo", …; "" for kNone
std::string_view signal_name(int bit_index);            // "no_author", …
std::string_view next_step_name(int bit_index);         // "who_runs_site", …

// The level policy (docs/CREDIBILITY.md "Level policy"). Quiet by default:
// only deception about what a site is or what happened (fabricated news)
// reaches warning; partisan lean is imported as kMixed and stays at info.
Level level_for(Rating rating);

// Lookalike kinds: imitating a real outlet's address is deception
// (warning). A small edit of a name can be an honest near-miss: a typo of a
// target outside the sensitive sectors is caution.
Level level_for(LookalikeKind kind, Sector sector);

// Ratings that say something good about a site; such a site is never
// treated as a lookalike and never raises a level.
constexpr bool is_positive(Rating rating) {
  return rating == Rating::kReliable || rating == Rating::kFactChecker;
}

// Next steps that fit a rating (empty for the positive ones).
std::uint8_t next_steps_for(Rating rating);

}  // namespace sauatty::credibility
