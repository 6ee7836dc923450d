#include "url/url.h"

#include <idn2.h>
#include <libpsl.h>

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <optional>

#include "url/ascii.h"
#include "url/host_cache.h"

namespace sauatty::url {
namespace {

constexpr std::size_t kMaxHostLength = 253;
constexpr std::size_t kMaxLabelLength = 63;

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string to_lower(std::string_view s) {
  std::string out;
  lower_ascii_into(s, out);
  return out;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Characters RFC 3986 allows as they are in a path, query or fragment:
// Boost.URL's pchar set (unreserved, sub-delims, ':' and '@') and '/' and
// '?' (plus '%' when it starts a valid escape, checked by the caller).
constexpr boost::urls::grammar::lut_chars kRestChars = boost::urls::pchars + '/' + '?';

bool allowed_in_rest(char c) { return kRestChars(c); }

// The fast path's view of a byte in path, query or fragment: one table
// read for the common byte, then the few that need a second look.
enum class Rest : std::uint8_t { kPlain, kSpecial, kRefused };  // kSpecial: '%', '#', '?'
constexpr std::array<Rest, 256> kRestClass = [] {
  std::array<Rest, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<std::size_t>(c)] =
        kRestChars(static_cast<char>(c)) ? Rest::kPlain : Rest::kRefused;
  }
  table['%'] = table['#'] = table['?'] = Rest::kSpecial;
  return table;
}();

// The fast path's view of a byte in the host: what parse_plain_http()
// takes for a host name, and what ends it.
enum class HostByte : std::uint8_t {
  kEnd,
  kLower,
  kUpper,
  kDigit,
  kDot,
  kDash
};  // kDash: '-', '_'
constexpr std::array<HostByte, 256> kHostClass = [] {
  std::array<HostByte, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = HostByte::kLower;
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = HostByte::kUpper;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = HostByte::kDigit;
  table['.'] = HostByte::kDot;
  table['-'] = table['_'] = HostByte::kDash;
  return table;
}();

void percent_encode_byte(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// Browser-like repair before an RFC 3986 parse: in the authority only
// non-ASCII bytes are escaped (they are decoded again for IDN conversion);
// in path, query and fragment every byte RFC 3986 does not allow is escaped,
// as a browser does before it sends a request. Only the first '#' starts a
// fragment.
std::string escape_for_rfc3986(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t rest = 0;
  if (auto sep = text.find("://"); sep != std::string_view::npos) {
    std::size_t end = text.find_first_of("/?#", sep + 3);
    rest = end == std::string_view::npos ? text.size() : end;
    // As browsers do, only the last '@' ends the userinfo.
    std::size_t last_at = text.substr(0, rest).rfind('@');
    for (std::size_t i = 0; i < rest; ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 0x80 || c <= 0x20 ||
          (c == '@' && i != last_at && last_at != std::string_view::npos)) {
        percent_encode_byte(out, c);
      } else {
        out += static_cast<char>(c);
      }
    }
  } else if (auto colon = text.find(':'); colon != std::string_view::npos) {
    out.append(text.substr(0, colon + 1));
    rest = colon + 1;
  }
  bool in_fragment = false;
  for (std::size_t i = rest; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      out += c;
    } else if (c == '#' && !in_fragment) {
      in_fragment = true;
      out += c;
    } else if (allowed_in_rest(c)) {
      out += c;
    } else {
      percent_encode_byte(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

bool valid_domain_name(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostLength) return false;
  std::size_t label = 0;
  for (char c : host) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok || ++label > kMaxLabelLength) return false;
  }
  return label > 0;
}

struct PslDeleter {
  void operator()(psl_ctx_t* ctx) const { psl_free(ctx); }
};

// The Public Suffix List as Debian's `publicsuffix` package ships it, loaded
// once; libpsl's built-in copy when that file is missing. Read-only after
// construction, so sharing it between threads is safe.
const psl_ctx_t* psl() {
  static const std::unique_ptr<psl_ctx_t, PslDeleter> ctx{[] {
    psl_ctx_t* latest = psl_latest(nullptr);
    return latest != nullptr ? latest : const_cast<psl_ctx_t*>(psl_builtin());
  }()};
  return ctx.get();
}

std::size_t count_labels(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '.')) + 1;
}

std::expected<std::string, UrlError> normalize_host(std::string_view decoded) {
  std::string host = to_lower(decoded);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty() || host.size() > 4 * kMaxHostLength) return std::unexpected(UrlError::kBadHost);
  if (!is_ascii(host) || host.find("xn--") != std::string::npos) {
    host = to_ascii(host);
    if (host.empty()) return std::unexpected(UrlError::kBadHost);
  }
  if (!valid_domain_name(host)) return std::unexpected(UrlError::kBadHost);
  return host;
}

// The Unicode form and registrable domain of the hosts seen last, one cache
// per thread: a page's requests go to few hosts (host_cache.h).
HostCache& host_cache() {
  thread_local HostCache cache;
  return cache;
}

// Where a parse takes a domain's Unicode form and registrable domain from:
// the thread's cache, libidn2 and libpsl each time, or nowhere (has_host()).
enum class Facts { kCached, kComputed, kSkipped };

void fill_host_facts(Url& out, Facts facts) {
  if (facts == Facts::kSkipped) return;
  if (out.kind != HostKind::kDomain) {
    out.host_unicode = out.host;
    out.registrable_domain = out.host;
    return;
  }
  if (facts == Facts::kCached) {
    const HostCache::Facts known = host_cache().lookup(out.host);
    out.host_unicode.assign(known.unicode);
    out.registrable_domain.assign(known.registrable);
    return;
  }
  out.host_unicode = to_unicode(out.host);
  out.registrable_domain = registrable_domain(out.host);
}

std::expected<Url, UrlError> parse_escaped(const std::string& escaped, int depth, Facts facts);

std::expected<Url, UrlError> parse_blob(std::string_view inner, int depth, Facts facts) {
  if (depth > 0) return std::unexpected(UrlError::kSyntax);
  auto parsed = parse_escaped(std::string(inner), depth + 1, facts);
  if (!parsed) return parsed;
  parsed->scheme = "blob";
  parsed->normalized = "blob:" + parsed->normalized;
  return parsed;
}

std::expected<Url, UrlError> parse_escaped(const std::string& escaped, int depth, Facts facts) {
  auto view = boost::urls::parse_uri(escaped);
  if (!view) return std::unexpected(UrlError::kSyntax);
  Url out;
  out.scheme = to_lower(view->scheme());
  if (out.scheme == "blob") {
    auto colon = escaped.find(':');
    return parse_blob(std::string_view(escaped).substr(colon + 1), depth, facts);
  }
  if (!view->has_authority() || view->host_type() == boost::urls::host_type::none ||
      view->encoded_host().empty()) {
    if (out.scheme == "http" || out.scheme == "https" || out.scheme == "ws" ||
        out.scheme == "wss" || out.scheme == "ftp") {
      return std::unexpected(UrlError::kSyntax);
    }
    out.kind = HostKind::kNone;
    out.normalized = escaped.substr(0, escaped.find('#'));
    return out;
  }
  switch (view->host_type()) {
    case boost::urls::host_type::ipv4:
      out.kind = HostKind::kIPv4;
      out.host = view->host_ipv4_address().to_string();
      break;
    case boost::urls::host_type::ipv6:
      out.kind = HostKind::kIPv6;
      out.host = view->host_ipv6_address().to_string();
      break;
    case boost::urls::host_type::name: {
      auto host = normalize_host(view->host());
      if (!host) return std::unexpected(host.error());
      out.kind = HostKind::kDomain;
      out.host = std::move(*host);
      break;
    }
    default:
      return std::unexpected(UrlError::kBadHost);
  }
  if (view->has_port()) {
    std::string_view port = view->port();
    if (port.size() > 5) return std::unexpected(UrlError::kSyntax);
    unsigned long number = port.empty() ? 0 : std::strtoul(std::string(port).c_str(), nullptr, 10);
    if (number > 65535) return std::unexpected(UrlError::kSyntax);
    out.port = static_cast<std::uint16_t>(number);
  }
  fill_host_facts(out, facts);
  out.path_query = view->encoded_path().empty() ? "/" : std::string(view->encoded_path());
  if (view->has_query()) {
    out.path_query += '?';
    out.path_query += view->encoded_query();
  }
  out.normalized = out.scheme + "://";
  out.normalized += out.kind == HostKind::kIPv6 ? "[" + out.host + "]" : out.host;
  if (out.port != 0) out.normalized += ":" + std::to_string(out.port);
  out.normalized += out.path_query;
  return out;
}

// Whether Boost.URL could read an IPv4 address at the start of `host` (it
// does, and takes what follows for the path: "1.2.3.4a" is 1.2.3.4 and
// "a"): three labels of digits, then a digit.
bool starts_like_ipv4(std::string_view host) {
  std::size_t i = 0;
  for (int label = 0; label < 3; ++label) {
    std::size_t digits = 0;
    while (i < host.size() && host[i] >= '0' && host[i] <= '9') ++i, ++digits;
    if (digits == 0 || i >= host.size() || host[i] != '.') return false;
    ++i;
  }
  return i < host.size() && host[i] >= '0' && host[i] <= '9';
}

// The fast path of parse_into(), into `out`'s buffers: an http or https URL (scheme in lower case)
// whose authority is a plain host name — letters, digits, '.', '-', '_',
// not all digits and dots — with at most a port of up to five digits, and
// whose path, query and fragment hold only bytes RFC 3986 allows there (or
// valid %XX escapes), one '#' at most. Such a URL is one
// escape_for_rfc3986() leaves as it is and Boost.URL splits where this
// does, so the parts are the reference path's (tests/url/url_fast_path_test
// compares the two on real and hostile URLs). Anything else, and any
// failure, is false (with `out` half written): the reference path decides.
bool parse_plain_http(std::string_view text, Url& out, Facts facts) {
  std::size_t scheme_end = 0;
  if (text.starts_with("https://")) {
    scheme_end = 5;
  } else if (text.starts_with("http://")) {
    scheme_end = 4;
  } else {
    return false;
  }
  const std::size_t host_begin = scheme_end + 3;
  std::size_t i = host_begin;
  // While the host is read: what valid_domain_name() would check of it
  // (so that a host of the common shape needs no second pass), whether it
  // needs lower-casing, and whether it may hold an "xn--" label.
  bool only_digits_and_dots = true;
  bool upper = false, dash = false;
  bool plain_labels = true;  // no empty label and none over kMaxLabelLength
  std::size_t label = 0;
  for (; i < text.size(); ++i) {
    const HostByte b = kHostClass[static_cast<unsigned char>(text[i])];
    if (b == HostByte::kEnd) break;
    if (b == HostByte::kDot) {
      plain_labels = plain_labels && label != 0;
      label = 0;
      continue;
    }
    plain_labels = plain_labels && ++label <= kMaxLabelLength;
    if (b == HostByte::kDigit) continue;
    only_digits_and_dots = false;
    upper = upper || b == HostByte::kUpper;
    dash = dash || b == HostByte::kDash;
  }
  const std::size_t host_end = i;
  if (host_end == host_begin || only_digits_and_dots ||
      starts_like_ipv4(text.substr(host_begin, host_end - host_begin))) {
    return false;
  }
  plain_labels = plain_labels && label != 0 && host_end - host_begin <= kMaxHostLength;
  std::uint32_t port = 0;
  if (i < text.size() && text[i] == ':') {
    std::size_t digits = 0;
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      port = port * 10 + static_cast<std::uint32_t>(text[i] - '0');
      if (digits == 5) return false;
    }
    if (port > 65535) return false;
  }
  if (i < text.size() && text[i] != '/' && text[i] != '?' && text[i] != '#') return false;
  const std::size_t rest = i;
  std::size_t query = std::string_view::npos;
  std::size_t fragment = std::string_view::npos;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    const Rest r = kRestClass[static_cast<unsigned char>(c)];
    if (r == Rest::kPlain) continue;
    if (r == Rest::kRefused) return false;
    if (c == '%') {
      if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) return false;
    } else if (c == '#') {
      if (fragment != std::string_view::npos) return false;
      fragment = i;
    } else if (query == std::string_view::npos && fragment == std::string_view::npos) {
      query = i;  // '?'
    }
  }
  // normalize_host() in place: the host is ASCII here, so only an "xn--"
  // label needs IDN.
  out.host.assign(text.substr(host_begin, host_end - host_begin));
  if (upper) std::transform(out.host.begin(), out.host.end(), out.host.begin(), ascii_lower);
  if (dash && out.host.find("xn--") != std::string::npos) {
    auto host = normalize_host(out.host);
    if (!host) return false;
    out.host = std::move(*host);
  } else if (!plain_labels) {  // a trailing dot, an empty or a long label: the checks in full
    while (!out.host.empty() && out.host.back() == '.') out.host.pop_back();
    if (!valid_domain_name(out.host)) return false;
  }
  out.scheme.assign(text.substr(0, scheme_end));
  out.kind = HostKind::kDomain;
  out.port = static_cast<std::uint16_t>(port);
  fill_host_facts(out, facts);
  const std::size_t path_end = std::min({query, fragment, text.size()});
  if (path_end == rest) {
    out.path_query = "/";
  } else {
    out.path_query.assign(text.substr(rest, path_end - rest));
  }
  if (query != std::string_view::npos) {
    out.path_query.append(text.substr(query, std::min(fragment, text.size()) - query));
  }
  out.normalized.reserve(scheme_end + 3 + out.host.size() + 6 + out.path_query.size());
  out.normalized.assign(out.scheme);
  out.normalized += "://";
  out.normalized += out.host;
  if (out.port != 0) {
    char digits[8];
    out.normalized += ':';
    out.normalized.append(digits, std::to_chars(digits, digits + sizeof digits, out.port).ptr);
  }
  out.normalized += out.path_query;
  return true;
}

// kMaxUrlLength holds for the normalized form too (url.h): escaping can
// triple a byte, and the fast path adds a '/' before a query.
bool normalized_too_long(const Url& url) { return url.normalized.size() > kMaxUrlLength; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::string_view error_code(UrlError error) {
  return error == UrlError::kTooLong ? "url_too_long" : "invalid_url";
}

std::string_view error_message(UrlError error) {
  switch (error) {
    case UrlError::kEmpty:
      return "the URL is empty";
    case UrlError::kTooLong:
      return "the URL is longer than 8192 bytes (as sent, or percent-encoded)";
    case UrlError::kSyntax:
      return "the URL does not parse";
    case UrlError::kBadHost:
      return "the URL's host is not a valid domain or address";
  }
  return "the URL does not parse";
}

std::expected<Url, UrlError> parse(std::string_view text) {
  Url out;
  if (auto parsed = parse_into(text, out); !parsed) return std::unexpected(parsed.error());
  return out;
}

namespace {

std::expected<void, UrlError> parse_into(std::string_view text, Url& out, Facts facts) {
  text = trim(text);
  if (text.empty()) return std::unexpected(UrlError::kEmpty);
  if (text.size() > kMaxUrlLength) return std::unexpected(UrlError::kTooLong);
  if (!parse_plain_http(text, out, facts)) {
    auto parsed = parse_escaped(escape_for_rfc3986(text), 0, facts);
    if (!parsed) return std::unexpected(parsed.error());
    out = std::move(*parsed);
  }
  if (normalized_too_long(out)) return std::unexpected(UrlError::kTooLong);
  return {};
}

}  // namespace

std::expected<void, UrlError> parse_into(std::string_view text, Url& out) {
  return parse_into(text, out, Facts::kCached);
}

bool has_host(std::string_view text) {
  Url out;
  return parse_into(text, out, Facts::kSkipped).has_value() && out.kind != HostKind::kNone;
}

std::expected<Url, UrlError> parse_reference(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::unexpected(UrlError::kEmpty);
  if (text.size() > kMaxUrlLength) return std::unexpected(UrlError::kTooLong);
  auto parsed = parse_escaped(escape_for_rfc3986(text), 0, Facts::kComputed);
  if (parsed && normalized_too_long(*parsed)) return std::unexpected(UrlError::kTooLong);
  return parsed;
}

std::string registrable_domain(std::string_view ascii_host) {
  std::string host(ascii_host);
  if (host.empty() || host.find('.') == std::string::npos) return host;
  if (host.find_first_not_of("0123456789.") == std::string::npos ||
      host.find(':') != std::string::npos) {
    return host;  // IPv4 / IPv6 literal
  }
  // libpsl compares labels in their Unicode form; ask with that form and take
  // as many labels of the ASCII host as the answer has.
  std::string unicode = to_unicode(host);
  const char* rd = psl_registrable_domain(psl(), unicode.c_str());
  if (rd == nullptr) return host;
  std::size_t labels = count_labels(rd);
  std::size_t pos = host.size();
  for (std::size_t i = 0; i < labels && pos != std::string::npos; ++i) {
    pos = pos == 0 ? std::string::npos : host.rfind('.', pos - 1);
  }
  return pos == std::string::npos ? host : host.substr(pos + 1);
}

bool is_third_party(const Url& request, const Url& page) {
  if (request.kind == HostKind::kNone || page.kind == HostKind::kNone) {
    return request.normalized != page.normalized;
  }
  return request.registrable_domain != page.registrable_domain;
}

std::string to_unicode(std::string_view ascii_host) {
  if (ascii_host.find("xn--") == std::string_view::npos) return std::string(ascii_host);
  std::string input(ascii_host);
  char* output = nullptr;
  if (idn2_to_unicode_8z8z(input.c_str(), &output, 0) != IDN2_OK || output == nullptr) {
    return input;
  }
  std::string result(output);
  idn2_free(output);
  return result;
}

std::string to_ascii(std::string_view host) {
  if (host.empty() || host.size() > 4 * kMaxHostLength) return {};
  std::string input(host);
  if (input.find('\0') != std::string::npos) return {};
  char* output = nullptr;
  int rc = idn2_to_ascii_8z(input.c_str(), &output, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  if (rc != IDN2_OK) {
    // UTS #46 transitional processing as the fallback, as browsers did.
    rc = idn2_to_ascii_8z(input.c_str(), &output, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
  }
  if (rc != IDN2_OK || output == nullptr) return {};
  std::string result = to_lower(output);
  idn2_free(output);
  return result;
}

}  // namespace sauatty::url
