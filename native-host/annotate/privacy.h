// Privacy annotations: a request's verdict (first or third party, and which
// tracker rule matched, whose it is, what kind) and a tab's summary. The
// JSON shapes are the contracts in docs/PROTOCOL.md (`requests`) and
// README.md (`check --json` "privacy").
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "store/rule_set.h"
#include "url/url.h"

namespace sauatty::annotate {

using Json = nlohmann::json;

struct TrackerHit {
  std::string entity;      // company; when a rule matched but no entity data knows the host,
                           // "this site" (a first-party request) or "unknown"
  std::string category;    // advertising, analytics, social, … ("unknown" likewise)
  std::string country;     // ISO 3166-1 alpha-2, empty when not known
  std::string rule;        // the filter as written in its list
  std::string list;        // the list's name
  bool exception = false;  // an @@ rule matched: the request is allowed
};

struct RequestVerdict {
  bool third_party = false;
  std::string registrable_domain;
  std::optional<TrackerHit> tracker;
};

// Whether the hit names the company behind it: neither "unknown" nor "this
// site" (the measure of docs/BENCHMARKS.md "Companies named").
bool names_company(const TrackerHit& hit);

// `type` is the webRequest resource type name (aliases accepted as
// docs/PROTOCOL.md's `requests` lists them); an unknown name is treated as
// "other".
RequestVerdict judge_request(const store::RuleSet& rules, const url::Url& request,
                             const url::Url& page, std::string_view type);

// The verdict for a decision the tracker engine already made about
// `request` (for callers that time the decision alone, as `match --stats`).
RequestVerdict verdict_for(const store::RuleSet& rules, const url::Url& request,
                           const url::Url& page, const engine::Decision& decision);

Json to_json(const TrackerHit& hit);
// {"third_party", "registrable_domain", "tracker": {…} | null}
Json to_json(const RequestVerdict& verdict);

// Counts for one tab: requests, third-party requests, trackers (non-exception
// hits), by category and by entity.
class TabSummary {
 public:
  void add(const RequestVerdict& verdict);
  Json to_json() const;

 private:
  struct EntityCount {
    std::size_t count = 0;
    std::set<std::string> categories;
    std::string country;
  };
  std::size_t requests_ = 0;
  std::size_t third_party_ = 0;
  std::size_t trackers_ = 0;
  std::map<std::string, std::size_t> by_category_;
  std::map<std::string, EntityCount> by_entity_;
};

}  // namespace sauatty::annotate
