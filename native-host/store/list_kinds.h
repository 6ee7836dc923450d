// The kinds of list an administrator can name in sources.json, and the
// reader that verifies each before it is swapped in:
//   trackers:    "filters" (Adblock Plus / EasyList), "hosts" (hosts file or
//                plain domain list), "disconnect" (services.json),
//                entity data: "tracker-radar" (DuckDuckGo's extension-tds.json),
//                "disconnect-entities" (Disconnect's entities.json), "trackerdb"
//                (Ghostery's trackerdb.json)
//   credibility: "opensources", "bs-detector", "cred1", "lin2023"
// A download must look like its kind, not only parse as it: every reader
// takes what it can from any text (an HTML page's lines are filters to the
// Adblock Plus parser), so a captive-portal page would otherwise replace a
// good list.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "store/rule_set.h"

namespace sauatty::store {

enum class ListFamily { kTrackers, kCredibility };

// The reader a kind goes to. The names above are the wire form (sources.json,
// `--import KIND=PATH`, the compiled cache's list of cached lists); the store
// reads a name once (list_kind) and dispatches on this. kEntityData and
// kCredibility name their reader's own format too (lists::add_entity_data,
// credibility::parse_import_format), so those keep the name beside the kind.
enum class ListKind : std::uint8_t {
  kFilters,      // "filters"
  kHosts,        // "hosts"
  kDisconnect,   // "disconnect"
  kEntityData,   // "tracker-radar", "disconnect-entities", "trackerdb"
  kCredibility,  // "opensources", "bs-detector", "cred1", "lin2023"
};

// nullopt for a name no reader handles.
std::optional<ListKind> list_kind(std::string_view name);
ListFamily list_family(ListKind kind);
// list_family(list_kind(name)): nullopt for a name no reader handles.
std::optional<ListFamily> list_family(std::string_view kind);

// Checks that `bytes` look like `kind` and parses them as it; returns how
// many entries they gave. The error says why not: an unknown kind; control
// bytes (binary data, NUL padding, UTF-16 text); an HTML or XML page; for
// text kinds, under 90% of the lines that are not blank or comments being
// lines of the kind (an Adblock Plus list opening with its "[Adblock Plus"
// header is not counted); for JSON kinds, a parse error, the wrong shape, or
// under 90% of the entries usable.
std::expected<std::size_t, std::string> verify_list(std::string_view kind, std::string_view bytes);

// Adds the list at `path` to `options` as an import of its family (see
// LoadOptions for `optional`). False when no reader handles `kind`.
bool add_import(LoadOptions& options, std::string_view kind, const std::filesystem::path& path,
                bool optional = false);

}  // namespace sauatty::store
