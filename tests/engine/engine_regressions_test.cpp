// Real-world regressions (vectors/regressions.tsv, from Brave's adblock-rust):
// with EasyList + EasyPrivacy loaded, each row's request is blocked or not as
// the row says.
#include <gtest/gtest.h>

#include <sstream>

#include "engine/test_data.h"
#include "lists/request_digest.h"
#include "lists/tracker_rules.h"

namespace sauatty::engine {
namespace {

using testing::shared_data;
using testing::slurp;

TEST(EngineRegressionsTest, BlockedAsExpected) {
  auto rows = shared_data("vectors/regressions.tsv");
  auto easylist = shared_data("filters/easylist-2026-07.txt");
  auto easyprivacy = shared_data("filters/easyprivacy-2026-07.txt");
  if (!rows || !easylist || !easyprivacy) {
    GTEST_SKIP() << "SAUATTY_SHARED_DATA lacks vectors/regressions.tsv or the 2026-07 lists";
  }
  lists::TrackerRulesBuilder builder;
  ASSERT_TRUE(builder.add_filter_file(*easylist).has_value());
  ASSERT_TRUE(builder.add_filter_file(*easyprivacy).has_value());
  lists::TrackerRules rules = builder.finish();

  std::istringstream in(slurp(*rows));
  std::string line;
  std::getline(in, line);  // header
  std::size_t count = 0;
  lists::DigestedRequest digest;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string url, source, type, blocked;
    std::getline(fields, url, '\t');
    std::getline(fields, source, '\t');
    std::getline(fields, type, '\t');
    std::getline(fields, blocked, '\t');
    SCOPED_TRACE(url);
    lists::digest_request(url, source, type, digest);
    Decision d = rules.engine.match(digest.view());
    EXPECT_EQ(d.block, blocked == "true") << "decided by " << rules.engine.filter_text(d.filter);
    ++count;
  }
  EXPECT_EQ(count, 12u);
}

}  // namespace
}  // namespace sauatty::engine
