// Where each browser looks for the manifest, on every system (the code is
// pure, so macOS and Windows are checked here too), the Windows registry
// keys, this system's own answers, and which file a path names.
#include "app/platform.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

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

}  // namespace
}  // namespace sauatty::app
