// Disconnect's entities.json (beside its services.json): each company with
// its own sites ("properties") and the domains it serves from
// ("resources"), as Firefox uses it to tell a site's own requests from
// trackers. Read into the entity map only, with no category (the file says
// none):
//
//   {"license": "…", "entities": {"NAME": {"properties": ["…"], "resources": ["…"]}, …}}
//
// An entity named only by a host name ("1film.to") leaves its domains
// unnamed; public suffixes are left out (entity_json.h). Licence: CC BY-NC-SA
// 4.0: read at run time, never shipped (docs/LISTS.md).
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "engine/entity_map.h"
#include "lists/filter_list.h"

namespace sauatty::lists {

// Reads the file's text into `entities` under source `name`. The report
// (kind "disconnect-entities") counts every domain listed as a line, those
// filed as `domains`. The error says what is malformed: not JSON, or no
// `entities` object.
std::expected<ListReport, std::string> read_disconnect_entities(
    engine::EntityMap::Builder& entities, std::string_view name, std::string_view text);

}  // namespace sauatty::lists
