// The download module: libcurl and OpenSSL live here, in a shared object
// that sauatty-host loads (dlopen) only when it downloads — `rules update`.
// Linked into the host itself, libcurl and the libraries it pulls in
// (libssl, libcrypto, gnutls, krb5, ldap, …) cost ~5.5 MB of resident
// memory in every browser session that never downloads anything.
#include <curl/curl.h>
#include <openssl/evp.h>

#include <memory>

#include "store/download.h"

namespace sauatty::store {
namespace {

struct Sink {
  std::string body;
  std::size_t max_bytes;
  bool too_large = false;
  const DownloadProgress* progress;
  curl_off_t total = 0;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * count;
  if (sink->body.size() + bytes > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->body.append(data, bytes);
  return bytes;
}

int on_progress(void* user, curl_off_t total, curl_off_t received, curl_off_t, curl_off_t) {
  auto* sink = static_cast<Sink*>(user);
  if (*sink->progress && received > 0) {
    (*sink->progress)(static_cast<std::size_t>(received), static_cast<std::size_t>(total));
  }
  return 0;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

}  // namespace

std::string module_sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

std::expected<std::string, DownloadFailure> module_download(std::string_view url,
                                                            std::string_view expected_sha256,
                                                            const DownloadLimits& limits,
                                                            const DownloadProgress& progress) {
  std::string target(url);
  if (!target.starts_with("http://") && !target.starts_with("https://")) {
    return std::unexpected(
        DownloadFailure{DownloadError::kBadUrl, target + ": not an http(s) URL"});
  }
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  std::unique_ptr<CURL, CurlDeleter> curl(initialized ? curl_easy_init() : nullptr);
  if (!curl)
    return std::unexpected(DownloadFailure{DownloadError::kNetwork, "libcurl did not start"});

  Sink sink{{}, limits.max_bytes, false, &progress};
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, target.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(limits.max_redirects));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, limits.connect_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, limits.total_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_bytes));
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate/br as the server offers
  curl_easy_setopt(c, CURLOPT_USERAGENT, "sauatty-host (rule list update)");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &sink);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, progress ? 0L : 1L);

  CURLcode rc = curl_easy_perform(c);
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return std::unexpected(
        DownloadFailure{DownloadError::kTooLarge,
                        target + ": larger than " + std::to_string(limits.max_bytes) + " bytes"});
  }
  if (rc != CURLE_OK) {
    return std::unexpected(DownloadFailure{
        DownloadError::kNetwork, target + ": " + (error[0] ? error : curl_easy_strerror(rc))});
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    return std::unexpected(DownloadFailure{DownloadError::kHttpStatus,
                                           target + ": HTTP status " + std::to_string(status)});
  }
  if (!expected_sha256.empty() && module_sha256_hex(sink.body) != expected_sha256) {
    return std::unexpected(DownloadFailure{DownloadError::kHashMismatch,
                                           target + ": SHA-256 differs from the one expected"});
  }
  return std::move(sink.body);
}

}  // namespace sauatty::store

extern "C" const sauatty::store::DownloadModule* sauatty_download_module() {
  static const sauatty::store::DownloadModule kModule{sauatty::store::kDownloadModuleVersion,
                                                      sauatty::store::module_download,
                                                      sauatty::store::module_sha256_hex};
  return &kModule;
}
