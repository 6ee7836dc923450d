#include <ostream>

#include "app/args.h"
#include "app/commands.h"
#include "app/rules_options.h"

namespace sauatty::app {

// `rules list`: what loads. `rules verify`: the same, then every problem
// found while loading (skipped lines and why); exit 2 when there is any.
int run_rules(const std::vector<std::string>& words, Io io) {
  auto args = parse_args(words, {"--rules", "--filters"}, {});
  if (!args || args->positional.size() != 1 ||
      (args->positional[0] != "list" && args->positional[0] != "verify")) {
    io.err << "sauatty-host rules: " << (args ? "say list or verify" : args.error())
           << " (usage: rules list|verify [--rules DIR] [--filters FILE]...)\n";
    return kExitUsage;
  }
  auto rules = load_rules_for(*args, io);
  if (!rules) return rules.error();
  io.out << "rules from " << (*rules)->source << "\n";
  for (const auto& list : (*rules)->lists) {
    io.out << "  " << list.kind << "\t" << list.name << "\t" << list.entries << " entries\n";
  }
  if (args->positional[0] == "list") return kExitOk;
  for (const auto& warning : (*rules)->warnings) io.out << "  warning: " << warning << "\n";
  io.out << (*rules)->warnings.size() << " warnings\n";
  return (*rules)->warnings.empty() ? kExitOk : kExitBadInput;
}

}  // namespace sauatty::app
