#include <cstdlib>
#include <nlohmann/json.hpp>
#include <ostream>
#include <system_error>
#include <vector>

#include "app/args.h"
#include "app/commands.h"
#include "app/platform.h"
#include "app/version.h"
#include "store/atomic_file.h"

namespace sauatty::app {
namespace fs = std::filesystem;

namespace {

// Manifests are read by the browser as the same user (or, with --system, by
// every user): world-readable, writable by the owner only, whatever the umask.
constexpr unsigned kManifestMode = 0644;

// Creates `folder` and its missing parents as rwxr-xr-x whatever the umask
// (a folder others may write to would let them replace the manifest).
void create_folders(const fs::path& folder) {
  std::error_code ec;
  fs::path missing = folder;
  std::vector<fs::path> created;
  while (!missing.empty() && !fs::exists(fs::symlink_status(missing, ec))) {
    created.push_back(missing);
    if (missing == missing.parent_path()) break;
    missing = missing.parent_path();
  }
  fs::create_directories(folder, ec);
  for (const fs::path& made : created) {
    fs::permissions(made,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                        fs::perms::others_read | fs::perms::others_exec,
                    ec);
  }
}

nlohmann::json manifest_for(Browser browser, const fs::path& host) {
  nlohmann::json manifest = {{"name", kHostName},
                             {"description", "Sauatty: privacy and credibility annotations"},
                             {"path", host.string()},
                             {"type", "stdio"}};
  if (is_firefox_family(browser)) {
    manifest["allowed_extensions"] = {kGeckoExtensionId};
  } else {
    manifest["allowed_origins"] = {"chrome-extension://" + std::string(kChromeExtensionId) + "/"};
  }
  return manifest;
}

}  // namespace

int run_install(const std::vector<std::string>& words, Io io) {
  auto args =
      parse_args(words, {"--browser", "--host-path", "--root"}, {"--system", "--uninstall"});
  if (!args || !args->positional.empty()) {
    io.err << "sauatty-host install: " << (args ? "takes no positional arguments" : args.error())
           << " (usage: install [--browser chrome|chromium|edge|firefox|all] [--system] "
              "[--uninstall])\n";
    return kExitUsage;
  }
  // --root DIR (packaging): the --system manifests are written under DIR, as
  // a package will install them, for a host that is not there yet: the
  // absolute --host-path is written as given, unchecked.
  const fs::path root = args->value("--root");
  if (!root.empty() && (!args->has("--system") || args->has("--uninstall") ||
                        !fs::path(args->value("--host-path")).is_absolute())) {
    io.err << "sauatty-host install: --root needs --system and an absolute --host-path (and no "
              "--uninstall)\n";
    return kExitUsage;
  }
  const std::string which = args->value("--browser", "all");
  std::vector<Browser> browsers;
  if (which == "all") {
    browsers = {Browser::kChrome, Browser::kChromium, Browser::kEdge, Browser::kFirefox};
  } else if (auto b = browser_from_name(which)) {
    browsers = {*b};
  } else {
    io.err << "sauatty-host install: unknown browser '" << which
           << "' (chrome, chromium, edge, firefox or all)\n";
    return kExitUsage;
  }
  const bool system = args->has("--system");
  const bool uninstall = args->has("--uninstall");
  const char* home_env = std::getenv("HOME");
  if (!system && (home_env == nullptr || *home_env == '\0')) {
    io.err << "sauatty-host install: HOME is not set; use --system or set HOME\n";
    return kExitUsage;
  }
  const fs::path home = home_env != nullptr ? home_env : "";

  fs::path host = args->value("--host-path");
  if (host.empty()) host = current_executable().value_or(fs::path());
  std::error_code ec;
  host = fs::absolute(host, ec);
  if (!root.empty()) {
    // Checked above: the package puts the host at this path.
  } else if (!uninstall && (host.empty() || !fs::exists(host, ec))) {
    io.err << "sauatty-host install: cannot find the host executable to register\n";
    return kExitIo;
  }
  if (root.empty() && !uninstall && !is_executable_file(host)) {
    io.err << "sauatty-host install: " << host.string()
           << " is not an executable file; --host-path must name the sauatty-host program\n";
    return kExitUsage;
  }

  int written = 0;
  bool failed = false;
  for (Browser browser : browsers) {
    // With --browser all, only the browsers found; a named one always.
    if (which == "all" && !uninstall && !system && !browser_present(browser, home)) continue;
    fs::path folder = manifest_folder(browser, system, home);
    if (!root.empty()) folder = root / folder.relative_path();
    fs::path file = folder / (std::string(kHostName) + ".json");
    if (uninstall) {
      if (fs::remove(file, ec)) io.out << "removed " << file.string() << "\n";
      set_windows_registry(browser, kHostName, system, file, /*remove=*/true);
      ++written;
      continue;
    }
    create_folders(folder);
    if (auto stored = store::write_file_atomically(file, manifest_for(browser, host).dump(2) + "\n",
                                                   kManifestMode);
        !stored) {
      io.err << "sauatty-host install: could not write " << stored.error() << "\n";
      failed = true;
      continue;
    }
    if (root.empty() && !set_windows_registry(browser, kHostName, system, file, /*remove=*/false)) {
      io.err << "sauatty-host install: could not set registry key "
             << windows_registry_key(browser, kHostName) << "\n";
      failed = true;
    }
    io.out << "wrote " << file.string() << " (" << browser_name(browser) << ")\n";
    ++written;
  }
  if (written == 0 && !failed) {
    io.out << "no browser found (looked for Chrome, Chromium, Edge, Firefox); name one with "
              "--browser\n";
  }
  return failed ? kExitIo : kExitOk;
}

}  // namespace sauatty::app
