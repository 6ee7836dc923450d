// Where each browser looks for the manifest, on every system (the code is
// pure, so macOS and Windows are checked here too), the Windows registry
// keys, this system's own answers, which file a path names, and the room a
// loading thread makes in its malloc arena.
#include "app/platform.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace sauatty::app {
namespace {

namespace fs = std::filesystem;

struct Place {
  Os os;
  Browser browser;
  bool system;
  const char* folder;
};

TEST(PlatformTest, ManifestFolderOnEverySystem) {
  const Place places[] = {
      {Os::kLinux, Browser::kChrome, false, "/home/u/.config/google-chrome/NativeMessagingHosts"},
      {Os::kLinux, Browser::kChromium, false, "/home/u/.config/chromium/NativeMessagingHosts"},
      {Os::kLinux, Browser::kEdge, false, "/home/u/.config/microsoft-edge/NativeMessagingHosts"},
      {Os::kLinux, Browser::kFirefox, false, "/home/u/.mozilla/native-messaging-hosts"},
      {Os::kLinux, Browser::kChrome, true, "/etc/opt/chrome/native-messaging-hosts"},
      {Os::kLinux, Browser::kChromium, true, "/etc/chromium/native-messaging-hosts"},
      {Os::kLinux, Browser::kEdge, true, "/etc/opt/edge/native-messaging-hosts"},
      {Os::kLinux, Browser::kFirefox, true, "/usr/lib/mozilla/native-messaging-hosts"},
      {Os::kMac, Browser::kChrome, false,
       "/home/u/Library/Application Support/Google/Chrome/NativeMessagingHosts"},
      {Os::kMac, Browser::kChromium, false,
       "/home/u/Library/Application Support/Chromium/NativeMessagingHosts"},
      {Os::kMac, Browser::kEdge, false,
       "/home/u/Library/Application Support/Microsoft Edge/NativeMessagingHosts"},
      {Os::kMac, Browser::kFirefox, false,
       "/home/u/Library/Application Support/Mozilla/NativeMessagingHosts"},
      {Os::kMac, Browser::kChrome, true, "/Library/Google/Chrome/NativeMessagingHosts"},
      {Os::kMac, Browser::kChromium, true,
       "/Library/Application Support/Chromium/NativeMessagingHosts"},
      {Os::kMac, Browser::kEdge, true, "/Library/Microsoft/Edge/NativeMessagingHosts"},
      {Os::kMac, Browser::kFirefox, true,
       "/Library/Application Support/Mozilla/NativeMessagingHosts"},
      {Os::kWindows, Browser::kChrome, false, "/opt/sauatty"},
      {Os::kWindows, Browser::kFirefox, true, "/opt/sauatty"},
  };
  for (const Place& p : places) {
    ManifestPlace place;
    place.system = p.system;
    place.home = "/home/u";
    place.executable_dir = "/opt/sauatty";
    EXPECT_EQ(manifest_folder_on(p.os, p.browser, place), fs::path(p.folder))
        << browser_name(p.browser) << (p.system ? " system" : " user") << " on "
        << static_cast<int>(p.os);
  }
}

TEST(PlatformTest, LinuxUserFoldersFollowAnAbsoluteXdgConfigHome) {
  ManifestPlace place;
  place.home = "/home/u";
  place.xdg_config_home = "/srv/config";
  EXPECT_EQ(manifest_folder_on(Os::kLinux, Browser::kChromium, place),
            fs::path("/srv/config/chromium/NativeMessagingHosts"));
  // Firefox does not read XDG_CONFIG_HOME for native messaging.
  EXPECT_EQ(manifest_folder_on(Os::kLinux, Browser::kFirefox, place),
            fs::path("/home/u/.mozilla/native-messaging-hosts"));
  // A relative one is not a place (the XDG spec says to ignore it).
  place.xdg_config_home = "relative";
  EXPECT_EQ(manifest_folder_on(Os::kLinux, Browser::kChromium, place),
            fs::path("/home/u/.config/chromium/NativeMessagingHosts"));
}

TEST(PlatformTest, WindowsRegistryKeys) {
  EXPECT_EQ(windows_registry_key(Browser::kChrome, "sauatty"),
            "Software\\Google\\Chrome\\NativeMessagingHosts\\sauatty");
  EXPECT_EQ(windows_registry_key(Browser::kChromium, "sauatty"),
            "Software\\Chromium\\NativeMessagingHosts\\sauatty");
  EXPECT_EQ(windows_registry_key(Browser::kEdge, "sauatty"),
            "Software\\Microsoft\\Edge\\NativeMessagingHosts\\sauatty");
  EXPECT_EQ(windows_registry_key(Browser::kFirefox, "sauatty"),
            "Software\\Mozilla\\NativeMessagingHosts\\sauatty");
}

TEST(PlatformTest, ThisSystem) {
#if defined(__linux__)
  EXPECT_EQ(this_os(), Os::kLinux);
  // No registry here: nothing to do, and nothing fails.
  EXPECT_TRUE(set_windows_registry(Browser::kChrome, "sauatty", false, "/x.json", false));
#endif
  auto self = current_executable();
  ASSERT_TRUE(self.has_value());
  EXPECT_TRUE(self->is_absolute());
  EXPECT_EQ(self->filename(), "platform_test");
  EXPECT_TRUE(is_executable_file(*self));
  EXPECT_FALSE(is_executable_file(self->parent_path()));
  EXPECT_GT(peak_rss_kb(), 0);
  for (Browser b : {Browser::kChrome, Browser::kChromium, Browser::kEdge, Browser::kFirefox}) {
    EXPECT_EQ(browser_from_name(browser_name(b)), b);
  }
  EXPECT_FALSE(browser_from_name("safari").has_value());
}

// A file keeps its identity while written in place; a file renamed over it
// is another, whatever its size and time; a link names its target's.
TEST(PlatformTest, FileIdentity) {
  const fs::path dir =
      fs::temp_directory_path() / ("sauatty-identity-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "a";
  std::ofstream(file) << "one";
  const auto first = file_identity(file);
  ASSERT_TRUE(first.has_value());
  std::ofstream(file, std::ios::app) << "two";
  EXPECT_EQ(file_identity(file), first);
  std::ofstream(dir / "b") << "one";
  const auto other = file_identity(dir / "b");
  EXPECT_NE(other, first);
  fs::create_symlink(file, dir / "link");
  EXPECT_EQ(file_identity(dir / "link"), first);
  fs::rename(dir / "b", file);
  EXPECT_EQ(file_identity(file), other);
  EXPECT_FALSE(file_identity(dir / "missing").has_value());
  fs::remove_all(dir);
}

// glibc's own malloc only: AddressSanitizer's replaces it.
#if defined(__linux__) && defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
// The bytes readable and writable from the start of the mapping that holds
// `p` (/proc/self/maps): a thread arena's heap is one such mapping, the
// rest of its 64 MiB reserved without access.
std::uint64_t writable_bytes_at(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, perms;
    fields >> range >> perms;
    const auto dash = range.find('-');
    const std::uint64_t begin = std::stoull(range.substr(0, dash), nullptr, 16);
    const std::uint64_t end = std::stoull(range.substr(dash + 1), nullptr, 16);
    if (at >= begin && at < end) return perms.starts_with("rw") ? end - begin : 0;
  }
  return 0;
}

// A new thread's arena after one small block, with and without the room
// made first: glibc grows an arena only as far as each block needs.
std::uint64_t arena_after_one_block(std::size_t reserved) {
  std::uint64_t bytes = 0;
  std::thread([&] {
    if (reserved != 0) reserve_thread_heap(reserved);
    void* block = std::malloc(64);
    bytes = writable_bytes_at(block);
    std::free(block);
  }).join();
  return bytes;
}

TEST(PlatformTest, ReservingAThreadHeapMakesItsRoomAtOnce) {
  keep_large_blocks_out_of_heap();  // as main() does: blocks of 128 KiB go to mmap
  const std::uint64_t plain = arena_after_one_block(0);
  const std::uint64_t reserved = arena_after_one_block(2u << 20);
  EXPECT_LT(plain, 1u << 20) << "a new arena is not made that large";
  EXPECT_GE(reserved, 2u << 20) << "the 2 MiB were not made writable at once";
}
#endif

}  // namespace
}  // namespace sauatty::app
