// A small command-line reader: positional words and --flags (with or
// without a value), checked against what a subcommand accepts.
#pragma once

#include <expected>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sauatty::app {

struct Args {
  std::vector<std::string> positional;
  std::multimap<std::string, std::string> options;  // "--filters" → FILE (repeatable)
  std::set<std::string> flags;                      // "--json", "--stats", …

  bool has(std::string_view flag) const { return flags.contains(std::string(flag)); }
  // The last value given for `option`, or `fallback`.
  std::string value(std::string_view option, std::string fallback = {}) const;
  std::vector<std::string> values(std::string_view option) const;
};

// `with_value` names options that take a value, `flags` those that do not;
// anything else starting with "--" is a usage error (the message says which).
std::expected<Args, std::string> parse_args(const std::vector<std::string>& words,
                                            const std::set<std::string>& with_value,
                                            const std::set<std::string>& flags);

}  // namespace sauatty::app
