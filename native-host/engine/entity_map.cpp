#include "engine/entity_map.h"

#include <algorithm>
#include <unordered_map>

#include "engine/filter.h"

namespace sauatty::engine {

std::uint32_t EntityMap::Builder::add_entity(std::string_view name, std::string_view country,
                                             std::string_view source) {
  auto [it, added] =
      entity_ids_.try_emplace(std::string(name), static_cast<std::uint32_t>(entities_.size()));
  if (!added) {
    Entity& e = entities_[it->second];
    if (e.country.empty()) e.country = country;
    if (e.source.empty()) e.source = source;
    return it->second;
  }
  entities_.push_back({std::string(name), std::string(country), std::string(source)});
  return it->second;
}

void EntityMap::Builder::add_domain(std::string_view domain, std::uint32_t entity,
                                    std::string_view category) {
  domains_.emplace_back(domain);
  domain_entity_.push_back(entity);
  domain_category_.emplace_back(category);
}

EntityMap EntityMap::Builder::finish() {
  EntityMap map;
  map.entities_ = std::move(entities_);
  std::unordered_map<std::string, std::uint8_t> category_ids;
  std::unordered_map<std::uint64_t, bool> seen;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
  for (std::size_t i = 0; i < domains_.size(); ++i) {
    std::uint64_t h = host_hash(domains_[i]);
    if (!seen.emplace(h, true).second) continue;  // first entry wins
    auto [it, added] = category_ids.emplace(domain_category_[i], map.categories_.size());
    if (added) map.categories_.push_back(domain_category_[i]);
    entries.emplace_back(h, static_cast<std::uint32_t>(map.domains_.size()));
    map.domains_.push_back(std::move(domains_[i]));
    map.domain_entity_.push_back(domain_entity_[i]);
    map.domain_category_.push_back(it->second);
  }
  map.index_ = HashIndex::build(entries);
  *this = Builder{};
  return map;
}

EntityMatch EntityMap::find(std::string_view host) const {
  EntityMatch match;
  if (index_.empty()) return match;
  // Suffixes shortest first; the last hit is the most specific. A host of
  // more labels than this has only its shortest suffixes looked up.
  constexpr int kMaxSuffixes = 32;
  std::uint64_t suffixes[kMaxSuffixes];
  int n = host_suffix_hashes(host, suffixes, kMaxSuffixes);
  for (int i = 0; i < n; ++i) {
    std::uint32_t d = index_.find(suffixes[i]);
    if (d == HashIndex::kMissing) continue;
    match.entity = &entities_[domain_entity_[d]];
    match.category = categories_[domain_category_[d]];
    match.domain = domains_[d];
  }
  return match;
}

}  // namespace sauatty::engine
