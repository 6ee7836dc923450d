#include "annotate/privacy.h"

#include "lists/request_digest.h"
#include "lists/tracker_rules.h"

namespace sauatty::annotate {

VerdictView RequestJudge::judge(const store::RuleSet& rules, const url::Url& request,
                                const url::Url& page, std::string_view type) {
  engine::Decision decision;
  if (rules.trackers) {
    decision = rules.trackers->engine.match(lists::request_view(request, page, type, lower_url_));
  }
  return verdict_view(rules, request, page, decision);
}

VerdictView verdict_view(const store::RuleSet& rules, const url::Url& request, const url::Url& page,
                         const engine::Decision& decision) {
  VerdictView verdict;
  verdict.third_party = url::is_third_party(request, page);
  verdict.registrable_domain = request.registrable_domain;
  if (rules.trackers && decision.matched()) {
    // lists::attribute()'s answer, without copying its strings.
    const engine::Engine& engine = rules.trackers->engine;
    engine::EntityMatch who = rules.trackers->entities.find(request.host);
    TrackerHitView hit;
    if (who.entity != nullptr) {
      hit.entity = who.entity->name;
      hit.country = who.entity->country;
    } else {
      hit.entity = verdict.third_party ? lists::kUnknownEntity : lists::kThisSite;
    }
    hit.category = who.category.empty() ? std::string_view("unknown") : who.category;
    hit.rule = engine.filter_text(decision.filter);
    hit.list = engine.list_name(engine.filter_list(decision.filter));
    hit.exception = decision.exception;
    verdict.tracker = hit;
  }
  return verdict;
}

RequestVerdict judge_request(const store::RuleSet& rules, const url::Url& request,
                             const url::Url& page, std::string_view type) {
  RequestJudge judge;
  return owned(judge.judge(rules, request, page, type));
}

RequestVerdict verdict_for(const store::RuleSet& rules, const url::Url& request,
                           const url::Url& page, const engine::Decision& decision) {
  return owned(verdict_view(rules, request, page, decision));
}

VerdictView view_of(const RequestVerdict& verdict) {
  VerdictView view{verdict.third_party, verdict.registrable_domain, std::nullopt};
  if (verdict.tracker) {
    const TrackerHit& hit = *verdict.tracker;
    view.tracker =
        TrackerHitView{hit.entity, hit.category, hit.country, hit.rule, hit.list, hit.exception};
  }
  return view;
}

RequestVerdict owned(const VerdictView& view) {
  RequestVerdict verdict;
  verdict.third_party = view.third_party;
  verdict.registrable_domain = view.registrable_domain;
  if (view.tracker) {
    const TrackerHitView& hit = *view.tracker;
    verdict.tracker =
        TrackerHit{std::string(hit.entity), std::string(hit.category), std::string(hit.country),
                   std::string(hit.rule),   std::string(hit.list),     hit.exception};
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

}  // namespace sauatty::annotate
