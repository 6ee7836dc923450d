// sauatty-entities-convert INPUT OUTPUT VERSION DATE [PSL]
//
// Reads Patrick Hulce's third-party-web data set (MIT; the npm package
// `third-party-web`, dist/entities-nostats.json: an array of {name,
// company?, category, domains[]}) and writes it as our entity format
// (`sauatty-entities/1`, rules/trackers/README.md) for
// rules/trackers/third-party-web.json: names only, never filters.
//
// - The company is `company` when given, else `name`; entities of one
//   company become one ("Google/Doubleclick Ads" and "Google Analytics" are
//   Google).
// - A name that only repeats the domain is no name (entity_json's
//   is_company_name); a domain that is a public suffix is nobody's
//   (is_public_suffix), nor is one with public suffixes beneath it in the
//   Public Suffix List PSL (default the system's,
//   /usr/share/publicsuffix/public_suffix_list.dat): amazonaws.com and
//   fastly.net serve anyone's sites; categories `hosting` and `cdn` are
//   left out, as they host anyone's files.
// - Categories map to ours: ad → advertising, analytics, social,
//   tag-manager, consent-provider → consent, video and content → content;
//   the others (utility, marketing, customer-success, other) give the
//   domain as a property with no category.
// - "*.x.com" is x.com (our keys cover subdomains); a domain a previous
//   entity filed stays with it.
//
// Run by third-party-web.sh beside this file; prints what it kept and
// skipped. Exit 0 done, 2 bad arguments or input.
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lists/entity_json.h"

namespace {

namespace ej = sauatty::lists::entity_json;
using nlohmann::json;
using nlohmann::ordered_json;

// Their category → ours; "" for a property (no category); nullptr: left out.
const char* our_category(const std::string& theirs) {
  static const std::map<std::string, const char*> kMap = {
      {"ad", "advertising"},
      {"analytics", "analytics"},
      {"social", "social"},
      {"tag-manager", "tag-manager"},
      {"consent-provider", "consent"},
      {"video", "content"},
      {"content", "content"},
      {"utility", ""},
      {"marketing", ""},
      {"customer-success", ""},
      {"other", ""},
  };
  auto it = kMap.find(theirs);
  return it == kMap.end() ? nullptr : it->second;
}

// Every domain that has a public suffix beneath it (amazonaws.com for
// s3.amazonaws.com), from the Public Suffix List's rules; never a TLD.
std::optional<std::set<std::string>> hosting_parents(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::set<std::string> parents;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("//")) continue;
    std::string rule = line.substr(0, line.find_first_of(" \t\r"));
    if (rule.starts_with("*.")) rule.erase(0, 2);
    if (rule.starts_with("!")) rule.erase(0, 1);
    for (auto dot = rule.find('.'); dot != std::string::npos; dot = rule.find('.', dot + 1)) {
      std::string parent = rule.substr(dot + 1);
      if (parent.find('.') != std::string::npos) parents.insert(parent);
    }
  }
  return parents;
}

struct Company {
  std::map<std::string, std::string> named;  // domain → category
  std::set<std::string> properties;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::cerr << "usage: sauatty-entities-convert INPUT OUTPUT VERSION DATE [PSL]\n";
    return 2;
  }
  const char* psl = argc == 6 ? argv[5] : "/usr/share/publicsuffix/public_suffix_list.dat";
  auto parents = hosting_parents(psl);
  if (!parents) {
    std::cerr << "sauatty-entities-convert: cannot read the Public Suffix List " << psl << "\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "sauatty-entities-convert: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  json data = json::parse(text, nullptr, false);
  if (data.is_discarded() || !data.is_array()) {
    std::cerr << "sauatty-entities-convert: " << argv[1] << ": not a JSON array\n";
    return 2;
  }
  const std::string version = argv[3];
  const std::string source = "https://www.npmjs.com/package/third-party-web/v/" + version;

  std::map<std::string, Company> companies;
  std::vector<std::string> order;  // first appearance, as the data set lists them
  std::set<std::string> filed;
  std::size_t offered = 0, hosting = 0, suffix = 0, no_name = 0, repeated = 0, bad = 0;
  for (const json& entity : data) {
    if (!entity.is_object()) continue;
    std::string name = ej::string_field(entity, "name");
    std::string company = ej::string_field(entity, "company");
    const char* category = our_category(ej::string_field(entity, "category"));
    auto domains = entity.find("domains");
    if (domains == entity.end() || !domains->is_array()) continue;
    for (const json& d : *domains) {
      if (!d.is_string()) continue;
      ++offered;
      std::string domain = d.get<std::string>();
      if (domain.starts_with("*.")) domain.erase(0, 2);
      domain = ej::normalize_host(domain);
      if (category == nullptr) {
        ++hosting;
        continue;
      }
      if (!ej::plausible_host(domain)) {
        ++bad;
        continue;
      }
      if (ej::is_public_suffix(domain) || parents->contains(domain)) {
        if (parents->contains(domain))
          std::cerr << "left out (hosts public suffixes): " << domain << "\n";
        ++suffix;
        continue;
      }
      std::string who = ej::is_company_name(company, domain) ? company
                        : ej::is_company_name(name, domain)  ? name
                                                             : "";
      if (who.empty()) {
        ++no_name;
        continue;
      }
      if (!filed.insert(domain).second) {
        ++repeated;
        continue;
      }
      auto [it, added] = companies.try_emplace(who);
      if (added) order.push_back(who);
      if (*category == '\0') {
        it->second.properties.insert(domain);
      } else {
        it->second.named[domain] = category;
      }
    }
  }

  ordered_json out;
  out["format"] = "sauatty-entities/1";
  out["list"] = "third-party-web";
  out["updated"] = argv[4];
  out["attribution"] = "third-party-web " + version +
                       " by Patrick Hulce (github.com/patrickhulce/third-party-web), "
                       "MIT licence (LICENSE.third-party-web beside this file); converted by "
                       "scripts/datasets/third-party-web.sh: names only, no filters";
  out["license"] = "MIT";
  out["source"] = source;
  out["entities"] = ordered_json::array();
  for (const std::string& who : order) {
    const Company& c = companies[who];
    ordered_json e;
    e["name"] = who;
    e["source"] = source;
    if (!c.named.empty()) e["named"] = c.named;
    if (!c.properties.empty()) e["properties"] = c.properties;
    out["entities"].push_back(std::move(e));
  }
  // An entity a line: a new release's diff reads company by company.
  std::ofstream file(argv[2], std::ios::binary | std::ios::trunc);
  file << "{\n";
  for (const char* key : {"format", "list", "updated", "attribution", "license", "source"}) {
    file << "  " << json(key).dump() << ": " << out[key].dump() << ",\n";
  }
  file << "  \"entities\": [\n";
  for (std::size_t i = 0; i < out["entities"].size(); ++i) {
    file << "    " << out["entities"][i].dump() << (i + 1 < out["entities"].size() ? "," : "")
         << "\n";
  }
  file << "  ]\n}\n";
  if (!file) {
    std::cerr << "sauatty-entities-convert: cannot write " << argv[2] << "\n";
    return 2;
  }
  std::cout << argv[2] << ": " << order.size() << " companies, " << filed.size() << " of "
            << offered << " domains; left out: " << hosting << " hosting or CDN, " << suffix
            << " public suffixes or their parents, " << no_name << " with no company name, "
            << repeated << " filed already, " << bad << " not host names\n";
  return 0;
}
