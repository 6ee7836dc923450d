// Lookalike detection: does a host imitate a reputable domain from our
// lookalike-target lists (rules/credibility/reputable.json)?
//
// Four kinds, tried in this order (the first that fires is the answer):
//   extra suffix  the real domain followed by more labels: abcnews.com.co
//   subdomain     the real domain inside the subdomain part of another
//                 registrable domain: nytimes.com.breaking-news.info
//   homograph     the registrable label has the same confusable skeleton
//                 as a target's name (ICU, UTS #39) but other characters:
//                 bbс.com (Cyrillic 'с'), nytirnes.com ('rn' for 'm');
//                 for an all-ASCII label the public suffix must match too
//   typo          the registrable label is one edit from a target's name:
//                 an insertion, a deletion, a swap of neighbouring letters,
//                 or a substitution by a neighbouring key on the keyboard
//                 (reuterss, reuetrs, reutwrs — but not routers, a word);
//                 the first letter must be the same (atimes.com, Asia Times,
//                 is not latimes.com); only names of 6+ characters marked
//                 "typo": true
//
// Never flagged (the rules that keep abc.com, cbc.ca, cnn.com and cnbc.com
// apart): a host whose registrable domain is a target's registrable domain
// (so one reputable site never "imitates" another one on our list); a
// label equal to a target's name on another suffix (reuters.tv); names
// shorter than 6 characters for typos and 5 for ASCII homographs (cnn/cnbc,
// abc/cbc are one or two edits apart); IP addresses.
//
// Built once, then read-only and thread-safe. Queries do not allocate
// except the ICU skeleton of a non-ASCII (IDN) label.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credibility/confusables.h"
#include "credibility/list.h"
#include "credibility/string_table.h"
#include "credibility/vocabulary.h"

namespace sauatty::credibility {

struct Target {
  std::string domain;       // "abcnews.go.com"
  std::string registrable;  // "go.com"
  std::string suffix;       // public suffix of `registrable`: "com"
  std::string name;         // "abcnews"
  bool typo = true;
  const Entry* entry = nullptr;
  const List* list = nullptr;
};

struct LookalikeResult {
  LookalikeKind kind = LookalikeKind::kNone;
  const Target* target = nullptr;  // set when kind != kNone
};

// The host to test, already parsed (url::Url gives these).
struct HostParts {
  std::string_view host;         // ASCII, lower case, punycode
  std::string_view registrable;  // its registrable domain (ASCII)
  bool is_ip = false;
};

class LookalikeDetector {
 public:
  LookalikeDetector() = default;

  // Takes every entry of the lookalike-target lists in `lists` (others are
  // ignored); `lists` must outlive the detector. Registrable domains come
  // from url::registrable_domain (the Public Suffix List).
  static LookalikeDetector build(std::span<const List> lists);

  LookalikeResult detect(const HostParts& host) const;

  // True when the registrable domain is one of the targets' own.
  bool is_target_registrable(std::string_view registrable) const {
    return !by_registrable_.find(registrable).empty();
  }

  // A target whose outlet name ("BBC News", "Reuters") equals `site_name`
  // after case folding and dropping everything but letters and digits,
  // provided no target of that name lives on `registrable`; null otherwise.
  // Used for the site_name_mismatch page signal: a page that calls itself
  // "Reuters" away from Reuters' own domains.
  const Target* claimed_elsewhere(std::string_view site_name, std::string_view registrable) const;

  std::span<const Target> targets() const { return targets_; }

  // The detector's normalisation of an outlet name (exposed for tests).
  std::string normalize_name(std::string_view name) const;

 private:
  LookalikeResult embedded(const HostParts& h) const;
  LookalikeResult homograph(std::string_view label, std::string_view suffix) const;
  LookalikeResult typo(std::string_view label) const;

  Confusables confusables_;
  std::vector<Target> targets_;
  StringTable by_domain_;       // full target domain → target
  StringTable by_registrable_;  // target's registrable domain → target
  StringTable by_skeleton_;     // skeleton of name → target
  std::array<std::vector<std::uint32_t>, 256> by_first_letter_;  // typo-eligible targets
  StringTable by_outlet_name_;  // normalised outlet name → target
};

// Damerau–Levenshtein distance (optimal string alignment) of two short
// byte strings, or `limit + 1` as soon as it exceeds `limit`. With
// `substitute_neighbours_only`, substituting a character that is not a
// keyboard neighbour costs 2 (a typo slips to the next key; a substitution
// far away is usually another word: reuters/routers).
int edit_distance(std::string_view a, std::string_view b, int limit,
                  bool substitute_neighbours_only = false);

// True when `a` and `b` are exactly one typo apart: one insertion or
// deletion, one swap of neighbouring characters, or one substitution by a
// keyboard neighbour. Equals edit_distance(a, b, 1, true) == 1, in O(length).
bool one_typo_apart(std::string_view a, std::string_view b);

// True for two different keys next to each other on a QWERTY keyboard.
bool keyboard_neighbours(char a, char b);

}  // namespace sauatty::credibility
