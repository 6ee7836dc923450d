// Turns a request as the browser or a test corpus gives it (URL, page URL,
// type name) into the pre-digested engine::Request: lower-cased URL, host,
// registrable domains and party. URL parsing is url/'s; a URL it refuses
// ("http://" with no host, as some corpus rows have) is still digested
// leniently so that URL-only filters can match it.
#pragma once

#include <string>
#include <string_view>

#include "engine/request.h"
#include "url/url.h"

namespace sauatty::lists {

struct DigestedRequest {
  std::string url;           // lower case
  std::string url_original;  // as normalized by url::parse, case kept
  std::string host;
  std::string domain;
  std::string page_host;
  std::string page_domain;
  engine::TypeBit type = engine::kTypeOther;
  engine::Party party = engine::Party::kUnknown;
  bool url_parsed = false;  // url::parse accepted the URL

  // Views into this object: valid while it lives and is not modified.
  engine::Request view() const;
};

// Digests into `out`, reusing its buffers. `page` may be empty (no page).
void digest_request(std::string_view url, std::string_view page, std::string_view type,
                    DigestedRequest& out);

// Same, from URLs url::parse() already accepted; `page` may be host-less
// (then the party is unknown).
void digest_request(const url::Url& request, const url::Url& page, std::string_view type,
                    DigestedRequest& out);

// The same request as digest_request() gives from the parsed URLs, without
// copying them: views into `request` and `page`, and into `lower_url`,
// which receives the request's URL lower-cased (its buffer reused, so a
// steady stream allocates nothing). Valid while the three are unchanged.
engine::Request request_view(const url::Url& request, const url::Url& page, std::string_view type,
                             std::string& lower_url);

}  // namespace sauatty::lists
