// URL parsing: scheme, host (IDNA, IPv4/IPv6), registrable domain; parse()'s
// fast path and host cache, and has_host(), against parse_reference().
#include "fuzz/fuzz_driver.h"
#include "url/url.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  auto url = url::parse(input);
  auto reference = url::parse_reference(input);
  check(url.has_value() == reference.has_value(),
        "parse and parse_reference both accept or refuse");
  check(url::has_host(input) == (reference && reference->kind != url::HostKind::kNone),
        "has_host is the reference's parse with a host");
  if (!url) {
    check(url.error() == reference.error(), "parse and parse_reference refuse alike");
    check(!url::error_code(url.error()).empty(), "an error has a code");
    return;
  }
  check(url->scheme == reference->scheme && url->host == reference->host &&
            url->host_unicode == reference->host_unicode &&
            url->registrable_domain == reference->registrable_domain &&
            url->kind == reference->kind && url->port == reference->port &&
            url->path_query == reference->path_query && url->normalized == reference->normalized,
        "parse and parse_reference agree on every field");
  check(url->registrable_domain.size() <= url->host.size() || url->host.empty(),
        "the registrable domain is part of the host");
  // url.h: every accepted URL's normalized form is within the bound.
  check(url->normalized.size() <= url::kMaxUrlLength, "normalized URL bounded");
  (void)url::is_third_party(*url, *url);
  (void)url::to_unicode(url->host);
}

}  // namespace sauatty::fuzz
