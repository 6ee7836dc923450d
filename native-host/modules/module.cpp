#include "modules/module.h"

#include <dlfcn.h>

#include <filesystem>
#include <system_error>
#include <vector>

namespace sauatty::modules {

namespace fs = std::filesystem;

std::expected<const void*, std::string> load(std::string_view file, const char* entry, int version,
                                             std::string_view kind, const char* build_path) {
  std::vector<fs::path> candidates;
  std::error_code ec;
  if (auto exe = fs::read_symlink("/proc/self/exe", ec); !ec) {
    candidates.push_back(exe.parent_path() / file);
  }
  if (build_path != nullptr && *build_path != '\0') candidates.emplace_back(build_path);
  std::string error;
  for (const fs::path& path : candidates) {
    if (!fs::exists(path, ec)) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      error = "cannot load " + path.string() + ": " + dlerror();
      continue;
    }
    using Entry = const void* (*)();
    auto function = reinterpret_cast<Entry>(dlsym(handle, entry));
    const void* module = function != nullptr ? function() : nullptr;
    if (module == nullptr || *static_cast<const int*>(module) != version) {
      error = path.string() + ": not a " + std::string(kind) + " module of this version";
      continue;
    }
    return module;  // the handle is kept open: the module lives as long as the process
  }
  if (error.empty()) error = "cannot find " + std::string(file) + " beside sauatty-host";
  return std::unexpected(error);
}

}  // namespace sauatty::modules
