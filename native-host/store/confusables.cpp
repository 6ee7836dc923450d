#include "store/confusables.h"

#include <mutex>

#include "modules/module.h"

#ifndef SAUATTY_CONFUSABLES_MODULE_BUILD_PATH
#define SAUATTY_CONFUSABLES_MODULE_BUILD_PATH nullptr
#endif

namespace sauatty::store {
namespace {

const modules::Loaded<ConfusablesModule>& load_module() {
  return modules::load_once<ConfusablesModule>(
      modules::file_name("sauatty-confusables"), "sauatty_confusables_module",
      kConfusablesModuleVersion, "confusables", SAUATTY_CONFUSABLES_MODULE_BUILD_PATH);
}

class Icu final : public credibility::UnicodeLibrary {
 public:
  ~Icu() override {
    if (checker_ != nullptr) module_->close(checker_);  // the module is never unloaded
  }
  bool skeleton(std::string_view text, std::string& out) const override {
    const USpoofChecker* c = checker();
    return c != nullptr && load_module().module->skeleton(c, text, out);
  }
  bool fold_case(std::string_view text, std::string& out) const override {
    const ConfusablesModule* module = load_module().module;
    if (module == nullptr) return false;
    out = module->fold_case(text);
    return true;
  }
  std::string_view unavailable() const override { return load_module().error; }

 private:
  // Opened on the first skeleton and kept for the process (the checker is
  // only read, from any thread).
  const USpoofChecker* checker() const {
    std::call_once(opened_, [&] {
      module_ = load_module().module;
      if (module_ != nullptr) checker_ = module_->open();
    });
    return checker_;
  }
  mutable std::once_flag opened_;
  mutable const ConfusablesModule* module_ = nullptr;
  mutable USpoofChecker* checker_ = nullptr;
};

}  // namespace

const credibility::UnicodeLibrary& icu_confusables() {
  static const Icu icu;
  return icu;
}

}  // namespace sauatty::store
