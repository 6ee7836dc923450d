// The confusables module: ICU lives here, in a shared object that
// sauatty-host loads (dlopen) on the first question credibility/ asks of
// ICU (store/confusables.h). Linked into the host itself, libicuuc and
// libicui18n cost ~1.6 MB of resident memory in every process, also in
// those that never check a lookalike (`match --filters …`, tracker lists
// only) or that read the rules from the compiled cache and meet no IDN.
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <climits>

#include "store/confusables.h"

namespace sauatty::store {
namespace {

USpoofChecker* module_open() {
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker* checker = uspoof_open(&status);
  if (U_FAILURE(status)) {
    if (checker != nullptr) uspoof_close(checker);
    return nullptr;
  }
  return checker;
}

void module_close(USpoofChecker* checker) { uspoof_close(checker); }

bool module_skeleton(const USpoofChecker* checker, std::string_view text, std::string& out) {
  if (checker == nullptr || text.size() > INT_MAX / 8) return false;
  out.assign(text.size() * 4 + 16, '\0');
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = uspoof_getSkeletonUTF8(checker, 0, text.data(), static_cast<int32_t>(text.size()),
                                     out.data(), static_cast<int32_t>(out.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    out.assign(static_cast<std::size_t>(n) + 1, '\0');
    status = U_ZERO_ERROR;
    n = uspoof_getSkeletonUTF8(checker, 0, text.data(), static_cast<int32_t>(text.size()),
                               out.data(), static_cast<int32_t>(out.size()), &status);
  }
  if (U_FAILURE(status) || n < 0) return false;
  out.resize(static_cast<std::size_t>(n));
  return true;
}

std::string module_fold_case(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace
}  // namespace sauatty::store

extern "C" const sauatty::store::ConfusablesModule* sauatty_confusables_module() {
  using namespace sauatty::store;
  static const ConfusablesModule kModule{kConfusablesModuleVersion, module_open, module_close,
                                         module_skeleton, module_fold_case};
  return &kModule;
}
