#include "store/list_sources.h"

#include <cstdlib>
#include <iterator>
#include <string_view>
#include <system_error>

#include "lists/text_file.h"

namespace sauatty::store {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxSourcesFileBytes = 1u << 20;

fs::path user_sources_file() {
  const char* config = std::getenv("XDG_CONFIG_HOME");
  if (config != nullptr && *config == '/') return fs::path(config) / "sauatty" / "sources.json";
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr ? home : "/") / ".config" / "sauatty" / "sources.json";
}

std::expected<SourcesInEffect, SourcesError> read_file(const fs::path& path) {
  auto text = lists::read_text_file(path, kMaxSourcesFileBytes);
  if (!text) return std::unexpected(SourcesError{true, text.error()});
  auto parsed = parse_sources_file(*text, UnknownKinds::kLeaveOut);
  if (!parsed) return std::unexpected(SourcesError{false, path.string() + ": " + parsed.error()});
  SourcesInEffect out;
  out.lists = std::move(parsed->lists);
  out.origin = path.string();
  out.from_file = true;
  out.automatic_updates = parsed->automatic_updates && !out.lists.empty();
  for (const std::string& why : parsed->left_out)
    out.left_out.push_back(path.string() + ": " + why);
  return out;
}

}  // namespace

std::vector<ListSource> default_sources() {
  // Each from the address its publisher gives (docs/LISTS.md cites where
  // that is said). Filter lists first: their entity data (ours, then the
  // imports) names who is behind a domain they block.
  const ListSource all[] = {
      {"easylist", ListKind::kFilters, "https://easylist.to/easylist/easylist.txt", "", {}},
      {"easyprivacy", ListKind::kFilters, "https://easylist.to/easylist/easyprivacy.txt", "", {}},
      {"ruadlist",
       ListKind::kFilters,
       "https://easylist-downloads.adblockplus.org/advblock.txt",
       "",
       {}},
      {"tracker-radar",
       ListKind::kTrackerRadar,
       "https://staticcdn.duckduckgo.com/trackerblocking/v6/current/extension-tds.json",
       "",
       {}},
      {"disconnect",
       ListKind::kDisconnect,
       "https://raw.githubusercontent.com/disconnectme/disconnect-tracking-protection/master/"
       "services.json",
       "",
       {}},
      {"disconnect-entities",
       ListKind::kDisconnectEntities,
       "https://raw.githubusercontent.com/disconnectme/disconnect-tracking-protection/master/"
       "entities.json",
       "",
       {}},
      // Ghostery's release asset (the npm package's dist/trackerdb.json):
      // GitHub answers with a redirect to its release-asset storage.
      {"trackerdb",
       ListKind::kTrackerDb,
       "https://github.com/ghostery/trackerdb/releases/latest/download/trackerdb.json",
       "",
       {"objects.githubusercontent.com", "release-assets.githubusercontent.com"}},
  };
  return {std::begin(all), std::end(all)};
}

bool offline_by_environment() {
  const char* value = std::getenv(kOfflineVariable);
  return value != nullptr && std::string_view(value) == "1";
}

std::expected<SourcesInEffect, SourcesError> sources_in_effect(
    const std::optional<fs::path>& explicit_file, SourcesScope scope) {
  if (explicit_file) return read_file(*explicit_file);
  std::error_code ec;
  if (fs::exists(kSystemSourcesFile, ec)) return read_file(kSystemSourcesFile);
  if (fs::path user = user_sources_file(); scope == SourcesScope::kUser && fs::exists(user, ec)) {
    return read_file(user);
  }
  SourcesInEffect out;
  if (offline_by_environment()) {
    out.origin = std::string("none (") + kOfflineVariable + "=1)";
    out.automatic_updates = false;
    return out;
  }
  out.lists = default_sources();
  out.origin = "built-in defaults";
  return out;
}

CacheInEffect cache_in_effect(const std::optional<fs::path>& explicit_dir) {
  if (explicit_dir) return {*explicit_dir, false};
  std::error_code ec;
  if (fs::is_directory(kSystemCacheDir, ec)) return {kSystemCacheDir, true};
  return {default_cache_dir(), false};
}

}  // namespace sauatty::store
