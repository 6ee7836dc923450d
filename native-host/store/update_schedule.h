// When a downloaded list is next fetched: the record of past attempts kept
// beside each list in the cache (.NAME.schedule), the list's interval (its
// `! Expires:` header, else kDefaultInterval), jitter so that a library's
// PCs started at the same minute do not all ask at once, and back-off after
// failures. Only automatic updates (the host's own, `rules update
// --automatic`) obey it; `rules update` run by hand fetches every list.
//
// .NAME.schedule (JSON, written atomically, readable by all: it holds the
// administrator's list URL and the server's validators, nothing visited):
//   {"format": "sauatty-schedule/1", "url": "https://…", "checked": 1780000000,
//    "interval": 345600, "etag": "\"abc\"", "last_modified": "Tue, …",
//    "failures": 2, "retry_after": 1780007200, "last_error": "…"}
// `checked` is when the server last gave a good answer (a verified list or a
// 304), in seconds since 1970; `retry_after` when a failed list may be tried
// again. A missing or damaged schedule is an empty one (the list is due).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "store/download.h"

namespace sauatty::store {

// EasyList's and EasyPrivacy's own `! Expires: 4 days`.
inline constexpr std::chrono::seconds kDefaultInterval = std::chrono::hours(96);
// An `! Expires:` outside these is brought within them: a list cannot make
// every host ask its server hourly, nor go a month unchecked.
inline constexpr std::chrono::seconds kMinInterval = std::chrono::hours(12);
inline constexpr std::chrono::seconds kMaxInterval = std::chrono::hours(24 * 14);
// Back-off after n failures in a row: kFirstRetry·2^(n-1), at most kMaxRetry.
inline constexpr std::chrono::seconds kFirstRetry = std::chrono::hours(1);
inline constexpr std::chrono::seconds kMaxRetry = std::chrono::hours(24);

struct Schedule {
  std::string url;  // the URL the validators belong to (a changed URL drops them)
  std::int64_t checked = 0;
  std::int64_t interval = kDefaultInterval.count();
  Validators validators;
  int failures = 0;
  std::int64_t retry_after = 0;
  std::string last_error;
};

// The schedule of list `name` in `dir`; an empty Schedule when there is none
// or it is damaged (never an error: the list is then simply due).
Schedule read_schedule(const std::filesystem::path& dir, std::string_view name);

// Writes it atomically; the error names the file.
std::expected<void, std::string> write_schedule(const std::filesystem::path& dir,
                                                std::string_view name, const Schedule& schedule);

// The interval a list's text asks for in its header (`! Expires: 4 days`,
// `! Expires: 12 hours`, the first 64 lines looked at), clamped to
// [kMinInterval, kMaxInterval]; kDefaultInterval when it names none.
std::chrono::seconds list_interval(std::string_view text);

// Whether an automatic update should fetch the list now: not while a
// back-off lasts (now < retry_after); otherwise when it was never checked,
// or when it was checked at least interval − jitter ago. `jitter_fraction`
// in [0, 1) brings the moment forward by that share of an eighth of the
// interval (a random number drawn per run, so PCs spread out).
bool is_due(const Schedule& schedule, std::int64_t now, double jitter_fraction);

// After a good answer (a verified list or a 304) at `now`: checked, the
// validators and interval kept, failures cleared.
void record_success(Schedule& schedule, std::int64_t now, const Validators& validators,
                    std::chrono::seconds interval);

// After a failure at `now`: failures + 1, retry_after = now + the back-off,
// the reason kept for `rules list`.
void record_failure(Schedule& schedule, std::int64_t now, std::string_view why);

// The back-off after `failures` failures in a row.
std::chrono::seconds retry_delay(int failures);

}  // namespace sauatty::store
