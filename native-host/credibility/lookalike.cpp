#include "credibility/lookalike.h"

#include <algorithm>
#include <array>

#include "url/url.h"

namespace sauatty::credibility {
namespace {

// Minimum name length for typo matching: "cnn"/"cnbc", "abc"/"cbc",
// "bbc"/"nbc" are one edit apart and all real outlets; at 6+ characters a
// one-edit neighbour of a brand name is rarely an ordinary word (measured
// on the Lin et al. 2023 domains: docs/CREDIBILITY.md).
constexpr std::size_t kMinTypoName = 6;
// Minimum name length for an all-ASCII homograph ('rn' for 'm', '1' for 'l').
constexpr std::size_t kMinAsciiHomographName = 5;
constexpr int kMaxLabel = 63;

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

// Key positions on a QWERTY keyboard: row, and column shifted by the row's
// stagger. Keys are neighbours when rows differ by at most one and the
// shifted columns by at most one ('e' touches w r s d 3 4, not 'o').
bool key_position(char c, int& row, double& x) {
  static constexpr std::string_view kRows[] = {"1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
  static constexpr double kStagger[] = {0, 0.5, 0.75, 1.25};
  for (int r = 0; r < 4; ++r) {
    if (auto col = kRows[r].find(c); col != std::string_view::npos) {
      row = r;
      x = static_cast<double>(col) + kStagger[r];
      return true;
    }
  }
  return false;
}

}  // namespace

bool one_typo_apart(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > 1) return false;
  std::size_t i = 0;
  while (i < b.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) {
    if (i == a.size()) return false;  // equal
    if (a.substr(i + 1) == b.substr(i + 1)) return keyboard_neighbours(a[i], b[i]);
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);
  }
  return a.substr(i + 1) == b.substr(i);  // one extra character in `a`
}

bool keyboard_neighbours(char a, char b) {
  int ra, rb;
  double xa, xb;
  if (a == b || !key_position(a, ra, xa) || !key_position(b, rb, xb)) return false;
  return std::abs(ra - rb) <= 1 && std::abs(xa - xb) <= 1.0;
}

int edit_distance(std::string_view a, std::string_view b, int limit,
                  bool substitute_neighbours_only) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  if (n > kMaxLabel || m > kMaxLabel) return limit + 1;
  // Three rolling rows of the optimal-string-alignment table.
  std::array<int, kMaxLabel + 1> prev2{}, prev{}, cur{};
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1]                                                       ? 0
                 : (!substitute_neighbours_only || keyboard_neighbours(a[i - 1], b[j - 1])) ? 1
                                                                                            : 2;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return std::min(prev[m], limit + 1);
}

LookalikeDetector LookalikeDetector::build(std::span<const List> lists) {
  LookalikeDetector d;
  for (const List& list : lists) {
    if (list.purpose != ListPurpose::kLookalikeTargets) continue;
    for (const Entry& e : list.entries) {
      if (e.kind == PatternKind::kSection || is_ipv4(e.host)) continue;
      Target t;
      t.domain = e.host;
      t.registrable = url::registrable_domain(e.host);
      auto [label, suffix] = split_registrable(t.registrable);
      t.suffix = std::string(suffix);
      t.name = e.name.empty() ? std::string(label) : e.name;
      t.typo = e.typo;
      t.entry = &e;
      t.list = &list;
      d.targets_.push_back(std::move(t));
    }
  }
  StringTable::Builder domain, registrable, skeleton, outlet;
  for (std::size_t i = 0; i < d.targets_.size(); ++i) {
    const Target& t = d.targets_[i];
    auto id = static_cast<std::uint32_t>(i);
    domain.add(t.domain, id);
    registrable.add(t.registrable, id);
    std::string skel = d.confusables_.skeleton(t.name);
    if (!skel.empty()) skeleton.add(skel, id);
    if (t.typo && t.name.size() >= kMinTypoName && t.name.size() <= kMaxLabel) {
      d.by_first_letter_[static_cast<unsigned char>(t.name.front())].push_back(id);
    }
    for (const std::string& name : t.entry->names) {
      std::string n = d.normalize_name(name);
      if (!n.empty()) outlet.add(n, id);
    }
  }
  d.by_domain_ = domain.finish();
  d.by_registrable_ = registrable.finish();
  d.by_skeleton_ = skeleton.finish();
  d.by_outlet_name_ = outlet.finish();
  return d;
}

LookalikeResult LookalikeDetector::detect(const HostParts& h) const {
  if (targets_.empty() || h.is_ip || h.registrable.empty() || h.host.size() > 253) return {};
  if (h.registrable.find('.') == std::string_view::npos || !h.host.ends_with(h.registrable))
    return {};
  if (is_target_registrable(h.registrable)) return {};
  if (auto r = embedded(h); r.kind != LookalikeKind::kNone) return r;
  auto [label, suffix] = split_registrable(h.registrable);
  if (auto r = homograph(label, suffix); r.kind != LookalikeKind::kNone) return r;
  return typo(label);
}

// Every run of two or more labels of the host that ends before its last
// label is looked up among the target domains; these runs are substrings
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
      return {kind, &targets_[ids.front()]};
    }
  }
  return {};
}

LookalikeResult LookalikeDetector::homograph(std::string_view label,
                                             std::string_view suffix) const {
  if (label.starts_with("xn--")) {
    // An IDN label: decode it through the Unicode form of the registrable
    // domain and compare skeletons; any suffix counts, since an IDN whose
    // skeleton is a reputable name is made to be mistaken for it.
    std::string unicode = url::to_unicode(label);
    if (unicode.empty() || is_ascii(unicode)) return {};
    std::string skel = confusables_.skeleton(unicode);
    for (std::uint32_t id : by_skeleton_.find(skel)) {
      if (targets_[id].name != unicode) return {LookalikeKind::kHomograph, &targets_[id]};
    }
    return {};
  }
  std::array<char, 2 * kMaxLabel + 2> buf;
  int n = confusables_.ascii_skeleton(label, buf.data(), static_cast<int>(buf.size()));
  if (n < 0) return {};
  for (std::uint32_t id :
       by_skeleton_.find(std::string_view(buf.data(), static_cast<std::size_t>(n)))) {
    const Target& t = targets_[id];
    if (t.name != label && t.name.size() >= kMinAsciiHomographName && t.suffix == suffix) {
      return {LookalikeKind::kHomograph, &t};
    }
  }
  return {};
}

LookalikeResult LookalikeDetector::typo(std::string_view label) const {
  if (label.size() + 1 < kMinTypoName || label.size() > kMaxLabel + 1 ||
      label.starts_with("xn--")) {
    return {};
  }
  // The first letter must be the same (see the header), so only the
  // targets filed under it are compared: a handful, each in O(length).
  for (std::uint32_t id : by_first_letter_[static_cast<unsigned char>(label.front())]) {
    const Target& t = targets_[id];
    if (one_typo_apart(label, t.name)) return {LookalikeKind::kTypo, &t};
  }
  return {};
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
  if (site_name.empty() || site_name.size() > 200) return nullptr;
  auto ids = by_outlet_name_.find(normalize_name(site_name));
  for (std::uint32_t id : ids) {
    if (targets_[id].registrable == registrable) return nullptr;
  }
  return ids.empty() ? nullptr : &targets_[ids.front()];
}

}  // namespace sauatty::credibility
