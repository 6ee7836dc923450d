// The engine on Brave's corpus of real requests (vectors/
// matching-test-requests.json): for each vector, an engine built from its
// filters must report every one of them as matching its request (an @@
// filter as an exception). Exactly the vectors docs/ENGINE.md lists with
// their reasons fail (kKnownFailures): a new failure, or a known one that
// starts to pass, fails the test (then the table and the docs change).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/engine.h"
#include "engine/test_data.h"
#include "lists/request_digest.h"

namespace sauatty::engine {
namespace {

using testing::shared_data;
using testing::slurp;

// docs/ENGINE.md, "Correctness on the peers' own data": three `|ws://` filters the
// text `https://` cannot match, and `fetch` mapped to xmlhttprequest.
const std::set<std::size_t> kKnownFailures = {904, 2521, 2937, 3676};

TEST(EngineVectorsTest, EveryListedFilterMatches) {
  auto path = shared_data("vectors/matching-test-requests.json");
  if (!path) GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors/matching-test-requests.json absent";
  auto vectors = nlohmann::json::parse(slurp(*path));
  ASSERT_TRUE(vectors.is_array());
  std::size_t passed = 0;
  std::set<std::size_t> failed;
  lists::DigestedRequest digest;
  for (std::size_t v = 0; v < vectors.size(); ++v) {
    const auto& vector = vectors[v];
    EngineBuilder builder;
    ListId list = builder.add_list("vector");
    std::vector<std::pair<std::string, std::string>> problems;  // filter, why
    std::vector<std::pair<std::string, FilterId>> ids;
    for (const auto& f : vector["filters"]) {
      std::string text = f.get<std::string>();
      auto added = builder.add_line(text, list);
      if (!added) {
        problems.emplace_back(text, std::string("not added: ") +
                                        std::string(skip_reason_name(added.error().reason)) + " " +
                                        std::string(added.error().detail));
      } else {
        ids.emplace_back(text, *added);
      }
    }
    Engine engine = builder.finish();
    lists::digest_request(vector["url"].get<std::string>(), vector["sourceUrl"].get<std::string>(),
                          vector["type"].get<std::string>(), digest);
    std::set<FilterId> matched;
    engine.for_each_match(digest.view(), [&](FilterId id) { matched.insert(id); });
    for (const auto& [text, id] : ids) {
      if (!matched.contains(id)) problems.emplace_back(text, "no match");
    }
    if (problems.empty()) {
      ++passed;
    } else {
      failed.insert(v);
      for (const auto& [text, why] : problems) {
        std::printf("FAIL vector %zu: %s | %s | url=%s source=%s type=%s\n", v, why.c_str(),
                    text.c_str(), vector["url"].get<std::string>().c_str(),
                    vector["sourceUrl"].get<std::string>().c_str(),
                    vector["type"].get<std::string>().c_str());
      }
    }
  }
  std::printf("vectors: %zu passed, %zu failed\n", passed, failed.size());
  EXPECT_EQ(failed, kKnownFailures);
  EXPECT_EQ(passed + failed.size(), 8276u);
}

}  // namespace
}  // namespace sauatty::engine
