// URL handling: parse a URL the browser (or a user) gave us into the parts
// that matching needs, with the host in both IDN forms and its registrable
// domain from the Public Suffix List.
//
// Parsing is Boost.URL's (RFC 3986) after two browser-like repairs: bytes that
// RFC 3986 does not allow (spaces, non-ASCII) are percent-encoded first, and a
// non-ASCII host is converted to its ASCII (punycode) form with libidn2
// (UTS #46, non-transitional, as browsers do). Input is untrusted: every
// failure is an error value, never an exception, and nothing here logs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace sauatty::url {

// A URL longer than this is refused (kTooLong), and so is one whose
// normalized form (Url::normalized: each byte RFC 3986 does not allow —
// non-ASCII, spaces, backslashes … — percent-encoded to three) would be: every URL
// parse() accepts has `normalized` of at most kMaxUrlLength bytes, the
// bound the engine and the protocol rely on. A browser's URLs arrive
// percent-encoded already, so for them the two lengths are the same.
// Browsers accept up to 2 MiB, but no tracker or news URL we need to judge
// is near 8 KiB; the bound keeps per-request work and memory small.
// Written once, in extension/limits.json (the extension sends no longer URL).
inline constexpr std::size_t kMaxUrlLength = SAUATTY_LIMIT_URL_BYTES;

enum class HostKind : std::uint8_t {
  kNone,  // data:, about:, javascript: … — nothing to match on
  kDomain,
  kIPv4,
  kIPv6,
};

struct Url {
  std::string scheme;              // lower case, without ':' ("https", "data", …)
  std::string host;                // ASCII form: lower case, punycode, no trailing dot,
                                   // IPv6 without brackets; empty when kind is kNone
  std::string host_unicode;        // Unicode form of `host` (same as host if ASCII)
  std::string registrable_domain;  // eTLD+1 of host (ASCII), e.g. "bbc.co.uk",
                                   // "user.github.io"; the host itself for IPs
                                   // and for hosts that are a public suffix or
                                   // have no known suffix ("localhost")
  HostKind kind = HostKind::kNone;
  std::uint16_t port = 0;  // explicit port, or 0 when the URL has none
  std::string path_query;  // path and "?query" as sent (no fragment), "/" if empty
  std::string normalized;  // scheme://host[:port]path_query, lower-case host;
                           // the string filters are matched against
};

enum class UrlError : std::uint8_t {
  kEmpty,
  kTooLong,  // over kMaxUrlLength bytes as given, or once normalized
  kSyntax,   // not a URL at all
  kBadHost,  // a host that is not a valid domain, IP address or IDN
};

// Stable code for the protocol ("invalid_url", "url_too_long") and a short
// English message that never contains the URL itself.
std::string_view error_code(UrlError error);
std::string_view error_message(UrlError error);

// Parses `text`. http(s)/ws(s)/ftp need a host; data:, about:, javascript:
// and other host-less schemes parse with kind kNone; blob:<url> takes the host
// of the URL inside it (its origin). Userinfo ("user:pass@") is dropped: it
// never decides whose site a URL is on.
//
// An http(s) URL with a plain ASCII host and nothing to escape, what nearly
// every request is, is split in one pass without Boost.URL; the Unicode
// form and registrable domain of the last few thousand hosts come from a
// per-thread cache (host_cache.h). The results are parse_reference()'s.
std::expected<Url, UrlError> parse(std::string_view text);

// The same into `out`, reusing its strings' buffers: a loop that parses
// into one Url allocates nothing once they are large enough (the fast path
// only). On failure `out` holds no meaning.
std::expected<void, UrlError> parse_into(std::string_view text, Url& out);

// True when parse() would succeed with a host (kind != kNone), decided
// without the host's Unicode form or registrable domain, which no parse
// failure depends on, and without the per-thread host cache (host_cache.h):
// for a thread that checks a few hundred links once and answers no requests
// (the credibility lists' citations, checked while the compiled cache is
// read). libidn2 and libpsl for each would be ~15% of that thread's work,
// and the cache would fault in its pages one by one as the hosts landed on
// them (~0.4 ms of a start) and keep them.
bool has_host(std::string_view text);

// The same through Boost.URL, libidn2 and libpsl every time: the reference
// that parse()'s fast path and cache must agree with (tests).
std::expected<Url, UrlError> parse_reference(std::string_view text);

// Registrable domain (eTLD+1, ASCII) of an ASCII lower-case host; the host
// itself when it is an IP address, a public suffix or has no dot.
std::string registrable_domain(std::string_view ascii_host);

// True when the two URLs' registrable domains differ (a host-less URL is
// third party to everything but itself).
bool is_third_party(const Url& request, const Url& page);

// Unicode form of an ASCII (punycode) host; the input unchanged if it has no
// "xn--" label or does not decode.
std::string to_unicode(std::string_view ascii_host);

// ASCII form (lower case, punycode) of a host given in any case and either
// form; std::nullopt-like empty string when it is not a valid IDN.
std::string to_ascii(std::string_view host);

}  // namespace sauatty::url
