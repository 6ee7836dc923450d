// Downloads a rule list over HTTP(S) with libcurl, bounded in size, time
// and speed, following redirects only within the URL's own host (and the
// hosts the source allows), and checks its SHA-256 when one is given. A
// conditional request (If-None-Match / If-Modified-Since with what the last
// answer said) lets the server answer 304: nothing is transferred.
// libcurl is loaded only when a download happens (see DownloadModule below);
// a missing module is a kNetwork failure that names the file looked for.
// Nothing is written to disk here (see store/list_cache.h for the atomic
// swap-in).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sauatty::store {

struct DownloadLimits {
  // EasyList is ~2 MiB, the biggest list we import (Lin et al. ratings)
  // ~3 MiB; 64 MiB leaves room and still bounds memory.
  std::size_t max_bytes = 64u << 20;
  long connect_timeout_seconds = 15;
  long total_timeout_seconds = 120;
  // A transfer that moves fewer than low_speed_bytes a second for
  // low_speed_seconds in a row is abandoned: a stalled server fails in 30 s,
  // not at the total timeout (EasyList comes at ≥ 100 KiB/s from a CDN).
  long low_speed_bytes = 1024;
  long low_speed_seconds = 30;
  int max_redirects = 5;
  // Hosts a redirect may lead to besides the URL's own (lower case, as
  // sources.json's allow_redirect_hosts gives them); any other is refused
  // before it is asked for anything.
  std::vector<std::string> redirect_hosts;
};

enum class DownloadError : std::uint8_t {
  kBadUrl,        // not an http(s) URL
  kNetwork,       // DNS, connection, TLS, timeout, too slow
  kRedirect,      // to another host or scheme, without a Location, or too many
  kHttpStatus,    // an answer other than 200 (or 304 to a conditional request)
  kTooLarge,      // over max_bytes (declared or received)
  kHashMismatch,  // SHA-256 differs from the one expected
};

struct DownloadFailure {
  DownloadError kind;
  std::string message;  // names the URL (list URLs are the administrator's, not the user's)
};

// Called now and then with bytes received and the total (0 when unknown).
using DownloadProgress = std::function<void(std::size_t received, std::size_t total)>;

// What the server said about the copy it sent, for the next conditional
// request: its ETag and Last-Modified headers (each empty when absent, or
// when not printable ASCII of at most kMaxValidatorBytes).
struct Validators {
  std::string etag;
  std::string last_modified;
};
inline constexpr std::size_t kMaxValidatorBytes = 256;

struct Fetched {
  bool not_modified = false;  // 304: the copy named by the validators sent is current
  std::string body;           // the list (empty when not_modified)
  Validators validators;      // from the answer (a 304 may repeat them)
};

// GETs `url` as download() does; when `sent` has an ETag or a date, the
// request is conditional and a 304 answer is not_modified (no body, no hash
// check). A 304 to a request that was not conditional is kHttpStatus.
std::expected<Fetched, DownloadFailure> fetch(std::string_view url,
                                              std::string_view expected_sha256,
                                              const Validators& sent,
                                              const DownloadLimits& limits = {},
                                              const DownloadProgress& progress = {});

// GETs `url` (http or https only). A redirect is followed only to http(s)
// on the URL's own host (any port) or one of limits.redirect_hosts, at most
// limits.max_redirects times. When `expected_sha256` is non-empty (64 hex
// digits), the body must hash to it.
std::expected<std::string, DownloadFailure> download(std::string_view url,
                                                     std::string_view expected_sha256,
                                                     const DownloadLimits& limits = {},
                                                     const DownloadProgress& progress = {});

// The download module's interface (download_module.cpp, built as
// libsauatty-download.so beside sauatty-host and loaded on first use): the
// transfer itself, without the hash check. The version changes whenever this
// struct, DownloadLimits or a signature in them does.
inline constexpr int kDownloadModuleVersion = 3;
struct DownloadModule {
  int version;
  std::expected<Fetched, DownloadFailure> (*fetch)(std::string_view url, const Validators& sent,
                                                   const DownloadLimits&, const DownloadProgress&);
};

}  // namespace sauatty::store
