#include "store/rule_set.h"

namespace sauatty::store {

std::expected<std::shared_ptr<const RuleSet>, std::string> load_rule_set(const LoadOptions& options) {
  auto set = std::make_shared<RuleSet>();
  set->source = options.rules ? options.rules->describe() : "none";
  // ENGINE: load rules/trackers/ from options.rules and options.filter_files.
  // CREDIBILITY: load rules/credibility/ from options.rules.
  return std::shared_ptr<const RuleSet>(std::move(set));
}

}  // namespace sauatty::store
