#include "lists/tracker_radar.h"

#include <vector>

#include "lists/entity_json.h"

namespace sauatty::lists {
namespace {

using entity_json::Json;

// Tracker Radar's categories
// (https://github.com/duckduckgo/tracker-radar/blob/main/docs/CATEGORIES.md)
// → ours (rules/trackers/README.md), in order of precedence.
struct CategoryRule {
  std::string_view theirs;
  std::string_view ours;
};
constexpr CategoryRule kCategories[] = {
    {"Session Replay", "session-replay"},
    {"Advertising", "advertising"},
    {"Ad Motivated Tracking", "advertising"},
    {"Action Pixels", "advertising"},
    {"Ad Fraud", "advertising"},
    {"Audience Measurement", "analytics"},
    {"Analytics", "analytics"},
    {"Third-Party Analytics Marketing", "analytics"},
    {"Social Network", "social"},
    {"Social - Comment", "social"},
    {"Social - Share", "social"},
    {"Tag Manager", "tag-manager"},
    {"Embedded Content", "content"},
    {"Badge", "content"},
    {"Support Chat Widget", "content"},
};

// Entity `key`'s displayName, or "".
std::string display_name(const Json& entities, const std::string& key) {
  auto it = entities.find(key);
  return it != entities.end() && it->is_object() ? entity_json::string_field(*it, "displayName")
                                                 : std::string();
}

std::vector<std::string> categories_of(const Json& trackers, const std::string& domain) {
  std::vector<std::string> out;
  auto it = trackers.find(domain);
  if (it == trackers.end() || !it->is_object()) return out;
  auto list = it->find("categories");
  if (list == it->end() || !list->is_array()) return out;
  for (const Json& c : *list) {
    if (c.is_string()) out.push_back(c.get<std::string>());
  }
  return out;
}

}  // namespace

std::string_view tracker_radar_category(std::span<const std::string> categories) {
  for (const CategoryRule& rule : kCategories) {
    for (const std::string& c : categories) {
      if (c == rule.theirs) return rule.ours;
    }
  }
  return {};
}

std::expected<ListReport, std::string> read_tracker_radar(engine::EntityMap::Builder& entities,
                                                          std::string_view name,
                                                          std::string_view text) {
  auto json = entity_json::decode_object(text, name);
  if (!json) return std::unexpected(json.error());
  auto domains = json->find("domains");
  auto entity_list = json->find("entities");
  if (domains == json->end() || !domains->is_object()) {
    return std::unexpected(std::string(name) + ": no \"domains\" object");
  }
  if (entity_list == json->end() || !entity_list->is_object()) {
    return std::unexpected(std::string(name) + ": no \"entities\" object");
  }
  static const Json kNone = Json::object();
  auto trackers_it = json->find("trackers");
  const Json& trackers =
      trackers_it != json->end() && trackers_it->is_object() ? *trackers_it : kNone;

  ListReport report;
  report.name = name;
  report.kind = "tracker-radar";
  entity_json::EntityFiler filer(entities, report, name);
  for (const auto& [domain, owner] : domains->items()) {
    if (!owner.is_string()) {
      ++report.lines;
      report.count_skip(engine::SkipReason::kBadOption, 0, "no entity", domain);
      continue;
    }
    const std::string& key = owner.get_ref<const std::string&>();
    auto categories = categories_of(trackers, domain);
    filer.file(domain, display_name(*entity_list, key), key, "",
               tracker_radar_category(categories));
  }
  return report;
}

}  // namespace sauatty::lists
