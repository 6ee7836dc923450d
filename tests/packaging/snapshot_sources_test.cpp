// packaging/snapshot-sources.json, the lists `scripts/package.sh --lists`
// ships in the .deb, against the host's built-in default sources: each is
// one of the defaults, from the same address and of the same kind, so the
// snapshot is what the host would download itself; and none is a list
// whose licence forbids shipping it (docs/LISTS.md: the entity data sets
// are non-commercial and only ever downloaded).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "store/list_sources.h"
#include "store/list_update.h"

namespace sauatty::store {
namespace {

std::string snapshot_sources_text() {
  const char* rules = std::getenv("SAUATTY_RULES_DIR");  // <source>/rules, set by sauatty_test()
  if (rules == nullptr) return {};
  std::ifstream in(std::filesystem::path(rules).parent_path() / "packaging" /
                   "snapshot-sources.json");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SnapshotSources, EachIsADefaultSourceThatMayBeShipped) {
  const std::string text = snapshot_sources_text();
  ASSERT_FALSE(text.empty())
      << "packaging/snapshot-sources.json not found (SAUATTY_RULES_DIR unset?)";
  auto parsed = parse_sources_file(text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  ASSERT_FALSE(parsed->lists.empty());
  const std::set<ListKind> shippable_kinds = {
      ListKind::kFilters};  // EasyList's and RU AdList's licences allow it
  std::set<std::string> names;
  for (const ListSource& list : parsed->lists) {
    names.insert(list.name);
    EXPECT_TRUE(shippable_kinds.contains(list.kind))
        << list.name << " is a " << list_kind_name(list.kind) << " list";
    bool found = false;
    for (const ListSource& source : default_sources()) {
      if (source.name != list.name) continue;
      found = true;
      EXPECT_EQ(source.url, list.url) << list.name;
      EXPECT_EQ(source.kind, list.kind) << list.name;
    }
    EXPECT_TRUE(found) << list.name << " is not a default source";
  }
  // Every default filter list is in the snapshot: a PC with no network
  // starts with all the blocking lists the host would otherwise download.
  for (const ListSource& source : default_sources()) {
    if (source.kind == ListKind::kFilters) {
      EXPECT_TRUE(names.contains(source.name)) << source.name;
    }
  }
}

}  // namespace
}  // namespace sauatty::store
