// A credibility list in memory: what our own JSON format (rules/credibility/
// README.md) and every importer produce. Plain data; the index and the
// lookalike detector are built from it and keep their own copies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credibility/few.h"
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

// The evidence in another language: the same document's (or an equivalent
// article's) version in `lang`, for readers of that language; the entry's
// `citation` stays the default for every other language.
struct Citation {
  std::string lang;  // "ru", "kk", … (a language code as in Note)
  std::string url;   // https only
  bool operator==(const Citation&) const = default;
};

// A list of thousands of dataset rows holds one Entry each, so an Entry is
// kept small: the lists most entries lack are Few (a pointer while empty,
// few.h), and the small fields go together (kind, rating and score in 8
// bytes; typo and sector at the end) instead of each padded out to 8.
struct Entry {
  PatternKind kind = PatternKind::kDomain;
  std::optional<Rating> rating;  // always set in a ratings list, never in a targets list
  // A dataset's own score on a 0 (worst) … 1 (best) scale, as it published
  // it (CRED-1 credibility_score, Lin et al. pc1); negative when none.
  float score = -1.0f;
  std::string host;          // ASCII, lower case, punycode, no trailing dot
  std::string path;          // kSection only: starts with '/', no query
  Few<std::string> reasons;  // extra reason codes ([a-z0-9_]+), e.g. "eu_sanctioned"
  // Who rated it, the evidence (an http(s) URL) and when (YYYY-MM-DD): empty
  // in a dataset list, whose List gives them once for every entry (see
  // rated_by() etc. on List).
  std::string rated_by;
  std::string citation;
  std::string reviewed;
  Few<Note> notes;
  // Per-language versions of `citation` ("citations": {"ru": …, "kk": …});
  // empty when the entry has none. Only beside the entry's own citation.
  Few<Citation> citations;

  // Lookalike-target lists only.
  std::string name;              // distinctive label compared for typos and
                                 // homographs; empty: first label of the
                                 // registrable domain ("nytimes")
  Few<std::string> names;        // names the outlet goes by ("Reuters"),
                                 // compared with og:site_name
  Few<std::string> brands;       // more distinctive labels ("kazinform")
  Few<std::string> word_brands;  // labels that are ordinary words
                                 // ("inform"): no typos, no combos
                                 // beyond the country
  Few<std::string> also;         // other domains the outlet owns
  bool typo = true;              // false for dictionary words ("guardian"),
                                 // whose near-misses are ordinary words
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
  // For every entry that leaves its own out (a dataset: thousands of rows
  // rated by one publisher): who rated, the evidence, the release date.
  std::string rated_by;
  std::string citation;
  std::string reviewed;
  // What a dataset's licence asks us to show (CC BY 4.0: the authors and
  // the licence), passed through to the `settings` answer; empty for ours.
  std::string attribution;
  std::string license;
  std::vector<Entry> entries;

  std::string_view rated_by_of(const Entry& e) const {
    return e.rated_by.empty() ? rated_by : e.rated_by;
  }
  std::string_view citation_of(const Entry& e) const {
    return e.citation.empty() ? citation : e.citation;
  }
  std::string_view reviewed_of(const Entry& e) const {
    return e.reviewed.empty() ? reviewed : e.reviewed;
  }
};

// Lower-cases `text`, converts a Unicode host to punycode, drops one
// trailing dot, and checks the result is a host name of at least two labels
// (letters, digits, '-' and '_'; labels 1–63 bytes; ≤ 253 bytes) or an IPv4
// address. nullopt when it is not.
std::optional<std::string> normalize_host(std::string_view text);

// True when normalize_host(host) would give `host` back unchanged (what the
// list readers store), decided without building a string: the compiled
// cache's check of every entry's hosts.
bool is_normal_host(std::string_view host);

// True for a dotted-quad IPv4 address.
bool is_ipv4(std::string_view host);

}  // namespace sauatty::credibility
