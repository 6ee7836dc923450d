#include <filesystem>
#include <ostream>

#include "app/args.h"
#include "app/commands.h"
#include "app/rules_options.h"
#include "lists/text_file.h"
#include "lists/tracker_rules.h"
#include "store/list_kinds.h"
#include "store/list_update.h"

namespace sauatty::app {

namespace {

// `rules update`: downloads every list sources.json names, verifies it and
// swaps it into the cache; exit 3 when any list could not be updated (the
// last good copies stay in use).
int run_update(const Args& args, Io io) {
  std::filesystem::path file = args.value("--sources", store::default_sources_file().string());
  auto text = lists::read_text_file(file, 1u << 20);
  if (!text) {
    io.err << "sauatty-host rules update: " << text.error()
           << " (write one as docs/LISTS.md shows, or pass --sources FILE)\n";
    return kExitIo;
  }
  auto sources = store::parse_sources(*text);
  if (!sources) {
    io.err << "sauatty-host rules update: " << file.string() << ": "
           << lists::printable(sources.error()) << "\n";
    return kExitBadInput;
  }
  for (const auto& source : *sources) {
    if (!store::list_family(source.kind)) {
      io.err << "sauatty-host rules update: " << file.string() << ": list '" << source.name
             << "' has unknown kind '" << lists::printable(source.kind) << "'\n";
      return kExitBadInput;
    }
  }
  std::filesystem::path cache = args.value("--cache", store::default_cache_dir().string());
  auto outcomes = store::update_lists(*sources, cache, store::verify_list, {}, io.out);
  std::size_t failed = 0;
  for (const auto& outcome : outcomes) failed += !outcome.updated;
  io.out << (outcomes.size() - failed) << " of " << outcomes.size() << " lists updated in "
         << cache.string() << "\n";
  return failed == 0 ? kExitOk : kExitIo;
}

}  // namespace

// `rules list`: what loads. `rules verify`: the same, then every problem
// found while loading (file:line and why for each skipped line, downloaded
// lists left out); exit 2 when there is any. Everything from a list is
// printed through lists::printable().
int run_rules(const std::vector<std::string>& words, Io io) {
  auto args = parse_args(words, rule_value_options(), rule_flags());
  if (!args || args->positional.size() != 1 ||
      (args->positional[0] != "list" && args->positional[0] != "verify" &&
       args->positional[0] != "update")) {
    io.err << "sauatty-host rules: " << (args ? "say list, verify or update" : args.error())
           << " (usage: rules list|verify|update [--rules DIR] [--filters FILE]... "
              "[--sources FILE] [--cache DIR])\n";
    return kExitUsage;
  }
  if (args->positional[0] == "update") return run_update(*args, io);
  auto rules = load_rules_for(*args, io);
  if (!rules) return rules.error();
  using lists::printable;
  io.out << "rules from " << printable((*rules)->source) << "\n";
  for (const auto& list : (*rules)->lists) {
    io.out << "  " << list.kind << "\t" << printable(list.name) << "\t" << list.entries
           << " entries\n";
  }
  if (args->positional[0] == "list") return kExitOk;
  for (const auto& report : (*rules)->trackers->reports) {
    io.out << "  " << printable(report.summary()) << "\n";
  }
  for (const auto& warning : (*rules)->warnings) {
    io.out << "  warning: " << printable(warning) << "\n";
  }
  io.out << (*rules)->warnings.size() << " warnings";
  if (!(*rules)->left_out.empty()) io.out << ", " << (*rules)->left_out.size() << " lists left out";
  io.out << "\n";
  return (*rules)->warnings.empty() && (*rules)->left_out.empty() ? kExitOk : kExitBadInput;
}

}  // namespace sauatty::app
