// Visual-confusable skeletons from ICU's spoof checker (Unicode UTS #39,
// confusables.txt): two strings with the same skeleton look alike
// ("bbс" with a Cyrillic 'с' and "bbc"; "nytirnes" and "nytimes", since
// 'm' maps to "rn"). We use the library's data, not a table of our own.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

struct USpoofChecker;

namespace sauatty::credibility {

class Confusables {
 public:
  // Opens ICU's checker and precomputes the skeleton of every printable
  // ASCII byte, so that skeletons of ASCII labels cost no ICU call.
  Confusables();
  ~Confusables();
  Confusables(Confusables&&) noexcept;
  Confusables& operator=(Confusables&&) noexcept;

  // Skeleton of UTF-8 `text`, ASCII-lower-cased afterwards (host names are
  // case-insensitive; ICU maps '0' to 'O'). Empty when ICU fails, e.g. on
  // invalid UTF-8. Thread-safe: the checker is only read.
  std::string skeleton(std::string_view text) const;

  // Same for a pure-ASCII `text`, from the precomputed table; writes into
  // `out` (≤ `capacity` bytes) and returns the length, or -1 if it does
  // not fit. Does not allocate.
  int ascii_skeleton(std::string_view text, char* out, int capacity) const;

  // Unicode case folding (ICU), for comparing outlet names.
  std::string fold_case(std::string_view text) const;

 private:
  struct CheckerDeleter {
    void operator()(USpoofChecker* c) const;
  };
  std::unique_ptr<USpoofChecker, CheckerDeleter> checker_;
  std::array<std::string, 128> ascii_;  // skeleton of each ASCII byte
};

}  // namespace sauatty::credibility
