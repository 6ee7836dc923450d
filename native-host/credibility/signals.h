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
  // alternation per language. Fails naming the pattern RE2 refuses.
  static std::expected<SignalDetector, std::string> build(
      std::span<const ClickbaitPattern> patterns);

  // True when the title matches a pattern of its language: `lang` ("ru",
  // "ru-RU", "kk") picks the patterns of that language; an empty or
  // unknown language tries them all.
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
  std::vector<Language> languages_;  // complete in signals.cpp
};

}  // namespace sauatty::credibility
