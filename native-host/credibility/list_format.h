// Reader of our own credibility-list format ("format": "sauatty-credibility",
// documented in rules/credibility/README.md) and of the clickbait-pattern
// file ("format": "sauatty-clickbait"). Strict, entry by entry: an unknown
// field, rating or a missing citation leaves that entry out with a message
// naming the file, the entry, its domain and the field (the caller shows
// it; `rules verify` fails on it), and the rest of the file loads — a typo
// must neither silently drop a warning nor lose the whole list. What makes
// the whole file unusable (not JSON, wrong format or version, a bad
// top-level field, over kMaxListBytes) is an error for the file.
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

// At most this many left-out entries are reported one by one in a file;
// past it one line counts the rest (a hostile file of a million bad
// entries must not make a million messages).
inline constexpr std::size_t kMaxSkippedReports = 32;

struct ParsedList {
  List list;
  // One message per entry left out, e.g. "<file>: entries[12].rating:
  // unknown rating 'fak' (entry 'rt.com' left out)", then at most one
  // "<file>: … and N more entries left out".
  std::vector<std::string> skipped;
};

// What is wrong with one of an entry's "citations" (the citation in another
// language), as parse_list() checks it: `lang` must be a language code
// ("ru", "kk", "zh-hant": 2-8 of a-z and '-') and `url` an https URL with a
// host, at most kMaxFieldBytes. Readers of entries stored elsewhere (the
// compiled cache, store/compiled_credibility.h) check with it too.
enum class CitationFault { kNone, kLanguage, kUrl };
CitationFault citation_fault(std::string_view lang, std::string_view url);

// As parse_list() checks an entry's or a list's own "citation" (an http(s)
// URL with a host) and a note's or a citation's language (a language code,
// as above); for readers of entries stored elsewhere, as citation_fault.
bool is_citation_url(std::string_view url);
bool is_language_code(std::string_view lang);

// Parses a list. `file_name` only names the file in messages. File errors
// read "<file>: version: expected 1", or "<file>:3:14: invalid JSON: …"
// for syntax errors.
std::expected<ParsedList, std::string> parse_list(std::string_view file_name,
                                                  std::string_view bytes);

struct ClickbaitPattern {
  std::string lang;  // "en", "ru", "kk"
  std::string re;    // RE2 syntax, matched case-insensitively on the title
};

struct ParsedClickbait {
  std::vector<ClickbaitPattern> patterns;
  std::vector<std::string>
      skipped;  // "<file>: patterns[3].re: RE2 refuses it: … (pattern left out)"
};

// Parses a clickbait-pattern file; the patterns are checked to compile. A
// bad pattern is left out and reported as in parse_list.
std::expected<ParsedClickbait, std::string> parse_clickbait(std::string_view file_name,
                                                            std::string_view bytes);

// The "format" field of a JSON file ("sauatty-credibility", …), or "" when
// it is not a JSON object with one. Used to route files in rules/credibility/.
std::string sniff_format(std::string_view bytes);

}  // namespace sauatty::credibility
