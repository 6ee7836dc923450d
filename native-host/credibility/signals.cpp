#include "credibility/signals.h"

#include <re2/re2.h>

#include <map>
#include <vector>

#include "credibility/text_format.h"

namespace sauatty::credibility {

struct SignalDetector::Language {
  std::string lang;
  std::unique_ptr<RE2> re;  // all patterns of the language as one alternation
};

SignalDetector::SignalDetector() = default;
SignalDetector::~SignalDetector() = default;
SignalDetector::SignalDetector(SignalDetector&&) noexcept = default;
SignalDetector& SignalDetector::operator=(SignalDetector&&) noexcept = default;

std::expected<SignalDetector, std::string> SignalDetector::build(
    std::span<const ClickbaitPattern> patterns) {
  std::map<std::string, std::string> by_lang;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    std::string& alt = by_lang[patterns[i].lang];
    if (!alt.empty()) alt += '|';
    alt += "(?:" + patterns[i].re + ")";
  }
  SignalDetector d;
  for (auto& [lang, alt] : by_lang) {
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    auto re = std::make_unique<RE2>(alt, options);
    if (!re->ok()) {
      return std::unexpected(strformat("clickbait patterns for '{}': {}", lang, re->error()));
    }
    d.languages_.push_back(Language{lang, std::move(re)});
  }
  return d;
}

bool SignalDetector::clickbait(std::string_view title, std::string_view lang) const {
  if (title.empty()) return false;
  if (title.size() > kMaxTitleBytes) {
    title = title.substr(0, kMaxTitleBytes);
    // Do not cut a UTF-8 sequence in half.
    while (!title.empty() && (static_cast<unsigned char>(title.back()) & 0xC0) == 0x80) {
      title.remove_suffix(1);
    }
    if (!title.empty() && static_cast<unsigned char>(title.back()) >= 0xC0) title.remove_suffix(1);
  }
  std::string_view primary = lang.substr(0, lang.find_first_of("-_"));
  bool known = false;
  for (const Language& l : languages_) {
    if (l.lang == primary) known = true;
  }
  for (const Language& l : languages_) {
    if (known && l.lang != primary) continue;
    if (RE2::PartialMatch(title, *l.re)) return true;
  }
  return false;
}

std::uint8_t SignalDetector::detect(const PageMeta& meta, std::string_view page_registrable,
                                    std::string_view canonical_registrable,
                                    const LookalikeDetector& targets) const {
  std::uint8_t signals = 0;
  if (meta.og_type == "article") {
    if (meta.author.empty()) signals |= kNoAuthor;
    if (meta.published.empty() && meta.modified.empty()) signals |= kNoDate;
  }
  if (clickbait(meta.title, meta.lang)) signals |= kClickbaitTitle;
  if (!meta.site_name.empty() && targets.claimed_elsewhere(meta.site_name, page_registrable)) {
    signals |= kSiteNameMismatch;
  }
  if (!canonical_registrable.empty() && canonical_registrable != page_registrable) {
    signals |= kCanonicalMismatch;
  }
  return signals;
}

}  // namespace sauatty::credibility
