// What the engine is asked about: one sub-resource request, already digested
// by the caller (URL parsing, lower-casing and the registrable domains live in
// url/, outside the engine, so that matching stays pure and allocation-free).
#pragma once

#include <cstdint>
#include <string_view>

namespace sauatty::engine {

// Resource types, one bit each. Names follow Adblock Plus filter options;
// webRequest names map onto them through type_from_name().
enum TypeBit : std::uint16_t {
  kTypeOther = 1u << 0,
  kTypeScript = 1u << 1,
  kTypeImage = 1u << 2,
  kTypeStylesheet = 1u << 3,
  kTypeObject = 1u << 4,
  kTypeXhr = 1u << 5,  // xmlhttprequest, fetch
  kTypeSubdocument = 1u << 6,
  kTypePing = 1u << 7,  // ping, beacon
  kTypeMedia = 1u << 8,
  kTypeFont = 1u << 9,
  kTypeWebsocket = 1u << 10,
  kTypeDocument = 1u << 11,  // main_frame; never implied by a filter with no type
  kTypePopup = 1u << 12,     // only ever named explicitly; no request has it
};
using TypeMask = std::uint16_t;

// Every type a filter with no type option applies to: all but document and
// popup (Adblock Plus semantics; uBlock Origin agrees for sub-resources).
inline constexpr TypeMask kDefaultTypes = 0x07ff;
inline constexpr TypeMask kAllTypes = 0x1fff;

// Type of a request from its webRequest / Adblock Plus name ("script",
// "xmlhttprequest", "xhr", "fetch", "sub_frame", "subdocument", "main_frame",
// "beacon", "csp_report", …). Unknown names are kTypeOther; never fails.
TypeBit type_from_name(std::string_view name);

// First/third party as the caller judged it (registrable domains differ).
// kUnknown when there is no page (a request with no initiator, or a page URL
// with no host): then neither $third-party nor $first-party excludes it, which
// is what the Brave and uBlock Origin test corpora expect.
enum class Party : std::uint8_t { kUnknown, kFirst, kThird };

// One request. Every view must outlive the match call that reads it; none is
// copied. `url` is the whole URL with scheme and host in lower case and the
// rest lower-cased too (filters without $match-case ignore case);
// `url_original` is the same URL before lower-casing, read only by the few
// $match-case filters (pass `url` again when the case is not known). `host`
// must occur in `url` right after "scheme://". The page fields are empty when
// there is no page.
struct Request {
  std::string_view url;
  std::string_view url_original;
  std::string_view host;
  std::string_view domain;  // registrable domain of host
  std::string_view page_host;
  std::string_view page_domain;  // registrable domain of page_host
  TypeBit type = kTypeOther;
  Party party = Party::kUnknown;
};

}  // namespace sauatty::engine
