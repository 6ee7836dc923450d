#include "lists/tracker_rules.h"

#include <chrono>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "lists/disconnect_entities.h"
#include "lists/entity_json.h"
#include "lists/tracker_radar.h"
#include "lists/trackerdb.h"

namespace sauatty::lists {
namespace {

using entity_json::decode_object;
using entity_json::Json;
using entity_json::plausible_host;
using entity_json::string_field;

// Disconnect's category names → ours (docs/ENGINE.md).
std::string_view disconnect_category(std::string_view name) {
  if (name == "Advertising") return "advertising";
  if (name == "Analytics") return "analytics";
  if (name == "Social") return "social";
  if (name == "Content") return "content";
  if (name == "Cryptomining") return "cryptomining";
  if (name == "Email" || name == "EmailAggressive") return "email";
  if (name.starts_with("Fingerprinting")) return "fingerprinting";
  if (name == "ConsentManagers") return "consent";
  if (name == "Anti-fraud") return "anti-fraud";
  return {};  // "Disconnect" (its own older catch-all) and anything new
}

}  // namespace

ListReport TrackerRulesBuilder::add_filter_text(std::string_view name, std::string_view text) {
  auto start = std::chrono::steady_clock::now();
  ListReport report = read_filter_list(engine_, name, text);
  build_ms_ +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  reports_.push_back(report);
  return report;
}

std::expected<ListReport, std::string> TrackerRulesBuilder::add_filter_file(
    const std::filesystem::path& path) {
  auto start = std::chrono::steady_clock::now();
  auto report = load_filter_file(engine_, path);
  build_ms_ +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!report) return std::unexpected(report.error());
  reports_.push_back(*report);
  return report;
}

ListReport TrackerRulesBuilder::add_hosts_text(std::string_view name, std::string_view text) {
  ListReport report = read_hosts_list(engine_, name, text);
  reports_.push_back(report);
  return report;
}

std::expected<ListReport, std::string> TrackerRulesBuilder::add_entities_json(
    std::string_view text) {
  auto json = decode_object(text, "entities.json");
  if (!json) return std::unexpected(json.error());
  if (string_field(*json, "format") != "sauatty-entities/1") {
    return std::unexpected("entities.json: format is not \"sauatty-entities/1\"");
  }
  auto list_entities = json->find("entities");
  if (list_entities == json->end() || !list_entities->is_array()) {
    return std::unexpected("entities.json: \"entities\" is not an array");
  }
  ListReport report;
  report.name = string_field(*json, "list");
  if (report.name.empty()) report.name = "sauatty-trackers";
  report.kind = "trackers";
  engine::ListId list = engine_.add_list(report.name);
  for (const Json& item : *list_entities) {
    ++report.lines;
    if (!item.is_object() || string_field(item, "name").empty()) {
      report.count_skip(engine::SkipReason::kBadOption, 0, "an entity without a name");
      continue;
    }
    std::uint32_t entity = entities_.add_entity(
        string_field(item, "name"), string_field(item, "country"), string_field(item, "source"));
    // Tracker domains become filters; `named` domains (a data set's, as
    // rules/trackers/third-party-web.json) are names only: a list decides
    // what is blocked. Both carry a category.
    auto file_domains = [&](const Json& domains, bool as_filters) {
      for (const auto& [domain_text, category] : domains.items()) {
        std::string domain = entity_json::normalize_host(domain_text);
        if (!plausible_host(domain) || !category.is_string()) {
          report.count_skip(engine::SkipReason::kBadOption, 0,
                            category.is_string() ? "not a host name" : "no category", domain_text);
          continue;
        }
        entities_.add_domain(domain, entity, category.get<std::string>());
        ++report.domains;
        if (as_filters && engine_.add_line("||" + domain + "^$third-party", list)) {
          ++report.filters;
        }
      }
    };
    if (auto trackers = item.find("trackers"); trackers != item.end() && trackers->is_object()) {
      file_domains(*trackers, true);
    }
    if (auto named = item.find("named"); named != item.end() && named->is_object()) {
      file_domains(*named, false);
    }
    if (auto properties = item.find("properties");
        properties != item.end() && properties->is_array()) {
      for (const Json& property : *properties) {
        if (!property.is_string()) continue;
        std::string domain = entity_json::normalize_host(property.get<std::string>());
        if (!plausible_host(domain)) continue;
        entities_.add_domain(domain, entity, "");
        ++report.domains;
      }
    }
  }
  reports_.push_back(report);
  return report;
}

std::expected<ListReport, std::string> TrackerRulesBuilder::add_disconnect_json(
    std::string_view name, std::string_view text) {
  auto json = decode_object(text, name);
  if (!json) return std::unexpected(json.error());
  auto categories = json->find("categories");
  if (categories == json->end() || !categories->is_object()) {
    return std::unexpected(std::string(name) + ": no \"categories\" object");
  }
  ListReport report;
  report.name = name;
  report.kind = "disconnect";
  engine::ListId list = engine_.add_list(name);
  for (const auto& [category_name, entries] : categories->items()) {
    std::string_view category = disconnect_category(category_name);
    if (!entries.is_array()) continue;
    for (const Json& entry : entries) {
      if (!entry.is_object()) continue;
      for (const auto& [entity_name, sites] : entry.items()) {
        if (!sites.is_object()) continue;
        std::uint32_t entity = entities_.add_entity(entity_name, "", name);
        for (const auto& [homepage, domains] : sites.items()) {
          // String values ("session-replay": "true") are tags, not domains.
          if (!domains.is_array()) continue;
          for (const Json& d : domains) {
            ++report.lines;
            if (!d.is_string()) continue;
            std::string domain = entity_json::normalize_host(d.get<std::string>());
            if (!plausible_host(domain)) {
              report.count_skip(engine::SkipReason::kBadOption, 0, "not a host name",
                                d.get<std::string>());
              continue;
            }
            // A domain its entity's name only repeats ("1film.to") is left
            // unnamed: still a filter, and another source may name it.
            if (entity_json::is_company_name(entity_name, domain) &&
                !entity_json::is_public_suffix(domain)) {
              entities_.add_domain(domain, entity, category);
              ++report.domains;
            }
            if (engine_.add_line("||" + domain + "^$third-party", list)) ++report.filters;
          }
        }
      }
    }
  }
  reports_.push_back(report);
  return report;
}

bool is_entity_data_kind(std::string_view kind) {
  for (std::string_view k : kEntityDataKinds) {
    if (k == kind) return true;
  }
  return false;
}

std::expected<ListReport, std::string> TrackerRulesBuilder::add_entity_data(std::string_view kind,
                                                                            std::string_view name,
                                                                            std::string_view text) {
  std::expected<ListReport, std::string> report;
  if (kind == "tracker-radar") {
    report = read_tracker_radar(entities_, name, text);
  } else if (kind == "disconnect-entities") {
    report = read_disconnect_entities(entities_, name, text);
  } else if (kind == "trackerdb") {
    report = read_trackerdb(entities_, name, text);
  } else {
    return std::unexpected("unknown entity data kind '" + std::string(kind) + "'");
  }
  if (report) reports_.push_back(*report);
  return report;
}

TrackerRules TrackerRulesBuilder::finish() {
  auto start = std::chrono::steady_clock::now();
  TrackerRules rules;
  rules.engine = engine_.finish();
  rules.entities = entities_.finish();
  rules.reports = std::move(reports_);
  reports_.clear();
  build_ms_ +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  rules.build_ms = build_ms_;
  build_ms_ = 0;
#if defined(__GLIBC__)
  // Parsing leaves ~10 MB of freed small blocks in the heap (one per filter
  // line); hand them back so the host's RSS is what the engine holds.
  malloc_trim(0);
#endif
  return rules;
}

Attribution attribute(const TrackerRules& rules, const engine::Decision& decision,
                      std::string_view host, bool first_party) {
  Attribution out;
  if (!decision.matched()) return out;
  out.matched = true;
  out.blocked = decision.block;
  out.exception = decision.exception;
  out.rule = rules.engine.filter_text(decision.filter);
  out.list = rules.engine.list_name(rules.engine.filter_list(decision.filter));
  engine::EntityMatch who = rules.entities.find(host);
  if (who.entity != nullptr) {
    out.entity = who.entity->name;
    out.country = who.entity->country;
    out.category = who.category;
    out.domain = who.domain;
  } else {
    out.entity = first_party ? kThisSite : kUnknownEntity;
  }
  return out;
}

}  // namespace sauatty::lists
