#include "modules/module.h"

#if defined(_WIN32)
#include <windows.h>
#elif defined(__APPLE__)
#include <dlfcn.h>
#include <mach-o/dyld.h>
#else
#include <dlfcn.h>
#endif

#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace sauatty::modules {

namespace fs = std::filesystem;

namespace {

using Entry = const void* (*)();

// Loads the library at `path` (never unloaded: a module lives as long as
// the process) and finds `entry` in it: null when it has none.
std::expected<Entry, std::string> open_library(const fs::path& path, const char* entry) {
#if defined(_WIN32)
  // Dependencies from the module's own folder and the system's, not from
  // the current directory.
  HMODULE handle = LoadLibraryExW(
      path.c_str(), nullptr, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
  if (handle == nullptr) {
    return std::unexpected("cannot load " + path.string() + ": Windows error " +
                           std::to_string(GetLastError()));
  }
  return reinterpret_cast<Entry>(reinterpret_cast<void*>(GetProcAddress(handle, entry)));
#else
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return std::unexpected("cannot load " + path.string() + ": " + dlerror());
  return reinterpret_cast<Entry>(dlsym(handle, entry));
#endif
}

}  // namespace

std::optional<fs::path> running_executable() {
#if defined(_WIN32)
  std::wstring buffer(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (n == 0) return std::nullopt;
    if (n < buffer.size()) return fs::path(buffer.substr(0, n));
    if (buffer.size() >= 32768) return std::nullopt;  // the longest path Windows allows
    buffer.resize(buffer.size() * 2);
  }
#elif defined(__APPLE__)
  std::uint32_t size = 0;
  _NSGetExecutablePath(nullptr, &size);
  std::string buffer(size, '\0');
  if (_NSGetExecutablePath(buffer.data(), &size) != 0) return std::nullopt;
  std::error_code ec;
  fs::path path = fs::canonical(buffer.c_str(), ec);
  if (ec) return std::nullopt;
  return path;
#else
  std::error_code ec;
  fs::path path = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return path;
#endif
}

std::string file_name(std::string_view base) {
#if defined(_WIN32)
  return std::string(base) + ".dll";
#else
  return "lib" + std::string(base) + ".so";
#endif
}

std::expected<const void*, std::string> load(std::string_view file, const char* entry, int version,
                                             std::string_view kind, const char* build_path) {
  std::vector<fs::path> candidates;
  if (auto exe = running_executable()) candidates.push_back(exe->parent_path() / file);
  if (build_path != nullptr && *build_path != '\0') candidates.emplace_back(build_path);
  std::string error;
  std::error_code ec;
  for (const fs::path& path : candidates) {
    if (!fs::exists(path, ec)) continue;
    auto function = open_library(path, entry);
    if (!function) {
      error = function.error();
      continue;
    }
    const void* module = *function != nullptr ? (*function)() : nullptr;
    if (module == nullptr || *static_cast<const int*>(module) != version) {
      error = path.string() + ": not a " + std::string(kind) + " module of this version";
      continue;
    }
    return module;
  }
  if (error.empty()) error = "cannot find " + std::string(file) + " beside sauatty-host";
  return std::unexpected(error);
}

}  // namespace sauatty::modules
