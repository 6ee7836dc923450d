// The workshop view's session: what the room sees. Each request (live from
// the browser, or replayed from a HAR file) is classified by the host's own
// tracker rules (annotate::judge_request, the same verdict as live) and
// aggregated into sites (pages' registrable domains), companies (the entity
// map's names) and the links between them. Only registrable domains and
// company names are kept, never a URL, and every collection is bounded, so
// an hour-long session costs the same memory as a short one. Not thread
// safe: the server's one I/O thread owns it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "annotate/privacy.h"
#include "store/rule_set.h"
#include "url/url.h"

namespace sauatty::dashboard {

using Json = nlohmann::json;

struct SessionLimits {
  std::size_t max_sites = 500;      // further sites are counted under kOtherSites
  std::size_t max_companies = 300;  // further companies are counted under kOtherCompanies
  std::size_t max_links = 5'000;    // further site→company links are counted, not kept
  std::size_t max_domains = 8;      // tracker domains listed per company
};

inline constexpr std::string_view kOtherSites = "(other sites)";
inline constexpr std::string_view kOtherCompanies = "(other companies)";
// The CSV row of first-party tracking: a site's own counter or ads that a
// list blocks but no entity data names (annotate's "this site"). It is the
// site watching its own readers, not a company the sites share, so it is
// never a company (no node, no link): each site counts its own.
inline constexpr std::string_view kSiteItself = "(the site itself)";

// One classified request: what the session keeps of it.
struct Observation {
  std::string site;  // the page's registrable domain (Unicode form)
  bool third_party = false;
  bool tracker = false;  // a tracker rule matched (not an exception)
  bool own = false;      // the tracker is the site's own (first party, no entity named it)
  std::string company;   // the entity, or the tracker's registrable domain when unknown;
                         // empty when `own`
  std::string country;   // ISO 3166-1 alpha-2 or empty
  std::string category;  // advertising, analytics, …
  std::string domain;    // the request's registrable domain
};

// What the session keeps of a request already judged on `page`
// (annotate::judge_request's verdict): the native-messaging host's live feed
// (app/dashboard_control.h) observes the verdicts it answered with, so the
// room sees exactly what the popup shows.
Observation observe(const annotate::RequestVerdict& verdict, const url::Url& page);

// Classifies one request with the host's rules. An unparsable URL is an
// error naming which of the two URLs is bad (never the URL itself).
std::expected<Observation, std::string> classify(const store::RuleSet& rules,
                                                 std::string_view request_url,
                                                 std::string_view page_url, std::string_view type);

class Session {
 public:
  explicit Session(SessionLimits limits = {}) : limits_(limits) {}

  void add(const Observation& observation);
  void clear();

  // Changes with every add() and clear(): the server pushes when it moved.
  std::uint64_t version() const { return version_; }
  std::size_t requests() const { return requests_; }

  // {"totals": {requests, third_party, trackers, own_trackers, sites,
  //   companies, links_dropped}, "sites": [{name, requests, trackers,
  //   own: {requests, categories: [], by_category: {category: requests}}}],
  //   ("own" only for a site that tracks its readers itself; its requests
  //   are among its trackers)
  //  "companies": [{name, country|null, categories: [], by_category: {category: requests},
  //   sites, requests, domains: []}],
  //  (by_category splits the requests among the categories: they add up to
  //  requests)
  //  "links": [{site, company, requests}], "last_site": name|null}
  Json snapshot() const;

  // The per-company table: a header line, then one line per company (most
  // requests first): company,country,categories,sites,requests. The sites'
  // own tracking, when any, is one more row named kSiteItself (no country;
  // sites = the sites that track their readers themselves). Categories
  // are joined with "; ". Fields are quoted as RFC 4180 says, and a field
  // starting with = + - @ gets a leading ' so that no spreadsheet runs it.
  std::string csv() const;

 private:
  struct Site {
    std::size_t requests = 0;
    std::size_t trackers = 0;
    std::size_t own = 0;                                // of trackers, the site's own
    std::map<std::string, std::size_t> own_categories;  // own requests by category
  };
  struct Company {
    std::string country;
    std::map<std::string, std::size_t> categories;  // requests by category
    std::set<std::string> sites;
    std::set<std::string> domains;
    std::size_t requests = 0;
  };

  SessionLimits limits_;
  std::uint64_t version_ = 0;
  std::size_t requests_ = 0;
  std::size_t third_party_ = 0;
  std::size_t trackers_ = 0;
  std::size_t own_trackers_ = 0;
  std::size_t links_dropped_ = 0;
  std::string last_site_;
  std::map<std::string, Site> sites_;
  std::map<std::string, Company> companies_;
  std::map<std::pair<std::string, std::string>, std::size_t> links_;
};

}  // namespace sauatty::dashboard
