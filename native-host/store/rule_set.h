// Everything the host matches against, loaded once and then frozen: the
// tracker engine with its entity map, and the credibility index. A reload
// builds a new RuleSet and swaps the shared_ptr; nothing mutates a live one.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lists/tracker_rules.h"
#include "store/list_kinds.h"
#include "store/rules_source.h"

namespace sauatty::credibility {
class Assessor;
}

namespace sauatty::store {

struct ListInfo {
  std::string name;  // "sauatty-trackers", "easyprivacy-2026-07.txt", …
  ListKind kind = ListKind::kTrackers;
  std::size_t entries = 0;
  // A bundled or imported dataset's credit and licence as its list gives
  // them ("CRED-1 by Alexander Loth …", "CC BY 4.0, https://…"); empty for ours.
  std::string attribution = {};
  std::string license = {};
};

// Starts `task` on another thread and returns at once; false when it could
// not (the caller then runs the task itself). The task must not throw.
using ReadBeside = std::function<bool(std::function<void()> task)>;

struct LoadOptions {
  // The rules folder (embedded copy or --rules DIR); nullopt loads none,
  // as `match --filters FILE` alone does.
  std::optional<RulesSource> rules = RulesSource::embedded();
  // Extra Adblock Plus / EasyList files (`--filters FILE`, repeatable).
  std::vector<std::filesystem::path> filter_files;
  // Credibility datasets others publish, imported at load time after our
  // own lists (which win ties): `kind` is an importable credibility kind
  // (kOpenSources, kBsDetector, kCred1, kLin2023).
  //
  // An import is `optional` when it is a download from the cache: one that
  // cannot be read or parsed is then left out on its own (RuleSet::left_out)
  // and the rest loads; a list named on the command line is not optional,
  // and its failure fails the load.
  struct CredibilityImport {
    ListKind kind = ListKind::kOpenSources;
    std::filesystem::path path;
    bool optional = false;
  };
  std::vector<CredibilityImport> credibility_imports;
  // Tracker lists others publish (downloaded by `rules update`), loaded
  // after rules/trackers/ (whose entity data wins ties) and before the
  // --filters files: `kind` an importable tracker kind (list_kinds.h); the
  // list is named after the file.
  struct TrackerImport {
    ListKind kind = ListKind::kFilters;
    std::filesystem::path path;
    bool optional = false;
  };
  std::vector<TrackerImport> tracker_imports;
  // The compiled cache (store/compiled_cache.h) to read the tracker rules
  // from when it was built from these sources, and to write after parsing
  // them when it was not; empty: parse, and write none.
  std::filesystem::path compiled_cache;
  bool rebuild_compiled_cache = false;  // parse and write it whatever it holds
  // Use the compiled cache or fail with the reason it was not used (a
  // running host's swap: it never parses, nor writes a cache for others).
  bool compiled_cache_only = false;
  // A second thread for reading the compiled cache: its credibility part is
  // read there while the tracker part is read here (null: one after the
  // other, here). See ReadBeside.
  ReadBeside read_beside;
};

struct RuleSet {
  std::string source;                 // RulesSource::describe(), or "none"
  std::vector<ListInfo> lists;        // what was loaded, for `settings` and `rules list`
  std::vector<std::string> warnings;  // skipped lines and the like: reported, never fatal
  std::vector<std::string> left_out;  // "FILE: why", one per optional import that did not load
  // What became of LoadOptions::compiled_cache: "" (none asked for), "used",
  // or "parsed the lists: WHY the cache was not used" (a refused cache's
  // reason, for stderr and `rules list`), and ", written" or ", not
  // written: WHY".
  std::string compiled_cache;
  bool compiled_cache_refused = false;  // a cache was there but failed a check
  // The frozen tracker engine, its entity map and each tracker list's parse
  // report; never null (an empty engine when no list was loaded).
  std::shared_ptr<const lists::TrackerRules> trackers;
  // The frozen credibility assessor (ratings index, lookalikes, page
  // signals); null when no rules folder was loaded: every site is neutral.
  std::shared_ptr<const credibility::Assessor> credibility;
};

// Adds the list at `path` to `options` as an import of its family (see
// LoadOptions for `optional`). False when `kind` is not importable (our own
// lists' kinds).
bool add_import(LoadOptions& options, ListKind kind, const std::filesystem::path& path,
                bool optional = false);

// Loads and freezes. Fails (with a message naming the file) only when a
// list that is not an optional import cannot be read or is not of its
// format at all; an optional one is left out (RuleSet::left_out) and the
// rest loaded without it. Bad lines are skipped and counted in `warnings`.
std::expected<std::shared_ptr<const RuleSet>, std::string> load_rule_set(
    const LoadOptions& options);

}  // namespace sauatty::store
