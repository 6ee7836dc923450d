// Visual-confusable skeletons (Unicode UTS #39, confusables.txt): two
// strings with the same skeleton look alike ("bbс" with a Cyrillic 'с' and
// "bbc"; "nytirnes" and "nytimes", since 'm' maps to "rn"). We use Unicode's
// data, not a table of look-alikes of our own.
//
// credibility/ holds no Unicode data itself: its caller hands in a
// UnicodeLibrary. store/ gives its own tables generated from ICU 72
// (store/unicode_tables.h: ICU's answers, with no library loaded).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sauatty::credibility {

// What credibility/ asks of a Unicode library. Implementations are
// thread-safe and may load the library on the first question.
class UnicodeLibrary {
 public:
  virtual ~UnicodeLibrary() = default;
  // The UTS #39 skeleton of UTF-8 `text` (as ICU's uspoof_getSkeletonUTF8)
  // into `out`; false when the library cannot answer (it is unavailable,
  // or `text` is too long). Invalid UTF-8 is read with U+FFFD for each
  // ill-formed part, as ICU reads it.
  virtual bool skeleton(std::string_view text, std::string& out) const = 0;
  // Unicode default case folding of UTF-8 `text` into `out`; false when
  // the library is unavailable.
  virtual bool fold_case(std::string_view text, std::string& out) const = 0;
  // Why the library cannot be used, or empty when it can. May load it.
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
  ~Confusables();
  Confusables(Confusables&&) noexcept;
  Confusables& operator=(Confusables&&) noexcept;

  // Skeleton of UTF-8 `text`, ASCII-lower-cased afterwards (host names are
  // case-insensitive; ICU maps '0' to 'O'), then folded further where a
  // lower-case address fools the eye and UTS #39 does not fold: 'i' as 'l'
  // (told apart by a dot only), "vv" as 'w', Cyrillic 'к' (ICU: 'ĸ') as
  // 'k'. Empty when the library cannot answer.
  // Thread-safe.
  std::string skeleton(std::string_view text) const;

  // Same for a pure-ASCII `text`, from the precomputed table; writes into
  // `out` (≤ `capacity` bytes) and returns the length, or -1 if it does
  // not fit. Does not allocate.
  int ascii_skeleton(std::string_view text, char* out, int capacity) const;

  // Unicode default case folding (the library's), for comparing outlet
  // names. ASCII text is folded without asking (Unicode's default folding
  // of ASCII is A-Z → a-z).
  std::string fold_case(std::string_view text) const;

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
