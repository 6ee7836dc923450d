// The environment the whole-path benchmark starts hosts in. A host started
// in the user's own environment reads and writes the real compiled cache
// (~/.cache/sauatty/lists/.compiled-rules: each side-by-side host, and any
// other host of the user's, rewrites it, and a running host swaps its rules
// when another process changes it), reads the user's sources.json, and,
// without SAUATTY_OFFLINE=1, may start the automatic list update beside the
// measurement. So by default every host gets, through this process's
// environment (which soak::HostProcess passes on):
//   SAUATTY_OFFLINE=1 (store::kOfflineVariable: no default lists, no update),
//   XDG_CACHE_HOME and XDG_CONFIG_HOME in a folder of its own under a
//   temporary folder ($TMPDIR, else /tmp), made at construction and removed
//   with everything in it at destruction or at std::exit.
// A host keeps its folder across repeats, so its first start parses the
// lists and writes its compiled cache, and later starts read it.
// "User" mode leaves the environment as it is (the benchmark's
// --user-environment); soak::HostProcess still sets SAUATTY_OFFLINE=1 when
// the variable is unset.
#pragma once

#include <filesystem>
#include <string>

namespace sauatty::bench {

class HostEnvironment {
 public:
  enum class Mode { kIsolated, kUser };
  // Exits the program (code 3) with a message when the temporary folder
  // cannot be made.
  explicit HostEnvironment(Mode mode);
  ~HostEnvironment();  // removes the temporary folder
  HostEnvironment(const HostEnvironment&) = delete;
  HostEnvironment& operator=(const HostEnvironment&) = delete;

  // Sets this process's environment for the processes started next, with
  // their own folders named `name` ("host-1", "in-process"), made on first
  // use; returns one line that says what the environment is (the variables
  // the host reads, as set). Exits (code 3) when a folder cannot be made.
  std::string enter(const std::string& name);

  // The temporary folder (empty in user mode).
  const std::filesystem::path& folder() const { return folder_; }

 private:
  Mode mode_;
  std::filesystem::path folder_;
};

}  // namespace sauatty::bench
