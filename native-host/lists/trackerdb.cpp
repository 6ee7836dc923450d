#include "lists/trackerdb.h"

#include "lists/entity_json.h"

namespace sauatty::lists {
namespace {

using entity_json::Json;

const Json* object_member(const Json& object, const std::string& key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

}  // namespace

std::string_view trackerdb_category(std::string_view category) {
  // TrackerDB's categories (its README) → ours (rules/trackers/README.md).
  if (category == "advertising" || category == "pornvertising") return "advertising";
  if (category == "site_analytics") return "analytics";
  if (category == "social_media") return "social";
  if (category == "consent") return "consent";
  if (category == "customer_interaction" || category == "audio_video_player") return "content";
  return {};
}

std::expected<ListReport, std::string> read_trackerdb(engine::EntityMap::Builder& entities,
                                                      std::string_view name,
                                                      std::string_view text) {
  auto json = entity_json::decode_object(text, name);
  if (!json) return std::unexpected(json.error());
  for (const char* key : {"domains", "patterns", "organizations"}) {
    if (object_member(*json, key) == nullptr) {
      return std::unexpected(std::string(name) + ": no \"" + key + "\" object");
    }
  }
  const Json& patterns = *object_member(*json, "patterns");
  const Json& organizations = *object_member(*json, "organizations");

  ListReport report;
  report.name = name;
  report.kind = "trackerdb";
  entity_json::EntityFiler filer(entities, report, name);
  for (const auto& [domain, pattern_id] : object_member(*json, "domains")->items()) {
    const Json* pattern =
        pattern_id.is_string() ? object_member(patterns, pattern_id.get<std::string>()) : nullptr;
    if (pattern == nullptr) {
      ++report.lines;
      report.count_skip(engine::SkipReason::kBadOption, 0, "no pattern", domain);
      continue;
    }
    std::string category = entity_json::string_field(*pattern, "category");
    if (category == "hosting") {
      ++report.lines;
      report.count_skip(engine::SkipReason::kUnsupportedOption, 0);
      ++report.skipped_options["hosting"];
      continue;
    }
    std::string company, country;
    if (const Json* org =
            object_member(organizations, entity_json::string_field(*pattern, "organization"))) {
      company = entity_json::string_field(*org, "name");
      country = entity_json::string_field(*org, "country");
    }
    filer.file(domain, company, entity_json::string_field(*pattern, "name"), country,
               trackerdb_category(category));
  }
  return report;
}

}  // namespace sauatty::lists
