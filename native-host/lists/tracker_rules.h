// Tracker rules as the host uses them: one frozen Engine over every loaded
// list, the entity map that says who is behind a tracker domain, and what
// each reader reported. Built by TrackerRulesBuilder from any mix of
// Adblock Plus lists, hosts files, Disconnect's services.json and
// entities.json, DuckDuckGo's Tracker Radar, Ghostery's TrackerDB and our own
// rules/trackers/entities.json. Entity data is
// first come, first kept: a domain already filed keeps its company.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/entity_map.h"
#include "lists/filter_list.h"

namespace sauatty::lists {

struct TrackerRules {
  engine::Engine engine;
  engine::EntityMap entities;
  std::vector<ListReport> reports;
  double build_ms = 0;  // parse + index, all lists
};

// The entity of a hit no entity data knows: on another site, and on the
// page's own site (a first-party request a list blocks: the site's own
// ads or counter).
inline constexpr std::string_view kUnknownEntity = "unknown";
inline constexpr std::string_view kThisSite = "this site";

// Everything a report of one request needs, in plain strings.
struct Attribution {
  bool matched = false;    // some filter decided (block or exception)
  bool blocked = false;    // a block filter decided
  bool exception = false;  // an @@ filter allowed it
  std::string rule;        // text of the deciding filter
  std::string list;        // its list's name
  std::string entity;      // company; when a filter matched but no entry knows the host,
                           // kThisSite (first party) or kUnknownEntity
  std::string category;    // from the entity map, else empty
  std::string country;     // ISO code or empty
  std::string domain;      // entity-map entry that matched, or empty
};

inline constexpr std::string_view kEntityDataKinds[] = {"tracker-radar", "disconnect-entities",
                                                        "trackerdb"};
bool is_entity_data_kind(std::string_view kind);

class TrackerRulesBuilder {
 public:
  // Adblock Plus / EasyList text.
  ListReport add_filter_text(std::string_view name, std::string_view text);
  // A filter file by path, streamed (load_filter_file: never in memory
  // whole); the error names the file, and the builder is then to be
  // discarded (it may hold part of the list).
  std::expected<ListReport, std::string> add_filter_file(const std::filesystem::path& path);
  // Hosts file or plain domain list.
  ListReport add_hosts_text(std::string_view name, std::string_view text);
  // Our rules/trackers/entities.json (format "sauatty-entities/1"): each
  // tracker domain becomes `||domain^$third-party` in the list the file
  // names, and an entity-map entry with its category; `named` domains are
  // entity-map entries with their category and no filter; properties are
  // entity-map entries with no category. The error says what is malformed.
  std::expected<ListReport, std::string> add_entities_json(std::string_view text);
  // Disconnect's services.json: each domain becomes `||domain^$third-party`
  // in list `name`, and an entity-map entry with the category mapped to ours
  // (Advertising → advertising, FingerprintingInvasive → fingerprinting, …).
  std::expected<ListReport, std::string> add_disconnect_json(std::string_view name,
                                                             std::string_view text);

  // Entity data: entity-map entries, no filters. `kind` is one of
  // kEntityDataKinds: "tracker-radar" (DuckDuckGo's extension-tds.json,
  // lists/tracker_radar.h), "disconnect-entities" (Disconnect's
  // entities.json, lists/disconnect_entities.h), "trackerdb" (Ghostery's
  // trackerdb.json, lists/trackerdb.h). The error says what is malformed.
  std::expected<ListReport, std::string> add_entity_data(std::string_view kind,
                                                         std::string_view name,
                                                         std::string_view text);

  // Freezes everything added so far; the builder is empty afterwards.
  TrackerRules finish();

 private:
  engine::EngineBuilder engine_;
  engine::EntityMap::Builder entities_;
  std::vector<ListReport> reports_;
  double build_ms_ = 0;
};

// Fills an Attribution from a decision on a request to `host`;
// `first_party` when the request is on the page's own site.
Attribution attribute(const TrackerRules& rules, const engine::Decision& decision,
                      std::string_view host, bool first_party = false);

}  // namespace sauatty::lists
