#include "app/rules_options.h"

#include <ostream>

namespace sauatty::app {

std::expected<std::shared_ptr<const store::RuleSet>, int> load_rules_for(const Args& args, Io io) {
  store::LoadOptions options;
  for (const auto& file : args.values("--filters")) options.filter_files.emplace_back(file);
  if (auto dir = args.value("--rules"); !dir.empty()) {
    options.rules = store::RulesSource::directory(dir);
  } else if (!options.filter_files.empty()) {
    options.rules.reset();
  }
  auto loaded = store::load_rule_set(options);
  if (!loaded) {
    io.err << "sauatty-host: " << loaded.error() << "\n";
    return std::unexpected(kExitIo);
  }
  return std::move(*loaded);
}

}  // namespace sauatty::app
