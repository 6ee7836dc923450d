// Visual-confusable skeletons (Unicode UTS #39, confusables.txt): two
// strings with the same skeleton look alike ("bbс" with a Cyrillic 'с' and
// "bbc"; "nytirnes" and "nytimes", since 'm' maps to "rn"). We use a
// Unicode library's data (ICU's spoof checker), not a table of our own.
//
// credibility/ loads no library itself: its caller hands in a
// UnicodeLibrary. store/ gives ICU's (store/confusables.h), which lives in
// a module that is loaded on the first question asked, so a process that
// never builds a lookalike index never maps ICU's ~1.6 MB of libraries, and
// one that reads the rules from the compiled cache (store/compiled_cache.h)
// gets ICU's answers for the rules' own strings from there
// (ConfusablesMemo) and asks the library only when a page needs one more
// (an IDN host, a non-ASCII site name).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sauatty::credibility {

// What a Confusables computed with ICU while a rule set was built: the
// skeleton of every ASCII byte, and skeleton() and fold_case() of each text
// asked for. A Confusables made from it answers those without ICU.
struct ConfusablesMemo {
  std::array<std::string, 128> ascii;
  std::vector<std::pair<std::string, std::string>> skeletons;  // text, skeleton(text)
  std::vector<std::pair<std::string, std::string>> folds;      // text, fold_case(text)
};

// What credibility/ asks of a Unicode library. Implementations are
// thread-safe and may load the library on the first question.
class UnicodeLibrary {
 public:
  virtual ~UnicodeLibrary() = default;
  // The UTS #39 skeleton of UTF-8 `text` (ICU's uspoof_getSkeletonUTF8)
  // into `out`; false when the library cannot answer (it is unavailable,
  // or `text` is not valid UTF-8).
  virtual bool skeleton(std::string_view text, std::string& out) const = 0;
  // Unicode default case folding of UTF-8 `text` into `out`; false when
  // the library is unavailable.
  virtual bool fold_case(std::string_view text, std::string& out) const = 0;
  // Why the library cannot be used ("cannot find libsauatty-confusables.so
  // beside sauatty-host", …), or empty when it can. May load it.
  virtual std::string_view unavailable() const = 0;
};

class Confusables {
 public:
  // Without a Unicode library: every skeleton is empty (no homograph or
  // confusable is found) and fold_case folds ASCII only.
  Confusables();
  // Asks `unicode` (which must outlive this and its moves). On the first
  // question, precomputes the skeleton of every printable ASCII byte, so
  // that skeletons of ASCII labels cost no library call. Making one costs
  // nothing until then.
  explicit Confusables(const UnicodeLibrary* unicode);
  // Answers from `memo`; `unicode` is asked only for a text the memo does
  // not hold. Gives the same answers as Confusables(unicode) when the memo
  // was made with the library available.
  Confusables(ConfusablesMemo memo, const UnicodeLibrary* unicode);
  ~Confusables();
  Confusables(Confusables&&) noexcept;
  Confusables& operator=(Confusables&&) noexcept;

  // Skeleton of UTF-8 `text`, ASCII-lower-cased afterwards (host names are
  // case-insensitive; ICU maps '0' to 'O'), then folded further where a
  // lower-case address fools the eye and UTS #39 does not fold: 'i' as 'l'
  // (told apart by a dot only), "vv" as 'w', Cyrillic 'к' (ICU: 'ĸ') as
  // 'k'. Empty when the library cannot answer, e.g. on invalid UTF-8.
  // Thread-safe.
  std::string skeleton(std::string_view text) const;

  // Same for a pure-ASCII `text`, from the precomputed table; writes into
  // `out` (≤ `capacity` bytes) and returns the length, or -1 if it does
  // not fit. Does not allocate.
  int ascii_skeleton(std::string_view text, char* out, int capacity) const;

  // Unicode case folding (the library's), for comparing outlet names.
  // ASCII text is folded without asking (Unicode's default folding of
  // ASCII is A-Z → a-z).
  std::string fold_case(std::string_view text) const;

  // While on (a rule set being built, before it is shared), every answer
  // skeleton() and fold_case() give is kept for memo(). Not thread-safe.
  void remember(bool on);
  // The ASCII table and what was kept while remember(true).
  ConfusablesMemo memo() const;

 private:
  struct State;
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

}  // namespace sauatty::credibility
