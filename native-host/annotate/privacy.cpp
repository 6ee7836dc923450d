#include "annotate/privacy.h"

#include "lists/request_digest.h"
#include "lists/tracker_rules.h"

namespace sauatty::annotate {

RequestVerdict judge_request(const store::RuleSet& rules, const url::Url& request,
                             const url::Url& page, std::string_view type) {
  engine::Decision decision;
  if (rules.trackers) {
    lists::DigestedRequest digested;
    lists::digest_request(request, page, type, digested);
    decision = rules.trackers->engine.match(digested.view());
  }
  return verdict_for(rules, request, page, decision);
}

RequestVerdict verdict_for(const store::RuleSet& rules, const url::Url& request,
                           const url::Url& page, const engine::Decision& decision) {
  RequestVerdict verdict;
  verdict.third_party = url::is_third_party(request, page);
  verdict.registrable_domain = request.registrable_domain;
  if (rules.trackers && decision.matched()) {
    lists::Attribution who =
        lists::attribute(*rules.trackers, decision, request.host, !verdict.third_party);
    verdict.tracker =
        TrackerHit{std::move(who.entity),
                   who.category.empty() ? std::string("unknown") : std::move(who.category),
                   std::move(who.country),
                   std::move(who.rule),
                   std::move(who.list),
                   who.exception};
  }
  return verdict;
}

bool names_company(const TrackerHit& hit) {
  return !hit.entity.empty() && hit.entity != lists::kUnknownEntity &&
         hit.entity != lists::kThisSite;
}

Json to_json(const TrackerHit& hit) {
  Json out = {{"entity", hit.entity},
              {"category", hit.category},
              {"rule", hit.rule},
              {"list", hit.list},
              {"exception", hit.exception}};
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
