#include "credibility/typo.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <utility>

namespace sauatty::credibility {
namespace {

constexpr int kMaxLabel = 63;

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

bool is_digit(char c) { return c >= '0' && c <= '9'; }

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

bool is_typo_of(std::string_view label, std::string_view brand) {
  if (label.empty() || brand.empty() || label.front() != brand.front()) return false;
  if (!one_typo_apart(label, brand)) return false;
  // The edit is where the two first differ: one character of each side
  // there (insertion, deletion, substitution), and the next one for a swap.
  std::size_t i = 0;
  while (i < label.size() && i < brand.size() && label[i] == brand[i]) ++i;
  auto digit_at = [](std::string_view s, std::size_t k) { return k < s.size() && is_digit(s[k]); };
  if (digit_at(label, i) || digit_at(brand, i)) return false;
  bool swap = label.size() == brand.size() && label.substr(i + 1) != brand.substr(i + 1);
  return !(swap && (digit_at(label, i + 1) || digit_at(brand, i + 1)));
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

}  // namespace sauatty::credibility
