// The rule options every subcommand shares: --rules DIR (a folder laid out
// like rules/; default: the embedded copy) and --filters FILE (repeatable).
#pragma once

#include <expected>
#include <memory>

#include "app/args.h"
#include "app/commands.h"
#include "store/rule_set.h"

namespace sauatty::app {

// Loads the rule set the options name. With --filters and no --rules, only
// the filter files load (so that `match --filters X` measures X alone).
// On failure, the message is on io.err and the error is the exit code.
std::expected<std::shared_ptr<const store::RuleSet>, int> load_rules_for(const Args& args, Io io);

}  // namespace sauatty::app
