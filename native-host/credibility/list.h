// A credibility list in memory: what our own JSON format (rules/credibility/
// README.md) and every importer produce. Plain data; the index and the
// lookalike detector are built from it and keep their own copies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credibility/vocabulary.h"

namespace sauatty::credibility {

enum class PatternKind : std::uint8_t {
  kDomain,   // "rt.com": the domain and every host under it
  kHost,     // "70news.wordpress.com": that host only
  kSection,  // "cato.org/blog": a path prefix on the domain and its subdomains
};

struct Note {
  std::string lang;  // "en", "ru", "kk", … as the list author wrote it
  std::string text;  // passed through as given
};

struct Entry {
  PatternKind kind = PatternKind::kDomain;
  std::string host;                  // ASCII, lower case, punycode, no trailing dot
  std::string path;                  // kSection only: starts with '/', no query
  std::optional<Rating> rating;      // always set in a ratings list, never in a targets list
  std::vector<std::string> reasons;  // extra reason codes ([a-z0-9_]+), e.g. "eu_sanctioned"
  std::string rated_by;
  std::string citation;  // http(s) URL of the evidence
  std::string reviewed;  // YYYY-MM-DD, or empty when the source gives no date
  std::vector<Note> notes;

  // Lookalike-target lists only.
  std::string name;                      // distinctive label compared for typos and
                                         // homographs; empty: first label of the
                                         // registrable domain ("nytimes")
  std::vector<std::string> names;        // names the outlet goes by ("Reuters"),
                                         // compared with og:site_name
  bool typo = true;                      // false for dictionary words ("guardian"),
                                         // whose near-misses are ordinary words
  std::vector<std::string> brands;       // more distinctive labels ("kazinform")
  std::vector<std::string> word_brands;  // labels that are ordinary words
                                         // ("inform"): no typos, no combos
                                         // beyond the country
  std::vector<std::string> also;         // other domains the outlet owns
  Sector sector = Sector::kNews;

  // The pattern as our format writes it: "rt.com", "cato.org/blog".
  std::string pattern() const { return kind == PatternKind::kSection ? host + path : host; }
};

enum class ListPurpose : std::uint8_t {
  kRatings,           // every entry has a rating
  kLookalikeTargets,  // reputable domains that impostors imitate; no ratings
};

// Curated lists (ours, or a user's in our format) win over datasets
// (imported at run time, or converted into our format with "origin":
// "dataset"): see index.h.
enum class ListOrigin : std::uint8_t { kCurated, kDataset };

struct List {
  std::string name;    // "sauatty-fact-checkers", "opensources", …
  std::string source;  // where it came from (file name), for messages
  ListPurpose purpose = ListPurpose::kRatings;
  ListOrigin origin = ListOrigin::kCurated;
  std::string description;
  std::vector<Entry> entries;
};

// Lower-cases `text`, converts a Unicode host to punycode, drops one
// trailing dot, and checks the result is a host name of at least two labels
// (letters, digits, '-' and '_'; labels 1–63 bytes; ≤ 253 bytes) or an IPv4
// address. nullopt when it is not.
std::optional<std::string> normalize_host(std::string_view text);

// True for a dotted-quad IPv4 address.
bool is_ipv4(std::string_view host);

}  // namespace sauatty::credibility
