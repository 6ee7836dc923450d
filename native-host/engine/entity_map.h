// Who is behind a host: a frozen map from tracker domains to the company
// (entity) that runs them and the kind of tracking, looked up by walking the
// host's label suffixes (a domain covers its subdomains; the most specific
// entry wins). Pure data: readers in lists/ fill it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/hash_index.h"

namespace sauatty::engine {

struct Entity {
  std::string name;     // "Google", "Yandex"
  std::string country;  // ISO 3166-1 alpha-2, or empty when unknown
  std::string source;   // where the ownership claim comes from (URL or list name)
};

struct EntityMatch {
  const Entity* entity = nullptr;  // nullptr: no entry covers the host
  std::string_view category;       // "analytics", "advertising", …; empty if none
  std::string_view domain;         // the entry that matched ("yandex.ru")
};

class EntityMap {
 public:
  class Builder {
   public:
    // Returns the id of an entity with this name, adding it the first time;
    // a later call with a non-empty country or source fills one left empty.
    std::uint32_t add_entity(std::string_view name, std::string_view country,
                             std::string_view source);
    // Files `domain` (lower case, no leading dot) under `entity`. The first
    // entry for a domain wins; later ones are ignored.
    void add_domain(std::string_view domain, std::uint32_t entity, std::string_view category);
    EntityMap finish();

   private:
    std::vector<Entity> entities_;
    std::unordered_map<std::string, std::uint32_t> entity_ids_;  // name → entities_ index
    std::vector<std::string> domains_;
    std::vector<std::uint32_t> domain_entity_;
    std::vector<std::string> domain_category_;
  };

  // The most specific entry covering `host` (ASCII, lower case).
  EntityMatch find(std::string_view host) const;

  std::size_t size() const { return domains_.size(); }
  std::size_t entities() const { return entities_.size(); }
  const std::vector<Entity>& all_entities() const { return entities_; }

 private:
  friend struct FrozenAccess;  // frozen_io.cpp
  std::vector<Entity> entities_;
  std::vector<std::string> domains_;
  std::vector<std::uint32_t> domain_entity_;
  std::vector<std::string> categories_;  // interned category names
  std::vector<std::uint8_t> domain_category_;
  HashIndex index_;  // host_hash(domain) → domain index
};

}  // namespace sauatty::engine
