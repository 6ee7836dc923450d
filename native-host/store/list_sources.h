// Which lists the host downloads and loads, and where it keeps them.
//
// Sources, the first that applies:
//   1. --sources FILE (a missing or malformed file is an error);
//   2. /etc/sauatty/sources.json, the administrator's (wins for every user);
//   3. $XDG_CONFIG_HOME/sauatty/sources.json (~/.config/…), the user's;
//   4. the built-in defaults (default_sources()), unless the environment
//      says SAUATTY_OFFLINE=1: then none. Tests, benchmarks and privacy
//      checks run that way, so that nothing they start touches the network.
// A file replaces the defaults entirely; one whose `lists` is empty means no
// downloaded lists and no automatic updates. An entry of a kind this host
// has no reader for is left out alone (SourcesInEffect::left_out says which);
// `rules update` refuses such a file (UnknownKinds in list_update.h).
//
// Cache: --cache DIR; else the system cache /var/lib/sauatty/lists when that
// folder exists (a public PC whose administrator runs `rules update
// --system` on a timer; every user's host reads it and none updates it);
// else $XDG_CACHE_HOME/sauatty/lists (~/.cache/…).
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/list_update.h"

namespace sauatty::store {

inline constexpr const char* kSystemSourcesFile = "/etc/sauatty/sources.json";
inline constexpr const char* kSystemCacheDir = "/var/lib/sauatty/lists";
// The environment variable that turns the defaults and automatic updates off.
inline constexpr const char* kOfflineVariable = "SAUATTY_OFFLINE";

// EasyList, EasyPrivacy and RU AdList from their publishers, and the entity
// data of DuckDuckGo's Tracker Radar, Disconnect and Ghostery's TrackerDB
// (docs/LISTS.md has the
// addresses, licences and why each).
std::vector<ListSource> default_sources();

// True when SAUATTY_OFFLINE=1.
bool offline_by_environment();

struct SourcesInEffect {
  std::vector<ListSource> lists;
  std::string origin;  // the file's path, "built-in defaults" or "none (SAUATTY_OFFLINE=1)"
  bool from_file = false;
  bool automatic_updates = true;  // false: the file says so, or SAUATTY_OFFLINE=1
  // The file's entries left out for an unknown kind, each "FILE: sources:
  // lists[I] 'NAME': unknown kind 'K' (one of …)".
  std::vector<std::string> left_out;
};

struct SourcesError {
  bool unreadable = false;  // the file could not be read (else: not a sources file)
  std::string message;      // names the file
};

// Whose sources: a user's (the order above), or the system's for `rules
// update --system` (step 3 left out: a user's file never feeds the system
// cache).
enum class SourcesScope { kUser, kSystem };

// The sources as the order above gives them.
std::expected<SourcesInEffect, SourcesError> sources_in_effect(
    const std::optional<std::filesystem::path>& explicit_file,
    SourcesScope scope = SourcesScope::kUser);

struct CacheInEffect {
  std::filesystem::path dir;
  bool system = false;  // the shared system cache: read, never updated by a user's host
};

CacheInEffect cache_in_effect(const std::optional<std::filesystem::path>& explicit_dir);

}  // namespace sauatty::store
