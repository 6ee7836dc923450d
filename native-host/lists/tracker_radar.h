// DuckDuckGo's Tracker Radar entity data, as its blocklist publishes it
// (extension-tds.json, format v6): who owns which domain. Read into the
// entity map only; its block rules are not taken (the filter lists decide
// what is a tracker; this says whose it is).
//
//   {"trackers": {"DOMAIN": {"owner": {"name", "displayName"},
//                            "categories": ["Advertising", …], …}, …},
//    "entities": {"NAME": {"displayName": "…", "domains": ["…", …]}, …},
//    "domains":  {"DOMAIN": "NAME", …},
//    "cnames": {…}}
//
// Each pair of `domains` files DOMAIN under its entity: the entity's
// displayName, or its key when the displayName is only a host name
// ("Amazon.com" → "Amazon Technologies, Inc."); an entity with neither a
// company name is left out (is_company_name), as are public suffixes
// (cloudfront.net: anyone's files). A domain that is also in `trackers` gets
// that entry's categories mapped to ours (tracker_radar_category), else
// none. Licence: CC BY-NC-SA 4.0, so the file is read at run time and never
// shipped (docs/LISTS.md).
#pragma once

#include <expected>
#include <span>
#include <string>
#include <string_view>

#include "engine/entity_map.h"
#include "lists/filter_list.h"

namespace sauatty::lists {

// Reads the file's text into `entities` under source `name`. The report
// (kind "tracker-radar") counts the `domains` pairs as lines, those filed
// as `domains`, and each one left out as a skip with why. The error says
// what is malformed: not JSON, or no `domains` / `entities` object.
std::expected<ListReport, std::string> read_tracker_radar(engine::EntityMap::Builder& entities,
                                                          std::string_view name,
                                                          std::string_view text);

// One of our categories for a Tracker Radar tracker's categories, the most
// telling first (session-replay, advertising, analytics, social,
// tag-manager, content); "" when none maps ("CDN", "SSO", "Malware", …).
std::string_view tracker_radar_category(std::span<const std::string> categories);

}  // namespace sauatty::lists
