// Finding and loading a module: the confusables module of this build, and
// each way loading one fails, with the message that names the file.
#include "modules/module.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/confusables.h"
#include "support/temp_dir.h"

namespace sauatty::modules {
namespace {

constexpr const char* kModule = SAUATTY_CONFUSABLES_MODULE_BUILD_PATH;

TEST(ModuleTest, LoadsTheConfusablesModule) {
  const auto& loaded =
      load_once<store::ConfusablesModule>("libsauatty-confusables.so", "sauatty_confusables_module",
                                          store::kConfusablesModuleVersion, "confusables", kModule);
  ASSERT_NE(loaded.module, nullptr) << loaded.error;
  const store::ConfusablesModule* module = loaded.module;
  // Loaded once: a second call gives the same module.
  EXPECT_EQ(load_once<store::ConfusablesModule>("other.so", "other", 0, "other", nullptr).module,
            module);
  EXPECT_EQ(module->version, store::kConfusablesModuleVersion);
  std::string skeleton;
  USpoofChecker* checker = module->open();
  ASSERT_NE(checker, nullptr);
  // A Cyrillic 'с' (U+0441) looks like a Latin 'c'.
  EXPECT_TRUE(module->skeleton(checker, "bb\xD1\x81", skeleton));
  EXPECT_EQ(skeleton, "bbc");
  module->close(checker);
  EXPECT_EQ(module->fold_case("\xD0\x90\xD0\x97"), "\xD0\xB0\xD0\xB7");  // "АЗ" → "аз"
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
  auto entry = load("libsauatty-confusables.so", "sauatty_download_module", 1, "download", kModule);
  ASSERT_FALSE(entry.has_value());
  EXPECT_EQ(entry.error(), std::string(kModule) + ": not a download module of this version");
  auto version = load("libsauatty-confusables.so", "sauatty_confusables_module",
                      store::kConfusablesModuleVersion + 1, "confusables", kModule);
  ASSERT_FALSE(version.has_value());
  EXPECT_EQ(version.error(), std::string(kModule) + ": not a confusables module of this version");
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
