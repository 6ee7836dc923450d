// Privacy annotations: a request's verdict (first or third party, and which
// tracker rule matched, whose it is, what kind) and a tab's summary. The
// JSON shapes are the contracts in docs/PROTOCOL.md (`requests`) and
// README.md (`check --json` "privacy").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
  lists::DigestedRequest digested_;
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

// Counts for one tab: requests, third-party requests, trackers (non-exception
// hits), by category and by entity. clear() keeps the buffers, so that a
// summary cleared and filled again for each message allocates nothing once
// it has held as many companies and names as long.
class TabSummary {
 public:
  void add(const RequestVerdict& verdict);
  void add(const VerdictView& verdict);
  void clear();
  Json to_json() const;

  // Names in byte order (as a std::map keeps them), each with its count.
  struct Named {
    std::string name;
    std::size_t count = 0;
  };
  struct EntityCount {
    std::string name;
    std::size_t count = 0;
    std::vector<Named> categories;  // the first `category_count`, in byte order
    std::size_t category_count = 0;
    std::string country;  // the last hit's
  };
  std::size_t requests() const { return requests_; }
  std::size_t third_party() const { return third_party_; }
  std::size_t trackers() const { return trackers_; }
  std::span<const Named> by_category() const { return {by_category_.data(), categories_}; }
  std::span<const EntityCount> by_entity() const { return {by_entity_.data(), entities_}; }

 private:
  std::size_t requests_ = 0;
  std::size_t third_party_ = 0;
  std::size_t trackers_ = 0;
  // The first categories_ / entities_ entries are in use; the rest are kept
  // for their buffers.
  std::vector<Named> by_category_;
  std::size_t categories_ = 0;
  std::vector<EntityCount> by_entity_;
  std::size_t entities_ = 0;
};

}  // namespace sauatty::annotate
