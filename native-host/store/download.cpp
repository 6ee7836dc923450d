#include "store/download.h"

#include <string>

#include "modules/module.h"
#include "store/sha256.h"

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
  auto body = loaded.module->download(url, limits, progress);
  if (body && !expected_sha256.empty() && sha256_hex(*body) != expected_sha256) {
    return std::unexpected(
        DownloadFailure{DownloadError::kHashMismatch,
                        std::string(url) + ": SHA-256 differs from the one expected"});
  }
  return body;
}

}  // namespace sauatty::store
