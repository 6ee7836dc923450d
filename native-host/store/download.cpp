#include "store/download.h"

#include <string>

#include "modules/module.h"

#ifndef SAUATTY_DOWNLOAD_MODULE_BUILD_PATH
#define SAUATTY_DOWNLOAD_MODULE_BUILD_PATH nullptr
#endif

namespace sauatty::store {
namespace {

// Loaded on the first download and kept.
const modules::Loaded<DownloadModule>& load_module() {
  return modules::load_once<DownloadModule>("libsauatty-download.so", "sauatty_download_module",
                                            kDownloadModuleVersion, "download",
                                            SAUATTY_DOWNLOAD_MODULE_BUILD_PATH);
}

}  // namespace

std::expected<std::string, DownloadFailure> download(std::string_view url,
                                                     std::string_view expected_sha256,
                                                     const DownloadLimits& limits,
                                                     const DownloadProgress& progress) {
  const auto& loaded = load_module();
  if (loaded.module == nullptr) {
    return std::unexpected(DownloadFailure{DownloadError::kNetwork, loaded.error});
  }
  return loaded.module->download(url, expected_sha256, limits, progress);
}

std::string sha256_hex(std::string_view bytes) {
  const auto& loaded = load_module();
  return loaded.module != nullptr ? loaded.module->sha256_hex(bytes) : std::string();
}

}  // namespace sauatty::store
