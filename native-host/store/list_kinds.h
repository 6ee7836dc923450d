// The kinds of list an administrator can name in sources.json, and the
// reader that verifies each before it is swapped in:
//   trackers:    "filters", "hosts", "disconnect", and entity data:
//                "tracker-radar", "disconnect-entities", "trackerdb"
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

namespace sauatty::credibility {
enum class ImportFormat : std::uint8_t;
}

namespace sauatty::store {

enum class ListFamily { kTrackers, kCredibility };

// Every kind of list the store loads. The names are the wire form: in
// sources.json, `--import KIND=PATH`, the record beside a cached list, the
// compiled cache (its key and its lists) and the `settings` / `rules list`
// output. A name is read once, where it comes in (import_kind, or
// list_kind for what the store wrote itself), and written back with
// list_kind_name; in between the store passes this.
enum class ListKind : std::uint8_t {
  // What sources.json and --import may name (importable):
  kFilters,             // "filters": Adblock Plus / EasyList
  kHosts,               // "hosts": hosts file or plain domain list
  kDisconnect,          // "disconnect": Disconnect's services.json
  kTrackerRadar,        // "tracker-radar": DuckDuckGo's extension-tds.json (entity data)
  kDisconnectEntities,  // "disconnect-entities": Disconnect's entities.json (entity data)
  kTrackerDb,           // "trackerdb": Ghostery's trackerdb.json (entity data)
  kOpenSources,         // "opensources" (credibility)
  kBsDetector,          // "bs-detector" (credibility)
  kCred1,               // "cred1" (credibility)
  kLin2023,             // "lin2023" (credibility)
  // Our own rules folder's lists, as loaded (never a download):
  kTrackers,     // "trackers": rules/trackers/ entity files
  kCredibility,  // "credibility": a credibility list once loaded, ours or imported
  kReputable,    // "reputable": the lookalike targets
};

std::string_view list_kind_name(ListKind kind);
// Any name list_kind_name gives; nullopt for another.
std::optional<ListKind> list_kind(std::string_view name);
// A kind sources.json or --import may name (a reader verifies and loads
// it); nullopt for another name, our own lists' kinds included.
std::optional<ListKind> import_kind(std::string_view name);
bool importable(ListKind kind);
ListFamily list_family(ListKind kind);
// The importable names, comma-separated, for an error message.
std::string_view import_kind_names();
// The credibility importer of an importable credibility kind; nullopt for
// another kind.
std::optional<credibility::ImportFormat> import_format(ListKind kind);

// Checks that `bytes` look like `kind` and parses them as it; returns how
// many entries they gave. The error says why not: not an importable kind;
// control bytes (binary data, NUL padding, UTF-16 text); an HTML or XML
// page; for text kinds, under 90% of the lines that are not blank or
// comments being lines of the kind (an Adblock Plus list opening with its
// "[Adblock Plus" header is not counted); for JSON kinds, a parse error,
// the wrong shape, or under 90% of the entries usable.
std::expected<std::size_t, std::string> verify_list(ListKind kind, std::string_view bytes);

}  // namespace sauatty::store
