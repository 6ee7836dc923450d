// Ghostery's TrackerDB, as the npm package @ghostery/trackerdb publishes it
// (dist/trackerdb.json): who runs which tracker domain. Read into the entity
// map only, as Tracker Radar is (lists/tracker_radar.h).
//
//   {"categories": {"advertising": {…}, …},
//    "organizations": {"ORG": {"name", "country", "website_url", …}, …},
//    "patterns": {"PATTERN": {"name", "category", "organization": "ORG" | null,
//                             "domains": ["…"], "filters": ["…"]}, …},
//    "domains": {"DOMAIN": "PATTERN", …}}
//
// Each pair of `domains` files DOMAIN under the pattern's organization
// (its name and country), or, for a pattern with none, under the pattern's
// own name; a name that is only a host name ("congstar.de") is no company's
// and leaves the domain unnamed. Patterns of category "hosting" (Amazon
// CloudFront, Akamai) serve anyone's files and are left out, as are public
// suffixes. Categories map to ours (trackerdb_category). Licence: CC BY-NC-SA
// 4.0: read at run time from the user's copy, never shipped (docs/LISTS.md).
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "engine/entity_map.h"
#include "lists/filter_list.h"

namespace sauatty::lists {

// Reads the file's text into `entities` under source `name`. The report
// (kind "trackerdb") counts the `domains` pairs as lines, those filed as
// `domains`, each one left out as a skip with why. The error says what is
// malformed: not JSON, or no `domains` / `patterns` / `organizations`
// object.
std::expected<ListReport, std::string> read_trackerdb(engine::EntityMap::Builder& entities,
                                                      std::string_view name, std::string_view text);

// Our category for a TrackerDB category; "" for those that say nothing of
// tracking ("misc", "utilities", "extensions", "hosting").
std::string_view trackerdb_category(std::string_view category);

}  // namespace sauatty::lists
