// The project's own rules (the rules/ folder), compiled into the binary by
// cmake/EmbedRules.cmake. Read-only, alive for the whole process.
#pragma once

#include <span>
#include <string_view>

namespace sauatty::store {

struct EmbeddedFile {
  std::string_view path;  // relative to rules/, with '/' separators
  std::string_view contents;
};

// Sorted by path.
std::span<const EmbeddedFile> embedded_files();

}  // namespace sauatty::store
