#include "credibility/lookalike.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>

#include "credibility/brand_words.h"
#include "url/url.h"

namespace sauatty::credibility {
namespace {

// Length floors, in bytes of the brand label. Short names collide with
// each other and with ordinary strings: cnn/cnbc, abc/cbc and bbc/nbc are
// one edit apart and all real outlets, and 2- or 3-letter strings are in
// every other address.
constexpr std::size_t kMinTypoBrand = 5;        // the floor; measured: docs/CREDIBILITY.md
constexpr std::size_t kMinConfusableBrand = 4;  // ASCII look-alikes (IDN: any length)
constexpr std::size_t kMinComboBrand = 3;       // bbc-news.co
constexpr std::size_t kMinHyphenlessCombo = 4;  // "bbcnews" only on an impostors' ending
constexpr std::size_t kMinWordBrandCombo = 4;   // a word brand with a country: inform-kz
constexpr std::size_t kMinOtherEnding = 3;      // bbc.ltd
constexpr std::size_t kMinOtherEndingWord = 5;  // inform.top, not time.top
constexpr std::size_t kMinSubdomainBrand = 4;   // kaspi.example.top, not cnn.cdn.example
constexpr std::size_t kMaxLabel = 63;

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// First label and the rest ("bbc", "co.uk") of a registrable domain.
std::pair<std::string_view, std::string_view> split_registrable(std::string_view registrable) {
  auto dot = registrable.find('.');
  if (dot == std::string_view::npos) return {registrable, {}};
  return {registrable.substr(0, dot), registrable.substr(dot + 1)};
}

unsigned char first(std::string_view s) { return static_cast<unsigned char>(s.front()); }
unsigned char last(std::string_view s) { return static_cast<unsigned char>(s.back()); }

// `rest` is what a combo adds to brand `b` (on the right when
// `brand_first`): combo words, joined to the brand by an optional '-'.
// `impostor_ending()` tells whether the host is on an impostors' ending.
template <class ImpostorEnding>
bool is_combo_rest(const Brand& b, std::string_view rest, bool brand_first,
                   ImpostorEnding&& impostor_ending) {
  bool hyphen = !rest.empty() && (brand_first ? rest.front() : rest.back()) == '-';
  if (hyphen) rest = brand_first ? rest.substr(1) : rest.substr(0, rest.size() - 1);
  if (rest.empty()) return false;
  if (b.label.size() < kMinHyphenlessCombo && !hyphen && !impostor_ending()) return false;
  return is_combo_words(rest, b.word);
}

// What homograph() answered for the last IDN labels this thread asked
// about, by detector: a skeleton costs a microsecond or more, and a page's IDN
// host comes back with each of its links and requests. 32 sets of 4
// labels, first in first out (~10 KiB a thread); a label is kept whole and
// compared whole.
struct HomographCache {
  struct Slot {
    std::uint64_t detector = 0;  // 0: empty
    std::uint8_t size = 0;
    char label[kMaxLabel] = {};
    LookalikeKind kind = LookalikeKind::kNone;
    std::uint32_t brand = 0;
  };
  static constexpr std::size_t kSets = 32, kWays = 4;
  std::array<Slot, kSets * kWays> slots;
  std::array<std::uint8_t, kSets> next_way{};
};
thread_local HomographCache homograph_cache;

std::atomic<std::uint64_t> next_serial{1};

}  // namespace

void LookalikeDetector::Buckets::finish(std::vector<std::pair<std::size_t, Candidate>> filed) {
  std::stable_sort(filed.begin(), filed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  begin_.assign(kCount + 1, 0);
  items_.clear();
  std::size_t next = 0;
  for (std::size_t b = 0; b < kCount; ++b) {
    begin_[b] = static_cast<std::uint32_t>(items_.size());
    for (; next < filed.size() && filed[next].first == b; ++next)
      items_.push_back(filed[next].second);
  }
  begin_[kCount] = static_cast<std::uint32_t>(items_.size());
}

LookalikeDetector LookalikeDetector::build(std::span<const List> lists, Confusables confusables) {
  LookalikeDetector d;
  d.serial_ = next_serial.fetch_add(1, std::memory_order_relaxed);
  d.confusables_ = std::move(confusables);
  for (const List& list : lists) {
    if (list.purpose != ListPurpose::kLookalikeTargets) continue;
    for (const Entry& e : list.entries) {
      if (e.kind == PatternKind::kSection || is_ipv4(e.host)) continue;
      auto own = static_cast<std::uint32_t>(d.targets_.size());
      std::string name;
      for (std::size_t i = 0; i <= e.also.size(); ++i) {
        Target t;
        t.domain = i == 0 ? e.host : e.also[i - 1];
        t.registrable = url::registrable_domain(t.domain);
        auto [label, suffix] = split_registrable(t.registrable);
        if (i == 0) name = e.name.empty() ? std::string(label) : e.name;
        t.suffix = std::string(suffix);
        t.name = name;
        t.sector = e.sector;
        t.entry = &e;
        t.list = &list;
        d.targets_.push_back(std::move(t));
      }
      auto add_brand = [&](const std::string& label, bool word) {
        for (std::size_t b = d.brands_.size(); b-- > 0 && d.brands_[b].target == own;) {
          if (d.brands_[b].label == label) return;
        }
        d.brands_.push_back({label, own, word});
      };
      add_brand(name, !e.typo);
      for (const std::string& b : e.brands) add_brand(b, false);
      for (const std::string& b : e.word_brands) add_brand(b, true);
    }
  }
  StringTable::Builder domain, registrable, brand, skeleton, outlet;
  for (std::size_t i = 0; i < d.targets_.size(); ++i) {
    const Target& t = d.targets_[i];
    auto id = static_cast<std::uint32_t>(i);
    domain.add(t.domain, id);
    registrable.add(t.registrable, id);
    for (const std::string& name : t.entry->names) {
      std::string n = d.normalize_name(name);
      if (!n.empty()) outlet.add(n, id);
    }
  }
  std::vector<std::pair<std::size_t, Candidate>> by_first, by_last;
  for (std::size_t i = 0; i < d.brands_.size(); ++i) {
    const Brand& b = d.brands_[i];
    auto id = static_cast<std::uint32_t>(i);
    if (b.label.empty() || b.label.size() > kMaxLabel) continue;
    brand.add(b.label, id);
    if (std::string skel = d.confusables_.skeleton(b.label); !skel.empty()) skeleton.add(skel, id);
    auto size = static_cast<std::uint16_t>(b.label.size());
    const std::string& l = b.label;
    if (!b.word && l.size() >= kMinTypoBrand) {
      d.typo_by_first_[first(l)].push_back({id, size, l[0], l[1], l.back()});
    }
    if (l.size() >= (b.word ? kMinWordBrandCombo : kMinComboBrand)) {
      by_first.emplace_back(Buckets::of(first(l), static_cast<unsigned char>(l[1])),
                            Candidate{id, size, l[0], l[1], l.back()});
      by_last.emplace_back(Buckets::of(last(l), static_cast<unsigned char>(l[l.size() - 2])),
                           Candidate{id, size, l.back(), l[l.size() - 2], l.front()});
    }
  }
  // typo() looks at the lengths one edit away only; the first brand (in
  // brand order) of those that match is the answer, as before.
  for (std::vector<Candidate>& bucket : d.typo_by_first_) {
    std::stable_sort(bucket.begin(), bucket.end(),
                     [](const Candidate& a, const Candidate& b) { return a.size < b.size; });
  }
  d.combo_by_first_.finish(std::move(by_first));
  d.combo_by_last_.finish(std::move(by_last));
  d.by_domain_ = domain.finish();
  d.by_registrable_ = registrable.finish();
  d.by_brand_ = brand.finish();
  d.by_skeleton_ = skeleton.finish();
  d.by_outlet_name_ = outlet.finish();
  return d;
}

LookalikeResult LookalikeDetector::hit(LookalikeKind kind, std::uint32_t brand) const {
  return {kind, &targets_[brands_[brand].target], {}};
}

LookalikeResult LookalikeDetector::detect(const HostParts& h) const {
  if (targets_.empty() || h.is_ip || h.registrable.empty() || h.host.size() > 253) return {};
  if (h.registrable.find('.') == std::string_view::npos || !h.host.ends_with(h.registrable))
    return {};
  if (is_target_registrable(h.registrable)) return {};
  if (auto r = embedded(h); r.kind != LookalikeKind::kNone) return r;
  if (auto r = brand_in_subdomain(h); r.kind != LookalikeKind::kNone) return r;
  auto [label, suffix] = split_registrable(h.registrable);
  if (label.empty() || label.size() > kMaxLabel) return {};
  if (label.starts_with("xn--")) return homograph(label);
  if (auto ids = by_brand_.find(label); !ids.empty()) {
    // The bare brand: an impostor only on an impostors' ending.
    if (!is_impostor_ending(suffix)) return {};
    for (std::uint32_t id : ids) {
      const Brand& b = brands_[id];
      if (b.label.size() >= (b.word ? kMinOtherEndingWord : kMinOtherEnding))
        return hit(LookalikeKind::kOtherEnding, id);
    }
    return {};
  }
  if (auto r = confusable(label); r.kind != LookalikeKind::kNone) return r;
  if (auto r = combo(label, suffix); r.kind != LookalikeKind::kNone) return r;
  return typo(label);
}

// Every run of two or more labels of the host that ends before its last
// label is looked up among the owned domains; these runs are substrings
// of the host, so nothing is allocated.
LookalikeResult LookalikeDetector::embedded(const HostParts& h) const {
  std::string_view host = h.host;
  std::size_t registrable_start = host.size() - h.registrable.size();
  std::array<std::size_t, 128> starts{};  // label start offsets
  std::size_t n = 0;
  starts[n++] = 0;
  for (std::size_t i = 0; i < host.size() && n < starts.size(); ++i) {
    if (host[i] == '.') starts[n++] = i + 1;
  }
  if (n < 3) return {};
  for (std::size_t i = 0; i + 2 < n; ++i) {
    for (std::size_t j = i + 1; j + 1 < n; ++j) {
      // Labels i..j: from starts[i] to the dot before label j+1.
      std::string_view run = host.substr(starts[i], starts[j + 1] - 1 - starts[i]);
      auto ids = by_domain_.find(run);
      if (ids.empty()) continue;
      LookalikeKind kind = starts[j + 1] <= registrable_start ? LookalikeKind::kSubdomain
                                                              : LookalikeKind::kExtraSuffix;
      const Target& t = targets_[ids.front()];
      // A word brand on a country's second level (economist.com.na, The
      // Economist of Namibia) is a site of its own, like abc.es.
      if (kind == LookalikeKind::kExtraSuffix && !t.entry->typo && starts[i] == registrable_start &&
          !is_impostor_ending(h.registrable.substr(h.registrable.find('.') + 1))) {
        continue;
      }
      return {kind, &t, {}};
    }
  }
  return {};
}

// Each label left of the registrable domain: a distinctive brand
// (kaspi.bonus.top) or a brand combo (bbc-news.example.com).
LookalikeResult LookalikeDetector::brand_in_subdomain(const HostParts& h) const {
  std::string_view sub = h.host.substr(0, h.host.size() - h.registrable.size());
  auto [label, suffix] = split_registrable(h.registrable);
  while (!sub.empty()) {
    std::size_t dot = sub.find('.');
    if (dot == std::string_view::npos) break;
    std::string_view l = sub.substr(0, dot);
    sub.remove_prefix(dot + 1);
    if (l.empty() || l.size() > kMaxLabel) continue;
    for (std::uint32_t id : by_brand_.find(l)) {
      const Brand& b = brands_[id];
      if (!b.word && b.label.size() >= kMinSubdomainBrand)
        return hit(LookalikeKind::kSubdomain, id);
    }
    if (auto r = combo(l, suffix); r.kind != LookalikeKind::kNone) {
      r.kind = LookalikeKind::kSubdomain;
      return r;
    }
  }
  return {};
}

// An IDN label: decoded, and compared by skeleton on any ending, since an
// IDN whose skeleton is a brand is made to be mistaken for it.
LookalikeResult LookalikeDetector::homograph(std::string_view label) const {
  HomographCache& cache = homograph_cache;
  std::size_t set = hash_string(label) % HomographCache::kSets;
  HomographCache::Slot* ways = &cache.slots[set * HomographCache::kWays];
  for (std::size_t w = 0; w < HomographCache::kWays; ++w) {
    const HomographCache::Slot& slot = ways[w];
    if (slot.detector == serial_ && slot.size == label.size() &&
        std::memcmp(slot.label, label.data(), label.size()) == 0) {
      if (slot.kind == LookalikeKind::kNone) return {};
      return hit(slot.kind, slot.brand);
    }
  }
  LookalikeResult r;
  std::uint32_t brand = 0;
  std::string unicode = url::to_unicode(label);
  if (!unicode.empty() && !is_ascii(unicode)) {
    std::string skel = confusables_.skeleton(unicode);
    for (std::uint32_t id : by_skeleton_.find(skel)) {
      if (brands_[id].label != unicode) {
        r = hit(LookalikeKind::kHomograph, id);
        brand = id;
        break;
      }
    }
  }
  if (label.size() <= kMaxLabel) {
    HomographCache::Slot& slot = ways[cache.next_way[set]];
    cache.next_way[set] =
        static_cast<std::uint8_t>((cache.next_way[set] + 1) % HomographCache::kWays);
    slot.detector = serial_;
    slot.size = static_cast<std::uint8_t>(label.size());
    std::memcpy(slot.label, label.data(), label.size());
    slot.kind = r.kind;
    slot.brand = brand;
  }
  return r;
}

LookalikeResult LookalikeDetector::confusable(std::string_view label) const {
  std::array<char, 2 * kMaxLabel + 2> buf;
  int n = confusables_.ascii_skeleton(label, buf.data(), static_cast<int>(buf.size()));
  if (n < 0) return {};
  for (std::uint32_t id :
       by_skeleton_.find(std::string_view(buf.data(), static_cast<std::size_t>(n)))) {
    const Brand& b = brands_[id];
    if (b.label == label || b.label.size() < kMinConfusableBrand) continue;
    LookalikeResult r = hit(LookalikeKind::kConfusable, id);
    r.substitution = find_substitution(label, b.label);
    return r;
  }
  return {};
}

// Brands filed by their first and by their last two bytes: a candidate or
// none per bucket, compared with one memcmp before the rest is split into
// words. The first brand in brand order that makes a combo wins, those that
// lead the label before those that end it.
LookalikeResult LookalikeDetector::combo(std::string_view label, std::string_view suffix) const {
  if (label.size() < kMinComboBrand + 2) return {};
  // Asked only once a brand starts or ends the label (most labels have none).
  int impostor_ending = -1;
  auto impostor = [&] {
    if (impostor_ending < 0) impostor_ending = is_impostor_ending(suffix) ? 1 : 0;
    return impostor_ending == 1;
  };
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(label[i]); };
  for (const Candidate& c : combo_by_first_.at(Buckets::of(at(0), at(1)))) {
    if (label.size() <= c.size || label[0] != c.end || label[1] != c.next ||
        label[c.size - 1] != c.far) {
      continue;
    }
    const Brand& b = brands_[c.id];
    if (label.starts_with(b.label) &&
        is_combo_rest(b, label.substr(b.label.size()), true, impostor)) {
      return hit(LookalikeKind::kCombo, c.id);
    }
  }
  std::size_t n = label.size();
  for (const Candidate& c : combo_by_last_.at(Buckets::of(at(n - 1), at(n - 2)))) {
    if (n <= c.size || label[n - 1] != c.end || label[n - 2] != c.next ||
        label[n - c.size] != c.far) {
      continue;
    }
    const Brand& b = brands_[c.id];
    if (label.ends_with(b.label) &&
        is_combo_rest(b, label.substr(0, n - b.label.size()), false, impostor)) {
      return hit(LookalikeKind::kCombo, c.id);
    }
  }
  return {};
}

LookalikeResult LookalikeDetector::typo(std::string_view label) const {
  if (label.size() + 1 < kMinTypoBrand || label.size() > kMaxLabel) return {};
  // One edit changes the length by at most one: the bucket's brands of
  // length label.size() - 1 … + 1, of which the first in brand order wins.
  const std::vector<Candidate>& bucket = typo_by_first_[first(label)];
  auto it = std::lower_bound(bucket.begin(), bucket.end(), label.size() - 1,
                             [](const Candidate& c, std::size_t size) { return c.size < size; });
  const Candidate* best = nullptr;
  for (; it != bucket.end() && it->size <= label.size() + 1; ++it) {
    if (best != nullptr && it->id > best->id) continue;
    if (is_typo_of(label, brands_[it->id].label)) best = &*it;
  }
  return best ? hit(LookalikeKind::kTypo, best->id) : LookalikeResult{};
}

std::string LookalikeDetector::normalize_name(std::string_view name) const {
  std::string folded = confusables_.fold_case(name);
  std::string out;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    auto c = static_cast<unsigned char>(folded[i]);
    if (c >= 0x80) {
      out += static_cast<char>(c);  // letters of other scripts are kept whole
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    }
  }
  return out;
}

const Target* LookalikeDetector::claimed_elsewhere(std::string_view site_name,
                                                   std::string_view registrable) const {
  constexpr std::size_t kMaxSiteName = 200;
  if (site_name.empty() || site_name.size() > kMaxSiteName) return nullptr;
  // normalize_name() without allocating for an ASCII name (whose case
  // folding is A-Z → a-z); other names are folded by the Unicode library.
  std::array<char, kMaxSiteName> ascii;
  std::size_t n = 0;
  bool is_ascii_name = true;
  for (char ch : site_name) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      is_ascii_name = false;
      break;
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ascii[n++] = static_cast<char>(c);
  }
  std::string folded;
  if (!is_ascii_name) folded = normalize_name(site_name);
  auto ids = by_outlet_name_.find(is_ascii_name ? std::string_view(ascii.data(), n) : folded);
  for (std::uint32_t id : ids) {
    if (targets_[id].registrable == registrable) return nullptr;
  }
  return ids.empty() ? nullptr : &targets_[ids.front()];
}

}  // namespace sauatty::credibility
