#include "app/rules_options.h"

#include <ostream>

#include "lists/filter_list.h"
#include "store/compiled_cache.h"
#include "store/list_kinds.h"
#include "store/list_sources.h"

namespace sauatty::app {

std::set<std::string> rule_value_options(std::set<std::string> own) {
  own.insert({"--rules", "--filters", "--import", "--sources", "--cache"});
  return own;
}

std::set<std::string> rule_flags(std::set<std::string> own) {
  own.insert("--no-cache");
  return own;
}

std::optional<std::filesystem::path> path_option(const Args& args, std::string_view option) {
  std::string value = args.value(option);
  if (value.empty()) return std::nullopt;
  return std::filesystem::path(value);
}

namespace {

// The verified downloads of the sources in effect (store/list_sources.h).
// A sources file that cannot be read loads none (as a PC without one); one
// that is not a sources file loads none and says so.
store::CachedLists downloaded_lists(const Args& args, Io io) {
  auto sources = store::sources_in_effect(path_option(args, "--sources"));
  if (!sources) {
    if (!sources.error().unreadable) {
      io.err << "sauatty-host: downloaded lists left out: "
             << lists::printable(sources.error().message) << "\n";
    }
    return {};
  }
  return store::cached_lists(sources->lists,
                             store::cache_in_effect(path_option(args, "--cache")).dir);
}

}  // namespace

std::expected<store::LoadOptions, int> base_load_options(const Args& args, Io io) {
  store::LoadOptions options;
  for (const auto& file : args.values("--filters")) options.filter_files.emplace_back(file);
  if (auto dir = args.value("--rules"); !dir.empty()) {
    auto source = store::RulesSource::directory(dir);
    if (!source) {
      io.err << "sauatty-host: --rules " << lists::printable(source.error()) << "\n";
      return std::unexpected(kExitIo);
    }
    options.rules = std::move(*source);
  } else if (!options.filter_files.empty()) {
    options.rules.reset();
  }
  for (const auto& spec : args.values("--import")) {
    auto eq = spec.find('=');
    if (eq == std::string::npos ||
        !store::add_import(options, spec.substr(0, eq), spec.substr(eq + 1))) {
      io.err
          << "sauatty-host: --import takes KIND=PATH with KIND one of filters, hosts, disconnect, "
             "tracker-radar, disconnect-entities, trackerdb, opensources, bs-detector, cred1, "
             "lin2023\n";
      return std::unexpected(kExitUsage);
    }
  }
  return options;
}

std::optional<std::filesystem::path> compiled_cache_for(const Args& args) {
  // As the options decide whether a rules folder loads with the downloads.
  const bool rules = !args.value("--rules").empty() || args.values("--filters").empty();
  if (!rules || args.has("--no-cache")) return std::nullopt;
  return store::compiled_cache_file(store::cache_in_effect(path_option(args, "--cache")).dir);
}

std::expected<std::shared_ptr<const store::RuleSet>, int> load_rules_for(const Args& args, Io io,
                                                                         CompiledCache compiled) {
  auto base = base_load_options(args, io);
  if (!base) return std::unexpected(base.error());
  store::LoadOptions& options = *base;
  store::CachedLists cached;
  if (options.rules.has_value() && !args.has("--no-cache")) cached = downloaded_lists(args, io);
  for (const auto& [kind, path] : cached.lists) store::add_import(options, kind, path, true);
  if (auto file = compiled_cache_for(args); file && compiled != CompiledCache::kIgnore) {
    options.compiled_cache = *file;
    options.rebuild_compiled_cache = compiled == CompiledCache::kRebuild;
    options.compiled_cache_only = compiled == CompiledCache::kOnly;
  }
  auto loaded = store::load_rule_set(options);
  if (!loaded) {
    io.err << "sauatty-host: " << lists::printable(loaded.error()) << "\n";
    return std::unexpected(kExitIo);
  }
  if (!cached.left_out.empty()) {
    // Those that failed their check before loading, first.
    auto with_all = std::make_shared<store::RuleSet>(**loaded);
    with_all->left_out.insert(with_all->left_out.begin(), cached.left_out.begin(),
                              cached.left_out.end());
    *loaded = std::move(with_all);
  }
  for (const auto& why : (*loaded)->left_out) {
    io.err << "sauatty-host: downloaded list left out: " << lists::printable(why) << "\n";
  }
  if ((*loaded)->compiled_cache_refused) {
    io.err << "sauatty-host: compiled cache not used: "
           << lists::printable((*loaded)->compiled_cache) << "\n";
  }
  return std::move(*loaded);
}

}  // namespace sauatty::app
