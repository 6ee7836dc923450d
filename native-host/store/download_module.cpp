// The download module: libcurl (and the TLS library it brings) lives here,
// in a shared object that sauatty-host loads (dlopen) only when it downloads
// — `rules update`. Linked into the host itself, libcurl and the libraries
// it pulls in (libssl, libcrypto, gnutls, krb5, ldap, …) cost ~5.5 MB of
// resident memory in every browser session that never downloads anything.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
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
  Validators validators;  // of the last answer's headers
};

// A validator header's value, kept only when it is printable ASCII of at
// most kMaxValidatorBytes (it is sent back verbatim in the next request).
std::string validator_value(std::string_view value) {
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.size() > kMaxValidatorBytes) return {};
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return {};
  }
  return std::string(value);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) sink->validators = {};  // a new answer (after a redirect)
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (name == "etag") sink->validators.etag = validator_value(line.substr(colon + 1));
  if (name == "last-modified")
    sink->validators.last_modified = validator_value(line.substr(colon + 1));
  return bytes;
}

struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
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

// A part of an absolute URL, lower case ("" when curl cannot parse it).
std::string url_part(const std::string& url, CURLUPart which) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  char* part = nullptr;
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_get(parsed.get(), which, &part, 0) != CURLUE_OK) {
    return {};
  }
  std::string out(part);
  curl_free(part);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return out;
}

// Where the redirect just received leads, when it may be followed: http(s),
// to `home` (the first URL's host) or an allowed host, within max_redirects.
std::expected<std::string, DownloadFailure> next_hop(CURL* c, const std::string& target,
                                                     const std::string& home, int hops,
                                                     const DownloadLimits& limits) {
  auto refuse = [&](const std::string& why) {
    return std::unexpected(DownloadFailure{DownloadError::kRedirect, target + ": " + why});
  };
  if (hops >= limits.max_redirects) {
    return refuse("more than " + std::to_string(limits.max_redirects) + " redirects");
  }
  char* location = nullptr;
  curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
  if (location == nullptr) return refuse("a redirect without a usable Location");
  std::string next(location);
  std::string scheme = url_part(next, CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https") {
    return refuse("redirected to a URL that is not http(s)");
  }
  std::string host = url_part(next, CURLUPART_HOST);
  const auto& allowed = limits.redirect_hosts;
  if (host != home && std::find(allowed.begin(), allowed.end(), host) == allowed.end()) {
    return refuse("redirected to another host, " + host +
                  " (sources.json's allow_redirect_hosts would allow it)");
  }
  return next;
}

}  // namespace

std::expected<Fetched, DownloadFailure> module_fetch(std::string_view url, const Validators& sent,
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
  const std::string home = url_part(target, CURLUPART_HOST);

  Sink sink{{}, limits.max_bytes, false, &progress, 0, {}};
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  // Redirects are followed below, one hop at a time, so that each is
  // checked before anything is asked of the host it names.
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, limits.connect_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, limits.total_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, limits.low_speed_bytes);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, limits.low_speed_seconds);
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
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
  // The validators come from a verified earlier answer (validator_value()),
  // so they cannot break the header block.
  std::unique_ptr<curl_slist, HeaderListDeleter> headers;
  const bool conditional = !sent.etag.empty() || !sent.last_modified.empty();
  for (auto [name, value] : {std::pair{"If-None-Match: ", &sent.etag},
                             std::pair{"If-Modified-Since: ", &sent.last_modified}}) {
    std::string clean = validator_value(*value);
    if (clean.empty()) continue;
    curl_slist* grown = curl_slist_append(headers.get(), (name + clean).c_str());
    if (grown == nullptr)
      return std::unexpected(DownloadFailure{DownloadError::kNetwork, "libcurl: out of memory"});
    headers.release();
    headers.reset(grown);
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  std::string current = target;
  for (int hops = 0;; ++hops) {
    sink.body.clear();
    curl_easy_setopt(c, CURLOPT_URL, current.c_str());
    CURLcode rc = curl_easy_perform(c);
    if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
      return std::unexpected(
          DownloadFailure{DownloadError::kTooLarge,
                          target + ": larger than " + std::to_string(limits.max_bytes) + " bytes"});
    }
    if (rc == CURLE_OPERATION_TIMEDOUT &&
        std::string_view(error).starts_with("Operation too slow")) {
      return std::unexpected(DownloadFailure{
          DownloadError::kNetwork,
          target + ": too slow (under " + std::to_string(limits.low_speed_bytes) +
              " bytes a second for " + std::to_string(limits.low_speed_seconds) + " s)"});
    }
    if (rc != CURLE_OK) {
      return std::unexpected(DownloadFailure{
          DownloadError::kNetwork, target + ": " + (error[0] ? error : curl_easy_strerror(rc))});
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200) return Fetched{false, std::move(sink.body), std::move(sink.validators)};
    if (status == 304 && conditional) return Fetched{true, {}, std::move(sink.validators)};
    if (status < 300 || status > 399 || status == 304) {
      return std::unexpected(DownloadFailure{DownloadError::kHttpStatus,
                                             target + ": HTTP status " + std::to_string(status)});
    }
    auto next = next_hop(c, target, home, hops, limits);
    if (!next) return std::unexpected(next.error());
    current = std::move(*next);
  }
}

}  // namespace sauatty::store

extern "C" const sauatty::store::DownloadModule* sauatty_download_module() {
  static const sauatty::store::DownloadModule kModule{sauatty::store::kDownloadModuleVersion,
                                                      sauatty::store::module_fetch};
  return &kModule;
}
