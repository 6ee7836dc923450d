// A regex filter's RE2, compiled when a request first reaches it.
//
// The builder compiles each regex filter as it adds it (RE2 must accept it,
// or the filter is dropped: kBadRegex) and hands the compiled one over. An
// engine read back from the compiled cache (engine/frozen_io.h) gets only
// the pattern and its options: compiling EasyList's and EasyPrivacy's
// regexes again took ~12% of a host's start, and most requests never reach
// a regex filter (a regex is tried after its tokens and its $domain= list
// let it through). The first match that needs it compiles it, once, under
// std::call_once: the message thread and the workshop server may ask the
// same engine at once. A pattern RE2 refuses then (only a damaged or
// hostile cache holds one: the builder wrote only those RE2 accepted)
// matches nothing, as the builder's refusal drops the filter.
#pragma once

#include <re2/re2.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace sauatty::engine {

class FilterRegex {
 public:
  // Compiled at its first match.
  FilterRegex(std::string pattern, const re2::RE2::Options& options);
  // Compiled already (by the builder, which checks that RE2 accepts it).
  explicit FilterRegex(std::unique_ptr<re2::RE2> compiled);
  FilterRegex(const FilterRegex&) = delete;
  FilterRegex& operator=(const FilterRegex&) = delete;
  ~FilterRegex();

  const std::string& pattern() const { return pattern_; }
  const re2::RE2::Options& options() const { return options_; }

  // RE2::PartialMatch; false when RE2 refuses the pattern, and false
  // without throwing when memory runs out while it is compiled (it is
  // compiled again at the next match). Thread-safe.
  bool partial_match(std::string_view text) const;

  // Whether RE2 has compiled it yet (tests, and the start-up benchmark's
  // claim that a start compiles none).
  bool compiled() const;

 private:
  const re2::RE2& get() const;

  std::string pattern_;
  re2::RE2::Options options_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<re2::RE2> re_;  // set once, under once_
  mutable std::atomic<bool> compiled_{false};
};

}  // namespace sauatty::engine
