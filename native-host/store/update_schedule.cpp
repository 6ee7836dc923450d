#include "store/update_schedule.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "lists/text_file.h"
#include "store/atomic_file.h"

namespace sauatty::store {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kFormat = "sauatty-schedule/1";
constexpr std::size_t kMaxScheduleBytes = 8192;
constexpr std::size_t kMaxErrorBytes = 512;
constexpr int kHeaderLines = 64;

fs::path schedule_path(const fs::path& dir, std::string_view name) {
  return dir / ("." + std::string(name) + ".schedule");
}

std::string string_field(const nlohmann::json& json, const char* key, std::size_t max) {
  auto it = json.find(key);
  if (it == json.end() || !it->is_string()) return {};
  std::string value = it->get<std::string>();
  return value.size() <= max ? value : std::string();
}

std::int64_t number_field(const nlohmann::json& json, const char* key, std::int64_t fallback) {
  auto it = json.find(key);
  if (it == json.end() || !it->is_number_integer()) return fallback;
  return it->get<std::int64_t>();
}

// "4 days (update frequency)" → 4 days; nullopt-like 0 when not a duration.
std::chrono::seconds parse_duration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  long long n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n <= 0 || n > 10000) return std::chrono::seconds(0);
  std::string_view unit(end, text.data() + text.size() - end);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (unit.starts_with("day")) return std::chrono::hours(24 * n);
  if (unit.starts_with("hour")) return std::chrono::hours(n);
  return std::chrono::seconds(0);
}

}  // namespace

Schedule read_schedule(const fs::path& dir, std::string_view name) {
  Schedule out;
  std::error_code ec;
  fs::path path = schedule_path(dir, name);
  if (!fs::exists(path, ec)) return out;
  auto text = lists::read_text_file(path, kMaxScheduleBytes);
  if (!text) return out;
  auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || string_field(json, "format", 64) != kFormat) return out;
  out.url = string_field(json, "url", 4096);
  out.checked = number_field(json, "checked", 0);
  out.interval = std::clamp(number_field(json, "interval", kDefaultInterval.count()),
                            static_cast<std::int64_t>(kMinInterval.count()),
                            static_cast<std::int64_t>(kMaxInterval.count()));
  out.validators.etag = string_field(json, "etag", kMaxValidatorBytes);
  out.validators.last_modified = string_field(json, "last_modified", kMaxValidatorBytes);
  out.failures =
      static_cast<int>(std::clamp<std::int64_t>(number_field(json, "failures", 0), 0, 64));
  out.retry_after = number_field(json, "retry_after", 0);
  out.last_error = string_field(json, "last_error", kMaxErrorBytes);
  return out;
}

std::expected<void, std::string> write_schedule(const fs::path& dir, std::string_view name,
                                                const Schedule& schedule) {
  nlohmann::json json = {{"format", kFormat},
                         {"url", schedule.url},
                         {"checked", schedule.checked},
                         {"interval", schedule.interval},
                         {"etag", schedule.validators.etag},
                         {"last_modified", schedule.validators.last_modified},
                         {"failures", schedule.failures},
                         {"retry_after", schedule.retry_after},
                         {"last_error", schedule.last_error}};
  // The error text may hold bytes from a server that are not UTF-8.
  return write_file_atomically(
      schedule_path(dir, name),
      json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", 0644);
}

std::chrono::seconds list_interval(std::string_view text) {
  int line_number = 0;
  while (!text.empty() && line_number++ < kHeaderLines) {
    std::size_t end = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.starts_with("!")) {
      line.remove_prefix(1);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.starts_with("Expires:")) {
        auto interval = parse_duration(line.substr(8));
        if (interval.count() > 0) return std::clamp(interval, kMinInterval, kMaxInterval);
      }
    } else if (!line.empty() && !line.starts_with("[")) {
      break;  // past the header
    }
  }
  return kDefaultInterval;
}

bool is_due(const Schedule& schedule, std::int64_t now, double jitter_fraction) {
  if (now < schedule.retry_after) return false;
  if (schedule.checked == 0) return true;
  double fraction = std::clamp(jitter_fraction, 0.0, 1.0);
  auto jitter = static_cast<std::int64_t>(fraction * static_cast<double>(schedule.interval) / 8);
  return now - schedule.checked >= schedule.interval - jitter;
}

std::chrono::seconds retry_delay(int failures) {
  if (failures <= 0) return std::chrono::seconds(0);
  auto delay = kFirstRetry;
  for (int i = 1; i < failures && delay < kMaxRetry; ++i) delay *= 2;
  return std::min(delay, kMaxRetry);
}

void record_success(Schedule& schedule, std::int64_t now, const Validators& validators,
                    std::chrono::seconds interval) {
  schedule.checked = now;
  schedule.validators = validators;
  schedule.interval = std::clamp(interval, kMinInterval, kMaxInterval).count();
  schedule.failures = 0;
  schedule.retry_after = 0;
  schedule.last_error.clear();
}

void record_failure(Schedule& schedule, std::int64_t now, std::string_view why) {
  schedule.failures = std::min(schedule.failures + 1, 64);
  schedule.retry_after = now + retry_delay(schedule.failures).count();
  schedule.last_error = std::string(why.substr(0, kMaxErrorBytes));
}

}  // namespace sauatty::store
