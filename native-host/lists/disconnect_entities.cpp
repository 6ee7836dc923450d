#include "lists/disconnect_entities.h"

#include "lists/entity_json.h"

namespace sauatty::lists {

std::expected<ListReport, std::string> read_disconnect_entities(
    engine::EntityMap::Builder& entities, std::string_view name, std::string_view text) {
  auto json = entity_json::decode_object(text, name);
  if (!json) return std::unexpected(json.error());
  auto list = json->find("entities");
  if (list == json->end() || !list->is_object()) {
    return std::unexpected(std::string(name) + ": no \"entities\" object");
  }
  ListReport report;
  report.name = name;
  report.kind = "disconnect-entities";
  entity_json::EntityFiler filer(entities, report, name);
  for (const auto& [company, entry] : list->items()) {
    if (!entry.is_object()) continue;
    for (const char* key : {"resources", "properties"}) {
      auto domains = entry.find(key);
      if (domains == entry.end() || !domains->is_array()) continue;
      for (const auto& domain : *domains) {
        if (!domain.is_string()) {
          ++report.lines;
          report.count_skip(engine::SkipReason::kBadOption, 0, "not a host name", company);
          continue;
        }
        filer.file(domain.get_ref<const std::string&>(), company, {}, "", "");
      }
    }
  }
  return report;
}

}  // namespace sauatty::lists
