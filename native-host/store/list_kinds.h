// The kinds of list an administrator can name in sources.json, and the
// reader that verifies each before it is swapped in:
//   trackers:    "filters" (Adblock Plus / EasyList), "hosts" (hosts file or
//                plain domain list), "disconnect" (services.json)
//   credibility: "opensources", "bs-detector", "cred1", "lin2023"
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "store/rule_set.h"

namespace sauatty::store {

enum class ListFamily { kTrackers, kCredibility };

// nullopt for a kind no reader handles.
std::optional<ListFamily> list_family(std::string_view kind);

// Parses `bytes` as `kind` and returns how many entries it gave; an error
// when the kind is unknown, the bytes are not of that format at all, or a
// list that should have filters has none.
std::expected<std::size_t, std::string> verify_list(std::string_view kind, std::string_view bytes);

// Adds the list at `path` to `options` as an import of its family. False
// when no reader handles `kind`.
bool add_import(LoadOptions& options, std::string_view kind, const std::filesystem::path& path);

}  // namespace sauatty::store
