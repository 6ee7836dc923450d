// `install` into a temporary HOME: manifests where each browser looks.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::host_binary;
using testing::run_command;

class InstallTest : public ::testing::Test {
 protected:
  testing::Completed install(std::vector<std::string> args) {
    args.insert(args.begin(), {host_binary(), "install"});
    return run_command(args, "",
                       {"HOME=" + home_.string(), "XDG_CONFIG_HOME=", "PATH=/nonexistent"});
  }
  // `install` under a umask of 000 (the manifest's mode must not follow it).
  testing::Completed install_with_open_umask(const std::string& browser) {
    return run_command({"/bin/sh", "-c", "umask 000 && exec \"$0\" install --browser \"$1\"",
                        host_binary(), browser},
                       "", {"HOME=" + home_.string(), "XDG_CONFIG_HOME=", "PATH=/nonexistent"});
  }
  static std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  static void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  static unsigned mode_of(const fs::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0;
  }
  fs::path chromium_folder() const { return home_ / ".config/chromium/NativeMessagingHosts"; }
  static json read_json(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in);
  }
  testing::TempDir temp_{"sauatty-install"};
  const fs::path& home_ = temp_.path();
};

TEST_F(InstallTest, ChromiumAndFirefoxManifests) {
  auto chromium = install({"--browser", "chromium"});
  ASSERT_EQ(chromium.exit_code, 0) << chromium.err;
  auto firefox = install({"--browser", "firefox"});
  ASSERT_EQ(firefox.exit_code, 0) << firefox.err;

  fs::path chromium_file = home_ / ".config/chromium/NativeMessagingHosts/sauatty.json";
  fs::path firefox_file = home_ / ".mozilla/native-messaging-hosts/sauatty.json";
  EXPECT_NE(chromium.out.find(chromium_file.string()), std::string::npos);
  json c = read_json(chromium_file);
  EXPECT_EQ(c["name"], "sauatty");
  EXPECT_EQ(c["type"], "stdio");
  EXPECT_EQ(c["path"], fs::canonical(host_binary()).string());
  EXPECT_TRUE(fs::path(c["path"].get<std::string>()).is_absolute());
  EXPECT_EQ(c["allowed_origins"],
            json::array({"chrome-extension://podmgadinodhilbbmgfknijkfllmeock/"}));
  EXPECT_FALSE(c.contains("allowed_extensions"));
  json f = read_json(firefox_file);
  EXPECT_EQ(f["allowed_extensions"], json::array({"sauatty@sauatty.kz"}));
  EXPECT_FALSE(f.contains("allowed_origins"));

  auto removed = install({"--uninstall", "--browser", "all"});
  EXPECT_EQ(removed.exit_code, 0);
  EXPECT_FALSE(fs::exists(chromium_file));
  EXPECT_FALSE(fs::exists(firefox_file));
}

TEST_F(InstallTest, AllWritesOnlyForBrowsersFound) {
  fs::create_directories(home_ / ".config/google-chrome");  // Chrome has a profile here
  auto r = install({});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(home_ / ".config/google-chrome/NativeMessagingHosts/sauatty.json"));
  EXPECT_FALSE(fs::exists(home_ / ".config/microsoft-edge/NativeMessagingHosts/sauatty.json"));
  EXPECT_FALSE(fs::exists(home_ / ".mozilla/native-messaging-hosts/sauatty.json"));
}

TEST_F(InstallTest, NoBrowserFoundSaysSo) {
  auto r = install({});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("no browser found"), std::string::npos);
}

TEST_F(InstallTest, UnknownBrowserIsAUsageError) {
  EXPECT_EQ(install({"--browser", "netscape"}).exit_code, 1);
}

// A link at the manifest's path is replaced by the manifest; the file it
// pointed at (someone's private file here) is left as it was.
TEST_F(InstallTest, SymlinkAtManifestPathIsReplacedNotFollowed) {
  const fs::path victim = home_ / "private.txt";
  write_text(victim, "private");
  fs::permissions(victim, fs::perms::owner_read | fs::perms::owner_write);
  fs::create_directories(chromium_folder());
  const fs::path manifest = chromium_folder() / "sauatty.json";
  fs::create_symlink(victim, manifest);

  auto r = install({"--browser", "chromium"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_text(victim), "private");
  EXPECT_EQ(mode_of(victim), 0600u);
  EXPECT_FALSE(fs::is_symlink(manifest));
  EXPECT_EQ(read_json(manifest)["name"], "sauatty");
}

TEST_F(InstallTest, DanglingSymlinkCreatesNothingAtItsTarget) {
  const fs::path target = home_ / "elsewhere.json";
  fs::create_directories(chromium_folder());
  const fs::path manifest = chromium_folder() / "sauatty.json";
  fs::create_symlink(target, manifest);

  auto r = install({"--browser", "chromium"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(fs::symlink_status(target)));
  EXPECT_FALSE(fs::is_symlink(manifest));
  EXPECT_EQ(read_json(manifest)["type"], "stdio");
}

// The new manifest is a new file renamed into place: a reader holding the
// old one (here a second hard link to it) never sees it truncated or half
// written, and no temporary file is left behind.
TEST_F(InstallTest, ManifestIsReplacedAtomically) {
  fs::create_directories(chromium_folder());
  const fs::path manifest = chromium_folder() / "sauatty.json";
  write_text(manifest, "{\"old\": true}\n");
  const fs::path old_copy = home_ / "old-manifest.json";
  fs::create_hard_link(manifest, old_copy);

  auto r = install({"--browser", "chromium"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_text(old_copy), "{\"old\": true}\n");
  EXPECT_EQ(read_json(manifest)["name"], "sauatty");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(chromium_folder())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"sauatty.json"});
}

TEST_F(InstallTest, ModesDoNotFollowTheUmask) {
  auto r = install_with_open_umask("chromium");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(mode_of(chromium_folder() / "sauatty.json"), 0644u);
  EXPECT_EQ(mode_of(chromium_folder()), 0755u);
  EXPECT_EQ(mode_of(chromium_folder().parent_path()), 0755u);
}

struct HostPathCase {
  const char* name;
  const char* relative_path;  // under the temporary HOME
  bool is_folder;
};

constexpr HostPathCase kBadHostPaths[] = {
    {"Folder", "a-folder", true},
    {"NotExecutable", "not-executable", false},
};

TEST_F(InstallTest, HostPathMustBeAnExecutableFile) {
  for (const HostPathCase& c : kBadHostPaths) {
    SCOPED_TRACE(c.name);
    const fs::path path = home_ / c.relative_path;
    if (c.is_folder) {
      fs::create_directories(path);
    } else {
      write_text(path, "#!/bin/sh\n");
      fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    }
    auto r = install({"--browser", "chromium", "--host-path", path.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("not an executable file"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(chromium_folder() / "sauatty.json"));
  }
}

TEST_F(InstallTest, RootWritesTheSystemManifestsForAPackage) {
  const fs::path root = home_ / "staging";
  auto made = install(
      {"--system", "--root", root.string(), "--host-path", "/usr/lib/sauatty/sauatty-host"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  for (const char* folder :
       {"etc/opt/chrome/native-messaging-hosts", "etc/chromium/native-messaging-hosts",
        "etc/opt/edge/native-messaging-hosts", "usr/lib/mozilla/native-messaging-hosts"}) {
    const fs::path file = root / folder / "sauatty.json";
    ASSERT_TRUE(fs::exists(file)) << file;
    // The host is not there yet: the path is written as given.
    EXPECT_EQ(read_json(file)["path"], "/usr/lib/sauatty/sauatty-host") << file;
    EXPECT_EQ(mode_of(file), 0644u) << file;
  }
  EXPECT_EQ(
      read_json(root / "usr/lib/mozilla/native-messaging-hosts/sauatty.json")["allowed_extensions"],
      json::array({"sauatty@sauatty.kz"}));

  // Only with --system, an absolute --host-path, and not to uninstall.
  for (std::vector<std::string> bad :
       {std::vector<std::string>{"--root", root.string(), "--host-path", "/usr/bin/x"},
        {"--system", "--root", root.string(), "--host-path", "relative/host"},
        {"--system", "--root", root.string()},
        {"--system", "--uninstall", "--root", root.string(), "--host-path", "/usr/bin/x"}}) {
    auto refused = install(bad);
    EXPECT_EQ(refused.exit_code, 1) << bad.size();
    EXPECT_NE(refused.err.find("--root needs --system"), std::string::npos) << refused.err;
  }
}

}  // namespace
}  // namespace sauatty
