// When an automatic update fetches a list: intervals from `! Expires:`,
// jitter, back-off, and the schedule file kept beside the list.
#include "store/update_schedule.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.h"

namespace sauatty::store {
namespace {

using std::chrono::hours;

TEST(UpdateSchedule, IntervalComesFromTheListHeader) {
  struct Case {
    const char* text;
    std::chrono::seconds interval;
  };
  const Case cases[] = {
      {"[Adblock Plus 2.0]\n! Title: EasyList\n! Expires: 4 days (update frequency)\n||a^\n",
       hours(96)},
      {"! Title: RU AdList\r\n! Expires: 2 days\r\n||a^\r\n", hours(48)},
      {"! Expires: 12 hours\n", hours(12)},
      {"! Expires: 1 hours\n", kMinInterval},  // an hourly list is asked twice a day
      {"! Expires: 90 days\n", kMaxInterval},  // and a lazy one every two weeks
      {"! Expires: soon\n||a^\n", kDefaultInterval},
      {"! Title: no expiry\n||a^\n", kDefaultInterval},
      {"||a^\n! Expires: 1 days\n", kDefaultInterval},  // past the header: a comment in the list
      {"{\"categories\": {}}", kDefaultInterval},
      {"", kDefaultInterval},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(list_interval(c.text), c.interval);
  }
}

TEST(UpdateSchedule, DueAfterItsIntervalBroughtForwardByJitter) {
  Schedule s;
  EXPECT_TRUE(is_due(s, 1000, 0.0)) << "never checked";
  s.checked = 1'000'000;
  s.interval = hours(96).count();
  const std::int64_t interval = s.interval;
  EXPECT_FALSE(is_due(s, s.checked + interval - 1, 0.0));
  EXPECT_TRUE(is_due(s, s.checked + interval, 0.0));
  // Jitter moves the moment at most an eighth of the interval earlier.
  EXPECT_TRUE(is_due(s, s.checked + interval - interval / 8 + 1, 0.999));
  EXPECT_FALSE(is_due(s, s.checked + interval - interval / 8 - 10, 0.999));
  EXPECT_FALSE(is_due(s, s.checked + interval / 2, 0.5));
}

TEST(UpdateSchedule, FailuresBackOffAndASuccessClearsThem) {
  EXPECT_EQ(retry_delay(1), hours(1));
  EXPECT_EQ(retry_delay(2), hours(2));
  EXPECT_EQ(retry_delay(4), hours(8));
  EXPECT_EQ(retry_delay(6), hours(24));
  EXPECT_EQ(retry_delay(60), hours(24));
  Schedule s;  // never checked: due, but for the back-off
  record_failure(s, 5000, "HTTP status 500");
  record_failure(s, 9000, "HTTP status 503");
  EXPECT_EQ(s.failures, 2);
  EXPECT_EQ(s.retry_after, 9000 + 7200);
  EXPECT_EQ(s.last_error, "HTTP status 503");
  EXPECT_FALSE(is_due(s, 9000 + 7199, 0.0)) << "during the back-off";
  EXPECT_TRUE(is_due(s, 9000 + 7200, 0.0));
  record_success(s, 20000, {"\"e\"", ""}, hours(48));
  EXPECT_EQ(s.failures, 0);
  EXPECT_EQ(s.retry_after, 0);
  EXPECT_EQ(s.checked, 20000);
  EXPECT_EQ(s.interval, std::chrono::seconds(hours(48)).count());
  EXPECT_TRUE(s.last_error.empty());
}

TEST(UpdateSchedule, WrittenAndReadBackAndDamageIsAnEmptySchedule) {
  testing::TempDir dir("sauatty-schedule");
  Schedule s;
  s.url = "https://lists.example.kz/easylist.txt";
  record_success(s, 1'780'000'000, {"W/\"5f3-1a\"", "Tue, 14 Jul 2026 09:53:00 GMT"}, hours(96));
  record_failure(s, 1'780'100'000, "bytes \xff not UTF-8");
  ASSERT_TRUE(write_schedule(dir.path(), "easylist", s));
  Schedule back = read_schedule(dir.path(), "easylist");
  EXPECT_EQ(back.url, s.url);
  EXPECT_EQ(back.checked, s.checked);
  EXPECT_EQ(back.interval, s.interval);
  EXPECT_EQ(back.validators.etag, "W/\"5f3-1a\"");
  EXPECT_EQ(back.validators.last_modified, "Tue, 14 Jul 2026 09:53:00 GMT");
  EXPECT_EQ(back.failures, 1);
  EXPECT_EQ(back.retry_after, s.retry_after);
  EXPECT_NE(back.last_error.find("not UTF-8"), std::string::npos);

  for (const char* damaged : {"not json", "[]", R"({"format": "other/1", "checked": 5})",
                              R"({"format": "sauatty-schedule/1", "checked": "yesterday"})"}) {
    SCOPED_TRACE(damaged);
    std::ofstream(dir.path() / ".easylist.schedule") << damaged;
    Schedule read = read_schedule(dir.path(), "easylist");
    EXPECT_EQ(read.checked, 0);
    EXPECT_TRUE(is_due(read, 1'780'000'000, 0.0));
  }
  EXPECT_EQ(read_schedule(dir.path(), "missing").checked, 0);
}

}  // namespace
}  // namespace sauatty::store
