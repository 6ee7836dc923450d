// Page signals from the `page` message's metadata: soft hints about a page,
// never a verdict on their own (docs/CREDIBILITY.md "Page signals").
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credibility/list_format.h"
#include "credibility/lookalike.h"

namespace re2 {
class RE2;
}

namespace sauatty::credibility {

// What the content script read from the page (all optional; empty = absent).
struct PageMeta {
  std::string_view title{}, lang{}, canonical{}, site_name{}, og_type{}, author{}, published{},
      modified{}, description{};
};

// Titles longer than this are cut before matching: clickbait shows in the
// first words, and the bound keeps matching cost fixed.
inline constexpr std::size_t kMaxTitleBytes = 512;

class SignalDetector {
 public:
  SignalDetector();
  ~SignalDetector();
  SignalDetector(SignalDetector&&) noexcept;
  SignalDetector& operator=(SignalDetector&&) noexcept;

  // Compiles the clickbait patterns (case-insensitive, UTF-8), one
  // alternation per language. Fails naming the pattern RE2 refuses. Each
  // alternation's pre-check, the strings one of which any match must
  // contain (RE2's own analysis, re2::FilteredRE2, cut down to the fewest
  // and longest that still cover every pattern), is worked out at the
  // first title (thread-safe), not here: it costs about as much as the
  // compiling and a host start that judges no page does not need it.
  static std::expected<SignalDetector, std::string> build(
      std::span<const ClickbaitPattern> patterns);

  // True when the title matches a pattern of its language: `lang` ("ru",
  // "ru-RU", "kk") picks the patterns of that language; an empty or
  // unknown language tries them all. The title is case-folded once (no
  // allocation) and searched for the pre-check strings; a language's RE2
  // runs only when one of its strings is there, so the answer is the
  // alternation's own. A language whose patterns yield no such strings (or
  // strings outside ASCII and Cyrillic) always runs its RE2.
  bool clickbait(std::string_view title, std::string_view lang) const;

  // The Signal mask for a page. `page_registrable` is the page's registrable
  // domain; `canonical_registrable` that of meta.canonical, or empty when it
  // is absent or did not parse. no_author / no_date are only looked for on
  // pages that call themselves articles (og:type "article"): a home page
  // without a byline is normal.
  std::uint8_t detect(const PageMeta& meta, std::string_view page_registrable,
                      std::string_view canonical_registrable,
                      const LookalikeDetector& targets) const;

 private:
  struct Language;
  struct PreCheck;
  const PreCheck& pre_check() const;  // built once, at the first title
  std::vector<Language> languages_;   // complete in signals.cpp
  std::unique_ptr<PreCheck> pre_check_;
};

// The case folding of the clickbait pre-check, one code point at a time:
// Unicode simple case folding as RE2 matches case-insensitively, for every
// character that folds to ASCII or Cyrillic (U+0400–U+052F): the capitals,
// the Kelvin sign, long s and the rounded Cyrillic forms (U+1C80–U+1C87)
// fold to the small letter; every other character is returned unchanged.
// `fold_is_exact` tells whether a folded character is one of those the fold
// is exact for. They and fold_for_pre_check are here for the tests that
// check them against RE2.
char32_t fold_rune(char32_t c);
inline bool fold_is_exact(char32_t folded) {
  return folded < 0x80 || (folded >= 0x400 && folded <= 0x52F);
}
// A text folded as the pre-check folds a title: fold_rune on each valid
// UTF-8 character, any other byte kept as it is.
std::string fold_for_pre_check(std::string_view text);

}  // namespace sauatty::credibility
