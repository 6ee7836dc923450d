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
std::vector<std::pair<std::string, std::filesystem::path>> downloaded_lists(const Args& args) {
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
    options.rules = store::RulesSource::directory(dir);
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
  const bool with_downloads = options.rules.has_value() && !args.has("--no-cache");
  store::LoadOptions without_downloads = options;
  if (with_downloads) {
    for (const auto& [kind, path] : downloaded_lists(args)) store::add_import(options, kind, path);
  }
  auto loaded = store::load_rule_set(options);
  if (!loaded && with_downloads) {
    // A downloaded list was verified before it was swapped in, so this is
    // rare (a disk fault, a reader changed by an upgrade); the embedded rules
    // must still work.
    io.err << "sauatty-host: downloaded lists left out: " << loaded.error() << "\n";
    loaded = store::load_rule_set(without_downloads);
  }
  if (!loaded) {
    io.err << "sauatty-host: " << loaded.error() << "\n";
    return std::unexpected(kExitIo);
  }
  return std::move(*loaded);
}

}  // namespace sauatty::app
