#include "annotate/privacy.h"

#include <algorithm>

#include "lists/request_digest.h"
#include "lists/tracker_rules.h"

namespace sauatty::annotate {

VerdictView RequestJudge::judge(const store::RuleSet& rules, const url::Url& request,
                                const url::Url& page, std::string_view type) {
  engine::Decision decision;
  if (rules.trackers) {
    lists::digest_request(request, page, type, digested_);
    decision = rules.trackers->engine.match(digested_.view());
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

namespace {

// The entry named `name` among the first `used` of `entries` (in byte
// order by name), inserted in its place when missing: a spare entry past
// `used` is taken for its buffers, and `fresh` says so (its other fields
// hold a previous message's values).
template <class Entry>
Entry& find_or_insert(std::vector<Entry>& entries, std::size_t& used, std::string_view name,
                      bool& fresh) {
  auto end = entries.begin() + static_cast<std::ptrdiff_t>(used);
  auto at = std::lower_bound(entries.begin(), end, name, [](const Entry& e, std::string_view n) {
    return std::string_view(e.name) < n;
  });
  fresh = at == end || at->name != name;
  if (!fresh) return *at;
  std::ptrdiff_t index = at - entries.begin();
  if (used == entries.size()) entries.emplace_back();
  entries[used].name.assign(name);
  auto first = entries.begin() + index;
  std::rotate(first, entries.begin() + static_cast<std::ptrdiff_t>(used),
              entries.begin() + static_cast<std::ptrdiff_t>(used) + 1);
  ++used;
  return *first;
}

}  // namespace

void TabSummary::add(const RequestVerdict& verdict) { add(view_of(verdict)); }

void TabSummary::add(const VerdictView& verdict) {
  ++requests_;
  if (verdict.third_party) ++third_party_;
  if (!verdict.tracker || verdict.tracker->exception) return;
  ++trackers_;
  const TrackerHitView& hit = *verdict.tracker;
  bool fresh = false;
  Named& category = find_or_insert(by_category_, categories_, hit.category, fresh);
  category.count = fresh ? 1 : category.count + 1;
  EntityCount& entity = find_or_insert(by_entity_, entities_, hit.entity, fresh);
  if (fresh) {
    entity.count = 0;
    entity.category_count = 0;
  }
  ++entity.count;
  find_or_insert(entity.categories, entity.category_count, hit.category, fresh);
  entity.country.assign(hit.country);
}

void TabSummary::clear() {
  requests_ = third_party_ = trackers_ = 0;
  categories_ = entities_ = 0;
}

Json TabSummary::to_json() const {
  Json by_category = Json::object();
  for (const Named& category : this->by_category()) by_category[category.name] = category.count;
  Json by_entity = Json::object();
  for (const EntityCount& entity : this->by_entity()) {
    Json categories = Json::array();
    for (std::size_t i = 0; i < entity.category_count; ++i) {
      categories.push_back(entity.categories[i].name);
    }
    by_entity[entity.name] = {{"count", entity.count},
                              {"categories", std::move(categories)},
                              {"country", entity.country.empty() ? Json() : Json(entity.country)}};
  }
  return {{"requests", requests_},
          {"third_party", third_party_},
          {"trackers", trackers_},
          {"by_category", std::move(by_category)},
          {"by_entity", std::move(by_entity)}};
}

}  // namespace sauatty::annotate
