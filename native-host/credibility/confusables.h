// Visual-confusable skeletons from ICU's spoof checker (Unicode UTS #39,
// confusables.txt): two strings with the same skeleton look alike
// ("bbс" with a Cyrillic 'с' and "bbc"; "nytirnes" and "nytimes", since
// 'm' maps to "rn"). We use the library's data, not a table of our own.
//
// ICU is not linked into sauatty-host: it lives in the module
// libsauatty-confusables.so (confusables_module.cpp, written beside
// sauatty-host), loaded when the first Confusables() is made, that is when
// credibility rules are parsed. A process that never loads them (`match
// --filters …`) never maps ICU's ~1.6 MB of libraries, and one that reads
// them from the compiled cache (store/compiled_cache.h) gets ICU's answers
// for the rules' own strings from there (ConfusablesMemo) and maps ICU only
// when a page needs one more (an IDN host, a non-ASCII site name).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct USpoofChecker;

namespace sauatty::credibility {

// What a Confusables computed with ICU while a rule set was built: the
// skeleton of every ASCII byte, and skeleton() and fold_case() of each text
// asked for. A Confusables made from it answers those without ICU.
struct ConfusablesMemo {
  std::array<std::string, 128> ascii;
  std::vector<std::pair<std::string, std::string>> skeletons;  // text, skeleton(text)
  std::vector<std::pair<std::string, std::string>> folds;      // text, fold_case(text)
};

class Confusables {
 public:
  // On the first question: loads the module (once per process), opens
  // ICU's checker and precomputes the skeleton of every printable ASCII
  // byte, so that skeletons of ASCII labels cost no ICU call. Without the
  // module (see unavailable()) every skeleton is empty and fold_case folds
  // ASCII only. Making one costs nothing until then.
  Confusables();
  // Answers from `memo`; ICU is loaded (once, thread-safe) only for a text
  // the memo does not hold. Gives the same answers as Confusables() when
  // the memo was made with ICU available.
  explicit Confusables(ConfusablesMemo memo);
  ~Confusables();
  Confusables(Confusables&&) noexcept;
  Confusables& operator=(Confusables&&) noexcept;

  // Why ICU cannot be used ("cannot find libsauatty-confusables.so beside
  // sauatty-host", …), or empty when it can. Loads the module if no
  // Confusables has yet.
  static std::string_view unavailable();

  // Skeleton of UTF-8 `text`, ASCII-lower-cased afterwards (host names are
  // case-insensitive; ICU maps '0' to 'O'), then folded further where a
  // lower-case address fools the eye and UTS #39 does not fold: 'i' as 'l'
  // (told apart by a dot only), "vv" as 'w', Cyrillic 'к' (ICU: 'ĸ') as
  // 'k'. Empty when ICU fails, e.g. on invalid UTF-8. Thread-safe: the
  // checker is only read.
  std::string skeleton(std::string_view text) const;

  // Same for a pure-ASCII `text`, from the precomputed table; writes into
  // `out` (≤ `capacity` bytes) and returns the length, or -1 if it does
  // not fit. Does not allocate.
  int ascii_skeleton(std::string_view text, char* out, int capacity) const;

  // Unicode case folding (ICU), for comparing outlet names. ASCII text
  // is folded without ICU (its default folding of ASCII is A-Z → a-z).
  std::string fold_case(std::string_view text) const;

  // While on (a rule set being built, before it is shared), every answer
  // skeleton() and fold_case() give is kept for memo(). Not thread-safe.
  void remember(bool on);
  // The ASCII table and what was kept while remember(true).
  ConfusablesMemo memo() const;

 private:
  struct State;
  const USpoofChecker* checker() const;
  const std::array<std::string, 128>& ascii_table() const;  // skeleton of each ASCII byte
  std::unique_ptr<State> state_;
};

// The ASCII look-alike that turns `brand` into `label` when both are ASCII
// and have the same skeleton: the first substitution of a fixed table
// ({"vv", "w"}, {"rn", "m"}, {"l", "i"}, {"i", "l"}, {"1", "l"}, {"1", "i"},
// {"0", "o"}) found walking both; {"", ""} when there is none.
struct Substitution {
  std::string_view written;     // what the label has: "vv"
  std::string_view instead_of;  // what the brand has: "w"
};
Substitution find_substitution(std::string_view label, std::string_view brand);

// The confusables module's interface (confusables_module.cpp, built as
// libsauatty-confusables.so beside sauatty-host; modules/module.h). The
// version changes whenever this struct or a signature in it does.
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

}  // namespace sauatty::credibility
