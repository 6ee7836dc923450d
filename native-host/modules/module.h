// Optional parts of the host built as shared objects (CMake MODULE
// libraries) written beside sauatty-host and loaded on first use (dlopen();
// LoadLibraryExW() on Windows), so that the libraries they link are mapped only in the processes
// that use them: libsauatty-download.so (libcurl) for `rules update` and
// the automatic updates. See docs/ARCHITECTURE.md.
//
// A module exports one C function, `entry`, that returns a pointer to a
// static struct whose first member is `int version`.
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sauatty::modules {

// Absolute path of the running executable (/proc/self/exe on Linux,
// _NSGetExecutablePath on macOS, GetModuleFileNameW on Windows); nullopt
// when the system does not say. Modules are looked for beside it; app/'s
// current_executable() is this one.
std::optional<std::filesystem::path> running_executable();

// The file name of module `base` on this system, as CMake names a MODULE
// library: "libBASE.so" (Linux, and macOS, where CMake's module suffix is
// also .so), "BASE.dll" on Windows (with MSVC; a MinGW build must set the
// module's PREFIX to "").
std::string file_name(std::string_view base);

// Looks for `file` beside the running executable (an installed or built
// host), then at `build_path` (the build tree, for tests that run from
// other folders; null for none), loads the first found (never unloaded),
// calls its `entry` and checks the version. Not cached (see load_once).
// Errors name the file: "cannot find FILE beside sauatty-host", "cannot
// load PATH: REASON", "PATH: not a KIND module of this version".
std::expected<const void*, std::string> load(std::string_view file, const char* entry, int version,
                                             std::string_view kind, const char* build_path);

// A module as load_once keeps it: `module` when it loaded, else `error`.
template <class Module>
struct Loaded {
  const Module* module = nullptr;
  std::string error;
};

// load() on the first call for `Module` (the struct the entry returns),
// the same answer on every later one: a module is looked for and loaded
// once per process. Thread-safe.
template <class Module>
const Loaded<Module>& load_once(std::string_view file, const char* entry, int version,
                                std::string_view kind, const char* build_path) {
  static const Loaded<Module> loaded = [&] {
    auto module = load(file, entry, version, kind, build_path);
    return module ? Loaded<Module>{static_cast<const Module*>(*module), {}}
                  : Loaded<Module>{nullptr, module.error()};
  }();
  return loaded;
}

}  // namespace sauatty::modules
