// The rule options every subcommand shares:
//   --rules DIR        a folder laid out like rules/ (default: the embedded copy)
//   --filters FILE     an Adblock Plus / EasyList file (repeatable)
//   --import KIND=PATH a list of another kind, read at start-up (repeatable;
//                      kinds as in store/list_kinds.h: hosts, disconnect,
//                      opensources, bs-detector, cred1, lin2023, filters)
//   --sources FILE, --cache DIR
//                      which lists are downloaded and where `rules update`
//                      keeps them; those lists load too (defaults and order:
//                      store/list_sources.h, docs/LISTS.md)
//   --no-cache         leave the downloaded lists out
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "app/args.h"
#include "app/commands.h"
#include "store/rule_set.h"

namespace sauatty::app {

// The value of `option` (--sources, --cache) as a path, when given.
std::optional<std::filesystem::path> path_option(const Args& args, std::string_view option);

// Options that take a value, and flags, to merge into a subcommand's own.
std::set<std::string> rule_value_options(std::set<std::string> own = {});
std::set<std::string> rule_flags(std::set<std::string> own = {});

// The rules the options name before any download is added: the rules
// folder (embedded or --rules), --filters and --import lists. On failure, one
// message is on io.err and the error is the exit code (as load_rules_for).
std::expected<store::LoadOptions, int> base_load_options(const Args& args, Io io);

// Loads the rule set the options name. With --filters and no --rules, only
// the filter files (and --import lists) load, so that `match --filters X`
// measures X alone. Each downloaded list is checked against its record of
// verification and left out on its own, with a line on io.err naming it,
// when it does not match or does not load (the rest still loads). On
// failure, one message is on io.err and the error is the exit code (1
// usage; 3 a --rules folder missing, or a --rules, --filters or --import
// list unreadable or not of its format). Bytes from lists are escaped.
//
// The tracker rules come from the compiled cache of the list cache folder
// (store/compiled_cache.h) when it was built from these sources (kUse); a
// cache refused for damage is named on io.err, and the lists are parsed and
// the cache written again. kIgnore parses and writes nothing (`rules
// verify`, which reports every line); kRebuild parses and writes it
// (`rules compile`); kOnly loads from the cache or fails (a running host's
// swap). Without a rules folder or with --no-cache there is none.
// kStart is kUse for a host start: when the cache's key still holds every
// downloaded copy as it is now (path, size, modification time, inode), the
// copies are not read again for their checksums (the cache was written from
// checked copies); kOnly does the same. A copy changed in place within one
// tick of the clock, same size, is then not named as damaged (the index in
// use is still the checked copy's); `rules list` (kUse) names it.
enum class CompiledCache { kUse, kIgnore, kRebuild, kOnly, kStart };

// The compiled cache load_rules_for() reads for these options, if any.
std::optional<std::filesystem::path> compiled_cache_for(const Args& args);
// `beside`: a second thread the compiled cache may be read on
// (store::LoadOptions::read_beside).
std::expected<std::shared_ptr<const store::RuleSet>, int> load_rules_for(
    const Args& args, Io io, CompiledCache compiled = CompiledCache::kUse,
    const store::ReadBeside& beside = {});

}  // namespace sauatty::app
