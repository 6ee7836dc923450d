// Loading the rule set: an optional import (a cached download) that does not
// load is left out on its own; any other list that does not load fails the
// load.
#include "store/rule_set.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace sauatty::store {
namespace {

namespace fs = std::filesystem;

class RuleSetTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  std::size_t entries_of(const RuleSet& set, const std::string& name) {
    for (const ListInfo& list : set.lists) {
      if (list.name == name) return list.entries;
    }
    return 0;
  }
  testing::TempDir temp_{"sauatty-rule-set"};
  const fs::path& dir_ = temp_.path();
};

TEST_F(RuleSetTest, AnOptionalImportThatDoesNotLoadIsLeftOutAlone) {
  struct Case {
    ListKind kind;
    const char* file;
    std::string text;  // empty: the file does not exist
    const char* says;
  };
  const Case cases[] = {
      {ListKind::kDisconnect, "broken-disconnect", "{\"not\": \"disconnect\"}",
       "no \"categories\" object"},
      {ListKind::kFilters, "gone", "", "cannot open"},
      {ListKind::kOpenSources, "broken-opensources", "[1, 2]", "broken-opensources"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    LoadOptions options;
    options.rules.reset();
    options.tracker_imports.push_back(
        {ListKind::kFilters, write("good", "||a.example^\n||b.example^\n"), true});
    fs::path bad = c.text.empty() ? dir_ / c.file : write(c.file, c.text);
    if (c.kind == ListKind::kOpenSources) {
      options.credibility_imports.push_back({c.kind, bad, true});
    } else {
      options.tracker_imports.insert(options.tracker_imports.begin(), {c.kind, bad, true});
    }
    auto set = load_rule_set(options);
    ASSERT_TRUE(set) << set.error();
    EXPECT_EQ(entries_of(**set, "good"), 2u);
    EXPECT_EQ(entries_of(**set, c.file), 0u);
    ASSERT_EQ((*set)->left_out.size(), 1u);
    EXPECT_NE((*set)->left_out[0].find(c.file), std::string::npos) << (*set)->left_out[0];
    EXPECT_NE((*set)->left_out[0].find(c.says), std::string::npos) << (*set)->left_out[0];

    // Named on the command line (not optional), it fails the load.
    for (auto& import : options.tracker_imports) import.optional = false;
    for (auto& import : options.credibility_imports) import.optional = false;
    auto failed = load_rule_set(options);
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().find(c.file), std::string::npos) << failed.error();
  }
}

// A rules folder's trackers/*.json are read by what they declare: a file
// whose "format" names ours is our entities format, whatever words it
// holds; any other file with a top-level "categories" object is
// Disconnect's services.json, whatever it mentions.
TEST_F(RuleSetTest, ARulesFolderReadsEachTrackerJsonByItsFormat) {
  fs::create_directories(dir_ / "rules/trackers");
  // Ours, with "categories" written in it (an entity named so).
  write("rules/trackers/ours.json",
        R"({"format": "sauatty-entities/1", "list": "our-list", "entities": [)"
        R"({"name": "categories", "trackers": {"ours.example": "analytics"}}]})");
  // Disconnect's, whose homepage happens to mention our format's name.
  write(
      "rules/trackers/services.json",
      R"({"license": "x", "categories": {"Advertising": [)"
      R"({"Ad Co": {"https://adco.example/sauatty-entities/": ["adco.example", "adco-cdn.example"]}}]}})");
  LoadOptions options;
  auto source = RulesSource::directory(dir_ / "rules");
  ASSERT_TRUE(source) << source.error();
  options.rules = *source;
  auto set = load_rule_set(options);
  ASSERT_TRUE(set) << set.error();
  std::string kinds;
  for (const ListInfo& list : (*set)->lists) {
    kinds += list.name + "=" + std::string(list_kind_name(list.kind)) + " ";
  }
  EXPECT_EQ(entries_of(**set, "our-list"), 1u) << kinds;
  EXPECT_EQ(entries_of(**set, "trackers/services.json"), 2u) << kinds;
  EXPECT_NE(kinds.find("trackers/services.json=disconnect"), std::string::npos) << kinds;
  EXPECT_NE(kinds.find("our-list=trackers"), std::string::npos) << kinds;
}

// An import of a kind its family's readers do not handle (a credibility
// dataset as a tracker list, our own lists' kinds, a tracker list as a
// credibility dataset) fails the load and names the kind; add_import
// refuses our own lists' kinds.
TEST_F(RuleSetTest, AnImportOfAnotherKindIsRefused) {
  const fs::path list = write("list", "||a.example^\n");
  // The load's error when `kind` is imported into `imports` alone.
  auto error_of = [&](auto LoadOptions::*imports, ListKind kind) {
    LoadOptions options;
    options.rules.reset();
    (options.*imports).push_back({kind, list, false});
    auto set = load_rule_set(options);
    return set ? std::string("loaded") : set.error();
  };
  for (ListKind kind : {ListKind::kCred1, ListKind::kTrackers, ListKind::kCredibility}) {
    EXPECT_EQ(error_of(&LoadOptions::tracker_imports, kind),
              "'" + std::string(list_kind_name(kind)) + "' is not a tracker list kind");
  }
  for (ListKind kind : {ListKind::kFilters, ListKind::kReputable}) {
    EXPECT_EQ(error_of(&LoadOptions::credibility_imports, kind),
              "'" + std::string(list_kind_name(kind)) + "' is not a credibility list kind");
  }
  LoadOptions options;
  for (ListKind kind : {ListKind::kTrackers, ListKind::kCredibility, ListKind::kReputable}) {
    EXPECT_FALSE(add_import(options, kind, list)) << list_kind_name(kind);
  }
  EXPECT_TRUE(add_import(options, ListKind::kHosts, list));
  EXPECT_TRUE(add_import(options, ListKind::kLin2023, list));
  ASSERT_EQ(options.tracker_imports.size(), 1u);
  EXPECT_EQ(options.tracker_imports[0].kind, ListKind::kHosts);
  ASSERT_EQ(options.credibility_imports.size(), 1u);
  EXPECT_EQ(options.credibility_imports[0].kind, ListKind::kLin2023);
}

}  // namespace
}  // namespace sauatty::store
