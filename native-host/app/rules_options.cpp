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

// The downloaded lists of the sources in effect (store/list_sources.h) and
// the folder they are kept in. A sources file that cannot be read names
// none (as a PC without one); one that is not a sources file names none and
// says so; an entry of an unknown kind is left out alone, and said so.
struct Downloads {
  std::vector<store::ListSource> sources;
  std::filesystem::path dir;
};

Downloads downloads_named(const Args& args, Io io) {
  auto sources = store::sources_in_effect(path_option(args, "--sources"));
  if (!sources) {
    if (!sources.error().unreadable) {
      io.err << "sauatty-host: downloaded lists left out: "
             << lists::printable(sources.error().message) << "\n";
    }
    return {};
  }
  for (const std::string& why : sources->left_out)
    io.err << "sauatty-host: downloaded list left out: " << lists::printable(why) << "\n";
  return {std::move(sources->lists), store::cache_in_effect(path_option(args, "--cache")).dir};
}

// The rules from the compiled cache `file` when its key holds every copy the
// cache folder has of `downloads` as it is now (path, size, modification
// time, inode: store::sources_key), without reading those copies for their
// checksums: a cache is only ever written from copies that passed that
// check (here, and in store::rebuild_compiled_cache), so a key that still
// matches means the index came from checked copies, and the ~3.5 MB of
// EasyList + EasyPrivacy need not be read again at every start. Null when
// the cache does not fit (a copy left out when the cache was written, one
// changed since, no cache or a damaged one): then the copies are checked
// and the cache read as before.
std::shared_ptr<const store::RuleSet> from_cache_unchecked(store::LoadOptions options,
                                                           const Downloads& downloads,
                                                           const std::filesystem::path& file) {
  for (const store::ListSource& source : downloads.sources) {
    std::error_code ec;
    std::filesystem::path path = downloads.dir / source.name;
    if (std::filesystem::exists(path, ec)) store::add_import(options, source.kind, path, true);
  }
  options.compiled_cache = file;
  options.compiled_cache_only = true;
  auto loaded = store::load_rule_set(options);
  return loaded ? std::move(*loaded) : nullptr;
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
    const auto eq = spec.find('=');
    const auto kind =
        eq == std::string::npos ? std::nullopt : store::import_kind(spec.substr(0, eq));
    if (!kind || !store::add_import(options, *kind, spec.substr(eq + 1))) {
      io.err << "sauatty-host: --import takes KIND=PATH with KIND one of "
             << store::import_kind_names() << "\n";
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

std::expected<std::shared_ptr<const store::RuleSet>, int> load_rules_for(
    const Args& args, Io io, CompiledCache compiled, const store::ReadBeside& beside) {
  auto base = base_load_options(args, io);
  if (!base) return std::unexpected(base.error());
  store::LoadOptions& options = *base;
  options.read_beside = beside;
  Downloads downloads;
  if (options.rules.has_value() && !args.has("--no-cache")) downloads = downloads_named(args, io);
  const auto file = compiled_cache_for(args);
  if (file && !downloads.sources.empty() &&
      (compiled == CompiledCache::kStart || compiled == CompiledCache::kOnly)) {
    if (auto set = from_cache_unchecked(options, downloads, *file)) return set;
  }
  const store::CachedLists cached = store::cached_lists(downloads.sources, downloads.dir);
  for (const auto& [kind, path] : cached.lists) store::add_import(options, kind, path, true);
  if (file && compiled != CompiledCache::kIgnore) {
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
