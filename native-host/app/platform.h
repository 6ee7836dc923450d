// Everything that differs between Linux, macOS and Windows lives here: stdio
// modes, process facts, and where each browser looks for native-messaging
// host manifests.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sauatty::app {

// Puts stdin/stdout in binary mode (a no-op on POSIX; Windows would turn
// "\n" into "\r\n" inside frames otherwise).
void set_binary_stdio();

// Peak resident set size of this process in KiB (0 where unknown).
long peak_rss_kb();

// Keeps blocks of 128 KiB and more out of the heap: with glibc they are
// mmap()ed and go back to the system as soon as they are freed. By default
// glibc raises that threshold to the largest block freed so far, after
// which the rule builders' big scratch arrays come from the heap and stay
// resident when freed (until malloc_trim): ~0.7 MB more at the peak while
// EasyList + EasyPrivacy load. A no-op elsewhere. Called first in main().
void keep_large_blocks_out_of_heap();

// Absolute path of the running executable (/proc/self/exe on Linux).
std::optional<std::filesystem::path> current_executable();

// True when `path` names a regular file (after links) that this user may
// execute (on Windows: a regular file ending in .exe).
bool is_executable_file(const std::filesystem::path& path);

enum class Browser { kChrome, kChromium, kEdge, kFirefox };

std::string_view browser_name(Browser browser);
std::optional<Browser> browser_from_name(std::string_view name);

// Chromium-family manifests list allowed_origins; Firefox allowed_extensions.
bool is_firefox_family(Browser browser);

// Where a manifest for `browser` goes.
//   Linux user:   ~/.config/google-chrome|chromium|microsoft-edge/NativeMessagingHosts/,
//                 ~/.mozilla/native-messaging-hosts/   ($XDG_CONFIG_HOME respected)
//   Linux system: /etc/opt/chrome/native-messaging-hosts/, /etc/chromium/native-messaging-hosts/,
//                 /etc/opt/edge/native-messaging-hosts/, /usr/lib/mozilla/native-messaging-hosts/
//   macOS user:   ~/Library/Application Support/Google/Chrome|Chromium|Microsoft
//   Edge/NativeMessagingHosts/,
//                 ~/Library/Application Support/Mozilla/NativeMessagingHosts/
//   macOS system: /Library/Google/Chrome/NativeMessagingHosts/, /Library/Application
//   Support/Chromium/NativeMessagingHosts/,
//                 /Library/Microsoft/Edge/NativeMessagingHosts/, /Library/Application
//                 Support/Mozilla/NativeMessagingHosts/
//   Windows:      the manifest sits beside the executable, and the registry
//                 key below (HKCU, or HKLM with --system) names it.
// `home` is the user's home folder (tests pass a temporary one).
std::filesystem::path manifest_folder(Browser browser, bool system,
                                      const std::filesystem::path& home);

// Windows registry key (under HKCU or HKLM) whose default value is the
// manifest's path, e.g. "Software\\Google\\Chrome\\NativeMessagingHosts\\sauatty".
std::string windows_registry_key(Browser browser, std::string_view host_name);

// True when the browser seems installed for this user or machine: its
// profile folder exists or one of its executables is on PATH.
bool browser_present(Browser browser, const std::filesystem::path& home);

}  // namespace sauatty::app
