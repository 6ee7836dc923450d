#include "credibility/confusables.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>

#include "modules/module.h"

#ifndef SAUATTY_CONFUSABLES_MODULE_BUILD_PATH
#define SAUATTY_CONFUSABLES_MODULE_BUILD_PATH nullptr
#endif

namespace sauatty::credibility {
namespace {

void ascii_lower(std::string& s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// Loaded with the first Confusables and kept.
const modules::Loaded<ConfusablesModule>& load_module() {
  return modules::load_once<ConfusablesModule>(
      modules::file_name("sauatty-confusables"), "sauatty_confusables_module",
      kConfusablesModuleVersion, "confusables", SAUATTY_CONFUSABLES_MODULE_BUILD_PATH);
}

// Our folds on top of ICU's skeleton (see skeleton() in the header), in
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
  struct CheckerDeleter {
    void operator()(USpoofChecker* c) const {
      load_module().module->close(c);  // a checker exists only when the module does
    }
  };
  std::once_flag opened, tabled;
  std::unique_ptr<USpoofChecker, CheckerDeleter> checker;
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
  // Answers known without ICU (a memo), or kept while remembering.
  std::map<std::string, std::string, std::less<>> skeletons, folds;
  bool remembering = false;
};

Confusables::Confusables() : state_(std::make_unique<State>()) {}

Confusables::Confusables(ConfusablesMemo memo) : state_(std::make_unique<State>()) {
  std::call_once(state_->tabled, [&] {
    state_->ascii = std::move(memo.ascii);
    state_->flatten();
  });
  for (auto& [text, skeleton] : memo.skeletons) state_->skeletons.emplace(text, skeleton);
  for (auto& [text, folded] : memo.folds) state_->folds.emplace(text, folded);
}

const std::array<std::string, 128>& Confusables::ascii_table() const {
  std::call_once(state_->tabled, [&] {
    const USpoofChecker* checker = this->checker();
    for (int c = 0; c < 128; ++c) {
      char in = static_cast<char>(c);
      std::string s;
      if (checker && c >= 0x21 && c < 0x7f) {
        load_module().module->skeleton(checker, std::string_view(&in, 1), s);
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

const USpoofChecker* Confusables::checker() const {
  std::call_once(state_->opened, [&] {
    if (const ConfusablesModule* module = load_module().module)
      state_->checker.reset(module->open());
  });
  return state_->checker.get();
}

void Confusables::remember(bool on) { state_->remembering = on; }

ConfusablesMemo Confusables::memo() const {
  ConfusablesMemo out;
  out.ascii = ascii_table();
  out.skeletons.assign(state_->skeletons.begin(), state_->skeletons.end());
  out.folds.assign(state_->folds.begin(), state_->folds.end());
  return out;
}

std::string_view Confusables::unavailable() { return load_module().error; }

std::string Confusables::skeleton(std::string_view text) const {
  if (auto known = state_->skeletons.find(text); known != state_->skeletons.end())
    return known->second;
  std::string out;
  const USpoofChecker* checker = this->checker();
  if (!checker || !load_module().module->skeleton(checker, text, out)) {
    out.clear();
  } else {
    ascii_lower(out);
    fold_more(out);
  }
  if (state_->remembering) state_->skeletons.emplace(text, out);
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
    ascii_lower(out);  // what ICU's default folding does to ASCII
    return out;
  }
  if (auto known = state_->folds.find(text); known != state_->folds.end()) return known->second;
  if (const ConfusablesModule* module = load_module().module) {
    out = module->fold_case(text);
  } else {
    ascii_lower(out);  // without ICU: ASCII letters only
  }
  if (state_->remembering) state_->folds.emplace(text, out);
  return out;
}

}  // namespace sauatty::credibility
