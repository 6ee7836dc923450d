#include "store/list_update.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <system_error>

#include "lists/text_file.h"
#include "store/checksum.h"
#include "store/list_cache.h"
#include "store/sha256.h"
#include "store/update_schedule.h"

namespace sauatty::store {
namespace fs = std::filesystem;

namespace {

// Updates killed this long ago left their temporaries behind for good (a
// running one writes and renames its own within a second or two).
constexpr std::chrono::minutes kStaleTemporaryAge{10};
constexpr std::size_t kMaxRedirectHosts = 16;

// Names never start with '.': hidden files in the cache are ours.
bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool valid_sha256(std::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool valid_host(std::string_view host) {
  return !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' ||
           c == '[' || c == ']';
  });
}

// allow_redirect_hosts, when present: an array of host names.
std::expected<std::vector<std::string>, std::string> redirect_hosts(const nlohmann::json& entry,
                                                                    const std::string& where) {
  std::vector<std::string> out;
  auto it = entry.find("allow_redirect_hosts");
  if (it == entry.end()) return out;
  std::string field = where + ".allow_redirect_hosts";
  if (!it->is_array() || it->size() > kMaxRedirectHosts) {
    return std::unexpected(field + ": must be an array of at most " +
                           std::to_string(kMaxRedirectHosts) + " host names");
  }
  for (const auto& host : *it) {
    std::string lower = host.is_string() ? host.get<std::string>() : std::string();
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!valid_host(lower)) return std::unexpected(field + ": each must be a host name");
    out.push_back(std::move(lower));
  }
  return out;
}

// Entries in the last good copy: its record's count when the copy matches
// it; for a copy from before records were kept, what `verify` counts in it;
// 0 when there is no usable copy.
std::size_t last_good_entries(const fs::path& cache_dir, const ListSource& source,
                              const ListVerifier& verify) {
  if (auto record = check_cached_list(cache_dir, source.name, list_kind_name(source.kind)))
    return record->entries;
  auto old = lists::read_text_file(cache_dir / source.name);
  if (!old) return 0;
  auto entries = verify(source.kind, *old);
  return entries ? *entries : 0;
}

// Why a verified download of `entries` must not replace the last good copy
// of `last`, or "" when it may.
std::string shrink_refusal(std::size_t entries, std::size_t last) {
  if (entries * 2 >= last) return {};
  return std::to_string(entries) + " entries, under half of the last good copy's " +
         std::to_string(last) +
         " (a list cut short?); to accept it, delete the cached copy and update again";
}

// What one attempt gave: a verified copy stored (entries), the cached copy
// confirmed current (304), or why neither.
struct Attempt {
  bool not_modified = false;
  std::size_t entries = 0;
  Validators validators;
  std::chrono::seconds interval = kDefaultInterval;
};

// Downloads (conditionally on `sent`), verifies and stores one list.
std::expected<Attempt, std::string> update_one(const ListSource& source, const fs::path& cache_dir,
                                               const ListVerifier& verify, DownloadLimits limits,
                                               const Validators& sent,
                                               const DownloadProgress& progress) {
  limits.redirect_hosts.insert(limits.redirect_hosts.end(), source.allow_redirect_hosts.begin(),
                               source.allow_redirect_hosts.end());
  auto fetched = store::fetch(source.url, source.sha256, sent, limits, progress);
  if (!fetched) return std::unexpected(fetched.error().message);
  Attempt attempt;
  attempt.validators = std::move(fetched->validators);
  if (fetched->not_modified) {
    attempt.not_modified = true;
    return attempt;
  }
  const std::string& body = fetched->body;
  auto entries = verify(source.kind, body);
  if (!entries) {
    return std::unexpected(source.name + ": does not parse as " +
                           std::string(list_kind_name(source.kind)) + ": " + entries.error());
  }
  if (*entries == 0) {
    return std::unexpected(source.name + ": parses as " + std::string(list_kind_name(source.kind)) +
                           " but has no entries");
  }
  std::string shrunk = shrink_refusal(*entries, last_good_entries(cache_dir, source, verify));
  if (!shrunk.empty()) return std::unexpected(source.name + ": " + shrunk);
  CacheRecord record{std::string(list_kind_name(source.kind)), body.size(), sha256_hex(body),
                     content_checksum(body), *entries};
  if (auto stored = store_list(cache_dir, source.name, body, record); !stored) {
    return std::unexpected(stored.error());
  }
  attempt.entries = *entries;
  attempt.interval = list_interval(body);
  return attempt;
}

// The validators to send: the schedule's, when they belong to this URL and
// the cached copy they describe is still the verified one.
Validators validators_to_send(const Schedule& schedule, const ListSource& source,
                              const fs::path& cache_dir) {
  if (schedule.url != source.url) return {};
  if (!check_cached_list(cache_dir, source.name, list_kind_name(source.kind))) return {};
  return schedule.validators;
}

fs::path xdg_dir(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  if (value != nullptr && *value == '/') return value;
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr ? home : "/") / fallback;
}

}  // namespace

std::expected<std::vector<ListSource>, std::string> parse_sources(std::string_view text) {
  auto file = parse_sources_file(text);
  if (!file) return std::unexpected(std::move(file.error()));
  return std::move(file->lists);
}

std::expected<SourcesFile, std::string> parse_sources_file(std::string_view text,
                                                           UnknownKinds unknown) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    return std::unexpected("sources: not a JSON object");
  // Compared as a JSON value: a format of another type is "not this format"
  // (nlohmann's value() would throw on it).
  if (auto format = json.find("format"); format == json.end() || *format != "sauatty-sources/1") {
    return std::unexpected("sources: format must be \"sauatty-sources/1\"");
  }
  auto lists = json.find("lists");
  if (lists == json.end() || !lists->is_array())
    return std::unexpected("sources: lists must be an array");
  SourcesFile file;
  if (auto automatic = json.find("automatic_updates"); automatic != json.end()) {
    if (!automatic->is_boolean())
      return std::unexpected("sources: automatic_updates must be true or false");
    file.automatic_updates = automatic->get<bool>();
  }
  std::vector<ListSource>& out = file.lists;
  for (std::size_t i = 0; i < lists->size(); ++i) {
    const auto& entry = (*lists)[i];
    std::string where = "sources: lists[" + std::to_string(i) + "]";
    if (!entry.is_object()) return std::unexpected(where + ": not an object");
    ListSource source;
    std::string kind;
    for (auto [key, target] :
         {std::pair{"name", &source.name}, std::pair{"kind", &kind}, std::pair{"url", &source.url},
          std::pair{"sha256", &source.sha256}}) {
      auto it = entry.find(key);
      if (it == entry.end()) {
        if (std::string_view(key) == "sha256") continue;
        return std::unexpected(where + "." + key + ": missing");
      }
      if (!it->is_string()) return std::unexpected(where + "." + key + ": must be a string");
      *target = it->get<std::string>();
    }
    if (auto known = import_kind(kind)) {
      source.kind = *known;
    } else {
      const std::string why = "unknown kind '" + lists::printable(kind) + "' (one of " +
                              std::string(import_kind_names()) + ")";
      if (unknown == UnknownKinds::kRefuse) return std::unexpected(where + ".kind: " + why);
      file.left_out.push_back(where + " '" + lists::printable(source.name) + "': " + why);
      continue;
    }
    if (!valid_name(source.name))
      return std::unexpected(where +
                             ".name: use [a-z0-9._-], 1 to 64 characters, not starting with '.'");
    if (!source.url.starts_with("https://") && !source.url.starts_with("http://")) {
      return std::unexpected(where + ".url: must be an http(s) URL");
    }
    if (!source.sha256.empty() && !valid_sha256(source.sha256)) {
      return std::unexpected(where + ".sha256: must be 64 lower-case hex digits");
    }
    auto hosts = redirect_hosts(entry, where);
    if (!hosts) return std::unexpected(hosts.error());
    source.allow_redirect_hosts = std::move(*hosts);
    for (const auto& seen : out) {
      if (seen.name == source.name)
        return std::unexpected(where + ".name: '" + source.name + "' twice");
    }
    out.push_back(std::move(source));
  }
  return file;
}

fs::path default_cache_dir() { return xdg_dir("XDG_CACHE_HOME", ".cache") / "sauatty" / "lists"; }

CachedLists cached_lists(const std::vector<ListSource>& sources, const fs::path& cache_dir) {
  CachedLists out;
  for (const ListSource& source : sources) {
    std::error_code ec;
    fs::path path = cache_dir / source.name;
    if (!fs::exists(path, ec)) continue;
    if (auto checked = check_cached_list(cache_dir, source.name, list_kind_name(source.kind))) {
      out.lists.emplace_back(source.kind, path);
    } else {
      out.left_out.push_back(source.name + ": " + checked.error());
    }
  }
  return out;
}

std::vector<UpdateOutcome> update_lists(const std::vector<ListSource>& sources,
                                        const fs::path& cache_dir, const ListVerifier& verify,
                                        const UpdateOptions& options, std::ostream& progress_out) {
  std::vector<UpdateOutcome> outcomes;
  if (std::size_t removed = remove_stale_temporaries(cache_dir, kStaleTemporaryAge)) {
    progress_out << "removed " << removed << " temporary files that a stopped update left\n";
  }
  const std::int64_t now = options.now != 0
                               ? options.now
                               : std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
  for (const ListSource& source : sources) {
    UpdateOutcome outcome;
    outcome.name = source.name;
    Schedule schedule = read_schedule(cache_dir, source.name);
    if (options.automatic && !is_due(schedule, now, options.jitter_fraction)) {
      outcome.skipped = true;
      outcomes.push_back(std::move(outcome));
      continue;
    }
    progress_out << "updating " << source.name << " from " << lists::printable(source.url) << " …\n"
                 << std::flush;
    std::size_t last_reported = 0;
    auto progress = [&](std::size_t received, std::size_t total) {
      if (received - last_reported < (1u << 20)) return;  // a line per MiB
      last_reported = received;
      progress_out << "  " << (received >> 10) << " KiB"
                   << (total ? " of " + std::to_string(total >> 10) + " KiB" : "") << "\n"
                   << std::flush;
    };
    auto attempt = update_one(source, cache_dir, verify, options.limits,
                              validators_to_send(schedule, source, cache_dir), progress);
    if (attempt) {
      outcome.not_modified = attempt->not_modified;
      outcome.updated = !attempt->not_modified;
      outcome.entries = attempt->entries;
      // A 304 keeps the interval the stored copy asked for.
      auto interval =
          attempt->not_modified ? std::chrono::seconds(schedule.interval) : attempt->interval;
      Validators validators = attempt->validators;
      if (attempt->not_modified && validators.etag.empty() && validators.last_modified.empty())
        validators = schedule.validators;
      schedule.url = source.url;
      record_success(schedule, now, validators, interval);
    } else {
      outcome.message = attempt.error();
      record_failure(schedule, now, outcome.message);
    }
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
    if (auto written = write_schedule(cache_dir, source.name, schedule); !written) {
      progress_out << "  (its schedule was not kept: " << lists::printable(written.error())
                   << ")\n";
    }
    progress_out << "  "
                 << (outcome.updated ? "ok, " + std::to_string(outcome.entries) + " entries"
                     : outcome.not_modified
                         ? std::string("not modified since the last update")
                         : "kept the last good copy: " + lists::printable(outcome.message))
                 << "\n";
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace sauatty::store
