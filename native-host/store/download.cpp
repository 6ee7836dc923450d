#include "store/download.h"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>

namespace sauatty::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kModuleFile = "libsauatty-download.so";

struct Loaded {
  const DownloadModule* module = nullptr;
  std::string error;
};

// Looks beside the running executable first (an installed or built host),
// then in the build tree (tests run from other folders).
const Loaded& load_module() {
  static const Loaded loaded = [] {
    Loaded out;
    std::vector<fs::path> candidates;
    std::error_code ec;
    if (auto exe = fs::read_symlink("/proc/self/exe", ec); !ec) {
      candidates.push_back(exe.parent_path() / kModuleFile);
    }
#ifdef SAUATTY_DOWNLOAD_MODULE_BUILD_PATH
    candidates.emplace_back(SAUATTY_DOWNLOAD_MODULE_BUILD_PATH);
#endif
    for (const fs::path& path : candidates) {
      if (!fs::exists(path, ec)) continue;
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) {
        out.error = std::string("cannot load ") + path.string() + ": " + dlerror();
        continue;
      }
      using Entry = const DownloadModule* (*)();
      auto entry = reinterpret_cast<Entry>(dlsym(handle, "sauatty_download_module"));
      const DownloadModule* module = entry != nullptr ? entry() : nullptr;
      if (module == nullptr || module->version != kDownloadModuleVersion) {
        out.error = path.string() + ": not a download module of this version";
        continue;
      }
      out.module = module;  // never unloaded: lives as long as the process
      return out;
    }
    if (out.error.empty())
      out.error = std::string("cannot find ") + kModuleFile + " beside sauatty-host";
    return out;
  }();
  return loaded;
}

}  // namespace

std::expected<std::string, DownloadFailure> download(std::string_view url,
                                                     std::string_view expected_sha256,
                                                     const DownloadLimits& limits,
                                                     const DownloadProgress& progress) {
  const Loaded& loaded = load_module();
  if (loaded.module == nullptr) {
    return std::unexpected(DownloadFailure{DownloadError::kNetwork, loaded.error});
  }
  return loaded.module->download(url, expected_sha256, limits, progress);
}

std::string sha256_hex(std::string_view bytes) {
  const Loaded& loaded = load_module();
  return loaded.module != nullptr ? loaded.module->sha256_hex(bytes) : std::string();
}

}  // namespace sauatty::store
