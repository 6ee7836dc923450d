#include "store/rule_set.h"

namespace sauatty::store {

std::expected<std::shared_ptr<const RuleSet>, std::string> load_rule_set(const LoadOptions& options) {
  auto set = std::make_shared<RuleSet>();
  set->source = options.rules ? options.rules->describe() : "none";
  for (const auto& file : options.filter_files) {
    // ENGINE: parse each filter file into the tracker engine.
    auto text = read_file(file, kMaxRuleFileBytes);
    if (!text) return std::unexpected(text.error());
  }
  // ENGINE: load rules/trackers/ from options.rules.
  // CREDIBILITY: load rules/credibility/ from options.rules.
  return std::shared_ptr<const RuleSet>(std::move(set));
}

}  // namespace sauatty::store
