// Reader of our own credibility-list format ("format": "sauatty-credibility",
// documented in rules/credibility/README.md) and of the clickbait-pattern
// file ("format": "sauatty-clickbait"). Strict: an unknown field, rating or
// a missing citation is an error, because these files are written by us
// and a typo must not silently drop a warning.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "credibility/list.h"

namespace sauatty::credibility {

// A file over this size is refused: our biggest list is a few tens of KiB.
inline constexpr std::size_t kMaxListBytes = 16u << 20;
// Each pattern and each note is bounded so a hostile list cannot blow up
// memory per entry.
inline constexpr std::size_t kMaxFieldBytes = 4096;

// Parses a list. `file_name` only names the file in messages. Errors read
// "<file>: entries[12].rating: unknown rating 'fak'", or
// "<file>:3:14: invalid JSON: …" for syntax errors.
std::expected<List, std::string> parse_list(std::string_view file_name, std::string_view bytes);

struct ClickbaitPattern {
  std::string lang;  // "en", "ru", "kk"
  std::string re;    // RE2 syntax, matched case-insensitively on the title
};

// Parses a clickbait-pattern file; the patterns are checked to compile.
std::expected<std::vector<ClickbaitPattern>, std::string> parse_clickbait(
    std::string_view file_name, std::string_view bytes);

// The "format" field of a JSON file ("sauatty-credibility", …), or "" when
// it is not a JSON object with one. Used to route files in rules/credibility/.
std::string sniff_format(std::string_view bytes);

}  // namespace sauatty::credibility
