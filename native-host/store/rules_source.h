// Where rule files come from: the copy of rules/ embedded in the binary
// (the default), or a folder laid out like rules/ (`--rules DIR`). Loaders
// read through this so that they never care which.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sauatty::store {

// Rule files over this size are refused: our biggest (the tracker entity
// map) is ~100 KiB; EasyList-size lists loaded by path are read by the list
// readers, which apply their own bounds.
inline constexpr std::size_t kMaxRuleFileBytes = 32u << 20;

class RulesSource {
 public:
  static RulesSource embedded();
  // The folder `dir`; an error ("DIR: no such folder", "DIR: not a folder")
  // when it is not one, so that a mistyped --rules is not an empty rule set.
  static std::expected<RulesSource, std::string> directory(std::filesystem::path dir);

  // The file's contents, or an error message naming the file.
  std::expected<std::string, std::string> read(std::string_view relative_path) const;

  // Relative paths of the files under `folder` whose names end in `suffix`,
  // sorted; empty when the folder does not exist (a rules folder may leave
  // out trackers/ or credibility/).
  std::vector<std::string> list(std::string_view folder, std::string_view suffix) const;

  // "embedded" or the folder's path, for messages and `settings`.
  std::string describe() const;

 private:
  RulesSource() = default;
  std::filesystem::path dir_;  // empty: embedded
  bool embedded_ = true;
};

}  // namespace sauatty::store
