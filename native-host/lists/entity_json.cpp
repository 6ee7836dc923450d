#include "lists/entity_json.h"

#include "url/url.h"

namespace sauatty::lists::entity_json {

std::expected<Json, std::string> decode_object(std::string_view text, std::string_view what) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::unexpected(std::string(what) + ": not valid JSON");
  if (!json.is_object()) return std::unexpected(std::string(what) + ": not a JSON object");
  return json;
}

std::string string_field(const Json& object, const char* key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::string normalize_host(std::string_view host) {
  std::string out(host);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  while (!out.empty() && out.back() == '.') out.pop_back();
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  return out;
}

bool plausible_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

namespace {

// `host` is `domain` or one of its subdomains.
bool within(std::string_view host, std::string_view domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

}  // namespace

bool is_company_name(std::string_view name, std::string_view domain) {
  std::string host = normalize_host(name);
  return !host.empty() && !within(host, domain) && !within(domain, host);
}

bool is_public_suffix(std::string_view domain) {
  if (domain.empty()) return false;
  // A child of a public suffix is a registrable domain of its own.
  std::string child = "sauatty-probe." + std::string(domain);
  return url::registrable_domain(child) == child;
}

void EntityFiler::skip_by_design(const char* why) {
  report_.count_skip(engine::SkipReason::kUnsupportedOption, 0);
  ++report_.skipped_options[why];
}

bool EntityFiler::file(std::string_view domain_text, std::string_view name,
                       std::string_view fallback, std::string_view country,
                       std::string_view category) {
  ++report_.lines;
  std::string domain = normalize_host(domain_text);
  if (!plausible_host(domain)) {
    report_.count_skip(engine::SkipReason::kBadOption, 0, "not a host name", domain_text);
    return false;
  }
  std::string_view company = is_company_name(name, domain) ? name : fallback;
  if (!is_company_name(company, domain)) {
    skip_by_design("no company name");
    return false;
  }
  if (is_public_suffix(domain)) {
    skip_by_design("public suffix");
    return false;
  }
  auto id = ids_.find(std::string(company));
  if (id == ids_.end()) {
    id = ids_.emplace(std::string(company), entities_.add_entity(company, country, source_)).first;
  }
  entities_.add_domain(domain, id->second, category);
  ++report_.domains;
  return true;
}

}  // namespace sauatty::lists::entity_json
