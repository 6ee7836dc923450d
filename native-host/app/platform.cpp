#include "app/platform.h"

#include <array>
#include <cstdlib>
#include <system_error>

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#else
#include <sys/resource.h>
#include <unistd.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sauatty::app {
namespace fs = std::filesystem;

namespace {

struct BrowserFacts {
  Browser browser;
  std::string_view name;
  std::string_view linux_user;  // under $XDG_CONFIG_HOME (or ~/.config), or under ~ for Firefox
  std::string_view linux_system;
  std::string_view mac_user;  // under ~/Library/Application Support
  std::string_view mac_system;
  std::string_view windows_key;  // under HKCU / HKLM
  std::array<std::string_view, 3> executables;
};

constexpr BrowserFacts kBrowsers[] = {
    {Browser::kChrome,
     "chrome",
     "google-chrome/NativeMessagingHosts",
     "/etc/opt/chrome/native-messaging-hosts",
     "Google/Chrome/NativeMessagingHosts",
     "/Library/Google/Chrome/NativeMessagingHosts",
     "Software\\Google\\Chrome\\NativeMessagingHosts",
     {"google-chrome", "google-chrome-stable", "chrome"}},
    {Browser::kChromium,
     "chromium",
     "chromium/NativeMessagingHosts",
     "/etc/chromium/native-messaging-hosts",
     "Chromium/NativeMessagingHosts",
     "/Library/Application Support/Chromium/NativeMessagingHosts",
     "Software\\Chromium\\NativeMessagingHosts",
     {"chromium", "chromium-browser", ""}},
    {Browser::kEdge,
     "edge",
     "microsoft-edge/NativeMessagingHosts",
     "/etc/opt/edge/native-messaging-hosts",
     "Microsoft Edge/NativeMessagingHosts",
     "/Library/Microsoft/Edge/NativeMessagingHosts",
     "Software\\Microsoft\\Edge\\NativeMessagingHosts",
     {"microsoft-edge", "microsoft-edge-stable", ""}},
    {Browser::kFirefox,
     "firefox",
     ".mozilla/native-messaging-hosts",
     "/usr/lib/mozilla/native-messaging-hosts",
     "Mozilla/NativeMessagingHosts",
     "/Library/Application Support/Mozilla/NativeMessagingHosts",
     "Software\\Mozilla\\NativeMessagingHosts",
     {"firefox", "firefox-esr", ""}},
};

const BrowserFacts& facts(Browser browser) {
  for (const auto& f : kBrowsers) {
    if (f.browser == browser) return f;
  }
  return kBrowsers[0];
}

bool on_path(std::string_view executable) {
  const char* path = std::getenv("PATH");
  if (executable.empty() || path == nullptr) return false;
  std::string_view rest(path);
  while (!rest.empty()) {
    auto colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    std::error_code ec;
    if (!dir.empty() && fs::exists(fs::path(dir) / executable, ec)) return true;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return false;
}

}  // namespace

void set_binary_stdio() {
#if defined(_WIN32)
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
#endif
}

long peak_rss_kb() {
#if defined(_WIN32)
  return 0;
#else
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
#if defined(__APPLE__)
  return usage.ru_maxrss / 1024;  // bytes on macOS
#else
  return usage.ru_maxrss;  // KiB on Linux
#endif
#endif
}

void keep_large_blocks_out_of_heap() {
#if defined(__GLIBC__)
  // Setting the threshold (here to glibc's own default) turns off its
  // dynamic raising.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

std::optional<fs::path> current_executable() {
  std::error_code ec;
  auto path = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return path;
}

bool is_executable_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::status(path, ec))) return false;
#if defined(_WIN32)
  return path.extension() == ".exe";
#else
  return ::access(path.c_str(), X_OK) == 0;
#endif
}

std::string_view browser_name(Browser browser) { return facts(browser).name; }

std::optional<Browser> browser_from_name(std::string_view name) {
  for (const auto& f : kBrowsers) {
    if (f.name == name) return f.browser;
  }
  return std::nullopt;
}

bool is_firefox_family(Browser browser) { return browser == Browser::kFirefox; }

fs::path manifest_folder(Browser browser, bool system, const fs::path& home) {
  const BrowserFacts& f = facts(browser);
#if defined(__APPLE__)
  return system ? fs::path(f.mac_system) : home / "Library/Application Support" / f.mac_user;
#elif defined(_WIN32)
  (void)system;
  (void)home;
  return current_executable().value_or(fs::path()).parent_path();
#else
  if (system) return fs::path(f.linux_system);
  if (browser == Browser::kFirefox) return home / f.linux_user;
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  fs::path config = (xdg != nullptr && *xdg == '/') ? fs::path(xdg) : home / ".config";
  return config / f.linux_user;
#endif
}

std::string windows_registry_key(Browser browser, std::string_view host_name) {
  return std::string(facts(browser).windows_key) + "\\" + std::string(host_name);
}

bool browser_present(Browser browser, const fs::path& home) {
  const BrowserFacts& f = facts(browser);
  std::error_code ec;
  if (fs::exists(manifest_folder(browser, false, home).parent_path(), ec)) return true;
  for (std::string_view exe : f.executables) {
    if (on_path(exe)) return true;
  }
  return false;
}

}  // namespace sauatty::app
