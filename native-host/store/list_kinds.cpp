#include "store/list_kinds.h"

#include "credibility/importers.h"
#include "lists/tracker_rules.h"

namespace sauatty::store {

std::optional<ListFamily> list_family(std::string_view kind) {
  if (kind == "filters" || kind == "hosts" || kind == "disconnect") return ListFamily::kTrackers;
  if (credibility::parse_import_format(kind)) return ListFamily::kCredibility;
  return std::nullopt;
}

bool add_import(LoadOptions& options, std::string_view kind, const std::filesystem::path& path) {
  auto family = list_family(kind);
  if (!family) return false;
  if (*family == ListFamily::kTrackers) {
    options.tracker_imports.push_back({std::string(kind), path});
  } else {
    options.credibility_imports.push_back({std::string(kind), path});
  }
  return true;
}

std::expected<std::size_t, std::string> verify_list(std::string_view kind, std::string_view bytes) {
  auto family = list_family(kind);
  if (!family) return std::unexpected("unknown list kind '" + std::string(kind) + "'");
  if (*family == ListFamily::kCredibility) {
    auto imported = credibility::import_list(*credibility::parse_import_format(kind), kind, bytes);
    if (!imported) return std::unexpected(imported.error());
    return imported->list.entries.size();
  }
  lists::TrackerRulesBuilder builder;
  if (kind == "disconnect") {
    auto report = builder.add_disconnect_json(kind, bytes);
    if (!report) return std::unexpected(report.error());
    return report->filters;
  }
  auto report =
      kind == "hosts" ? builder.add_hosts_text(kind, bytes) : builder.add_filter_text(kind, bytes);
  return report.filters;
}

}  // namespace sauatty::store
