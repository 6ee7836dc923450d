// Lookalike detection: does a host imitate a reputable outlet or service
// from our lookalike-target lists (rules/credibility/reputable.json)?
//
// The model: each target entry is one outlet with its brand labels
// ("tengrinews"; "kazinform" and the word "inform" for inform.kz) and every
// domain it owns (its `domain` and `also`). A host on one of those
// registrable domains is the outlet itself and never flagged. Otherwise,
// tried in this order (the first that fires is the answer):
//
//   extra suffix  an owned domain followed by more labels: abcnews.com.co
//   subdomain     an owned domain, a distinctive brand or a brand combo in
//                 the subdomain part of another site:
//                 nytimes.com.breaking-news.info, kaspi.bonus-pay.top
//   other ending  the bare brand on an ending impostors use (brand_words.h):
//                 bbc.ltd, kaspi.top. On any other ending the bare brand is
//                 left alone, and nothing below is tried: abc.es, reuters.tv
//   homograph     an IDN label whose skeleton (UTS #39, confusables.h)
//                 is a brand's: bbс.com with a Cyrillic 'с'
//   confusable    an ASCII label with a brand's skeleton: tengrinevvs.kz
//                 (vv for w), nytirnes.com (rn for m), kaspl.kz (l for i);
//                 brands of 4+ letters
//   combo         a brand joined to combo words (brand_words.h), with or
//                 without '-': bbc-news.co, tengrinews-kz.com, mykaspi.top.
//                 Distinctive brands of 3+ letters (3-letter ones only with
//                 a '-' or on an impostors' ending); word brands only with
//                 country words (inform-kz.com)
//   typo          one edit of a distinctive brand of 5+ letters (typo.h):
//                 reuterss.com, tengrinewa.kz; never of a word brand
//                 (election, lemonde: elections.ca, lemond.com), never an
//                 edit of a digit (france2 is not france24)
//
// Word brands are the labels a list marks as ordinary words (`typo: false`
// or `word_brands`): in Kazakh, Russian, English or the outlet's language.
//
// Built once, then read-only and thread-safe. Queries do not allocate
// except the skeleton of a non-ASCII (IDN) label; that answer is kept
// in a small per-thread cache (IDN hosts repeat on a page and its links).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "credibility/confusables.h"
#include "credibility/list.h"
#include "credibility/string_table.h"
#include "credibility/typo.h"
#include "credibility/vocabulary.h"

namespace sauatty::credibility {

// One owned domain of a target entry (its `domain`, or one of `also`).
struct Target {
  std::string domain;       // "abcnews.go.com"
  std::string registrable;  // "go.com"
  std::string suffix;       // public suffix of `registrable`: "com"
  std::string name;         // the entry's first brand: "abcnews"
  Sector sector = Sector::kNews;
  const Entry* entry = nullptr;
  const List* list = nullptr;
};

// A brand label of a target entry. `target` is the entry's own `domain`.
struct Brand {
  std::string label;  // "tengrinews", "inform"
  std::uint32_t target = 0;
  bool word = false;  // an ordinary word: no typos, combos with countries only
};

struct LookalikeResult {
  LookalikeKind kind = LookalikeKind::kNone;
  const Target* target = nullptr;  // set when kind != kNone: the imitated entry's domain
  Substitution substitution;       // kConfusable: what stands for what ("vv" for "w")
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
  // from url::registrable_domain (the Public Suffix List). Skeletons and
  // case folds come from `confusables` (the Unicode library its caller
  // handed in), which the detector keeps.
  static LookalikeDetector build(std::span<const List> lists,
                                 Confusables confusables = Confusables());

  LookalikeResult detect(const HostParts& host) const;

  // True when the registrable domain is one a target entry owns.
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
  std::span<const Brand> brands() const { return brands_; }

  // The detector's normalisation of an outlet name (exposed for tests).
  std::string normalize_name(std::string_view name) const;

 private:
  LookalikeResult embedded(const HostParts& h) const;
  LookalikeResult brand_in_subdomain(const HostParts& h) const;
  LookalikeResult homograph(std::string_view label) const;
  LookalikeResult confusable(std::string_view label) const;
  LookalikeResult combo(std::string_view label, std::string_view suffix) const;
  LookalikeResult typo(std::string_view label) const;
  LookalikeResult hit(LookalikeKind kind, std::uint32_t brand) const;

  Confusables confusables_;
  std::vector<Target> targets_;
  std::vector<Brand> brands_;
  StringTable by_domain_;       // owned domain → target
  StringTable by_registrable_;  // owned registrable domain → target
  StringTable by_brand_;        // brand label → brand
  StringTable by_skeleton_;     // skeleton of a brand label → brand
  // A brand in a bucket, with what rejects most candidates without reading
  // the brand's label (a cache miss each): its length and bytes at the end
  // the bucket is keyed by and at the other end.
  struct Candidate {
    std::uint32_t id;
    std::uint16_t size;
    char end = 0;   // label[0] by first bytes, label[size - 1] by last ones
    char next = 0;  // label[1] by first bytes, label[size - 2] by last ones
    char far = 0;   // the other end: label[size - 1] by first bytes, label[0] by last
  };
  // Candidates filed by a key, in brand order within a key; a bucket may
  // also hold other keys' candidates (the caller checks end and next).
  class Buckets {
   public:
    static constexpr std::size_t kCount = 1024;
    static std::size_t of(unsigned char a, unsigned char b) { return (a * 0x9Fu + b) % kCount; }
    void finish(std::vector<std::pair<std::size_t, Candidate>> filed);
    std::span<const Candidate> at(std::size_t bucket) const {
      if (begin_.empty()) return {};
      return {items_.data() + begin_[bucket], items_.data() + begin_[bucket + 1]};
    }

   private:
    std::vector<std::uint32_t> begin_;  // kCount + 1 offsets into items_
    std::vector<Candidate> items_;
  };
  // Typo-eligible brands by first byte, each bucket by length, then brand.
  std::array<std::vector<Candidate>, 256> typo_by_first_;
  Buckets combo_by_first_;      // combo-eligible brands by their first two bytes
  Buckets combo_by_last_;       // … and by their last two
  StringTable by_outlet_name_;  // normalised outlet name → target
  std::uint64_t serial_ = 0;    // tells detectors apart in the per-thread homograph cache
};

}  // namespace sauatty::credibility
