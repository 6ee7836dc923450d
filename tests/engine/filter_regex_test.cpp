// FilterRegex (engine/filter_regex.h): a pattern read back is compiled only
// at its first match, once, also when several threads ask at once, and
// answers as RE2 does; one RE2 refuses matches nothing.
#include "engine/filter_regex.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace sauatty::engine {
namespace {

re2::RE2::Options options() {
  re2::RE2::Options o;
  o.set_log_errors(false);
  o.set_never_capture(true);
  o.set_case_sensitive(false);
  return o;
}

TEST(FilterRegex, CompilesAtItsFirstMatchAndAnswersAsRe2) {
  FilterRegex re("^https?://ads[0-9]+\\.example/", options());
  EXPECT_FALSE(re.compiled());
  EXPECT_EQ(re.pattern(), "^https?://ads[0-9]+\\.example/");
  EXPECT_FALSE(re.options().case_sensitive());
  EXPECT_TRUE(re.partial_match("https://ADS12.example/x.js"));
  EXPECT_TRUE(re.compiled());
  EXPECT_FALSE(re.partial_match("https://ads.example/x.js"));
  EXPECT_FALSE(re.partial_match("http://cdn.kz/ads1.example/"));
}

TEST(FilterRegex, OneCompiledAlreadyKeepsItsPatternAndOptions) {
  auto compiled = std::make_unique<re2::RE2>("track[a-z]+", options());
  ASSERT_TRUE(compiled->ok());
  FilterRegex re(std::move(compiled));
  EXPECT_TRUE(re.compiled());
  EXPECT_EQ(re.pattern(), "track[a-z]+");
  EXPECT_FALSE(re.options().case_sensitive());
  EXPECT_TRUE(re.partial_match("https://x.kz/TRACKme"));
  EXPECT_FALSE(re.partial_match("https://x.kz/track1"));
}

// Only a damaged or hostile cache holds a pattern RE2 refuses: it matches
// nothing, as the builder drops such a filter.
TEST(FilterRegex, APatternRe2RefusesMatchesNothing) {
  FilterRegex re("(?<=a)b(", options());
  EXPECT_FALSE(re.partial_match("ab"));
  EXPECT_FALSE(re.partial_match("(?<=a)b("));
  EXPECT_TRUE(re.compiled());
}

// The message thread and the workshop server may reach the same filter at
// once: each gets RE2's answer (run under ASan/UBSan in CI as well).
TEST(FilterRegex, ThreadsAskingAtOnceAllGetTheAnswer) {
  for (int round = 0; round < 20; ++round) {
    FilterRegex re("/banner[0-9]{2,}\\.(gif|png)$", options());
    std::atomic<int> yes{0}, no{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 50; ++i) {
          yes += re.partial_match("https://cdn.kz/banner" + std::to_string(10 + t + i) + ".gif");
          no += re.partial_match("https://cdn.kz/banner" + std::to_string(t) + ".gif");
        }
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(yes.load(), 8 * 50);
    EXPECT_EQ(no.load(), 0);
  }
}

}  // namespace
}  // namespace sauatty::engine
