// `install` into a temporary HOME: manifests where each browser looks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace sauatty
