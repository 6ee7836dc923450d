// Everything that differs between Linux, macOS and Windows lives here
// (platform.cpp): stdio modes, process facts and guards, and where each
// browser looks for native-messaging host manifests. No other file of
// app/ calls an operating system's own API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sauatty::app {

// Puts stdin/stdout in binary mode (a no-op on POSIX; Windows would turn
// "\n" into "\r\n" inside frames otherwise).
void set_binary_stdio();

// Process-wide settings for native-messaging mode, where the host holds the
// URLs a person visits in memory. Called once, before the first frame:
//  - no core dumps: RLIMIT_CORE soft and hard 0, and on Linux
//    PR_SET_DUMPABLE 0 (which also covers kernel core_pattern pipes that
//    ignore the rlimit, and keeps other processes of the user from reading
//    the host's memory through ptrace or /proc/<pid>/mem); on Windows no
//    Windows Error Reporting dialog or dump (SetErrorMode);
//  - SIGPIPE ignored (POSIX), so that writing to a browser that closed the
//    pipe is a write error the session reports (one stderr line, exit 3)
//    instead of a silent death by signal.
// Best effort: lowering these limits does not fail on Linux or macOS.
void guard_native_messaging_process();

// Gives freed heap memory back to the system (glibc: malloc_trim; a no-op
// elsewhere), after a large frame has been answered.
void release_free_memory();

// A command that runs until it is told to stop (`dashboard`): Ctrl+C,
// SIGTERM and SIGHUP (Windows: Ctrl+C, Ctrl+Break, the console closing).
// block_stop_signals() first, before any thread starts (POSIX: threads
// started later inherit the blocked set, so no other thread is interrupted);
// wait_for_stop_signal() then returns once one has arrived.
void block_stop_signals();
void wait_for_stop_signal();

// Which file a path names now, as the system tells files apart: device and
// inode number on POSIX; on Windows the volume serial number and the
// 128-bit file id (GetFileInformationByHandleEx, FileIdInfo: unique on ReFS
// too), or where that class is not supported (before Windows 8, some file
// systems) the 64-bit file index of GetFileInformationByHandle. A file
// rewritten in place keeps its identity; one put in its place (a write to a
// temporary file, then a rename over it) has another, even with the same
// size and modification time. Links are followed. nullopt when the file
// cannot be reached.
struct FileIdentity {
  std::uint64_t volume = 0;
  std::uint64_t file = 0;
  std::uint64_t file_high = 0;  // the upper half of a 128-bit file id; 0 elsewhere
  bool operator==(const FileIdentity&) const = default;
};
std::optional<FileIdentity> file_identity(const std::filesystem::path& path);

// Peak resident set size of this process in KiB (0 where unknown).
long peak_rss_kb();

// Keeps blocks of 128 KiB and more out of the heap: with glibc they are
// mmap()ed and go back to the system as soon as they are freed. By default
// glibc raises that threshold to the largest block freed so far, after
// which the rule builders' big scratch arrays come from the heap and stay
// resident when freed (until malloc_trim): ~0.7 MB more at the peak while
// EasyList + EasyPrivacy load. A no-op elsewhere. Called first in main().
void keep_large_blocks_out_of_heap();

// Makes room in the calling thread's malloc arena for about `bytes` of
// blocks under 128 KiB at once. glibc grows a thread's arena (not the main
// thread's heap) one page at a time, an mprotect() for each, and each takes
// the process's memory-map lock that the other threads' page faults wait
// for: the two threads that read the compiled cache made ~300 of them a
// start. A few blocks just under the mmap threshold, allocated and freed,
// leave the room made (the freed pages go back to the system; growing into
// them again needs no mprotect). A no-op elsewhere. For threads that are
// about to allocate many small blocks (app/rules_watch.cpp's keeper).
void reserve_thread_heap(std::size_t bytes);

// Starts this executable again with `argv` (argv[0] is a name only) as a
// background process at a lower CPU priority (nice 10; Windows: below
// normal), stdin empty, stdout and stderr to `log` (created or emptied),
// and does not wait for it: it is reaped when it ends (POSIX; a detached
// thread waits), or its handles are closed at once (Windows). Returns its
// process id, or why it could not be started.
std::expected<long, std::string> start_background_self(const std::vector<std::string>& argv,
                                                       const std::filesystem::path& log);

// Absolute path of the running executable: modules::running_executable()
// (the module loader, a layer below app/, needs it too).
std::optional<std::filesystem::path> current_executable();

// True when `path` names a regular file (after links) that this user may
// execute (on Windows: a regular file ending in .exe).
bool is_executable_file(const std::filesystem::path& path);

enum class Browser { kChrome, kChromium, kEdge, kFirefox };

std::string_view browser_name(Browser browser);
std::optional<Browser> browser_from_name(std::string_view name);

// Chromium-family manifests list allowed_origins; Firefox allowed_extensions.
bool is_firefox_family(Browser browser);

enum class Os { kLinux, kMac, kWindows };

// The system this host was built for.
Os this_os();

// What a manifest's location depends on besides the browser.
struct ManifestPlace {
  bool system = false;                    // every user (install --system)
  std::filesystem::path home;             // the user's home folder
  std::filesystem::path xdg_config_home;  // Linux: $XDG_CONFIG_HOME when absolute, else empty
  std::filesystem::path executable_dir;   // Windows: the manifest sits beside the host
};

// Where a manifest for `browser` goes on `os` (pure: every OS is testable
// on any):
//   Linux user:   $XDG_CONFIG_HOME (or ~/.config)/google-chrome|chromium|microsoft-edge/
//                 NativeMessagingHosts/, ~/.mozilla/native-messaging-hosts/
//   Linux system: /etc/opt/chrome/native-messaging-hosts/, /etc/chromium/native-messaging-hosts/,
//                 /etc/opt/edge/native-messaging-hosts/, /usr/lib/mozilla/native-messaging-hosts/
//   macOS user:   ~/Library/Application Support/Google/Chrome|Chromium|Microsoft Edge/
//                 NativeMessagingHosts/, ~/Library/Application
//                 Support/Mozilla/NativeMessagingHosts/
//   macOS system: /Library/Google/Chrome/NativeMessagingHosts/,
//                 /Library/Application Support/Chromium/NativeMessagingHosts/,
//                 /Library/Microsoft/Edge/NativeMessagingHosts/,
//                 /Library/Application Support/Mozilla/NativeMessagingHosts/
//   Windows:      beside the executable; the registry key below (HKCU, or
//                 HKLM with --system) names it.
std::filesystem::path manifest_folder_on(Os os, Browser browser, const ManifestPlace& place);

// manifest_folder_on for this system, with $XDG_CONFIG_HOME and the
// running executable's folder filled in. `home` is the user's home folder
// (tests pass a temporary one).
std::filesystem::path manifest_folder(Browser browser, bool system,
                                      const std::filesystem::path& home);

// Windows registry key (under HKCU or HKLM) whose default value is the
// manifest's path, e.g. "Software\\Google\\Chrome\\NativeMessagingHosts\\sauatty".
std::string windows_registry_key(Browser browser, std::string_view host_name);

// Sets (or with `remove`, deletes) that key's default value to `manifest`
// under HKLM (`system`) or HKCU. False on failure; on other systems, where
// there is no registry, does nothing and returns true.
bool set_windows_registry(Browser browser, std::string_view host_name, bool system,
                          const std::filesystem::path& manifest, bool remove);

// True when the browser seems installed for this user or machine: its
// profile folder exists or one of its executables is on PATH.
bool browser_present(Browser browser, const std::filesystem::path& home);

// One value of a Windows registry key: REG_DWORD as a number, REG_SZ as
// UTF-8 text, any other type as monostate.
struct RegistryValue {
  std::string name;
  std::variant<std::monostate, std::uint32_t, std::string> value;
};

// The values of `key` under HKLM (`machine`) or HKCU, for the host's policy
// reader (app/browser_policy.h): empty when the key does not exist, and on
// other systems. The error says why a key that exists could not be read
// (more than 64 values, a name over 255 or a value over 4,096 bytes).
std::expected<std::vector<RegistryValue>, std::string> windows_registry_values(
    bool machine, std::string_view key);

}  // namespace sauatty::app
