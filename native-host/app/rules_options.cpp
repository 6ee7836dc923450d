#include "app/rules_options.h"

#include <ostream>

#include "lists/filter_list.h"
#include "store/list_kinds.h"
#include "store/list_update.h"

namespace sauatty::app {

std::set<std::string> rule_value_options(std::set<std::string> own) {
  own.insert({"--rules", "--filters", "--import", "--sources", "--cache"});
  return own;
}

std::set<std::string> rule_flags(std::set<std::string> own) {
  own.insert("--no-cache");
  return own;
}

namespace {

// The verified downloads that sources.json names; none when there is no
// sources file (the usual case on a PC with the embedded rules only).
store::CachedLists downloaded_lists(const Args& args) {
  std::filesystem::path file = args.value("--sources", store::default_sources_file().string());
  auto text = lists::read_text_file(file, 1u << 20);
  if (!text) return {};
  auto sources = store::parse_sources(*text);
  if (!sources) return {};
  return store::cached_lists(*sources, args.value("--cache", store::default_cache_dir().string()));
}

}  // namespace

std::expected<std::shared_ptr<const store::RuleSet>, int> load_rules_for(const Args& args, Io io) {
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
             "opensources, bs-detector, cred1, lin2023\n";
      return std::unexpected(kExitUsage);
    }
  }
  store::CachedLists cached;
  if (options.rules.has_value() && !args.has("--no-cache")) cached = downloaded_lists(args);
  for (const auto& [kind, path] : cached.lists) store::add_import(options, kind, path, true);
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
  return std::move(*loaded);
}

}  // namespace sauatty::app
