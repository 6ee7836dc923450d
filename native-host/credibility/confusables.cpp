#include "credibility/confusables.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>

namespace sauatty::credibility {
namespace {

void ascii_lower(std::string& s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// Our folds on top of the library's skeleton (see skeleton() in the header), in
// place: "vv" → "w", 'i' → 'l', "ĸ" (U+0138) → 'k'.
void fold_more(std::string& s) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == 'v' && i + 1 < s.size() && s[i + 1] == 'v') {
      s[out++] = 'w';
      ++i;
    } else if (s[i] == 'i') {
      s[out++] = 'l';
    } else if (s.compare(i, 2, "\xC4\xB8") == 0) {
      s[out++] = 'k';
      ++i;
    } else {
      s[out++] = s[i];
    }
  }
  s.resize(out);
}

}  // namespace

struct Confusables::State {
  const UnicodeLibrary* unicode = nullptr;  // null: none
  std::once_flag tabled;
  std::array<std::string, 128> ascii;
  // The same, lower-cased, as one string: byte c's is
  // ascii_flat[ascii_begin[c], ascii_begin[c + 1]) (what ascii_skeleton reads).
  std::array<std::uint16_t, 129> ascii_begin{};
  std::string ascii_flat;
  void flatten() {
    ascii_flat.clear();
    for (std::size_t c = 0; c < ascii.size(); ++c) {
      ascii_begin[c] = static_cast<std::uint16_t>(ascii_flat.size());
      for (char m : ascii[c])
        ascii_flat += (m >= 'A' && m <= 'Z') ? static_cast<char>(m - 'A' + 'a') : m;
    }
    ascii_begin[ascii.size()] = static_cast<std::uint16_t>(ascii_flat.size());
  }
};

Confusables::Confusables() : Confusables(nullptr) {}

Confusables::Confusables(const UnicodeLibrary* unicode) : state_(std::make_unique<State>()) {
  state_->unicode = unicode;
}

const std::array<std::string, 128>& Confusables::ascii_table() const {
  std::call_once(state_->tabled, [&] {
    const UnicodeLibrary* unicode = state_->unicode;
    for (int c = 0; c < 128; ++c) {
      char in = static_cast<char>(c);
      std::string s;
      if (unicode && c >= 0x21 && c < 0x7f && !unicode->skeleton(std::string_view(&in, 1), s)) {
        s.clear();
      }
      state_->ascii[c] = s.empty() ? std::string(1, in) : s;
    }
    state_->ascii['i'].assign(1, 'l');  // fold_more(); "vv" is folded in ascii_skeleton()
    state_->flatten();
  });
  return state_->ascii;
}

Confusables::~Confusables() = default;
Confusables::Confusables(Confusables&&) noexcept = default;
Confusables& Confusables::operator=(Confusables&&) noexcept = default;

std::string Confusables::skeleton(std::string_view text) const {
  std::string out;
  if (!state_->unicode || !state_->unicode->skeleton(text, out)) {
    out.clear();
  } else {
    ascii_lower(out);
    fold_more(out);
  }
  return out;
}

int Confusables::ascii_skeleton(std::string_view text, char* out, int capacity) const {
  ascii_table();
  const State& state = *state_;
  int n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == 'v' && i + 1 < text.size() && text[i + 1] == 'v') {
      if (n + 1 > capacity) return -1;
      out[n++] = 'w';
      ++i;
      continue;
    }
    unsigned c = static_cast<unsigned char>(text[i]) & 0x7fu;
    int begin = state.ascii_begin[c], size = state.ascii_begin[c + 1] - begin;
    if (n + size > capacity) return -1;
    const char* from = state.ascii_flat.data() + begin;
    for (int k = 0; k < size; ++k) out[n++] = from[k];  // mostly one byte
  }
  return n;
}

Substitution find_substitution(std::string_view label, std::string_view brand) {
  static constexpr Substitution kTable[] = {{"vv", "w"}, {"rn", "m"}, {"l", "i"}, {"i", "l"},
                                            {"1", "l"},  {"1", "i"},  {"0", "o"}};
  std::size_t i = 0, j = 0;
  while (i < label.size() && j < brand.size()) {
    if (label[i] == brand[j]) {
      ++i, ++j;
      continue;
    }
    for (const Substitution& s : kTable) {
      if (label.substr(i).starts_with(s.written) && brand.substr(j).starts_with(s.instead_of))
        return s;
    }
    return {};
  }
  return {};
}

std::string Confusables::fold_case(std::string_view text) const {
  std::string out(text);
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    ascii_lower(out);  // what Unicode's default folding does to ASCII
    return out;
  }
  if (std::string folded; state_->unicode && state_->unicode->fold_case(text, folded)) {
    out = std::move(folded);
  } else {
    ascii_lower(out);  // without the library: ASCII letters only
  }
  return out;
}

}  // namespace sauatty::credibility
