#include "annotate/privacy.h"

namespace sauatty::annotate {

RequestVerdict judge_request(const store::RuleSet& rules, const url::Url& request,
                             const url::Url& page, std::string_view type) {
  RequestVerdict verdict;
  verdict.third_party = url::is_third_party(request, page);
  verdict.registrable_domain = request.registrable_domain;
  // ENGINE: ask the tracker engine (rules) about this request; fill
  // verdict.tracker with the matched rule, list and the entity data.
  (void)rules;
  (void)type;
  return verdict;
}

Json to_json(const TrackerHit& hit) {
  Json out = {{"entity", hit.entity},     {"category", hit.category}, {"rule", hit.rule},
              {"list", hit.list},         {"exception", hit.exception}};
  out["country"] = hit.country.empty() ? Json() : Json(hit.country);
  return out;
}

Json to_json(const RequestVerdict& verdict) {
  return {{"third_party", verdict.third_party},
          {"registrable_domain", verdict.registrable_domain},
          {"tracker", verdict.tracker ? to_json(*verdict.tracker) : Json()}};
}

void TabSummary::add(const RequestVerdict& verdict) {
  ++requests_;
  if (verdict.third_party) ++third_party_;
  if (!verdict.tracker || verdict.tracker->exception) return;
  ++trackers_;
  ++by_category_[verdict.tracker->category];
  EntityCount& entity = by_entity_[verdict.tracker->entity];
  ++entity.count;
  entity.categories.insert(verdict.tracker->category);
  entity.country = verdict.tracker->country;
}

Json TabSummary::to_json() const {
  Json by_entity = Json::object();
  for (const auto& [name, entity] : by_entity_) {
    by_entity[name] = {{"count", entity.count},
                       {"categories", entity.categories},
                       {"country", entity.country.empty() ? Json() : Json(entity.country)}};
  }
  return {{"requests", requests_},
          {"third_party", third_party_},
          {"trackers", trackers_},
          {"by_category", by_category_},
          {"by_entity", std::move(by_entity)}};
}

}  // namespace sauatty::annotate
