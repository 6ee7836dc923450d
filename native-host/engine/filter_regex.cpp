#include "engine/filter_regex.h"

#include <new>
#include <utility>

namespace sauatty::engine {

FilterRegex::FilterRegex(std::string pattern, const re2::RE2::Options& options)
    : pattern_(std::move(pattern)), options_(options) {}

FilterRegex::FilterRegex(std::unique_ptr<re2::RE2> compiled)
    : pattern_(compiled->pattern()), options_(compiled->options()) {
  std::call_once(once_, [&] { re_ = std::move(compiled); });
  compiled_.store(true, std::memory_order_release);
}

FilterRegex::~FilterRegex() = default;

const re2::RE2& FilterRegex::get() const {
  std::call_once(once_, [&] {
    re_ = std::make_unique<re2::RE2>(pattern_, options_);
    compiled_.store(true, std::memory_order_release);
  });
  return *re_;
}

bool FilterRegex::partial_match(std::string_view text) const {
  const re2::RE2* re = nullptr;
  try {
    re = &get();
  } catch (const std::bad_alloc&) {
    // Out of memory while compiling: std::call_once left the flag unset,
    // so the next match tries again; this one matches nothing, as a
    // refused pattern does (the engine's check is noexcept).
    return false;
  }
  return re->ok() && re2::RE2::PartialMatch(text, *re);
}

bool FilterRegex::compiled() const { return compiled_.load(std::memory_order_acquire); }

}  // namespace sauatty::engine
