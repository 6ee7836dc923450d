// URL parsing: scheme, host (IDNA, IPv4/IPv6), registrable domain.
#include "fuzz/fuzz_driver.h"
#include "url/url.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  auto url = url::parse(input);
  if (!url) {
    check(!url::error_code(url.error()).empty(), "an error has a code");
    return;
  }
  check(url->registrable_domain.size() <= url->host.size() || url->host.empty(),
        "the registrable domain is part of the host");
  check(url->normalized.size() <= url::kMaxUrlLength + 64, "normalized URL bounded");
  (void)url::is_third_party(*url, *url);
  (void)url::to_unicode(url->host);
}

}  // namespace sauatty::fuzz
