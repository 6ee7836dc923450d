// ICU for credibility/: the credibility::UnicodeLibrary that store/ hands
// to the lookalike index it builds (credibility/confusables.h says what is
// asked). ICU is not linked into sauatty-host: it lives in the module
// libsauatty-confusables.so (confusables_module.cpp, written beside
// sauatty-host; modules/module.h), loaded on the first question asked of
// icu_confusables(), never before. Rules parsed from source ask at once
// (the skeleton of every brand); rules read from the compiled cache carry
// ICU's answers for their own strings, so the host's start does not wait
// for ICU: a browser session asks right after `hello`, on a thread of its
// own (app/first_use.h), for the first page that needs one more (an IDN
// host, a non-ASCII site name).
#pragma once

#include <string>
#include <string_view>

#include "credibility/confusables.h"

struct USpoofChecker;

namespace sauatty::store {

// The process's ICU, loaded (once, thread-safe) and its spoof checker
// opened on the first question. Without the module, skeleton() and
// fold_case() answer false and unavailable() says why.
const credibility::UnicodeLibrary& icu_confusables();

// The confusables module's interface (confusables_module.cpp). The version
// changes whenever this struct or a signature in it does.
inline constexpr int kConfusablesModuleVersion = 1;
struct ConfusablesModule {
  int version;
  USpoofChecker* (*open)();  // ICU's spoof checker, or null when ICU fails
  void (*close)(USpoofChecker*);
  // ICU's skeleton of UTF-8 `text` into `out`; false when ICU fails.
  bool (*skeleton)(const USpoofChecker*, std::string_view text, std::string& out);
  // ICU's default case folding of UTF-8 `text`.
  std::string (*fold_case)(std::string_view text);
};

}  // namespace sauatty::store
