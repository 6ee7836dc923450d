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
  return modules::load_once<DownloadModule>(modules::file_name("sauatty-download"),
                                            "sauatty_download_module", kDownloadModuleVersion,
                                            "download", SAUATTY_DOWNLOAD_MODULE_BUILD_PATH);
}

}  // namespace

std::expected<Fetched, DownloadFailure> fetch(std::string_view url,
                                              std::string_view expected_sha256,
                                              const Validators& sent, const DownloadLimits& limits,
                                              const DownloadProgress& progress) {
  const auto& loaded = load_module();
  if (loaded.module == nullptr) {
    return std::unexpected(DownloadFailure{DownloadError::kNetwork, loaded.error});
  }
  auto fetched = loaded.module->fetch(url, sent, limits, progress);
  if (fetched && !fetched->not_modified && !expected_sha256.empty() &&
      sha256_hex(fetched->body) != expected_sha256) {
    return std::unexpected(
        DownloadFailure{DownloadError::kHashMismatch,
                        std::string(url) + ": SHA-256 differs from the one expected"});
  }
  return fetched;
}

std::expected<std::string, DownloadFailure> download(std::string_view url,
                                                     std::string_view expected_sha256,
                                                     const DownloadLimits& limits,
                                                     const DownloadProgress& progress) {
  auto fetched = fetch(url, expected_sha256, {}, limits, progress);
  if (!fetched) return std::unexpected(std::move(fetched.error()));
  return std::move(fetched->body);
}

}  // namespace sauatty::store
