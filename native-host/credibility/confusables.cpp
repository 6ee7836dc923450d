#include "credibility/confusables.h"

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
      "libsauatty-confusables.so", "sauatty_confusables_module", kConfusablesModuleVersion,
      "confusables", SAUATTY_CONFUSABLES_MODULE_BUILD_PATH);
}

}  // namespace

void Confusables::CheckerDeleter::operator()(USpoofChecker* c) const {
  load_module().module->close(c);  // a checker exists only when the module does
}

Confusables::Confusables() {
  if (const ConfusablesModule* module = load_module().module) checker_.reset(module->open());
  for (int c = 0; c < 128; ++c) {
    char in = static_cast<char>(c);
    std::string s = (c >= 0x21 && c < 0x7f) ? skeleton(std::string_view(&in, 1)) : std::string();
    ascii_[c] = s.empty() ? std::string(1, in) : s;
  }
}

Confusables::~Confusables() = default;
Confusables::Confusables(Confusables&&) noexcept = default;
Confusables& Confusables::operator=(Confusables&&) noexcept = default;

std::string_view Confusables::unavailable() { return load_module().error; }

std::string Confusables::skeleton(std::string_view text) const {
  std::string out;
  if (!checker_ || !load_module().module->skeleton(checker_.get(), text, out)) return {};
  ascii_lower(out);
  return out;
}

int Confusables::ascii_skeleton(std::string_view text, char* out, int capacity) const {
  int n = 0;
  for (char c : text) {
    const std::string& s = ascii_[static_cast<unsigned char>(c) & 0x7f];
    if (n + static_cast<int>(s.size()) > capacity) return -1;
    for (char m : s) out[n++] = (m >= 'A' && m <= 'Z') ? static_cast<char>(m - 'A' + 'a') : m;
  }
  return n;
}

std::string Confusables::fold_case(std::string_view text) const {
  if (const ConfusablesModule* module = load_module().module) return module->fold_case(text);
  std::string out(text);  // without ICU: ASCII letters only
  ascii_lower(out);
  return out;
}

}  // namespace sauatty::credibility
