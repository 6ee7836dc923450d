#include <charconv>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <random>
#include <thread>

#include "app/args.h"
#include "app/commands.h"
#include "app/rules_options.h"
#include "credibility/assessor.h"
#include "lists/text_file.h"
#include "lists/tracker_rules.h"
#include "store/compiled_cache.h"
#include "store/list_kinds.h"
#include "store/list_sources.h"
#include "store/list_update.h"
#include "store/update_lock.h"
#include "store/update_schedule.h"

namespace sauatty::app {

namespace {

// The sources and cache `rules update` works on (store/list_sources.h);
// with --system, the administrator's sources and the system cache.
struct UpdateTarget {
  store::SourcesInEffect sources;
  std::filesystem::path cache;
  bool system_cache = false;
};

std::expected<UpdateTarget, int> update_target(const Args& args, Io io) {
  const bool system = args.has("--system");
  auto sources =
      store::sources_in_effect(path_option(args, "--sources"),
                               system ? store::SourcesScope::kSystem : store::SourcesScope::kUser);
  if (!sources) {
    io.err << "sauatty-host rules update: " << lists::printable(sources.error().message)
           << (sources.error().unreadable
                   ? " (write one as docs/LISTS.md shows, or pass --sources FILE)"
                   : "")
           << "\n";
    return std::unexpected(sources.error().unreadable ? kExitIo : kExitBadInput);
  }
  // A start leaves out an entry of an unknown kind; an update refuses the
  // file, so that the administrator who runs it sees the typo.
  if (!sources->left_out.empty()) {
    for (const std::string& why : sources->left_out)
      io.err << "sauatty-host rules update: " << lists::printable(why) << "\n";
    return std::unexpected(kExitBadInput);
  }
  UpdateTarget target;
  target.sources = std::move(*sources);
  if (system) {
    target.cache = args.value("--cache", store::kSystemCacheDir);
    target.system_cache = true;
  } else {
    auto cache = store::cache_in_effect(path_option(args, "--cache"));
    target.cache = cache.dir;
    target.system_cache = cache.system;
  }
  return target;
}

// A number in [0, 1) and a delay in [0, max_seconds], drawn per run so that
// a library's PCs, started together, spread their requests out.
double random_fraction() {
  std::random_device device;
  return std::uniform_real_distribution<double>(0.0, 1.0)(device);
}

// `rules update`: downloads the lists of the sources in effect, verifies
// each and swaps it into the cache; exit 3 when any list could not be
// updated (the last good copies stay in use). With --automatic (how a host
// starts it in the background): only the lists that are due, after a random
// delay of up to --delay-max seconds (default 60), and nothing at all when
// automatic updates are off, the cache is the system's, or another update
// of the same cache is running.
int run_update(const Args& args, Io io) {
  auto target = update_target(args, io);
  if (!target) return target.error();
  const bool automatic = args.has("--automatic");
  if (automatic && (!target->sources.automatic_updates || target->system_cache ||
                    store::offline_by_environment())) {
    return kExitOk;
  }
  store::UpdateOptions options;
  options.automatic = automatic;
  if (automatic) {
    int delay_max = 60;
    std::string text = args.value("--delay-max", "60");
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), delay_max);
    if (ec != std::errc() || end != text.data() + text.size() || delay_max < 0 ||
        delay_max > 3600) {
      io.err << "sauatty-host rules update: --delay-max takes seconds from 0 to 3600\n";
      return kExitUsage;
    }
    options.jitter_fraction = random_fraction();
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<long long>(random_fraction() * delay_max * 1000)));
  }
  using Wait = store::UpdateLock::Wait;
  auto first_try = store::UpdateLock::acquire(target->cache, Wait::kNo);
  const bool busy = !first_try && first_try.error() == "busy";
  if (busy && automatic) return kExitOk;  // the one running does this
  if (busy) {
    io.out << "waiting for another update of " << target->cache.string() << " to finish …\n"
           << std::flush;
  }
  auto lock = busy ? store::UpdateLock::acquire(target->cache, Wait::kYes) : std::move(first_try);
  if (!lock) {
    io.err << "sauatty-host rules update: " << lists::printable(lock.error()) << "\n";
    return kExitIo;
  }
  auto outcomes = store::update_lists(target->sources.lists, target->cache, store::verify_list,
                                      options, io.out);
  std::size_t attempted = 0, good = 0, changed = 0;
  for (const auto& outcome : outcomes) {
    if (outcome.skipped) continue;
    ++attempted;
    good += outcome.updated || outcome.not_modified;
    changed += outcome.updated;
  }
  if (automatic && attempted == 0) return kExitOk;
  if (changed > 0) {
    // The compiled cache of this folder, so that hosts start from it and a
    // running host swaps to it (store/compiled_cache.h). A failure here
    // costs a parse at the next start, nothing else.
    if (auto base = base_load_options(args, io)) {
      auto compiled = store::rebuild_compiled_cache(*base, target->sources.lists, target->cache);
      if (compiled) {
        io.out << "compiled cache rebuilt: " << compiled->file.string() << " (" << compiled->bytes
               << " bytes)\n";
      } else {
        io.out << "compiled cache not rebuilt: " << lists::printable(compiled.error()) << "\n";
      }
    }
  }
  io.out << good << " of " << attempted << " lists updated in " << target->cache.string()
         << " (sources: " << lists::printable(target->sources.origin) << ")\n";
  return good == attempted ? kExitOk : kExitIo;
}

// "3 days", "5 hours", "12 minutes", "under a minute": how long `seconds` is.
std::string duration_text(std::int64_t seconds) {
  auto unit = [](std::int64_t n, const char* one) {
    return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
  };
  if (seconds >= 2 * 86400) return unit(seconds / 86400, "day");
  if (seconds >= 2 * 3600) return unit(seconds / 3600, "hour");
  if (seconds >= 60) return unit(seconds / 60, "minute");
  return "under a minute";
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// How long ago `path` was last written, as "3 days ago"; empty when
// it cannot be told.
std::string file_age(const std::filesystem::path& path) {
  std::error_code ec;
  auto written = std::filesystem::last_write_time(path, ec);
  if (ec) return {};
  const auto age = std::filesystem::file_time_type::clock::now() - written;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(age).count();
  return duration_text(std::max<std::int64_t>(0, seconds)) + " ago";
}

// What `rules list` says of a downloaded list besides its URL: the age of
// the copy, when the server last confirmed it, and the last update's error
// while it lasts (store/update_schedule.h). Without a copy: "not downloaded
// yet", or why the copy was left out.
std::string download_state(const store::ListSource& source, const std::filesystem::path& cache,
                           bool has_copy, std::string_view left_out, std::int64_t now) {
  std::string out;
  if (!left_out.empty()) {
    out = "left out: " + std::string(left_out);
  } else if (has_copy) {
    out = "downloaded " + file_age(cache / source.name);
  } else {
    out = "not downloaded yet";
  }
  const store::Schedule schedule = store::read_schedule(cache, source.name);
  if (schedule.checked > 0 && schedule.url == source.url) {
    out += ", checked " + duration_text(std::max<std::int64_t>(0, now - schedule.checked)) + " ago";
  }
  if (!schedule.last_error.empty()) {
    out += "; last update failed: " + schedule.last_error + " (" +
           std::to_string(schedule.failures) + (schedule.failures == 1 ? " time" : " times") +
           " in a row";
    if (schedule.retry_after > now) {
      out += ", an automatic update tries again in " + duration_text(schedule.retry_after - now);
    }
    out += ")";
  }
  return out;
}

// Where each list of `rules` came from, for `rules list`: the URL and state
// of a download (download_state), the path and age of a --filters or
// --import file, "built in" or the --rules folder for the rest. The
// downloads of the sources in effect that did not load are listed after.
void print_lists(const Args& args, const store::RuleSet& rules, Io io) {
  using lists::printable;
  const std::int64_t now = unix_now();
  std::vector<store::ListSource> sources;
  std::filesystem::path cache;
  if (compiled_cache_for(args)) {
    if (auto in_effect = store::sources_in_effect(path_option(args, "--sources")))
      sources = std::move(in_effect->lists);
    cache = store::cache_in_effect(path_option(args, "--cache")).dir;
  }
  auto left_out_of = [&](std::string_view name) -> std::string_view {
    for (const std::string& why : rules.left_out) {
      if (why.size() > name.size() + 2 && why.starts_with(name) && why[name.size()] == ':')
        return std::string_view(why).substr(name.size() + 2);
    }
    return {};
  };
  std::vector<std::filesystem::path> files;
  for (const auto& file : args.values("--filters")) files.emplace_back(file);
  for (const auto& spec : args.values("--import")) {
    if (auto eq = spec.find('='); eq != std::string::npos) files.emplace_back(spec.substr(eq + 1));
  }
  // A credibility list is named by its contents; the file it came from is
  // its source.
  auto file_name_of = [&](const store::ListInfo& list) -> std::string_view {
    if (store::list_family(list.kind) == store::ListFamily::kCredibility && rules.credibility) {
      for (const auto& l : rules.credibility->lists()) {
        if (l.name == list.name) return l.source;
      }
    }
    return list.name;
  };
  std::vector<bool> loaded(sources.size(), false);
  for (const auto& list : rules.lists) {
    std::string origin;
    const std::string_view file_name = file_name_of(list);
    for (std::size_t i = 0; i < sources.size() && origin.empty(); ++i) {
      if (sources[i].name != file_name) continue;
      loaded[i] = true;
      origin = sources[i].url + ", " + download_state(sources[i], cache, true, {}, now);
    }
    for (const auto& file : files) {
      if (origin.empty() && file.filename() == file_name) {
        origin = file.string();
        if (std::string age = file_age(file); !age.empty()) origin += ", changed " + age;
      }
    }
    if (origin.empty()) origin = rules.source == "embedded" ? "built in" : rules.source;
    io.out << "  " << store::list_kind_name(list.kind) << "\t" << printable(list.name) << "\t"
           << list.entries << " entries\t" << printable(origin) << "\n";
  }
  bool header = false;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (loaded[i]) continue;
    if (!header) io.out << "downloads not loaded (cache " << printable(cache.string()) << "):\n";
    header = true;
    std::error_code ec;
    const bool has_copy = std::filesystem::exists(cache / sources[i].name, ec);
    io.out << "  " << store::list_kind_name(sources[i].kind) << "\t" << printable(sources[i].name)
           << "\t" << printable(sources[i].url) << ", "
           << printable(
                  download_state(sources[i], cache, has_copy, left_out_of(sources[i].name), now))
           << "\n";
  }
}

}  // namespace

// `rules list`: what loads. `rules verify`: the same, then every problem
// found while loading (file:line and why for each skipped line, downloaded
// lists left out); exit 2 when there is any. Everything from a list is
// printed through lists::printable().
int run_rules(const std::vector<std::string>& words, Io io) {
  auto args = parse_args(words, rule_value_options({"--delay-max"}),
                         rule_flags({"--system", "--automatic"}));
  if (!args || args->positional.size() != 1 ||
      (args->positional[0] != "list" && args->positional[0] != "verify" &&
       args->positional[0] != "update" && args->positional[0] != "compile")) {
    io.err << "sauatty-host rules: "
           << (args ? "say list, verify, update or compile" : args.error())
           << " (usage: rules list|verify|update|compile [--rules DIR] [--filters FILE]... "
              "[--sources FILE] [--cache DIR] [--system] [--automatic])\n";
    return kExitUsage;
  }
  if (args->positional[0] == "update") return run_update(*args, io);
  const std::string& what = args->positional[0];
  auto rules = load_rules_for(*args, io,
                              what == "verify"    ? CompiledCache::kIgnore
                              : what == "compile" ? CompiledCache::kRebuild
                                                  : CompiledCache::kUse);
  if (!rules) return rules.error();
  using lists::printable;
  if (what == "compile") {
    // `rules compile`: parse every list and write the compiled cache.
    const std::string& note = (*rules)->compiled_cache;
    if (note.empty()) {
      io.err << "sauatty-host rules compile: nothing to compile (no rules folder, or --no-cache)\n";
      return kExitUsage;
    }
    const bool written = note.ends_with(", written");
    (written ? io.out : io.err) << "compiled cache: " << printable(note) << "\n";
    return written ? kExitOk : kExitIo;
  }
  io.out << "rules from " << printable((*rules)->source) << "\n";
  print_lists(*args, **rules, io);
  if (!(*rules)->compiled_cache.empty()) {
    io.out << "compiled cache: " << printable((*rules)->compiled_cache) << "\n";
  }
  if (what == "list") return kExitOk;
  for (const auto& report : (*rules)->trackers->reports) {
    io.out << "  " << printable(report.summary()) << "\n";
  }
  for (const auto& warning : (*rules)->warnings) {
    io.out << "  warning: " << printable(warning) << "\n";
  }
  io.out << (*rules)->warnings.size() << " warnings";
  if (!(*rules)->left_out.empty()) io.out << ", " << (*rules)->left_out.size() << " lists left out";
  io.out << "\n";
  return (*rules)->warnings.empty() && (*rules)->left_out.empty() ? kExitOk : kExitBadInput;
}

}  // namespace sauatty::app
