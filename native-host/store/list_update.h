// Rule-list updates: the administrator names lists (sources.json), `rules
// update` downloads each, verifies it (size bound, SHA-256 when given, that
// it looks like its kind and parses as it, and that it kept at least half
// of the last good copy's entries), and swaps it into the cache atomically
// with a record of what was verified (store/list_cache.h). On any failure
// the last good copy stays in use: a list is never lost.
//
// sources.json:
//   {"format": "sauatty-sources/1",
//    "lists": [{"name": "easyprivacy", "kind": "filters",
//               "url": "https://lists.example.kz/easyprivacy.txt",
//               "sha256": "…64 hex digits, optional…",
//               "allow_redirect_hosts": ["cdn.example.net"]}]}
// `name` is [a-z0-9._-]{1,64}, not starting with '.' (it names the cached
// file); `kind` says which reader verifies and loads it (list_kinds.h: a
// kind no reader handles refuses the file, naming the kinds there are);
// `allow_redirect_hosts` (optional, at most 16) are the hosts besides the
// URL's own that a redirect may lead to.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/download.h"
#include "store/list_kinds.h"

namespace sauatty::store {

struct ListSource {
  std::string name;
  ListKind kind = ListKind::kFilters;  // importable
  std::string url;
  std::string sha256;                             // empty: not checked
  std::vector<std::string> allow_redirect_hosts;  // lower case
};

struct SourcesFile {
  std::vector<ListSource> lists;  // empty: nothing is downloaded, nothing updated
  // "automatic_updates": false turns off the host's own updates (the
  // administrator's timer, or nobody, runs `rules update`).
  bool automatic_updates = true;
  // With UnknownKinds::kLeaveOut, the entries left out for a kind this host
  // has no reader for, each as "sources: lists[I] 'NAME': unknown kind 'K'
  // (one of …)"; always empty with kRefuse.
  std::vector<std::string> left_out;
};

// What an entry whose kind this host has no reader for (a typo, or a file
// written for a newer host) does: refuse the whole file (`rules update`,
// where an administrator sees the error), or leave out that entry alone and
// say so in SourcesFile::left_out (a start, which must never lose the other
// lists).
enum class UnknownKinds { kRefuse, kLeaveOut };

// Parses sources.json; the error names the entry and field at fault.
std::expected<SourcesFile, std::string> parse_sources_file(
    std::string_view json, UnknownKinds unknown = UnknownKinds::kRefuse);
// The same, its lists only.
std::expected<std::vector<ListSource>, std::string> parse_sources(std::string_view json);

// Where verified lists are kept: $XDG_CACHE_HOME/sauatty/lists (~/.cache/…).
std::filesystem::path default_cache_dir();

struct CachedLists {
  // The copies that passed check_cached_list(), as (kind, path) pairs, in
  // the order sources.json gives them.
  std::vector<std::pair<ListKind, std::filesystem::path>> lists;
  // One "NAME: why" for each copy that did not (a list never downloaded has
  // no copy and is in neither).
  std::vector<std::string> left_out;
};

// The lists of `sources` that have a copy in `cache_dir`, each checked
// against its record of verification (reads every copy once).
CachedLists cached_lists(const std::vector<ListSource>& sources,
                         const std::filesystem::path& cache_dir);

// Checks that `bytes` parse as `kind`; returns the number of entries.
using ListVerifier =
    std::function<std::expected<std::size_t, std::string>(ListKind kind, std::string_view bytes)>;

struct UpdateOutcome {
  std::string name;
  bool updated = false;       // a new copy was verified and swapped in
  bool not_modified = false;  // the server said the cached copy is current (304)
  bool skipped = false;       // an automatic update found it not due (schedule)
  std::size_t entries = 0;
  std::string message;  // why not, when not
};

struct UpdateOptions {
  DownloadLimits limits;
  // Automatic: only lists that are due (update_schedule.h: interval with
  // jitter, back-off) are fetched. By hand (false): every list.
  bool automatic = false;
  std::int64_t now = 0;          // seconds since 1970 (0: the clock's)
  double jitter_fraction = 0.0;  // in [0, 1), drawn once per run
};

// Updates every source in turn; one failing source does not stop the others.
// Each request is conditional on what the last good answer for that URL said
// (ETag / Last-Modified), and each outcome is kept in the list's schedule.
// First removes the temporaries that updates killed over 10 minutes ago left
// behind. Progress lines go to `progress_out`, bytes from a list escaped.
std::vector<UpdateOutcome> update_lists(const std::vector<ListSource>& sources,
                                        const std::filesystem::path& cache_dir,
                                        const ListVerifier& verify, const UpdateOptions& options,
                                        std::ostream& progress_out);

}  // namespace sauatty::store
