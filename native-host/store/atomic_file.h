// Writing a file so that readers see either the old contents or the new,
// never a half-written file, and never through a link an attacker (or an
// accident) put at the path.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace sauatty::store {

// Writes `bytes` to `path` atomically: a new temporary file in the same
// folder (created exclusively, never following a link; named
// ".NAME.tmp-PID-RANDOM"), given exactly `mode` (the umask does not apply),
// written in full, flushed to disk, then renamed over `path`. A symlink at
// `path` is replaced by the file, its target left untouched; a dangling link
// creates nothing at its target. A folder at `path` is an error. The folder
// itself must exist. On any error the temporary file is removed, `path`
// keeps what it had, and the message names the file and the reason.
std::expected<void, std::string> write_file_atomically(const std::filesystem::path& path,
                                                       std::string_view bytes, unsigned mode);

}  // namespace sauatty::store
