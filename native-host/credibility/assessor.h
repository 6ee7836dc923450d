// The credibility facade: lists + clickbait patterns in, a frozen Assessor
// out; assess(url) → one structured Assessment. Pure: no I/O (loading is in
// load.h), no globals. An update builds a new Assessor and swaps a pointer.
//
// How an answer is made (docs/CREDIBILITY.md "Level policy"):
//   1. the index gives the most specific rated entry for the host and path;
//      its rating sets the level (level_for(Rating));
//   2. unless that rating is positive (reliable, fact-checker), the lookalike
//      detector runs; a lookalike raises the level to level_for(kind);
//   3. for a `page`, signals are added; on a site with no rating (or a
//      negative one) clickbait_title, site_name_mismatch or
//      canonical_mismatch raise level none to info, never higher.
// A site no list rates and that imitates nothing is level none, rating
// none: neutral, not "reliable".
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "credibility/index.h"
#include "credibility/list.h"
#include "credibility/list_format.h"
#include "credibility/lookalike.h"
#include "credibility/signals.h"
#include "credibility/vocabulary.h"
#include "url/url.h"

namespace sauatty::credibility {

// Points into the Assessor that made it: valid while that Assessor lives.
struct Assessment {
  Level level = Level::kNone;
  std::optional<Rating> rating;
  const Entry* entry = nullptr;  // the rated entry, or null
  const List* list = nullptr;    // its list
  LookalikeKind lookalike = LookalikeKind::kNone;
  const Target* imitated = nullptr;  // set when lookalike != kNone
  Substitution substitution;         // kConfusable: "vv" for "w"
  std::uint8_t signals = 0;          // Signal bits (page only)
  bool signals_raised = false;       // signals alone made the level info
  std::uint8_t next_steps = 0;       // NextStep bits
};

struct FlaggedLink {
  std::size_t index;  // into the links given
  Assessment assessment;
};

class Assessor {
 public:
  // Builds and freezes. `lists` are in priority order: on equally specific
  // matches the earlier list wins (put our own lists before imports).
  // Fails only when the clickbait patterns do not compile. `confusables`:
  // see LookalikeDetector::build (the compiled cache passes a memo).
  // The rating index and the lookalike detector are built from the lists
  // at the first call that needs them (assess, assess_page, assess_links,
  // rated_entries, lookalikes), once, thread-safe: a host start that only
  // answers `hello` does not build them (~9% of a compiled start's CPU);
  // the first page pays it (docs/BENCHMARKS.md, "Start-up").
  static std::expected<std::shared_ptr<const Assessor>, std::string> build(
      std::vector<List> lists, std::span<const ClickbaitPattern> clickbait,
      Confusables confusables = Confusables());

  // The address alone (`check`, `links`). Does not allocate for ASCII hosts.
  Assessment assess(const url::Url& url) const;

  // A visited page with its metadata (`page`).
  Assessment assess_page(const url::Url& url, const PageMeta& meta) const;

  // Links at level caution or warning, in order. Links on the page's own
  // registrable domain are left out (the page's own answer covers them);
  // null entries (URLs that did not parse) are skipped.
  std::vector<FlaggedLink> assess_links(std::span<const url::Url* const> links,
                                        std::string_view page_registrable) const;

  std::span<const List> lists() const { return lists_; }
  // The patterns it was built with (what the compiled cache keeps).
  std::span<const ClickbaitPattern> clickbait() const { return clickbait_; }
  std::size_t rated_entries() const { return built().index.size(); }
  const LookalikeDetector& lookalikes() const { return built().lookalikes; }

  Assessor(const Assessor&) = delete;
  Assessor& operator=(const Assessor&) = delete;

 private:
  Assessor() = default;

  struct Built {
    Index index;
    LookalikeDetector lookalikes;
  };
  // Builds them at the first call (from lists_, with confusables_).
  const Built& built() const;

  std::vector<List> lists_;  // owned; the index and the detector point into it
  std::vector<ClickbaitPattern> clickbait_;
  SignalDetector signals_;
  mutable std::once_flag built_once_;
  mutable Confusables confusables_;  // moved into the detector by built()
  mutable Built built_;              // set once, under built_once_
};

// Reason codes of an assessment, in order: the rating's ("rated_satire"),
// the entry's own ("eu_sanctioned"), "lookalike" + its kind, "page_signals".
std::vector<std::string_view> reason_codes(const Assessment& a);

}  // namespace sauatty::credibility
