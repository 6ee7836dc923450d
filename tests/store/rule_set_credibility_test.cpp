// The credibility half of store::load_rule_set: rules/credibility/ from the
// embedded copy, and imported datasets named in LoadOptions.
#include <gtest/gtest.h>

#include "credibility/assessor.h"
#include "credibility/test_util.h"
#include "store/rule_set.h"

namespace sauatty::store {
namespace {

using credibility::Assessor;
using credibility::testing::parse_url;
using credibility::testing::shared_file;

TEST(StoreWiring, EmbeddedRulesLoad) {
  auto set = load_rule_set(LoadOptions{});
  ASSERT_TRUE(set.has_value()) << set.error();
  ASSERT_NE((*set)->credibility, nullptr);
  EXPECT_GT((*set)->credibility->rated_entries(), 50u);
  bool reputable = false, ratings = false;
  for (const auto& list : (*set)->lists) {
    reputable |= list.kind == ListKind::kReputable && list.name == "sauatty-reputable";
    ratings |= list.kind == ListKind::kCredibility && list.name == "sauatty-state-media";
  }
  EXPECT_TRUE(reputable);
  EXPECT_TRUE(ratings);
}

TEST(StoreWiring, NoRulesMeansNeutral) {
  LoadOptions options;
  options.rules.reset();
  auto set = load_rule_set(options);
  ASSERT_TRUE(set.has_value()) << set.error();
  EXPECT_EQ((*set)->credibility, nullptr);
}

TEST(StoreWiring, ImportsLoadAfterOurLists) {
  auto path = shared_file("opensources/sources.json");
  if (!path) GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility/opensources/sources.json";
  LoadOptions options;
  options.credibility_imports.push_back({ListKind::kOpenSources, *path});
  auto set = load_rule_set(options);
  ASSERT_TRUE(set.has_value()) << set.error();
  const Assessor& a = *(*set)->credibility;
  auto infowars = a.assess(parse_url("https://www.naturalnews.com/"));
  ASSERT_NE(infowars.list, nullptr);
  EXPECT_EQ(infowars.list->name, "sauatty-false-news");  // ours wins the tie
  // A domain only OpenSources rates (not in the bundled CRED-1 either).
  auto imported = a.assess(parse_url("https://gangstergovernment.com/"));
  ASSERT_NE(imported.list, nullptr);
  EXPECT_EQ(imported.list->name, "opensources");

  options.credibility_imports = {{ListKind::kHosts, *path}};
  auto bad = load_rule_set(options);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error(), "'hosts' is not a credibility list kind");
}

}  // namespace
}  // namespace sauatty::store
