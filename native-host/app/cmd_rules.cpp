#include <charconv>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <random>
#include <thread>

#include "app/args.h"
#include "app/commands.h"
#include "app/rules_options.h"
#include "lists/text_file.h"
#include "lists/tracker_rules.h"
#include "store/compiled_cache.h"
#include "store/list_kinds.h"
#include "store/list_sources.h"
#include "store/list_update.h"
#include "store/update_lock.h"

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
  for (const auto& source : sources->lists) {
    if (!store::list_family(source.kind)) {
      io.err << "sauatty-host rules update: " << sources->origin << ": list '" << source.name
             << "' has unknown kind '" << lists::printable(source.kind) << "'\n";
      return std::unexpected(kExitBadInput);
    }
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
  for (const auto& list : (*rules)->lists) {
    io.out << "  " << list.kind << "\t" << printable(list.name) << "\t" << list.entries
           << " entries\n";
  }
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
