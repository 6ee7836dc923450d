// Finding and loading a module: the download module of this build, and
// each way loading one fails, with the message that names the file.
#include "modules/module.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/download.h"
#include "support/temp_dir.h"

namespace sauatty::modules {
namespace {

constexpr const char* kModule = SAUATTY_DOWNLOAD_MODULE_BUILD_PATH;

TEST(ModuleTest, LoadsTheDownloadModule) {
  const auto& loaded =
      load_once<store::DownloadModule>("libsauatty-download.so", "sauatty_download_module",
                                       store::kDownloadModuleVersion, "download", kModule);
  ASSERT_NE(loaded.module, nullptr) << loaded.error;
  EXPECT_TRUE(loaded.error.empty());
  const store::DownloadModule* module = loaded.module;
  // Loaded once: a second call gives the same module.
  EXPECT_EQ(load_once<store::DownloadModule>("other.so", "other", 0, "other", nullptr).module,
            module);
  EXPECT_EQ(module->version, store::kDownloadModuleVersion);
  ASSERT_NE(module->fetch, nullptr);
  // A URL it refuses before any connection: the module's own code answers.
  auto refused = module->fetch("ftp://127.0.0.1/list.txt", {}, {}, {});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, store::DownloadError::kBadUrl);
  EXPECT_EQ(refused.error().message, "ftp://127.0.0.1/list.txt: not an http(s) URL");
}

TEST(ModuleTest, MissingModuleIsNamed) {
  auto module = load("libsauatty-no-such-module.so", "entry", 1, "test", nullptr);
  ASSERT_FALSE(module.has_value());
  EXPECT_EQ(module.error(), "cannot find libsauatty-no-such-module.so beside sauatty-host");
  auto elsewhere = load("libsauatty-no-such-module.so", "entry", 1, "test", "/nonexistent/libx.so");
  ASSERT_FALSE(elsewhere.has_value());
  EXPECT_EQ(elsewhere.error(), "cannot find libsauatty-no-such-module.so beside sauatty-host");
}

TEST(ModuleTest, WrongEntryOrVersionIsRefused) {
  auto entry = load("libsauatty-download.so", "sauatty_other_module", 1, "other", kModule);
  ASSERT_FALSE(entry.has_value());
  EXPECT_EQ(entry.error(), std::string(kModule) + ": not a other module of this version");
  auto version = load("libsauatty-download.so", "sauatty_download_module",
                      store::kDownloadModuleVersion + 1, "download", kModule);
  ASSERT_FALSE(version.has_value());
  EXPECT_EQ(version.error(), std::string(kModule) + ": not a download module of this version");
}

TEST(ModuleTest, NotASharedObjectIsRefused) {
  testing::TempDir dir("sauatty-module-test");
  std::string path = (dir.path() / "libfake.so").string();
  std::ofstream(path) << "not an ELF file\n";
  auto module = load("libfake.so", "entry", 1, "test", path.c_str());
  ASSERT_FALSE(module.has_value());
  EXPECT_TRUE(module.error().starts_with("cannot load " + path + ": ")) << module.error();
}

}  // namespace
}  // namespace sauatty::modules
