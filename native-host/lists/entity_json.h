// Shared by the readers of JSON entity data (our rules/trackers/entities.json,
// Disconnect's services.json, DuckDuckGo's Tracker Radar, Ghostery's
// TrackerDB): decoding, and the checks every name and domain they carry must
// pass before it goes into the entity map.
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/entity_map.h"
#include "lists/filter_list.h"

namespace sauatty::lists::entity_json {

using Json = nlohmann::json;

// The one place these readers decode JSON text: no exception leaves it. The
// error is "WHAT: not valid JSON" or "WHAT: not a JSON object".
std::expected<Json, std::string> decode_object(std::string_view text, std::string_view what);

// object[key] when it is a string, else "".
std::string string_field(const Json& object, const char* key);

// Lower case, without leading or trailing dots.
std::string normalize_host(std::string_view host);

// 1-253 bytes of [a-z0-9._-] (after normalize_host).
bool plausible_host(std::string_view host);

// Whether `name` can be shown as the company behind `domain`: not empty,
// and not the domain repeated ("congstar.de" for congstar.de, "Sohu.com" for
// js.sohu.com, "whos.amung.us" for amung.us), which would tell the user
// nothing. Published data sets name
// some entities so; their readers then try another name the entry gives,
// or leave the domain unnamed. A brand that reads like a domain is a name
// for the others ("Nugg.ad" for nuggad.net, "Amazon.com" for amazon.de).
bool is_company_name(std::string_view name, std::string_view domain);

// Whether `domain` is a public suffix, the private section included
// (cloudfront.net, github.io, azurewebsites.net): hosting that serves
// anyone's sites. Data sets file such domains under the hosting company,
// which would name it for every customer's tracker; readers skip them.
bool is_public_suffix(std::string_view domain);

// Files the domains of one data set in the entity map, with the checks
// above, counting in its report: `lines` for each domain offered, `domains`
// for each filed; one that is not a host name is a warning (kBadOption), a
// public suffix or an entity with no company name a skip by design (counted
// under its reason in `skipped_options`).
class EntityFiler {
 public:
  EntityFiler(engine::EntityMap::Builder& entities, ListReport& report, std::string_view source)
      : entities_(entities), report_(report), source_(source) {}

  // `name` is tried first, then `fallback`; the first that is a company's
  // name for the domain (is_company_name) is the entity's. Returns whether the domain was filed.
  bool file(std::string_view domain_text, std::string_view name, std::string_view fallback,
            std::string_view country, std::string_view category);

 private:
  void skip_by_design(const char* why);
  engine::EntityMap::Builder& entities_;
  ListReport& report_;
  std::string source_;
  std::unordered_map<std::string, std::uint32_t> ids_;  // company name → entity id
};

}  // namespace sauatty::lists::entity_json
