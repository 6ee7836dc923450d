// Downloads a rule list over HTTP(S) with libcurl, bounded in size and
// time, and checks its SHA-256 when one is given. libcurl is loaded only
// when a download happens (see DownloadModule below); a missing module is
// a kNetwork failure that names the file looked for. Nothing is written to disk
// here (see store/list_cache.h for the atomic swap-in).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>

namespace sauatty::store {

struct DownloadLimits {
  // EasyList is ~2 MiB, the biggest list we import (Lin et al. ratings)
  // ~3 MiB; 64 MiB leaves room and still bounds memory.
  std::size_t max_bytes = 64u << 20;
  long connect_timeout_seconds = 15;
  long total_timeout_seconds = 120;
  int max_redirects = 5;
};

enum class DownloadError : std::uint8_t {
  kBadUrl,        // not an http(s) URL
  kNetwork,       // DNS, connection, TLS, timeout
  kHttpStatus,    // an answer other than 200
  kTooLarge,      // over max_bytes (declared or received)
  kHashMismatch,  // SHA-256 differs from the one expected
};

struct DownloadFailure {
  DownloadError kind;
  std::string message;  // names the URL (list URLs are the administrator's, not the user's)
};

// Called now and then with bytes received and the total (0 when unknown).
using DownloadProgress = std::function<void(std::size_t received, std::size_t total)>;

// GETs `url` (http or https only, redirects only to http/https). When
// `expected_sha256` is non-empty (64 hex digits), the body must hash to it.
std::expected<std::string, DownloadFailure> download(std::string_view url,
                                                     std::string_view expected_sha256,
                                                     const DownloadLimits& limits = {},
                                                     const DownloadProgress& progress = {});

// Lower-case hex SHA-256 of `bytes` (empty if the download module is missing).
std::string sha256_hex(std::string_view bytes);

// The download module's interface (download_module.cpp, built as
// libsauatty-download.so beside sauatty-host and loaded on first use). The
// version changes whenever this struct or a signature in it does.
inline constexpr int kDownloadModuleVersion = 1;
struct DownloadModule {
  int version;
  std::expected<std::string, DownloadFailure> (*download)(std::string_view, std::string_view,
                                                          const DownloadLimits&,
                                                          const DownloadProgress&);
  std::string (*sha256_hex)(std::string_view);
};

}  // namespace sauatty::store
