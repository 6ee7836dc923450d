// Where tests find real data: $SAUATTY_SHARED_DATA (set by sauatty_test).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace sauatty::testing {

// The file under $SAUATTY_SHARED_DATA, or nullopt when the variable is unset
// or the file is absent (the caller then GTEST_SKIP()s saying so).
inline std::optional<std::filesystem::path> shared_data(const std::string& relative) {
  const char* root = std::getenv("SAUATTY_SHARED_DATA");
  if (root == nullptr || *root == '\0') return std::nullopt;
  std::filesystem::path path = std::filesystem::path(root) / relative;
  if (!std::filesystem::exists(path)) return std::nullopt;
  return path;
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace sauatty::testing
