// Privacy annotations: a request's verdict (first or third party, and which
// tracker rule matched, whose it is, what kind). A tab's totals are the
// extension's (extension/lib/tabstate.js, across every batch). The JSON
// shapes are the contracts in docs/PROTOCOL.md (`requests`) and README.md
// (`check --json` "privacy").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "lists/request_digest.h"
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

// The same verdict as views, for the `requests` answer written without
// copies: into the rules (rule, list, company, category, country), the
// request's url::Url (registrable domain) and string literals. Valid while
// the rules live and the Url is unchanged.
struct TrackerHitView {
  std::string_view entity;
  std::string_view category;
  std::string_view country;
  std::string_view rule;
  std::string_view list;
  bool exception = false;
};

struct VerdictView {
  bool third_party = false;
  std::string_view registrable_domain;
  std::optional<TrackerHitView> tracker;
};

// Whether the hit names the company behind it: neither "unknown" nor "this
// site" (the measure of docs/BENCHMARKS.md "Companies named").
bool names_company(const TrackerHit& hit);

// Judges requests one after another with buffers kept between them: once
// they have grown to the longest URL seen, a judgement allocates nothing.
// Not thread safe; one per thread.
class RequestJudge {
 public:
  // judge_request() as views (see VerdictView).
  VerdictView judge(const store::RuleSet& rules, const url::Url& request, const url::Url& page,
                    std::string_view type);

 private:
  std::string lower_url_;  // the request's URL lower-cased, for the engine
};

// verdict_for() as views.
VerdictView verdict_view(const store::RuleSet& rules, const url::Url& request, const url::Url& page,
                         const engine::Decision& decision);

// Views of a verdict's strings, and copies of a view's.
VerdictView view_of(const RequestVerdict& verdict);
RequestVerdict owned(const VerdictView& verdict);

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

}  // namespace sauatty::annotate
