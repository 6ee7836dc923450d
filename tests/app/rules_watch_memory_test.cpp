// The live-swap watcher's memory (app/rules_watch.h) with the real lists:
// rules loaded as the host loads them (the rules folder, EasyList and
// EasyPrivacy from the compiled cache, on a thread that keeps them) and
// swapped eight times, as `rules compile` or a background update puts a new
// cache in place, leave the process within half a megabyte of its resident
// size before the first swap once the last replaced set is freed (+56 to
// +144 kB here). Before each rule set had a thread of its own and glibc's
// thresholds were fixed (app/rules_watch.cpp), the same swaps left it 0.6 MB
// larger after the first and 1.1-2.2 MB after the eighth: no leak, but each
// index woven through the arena that held the last, and arrays kept in it.
//
// In a process of its own (the only test of its binary), measured by its
// VmRSS; the cache is compiled by the host binary in another process, as the
// soak does, so that no list parsed here shapes this process's heap.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/args.h"
#include "app/rules_options.h"
#include "app/rules_watch.h"
#include "engine/test_data.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kSwaps = 8;
constexpr long kBoundKb = 512;

// This process's resident size (Linux); 0 when it cannot be read.
long resident_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

// As `rules compile` puts a new cache in place: a new file, renamed over.
void replace(const fs::path& cache) {
  const fs::path next = cache.parent_path() / ".compiled-rules.next";
  fs::copy_file(cache, next, fs::copy_options::overwrite_existing);
  fs::rename(next, cache);
}

template <class Done>
bool within(std::chrono::seconds limit, Done done) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(RulesWatchMemory, SwapsOfTheRealListsLeaveTheHeapAsItWas) {
  if (const char* sanitized = std::getenv("SAUATTY_SANITIZED"); sanitized && *sanitized == '1') {
    GTEST_SKIP() << "a sanitizer build: ASan's shadow memory and quarantine count in the RSS";
  }
  if (resident_kb() == 0) GTEST_SKIP() << "no /proc/self/status to read VmRSS from";
  const auto easylist = testing::shared_data("filters/easylist-2026-07.txt");
  const auto easyprivacy = testing::shared_data("filters/easyprivacy-2026-07.txt");
  if (!easylist || !easyprivacy) {
    GTEST_SKIP() << "SAUATTY_SHARED_DATA lacks filters/easylist-2026-07.txt and "
                    "filters/easyprivacy-2026-07.txt";
  }
  const char* rules_dir = std::getenv("SAUATTY_RULES_DIR");
  ASSERT_TRUE(rules_dir != nullptr && *rules_dir != '\0') << "sauatty_test sets SAUATTY_RULES_DIR";
  testing::TempDir dir{"sauatty-rules-watch-memory"};
  std::ofstream(dir.path() / "sources.json")
      << R"({"format":"sauatty-sources/1","lists":[],"automatic_updates":false})";
  // The rules folder, not the embedded copy: the cache of an embedded copy
  // is keyed by the executable that holds it, and this is another.
  const std::vector<std::string> words = {"--rules",   rules_dir,
                                          "--cache",   (dir.path() / "cache").string(),
                                          "--sources", (dir.path() / "sources.json").string(),
                                          "--import",  "filters=" + easylist->string(),
                                          "--import",  "filters=" + easyprivacy->string()};
  // The cache the host starts from, compiled by another process as the
  // soak does (parsing here would leave this process's heap as no host's).
  std::vector<std::string> compile = {testing::host_binary(), "rules", "compile"};
  compile.insert(compile.end(), words.begin(), words.end());
  const auto compiled = testing::run_command(compile);
  ASSERT_EQ(compiled.exit_code, 0) << compiled.err;
  auto args = parse_args(words, rule_value_options(), rule_flags());
  ASSERT_TRUE(args.has_value()) << args.error();
  const auto cache = compiled_cache_for(*args);
  ASSERT_TRUE(cache.has_value() && fs::exists(*cache));

  // As the host starts (cmd_native_messaging.cpp): its rules from the cache,
  // loaded as a swap loads them, then the watch.
  const RulesWatch::Load load = [&args]() -> RulesWatch::Load::result_type {
    std::istringstream in;
    std::ostringstream err;
    auto set = load_rules_for(*args, Io{in, err, err}, CompiledCache::kStart);
    if (!set) return std::unexpected(err.str());
    return std::move(*set);
  };
  auto loaded = RulesWatch::load_kept(load);
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  std::shared_ptr<const store::RuleSet> rules = std::move(*loaded);
  ASSERT_EQ(rules->compiled_cache, "used");
  const std::size_t filters = rules->trackers->engine.size();
  ASSERT_GT(filters, 100'000u);
  RulesWatch watch(*cache, RulesWatch::state_of(*cache), load, 20ms);
  const long before = resident_kb();

  std::ostringstream err;
  long after = before;
  for (int swap = 1; swap <= kSwaps; ++swap) {
    const std::weak_ptr<const store::RuleSet> replaced = rules;
    replace(*cache);
    ASSERT_TRUE(within(60s, [&] { return watch.adopt(rules, err); }))
        << "swap " << swap << " not adopted: " << err.str();
    ASSERT_TRUE(within(60s, [&] { return replaced.expired(); }))
        << "the set swap " << swap << " replaced was not freed";
    // The watch gives the freed heap back right after freeing it.
    std::this_thread::sleep_for(50ms);
    after = resident_kb();
    std::printf("swap %d: VmRSS %ld kB (%+ld kB)\n", swap, after, after - before);
  }
  EXPECT_EQ(watch.swaps(), static_cast<std::size_t>(kSwaps));
  EXPECT_EQ(rules->trackers->engine.size(), filters) << "the swapped rules are the lists'";
  // Under load the watch's thread may be slow to give it back: wait for it.
  within(10s, [&] { return (after = resident_kb()) <= before + kBoundKb; });
  EXPECT_LE(after, before + kBoundKb)
      << kSwaps << " swaps left the process " << after - before << " kB larger";
}

}  // namespace
}  // namespace sauatty::app
