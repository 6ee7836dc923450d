#include "lists/request_digest.h"

#include "url/ascii.h"
#include "url/url.h"

namespace sauatty::lists {
namespace {

engine::Party party_of(std::string_view host, std::string_view domain, std::string_view page_host,
                       std::string_view page_domain) {
  if (page_host.empty() || host.empty()) return engine::Party::kUnknown;
  return domain == page_domain ? engine::Party::kFirst : engine::Party::kThird;
}

// Host and registrable domain of `text`, by url::parse or, when it refuses,
// by hand: the text between "://" and the next '/', '?', '#' or ':'.
bool split(std::string_view text, std::string& normalized, std::string& host, std::string& domain) {
  auto parsed = url::parse(text);
  if (parsed) {
    normalized = std::move(parsed->normalized);
    host = std::move(parsed->host);
    domain = std::move(parsed->registrable_domain);
    return true;
  }
  normalized.assign(text.substr(0, url::kMaxUrlLength));
  host.clear();
  domain.clear();
  std::size_t scheme = normalized.find("://");
  if (scheme != std::string::npos) {
    std::size_t begin = scheme + 3;
    std::size_t end = normalized.find_first_of("/?#:", begin);
    host = normalized.substr(begin, end == std::string::npos ? end : end - begin);
    for (char& c : host) c = url::ascii_lower(c);
    if (!host.empty()) domain = url::registrable_domain(host);
  }
  return false;
}

}  // namespace

engine::Request DigestedRequest::view() const {
  return engine::Request{url, url_original, host, domain, page_host, page_domain, type, party};
}

void digest_request(std::string_view url, std::string_view page, std::string_view type,
                    DigestedRequest& out) {
  out.url_parsed = split(url, out.url_original, out.host, out.domain);
  url::lower_ascii_into(out.url_original, out.url);
  std::string page_url;
  if (page.empty()) {
    out.page_host.clear();
    out.page_domain.clear();
  } else {
    split(page, page_url, out.page_host, out.page_domain);
  }
  out.type = engine::type_from_name(type);
  out.party = party_of(out.host, out.domain, out.page_host, out.page_domain);
}

void digest_request(const url::Url& request, const url::Url& page, std::string_view type,
                    DigestedRequest& out) {
  out.url_parsed = true;
  out.url_original = request.normalized;
  url::lower_ascii_into(out.url_original, out.url);
  out.host = request.host;
  out.domain = request.registrable_domain;
  out.page_host = page.host;
  out.page_domain = page.registrable_domain;
  out.type = engine::type_from_name(type);
  out.party = party_of(out.host, out.domain, out.page_host, out.page_domain);
}

engine::Request request_view(const url::Url& request, const url::Url& page, std::string_view type,
                             std::string& lower_url) {
  url::lower_ascii_into(request.normalized, lower_url);
  return engine::Request{
      lower_url,
      request.normalized,
      request.host,
      request.registrable_domain,
      page.host,
      page.registrable_domain,
      engine::type_from_name(type),
      party_of(request.host, request.registrable_domain, page.host, page.registrable_domain)};
}

}  // namespace sauatty::lists
