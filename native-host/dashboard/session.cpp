#include "dashboard/session.h"

#include <algorithm>
#include <vector>

#include "annotate/privacy.h"
#include "url/url.h"

namespace sauatty::dashboard {

std::expected<Observation, std::string> classify(const store::RuleSet& rules,
                                                 std::string_view request_url,
                                                 std::string_view page_url, std::string_view type) {
  auto request = url::parse(request_url);
  if (!request) return std::unexpected("url: " + std::string(url::error_message(request.error())));
  auto page = url::parse(page_url);
  if (!page) return std::unexpected("page: " + std::string(url::error_message(page.error())));
  return observe(annotate::judge_request(rules, *request, *page, type), *page);
}

Observation observe(const annotate::RequestVerdict& verdict, const url::Url& page) {
  Observation o;
  o.site = url::to_unicode(page.registrable_domain.empty() ? page.host : page.registrable_domain);
  o.third_party = verdict.third_party;
  o.domain = url::to_unicode(verdict.registrable_domain);
  if (verdict.tracker && !verdict.tracker->exception) {
    o.tracker = true;
    // annotate names a first-party hit no entity data knows "this site".
    o.own = !verdict.third_party && !annotate::names_company(*verdict.tracker);
    o.country = verdict.tracker->country;
    o.category = verdict.tracker->category;
    if (o.own) return o;
    o.company = verdict.tracker->entity == "unknown" || verdict.tracker->entity.empty()
                    ? o.domain
                    : verdict.tracker->entity;
  }
  return o;
}

void Session::add(const Observation& o) {
  ++version_;
  ++requests_;
  if (o.third_party) ++third_party_;
  std::string site = o.site;
  if (!sites_.contains(site) && sites_.size() >= limits_.max_sites) site = kOtherSites;
  Site& s = sites_[site];
  ++s.requests;
  last_site_ = site;
  if (!o.tracker) return;
  ++trackers_;
  ++s.trackers;
  if (o.own) {
    ++own_trackers_;
    ++s.own;
    ++s.own_categories[o.category];
    return;
  }
  std::string name = o.company;
  if (!companies_.contains(name) && companies_.size() >= limits_.max_companies)
    name = kOtherCompanies;
  Company& c = companies_[name];
  ++c.requests;
  if (name != kOtherCompanies && c.country.empty()) c.country = o.country;
  ++c.categories[o.category];
  c.sites.insert(site);
  if (c.domains.size() < limits_.max_domains) c.domains.insert(o.domain);
  auto link = std::make_pair(site, name);
  if (auto it = links_.find(link); it != links_.end()) {
    ++it->second;
  } else if (links_.size() < limits_.max_links) {
    links_.emplace(std::move(link), 1);
  } else {
    ++links_dropped_;
  }
}

void Session::clear() {
  const auto version = version_ + 1;
  *this = Session(limits_);
  version_ = version;
}

namespace {

// The categories' names, in order.
Json names(const std::map<std::string, std::size_t>& by_category) {
  Json out = Json::array();
  for (const auto& [category, n] : by_category) out.push_back(category);
  return out;
}

}  // namespace

Json Session::snapshot() const {
  Json sites = Json::array();
  for (const auto& [name, s] : sites_) {
    Json site = {{"name", name}, {"requests", s.requests}, {"trackers", s.trackers}};
    if (s.own > 0)
      site["own"] = {{"requests", s.own},
                     {"categories", names(s.own_categories)},
                     {"by_category", s.own_categories}};
    sites.push_back(std::move(site));
  }
  Json companies = Json::array();
  for (const auto& [name, c] : companies_) {
    companies.push_back({{"name", name},
                         {"country", c.country.empty() ? Json() : Json(c.country)},
                         {"categories", names(c.categories)},
                         {"by_category", c.categories},
                         {"sites", c.sites.size()},
                         {"requests", c.requests},
                         {"domains", c.domains}});
  }
  Json links = Json::array();
  for (const auto& [key, n] : links_)
    links.push_back({{"site", key.first}, {"company", key.second}, {"requests", n}});
  return {{"totals",
           {{"requests", requests_},
            {"third_party", third_party_},
            {"trackers", trackers_},
            {"own_trackers", own_trackers_},
            {"sites", sites_.size()},
            {"companies", companies_.size()},
            {"links_dropped", links_dropped_}}},
          {"sites", std::move(sites)},
          {"companies", std::move(companies)},
          {"links", std::move(links)},
          {"last_site", last_site_.empty() ? Json() : Json(last_site_)}};
}

namespace {

std::string csv_field(std::string value) {
  if (!value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos)
    value.insert(value.begin(), '\'');
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::string Session::csv() const {
  struct Row {
    std::string_view name, country;
    const std::map<std::string, std::size_t>* categories;
    std::size_t sites, requests;
  };
  std::vector<Row> rows;
  for (const auto& [name, c] : companies_)
    rows.push_back({name, c.country, &c.categories, c.sites.size(), c.requests});
  std::map<std::string, std::size_t> own_categories;
  std::size_t own_sites = 0;
  for (const auto& [name, s] : sites_) {
    if (s.own == 0) continue;
    ++own_sites;
    for (const auto& [category, n] : s.own_categories) own_categories[category] += n;
  }
  if (own_trackers_ > 0)
    rows.push_back({kSiteItself, {}, &own_categories, own_sites, own_trackers_});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.requests > b.requests; });
  std::string out = "company,country,categories,sites,requests\r\n";
  for (const Row& row : rows) {
    std::string categories;
    for (const auto& [c, n] : *row.categories) categories += (categories.empty() ? "" : "; ") + c;
    out += csv_field(std::string(row.name)) + "," + csv_field(std::string(row.country)) + "," +
           csv_field(categories) + "," + std::to_string(row.sites) + "," +
           std::to_string(row.requests) + "\r\n";
  }
  return out;
}

}  // namespace sauatty::dashboard
