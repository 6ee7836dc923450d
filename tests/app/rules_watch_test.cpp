// The live-swap watcher (app/rules_watch.h) on a real file: it notices a
// compiled cache put in place by an atomic replace even when the new file
// has the old one's size and modification time (only its identity differs),
// notices an in-place rewrite, frees the rules it replaced off the thread
// that adopted the new ones, and loads nothing while the file stays as it
// is. Each load reads the file, so the adopted set says which file it came
// from. The watch's first state is taken when it is constructed (or given
// to it: the file the host loaded), never left to its thread's first look,
// so a file replaced before that look is adopted and no test waits for it.
#include "app/rules_watch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "app/platform.h"
#include "support/temp_dir.h"

namespace sauatty::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void write_file(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// A rule set named after the file's bytes (the tracker engine empty: no
// rules folder, no list).
RulesWatch::Load load_naming(const fs::path& file, std::atomic<int>& loads) {
  return [file, &loads]() -> RulesWatch::Load::result_type {
    ++loads;
    std::ifstream in(file, std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    store::LoadOptions options;
    options.rules.reset();
    auto set = store::load_rule_set(options);
    if (!set) return std::unexpected(set.error());
    auto named = std::make_shared<store::RuleSet>(**set);
    named->source = bytes;
    return named;
  };
}

// Adopts until a set comes or `limit` passes; the adopted set's source.
std::string adopted_within(RulesWatch& watch, std::chrono::milliseconds limit) {
  std::shared_ptr<const store::RuleSet> rules;
  std::ostringstream err;
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (watch.adopt(rules, err)) return rules->source;
    std::this_thread::sleep_for(5ms);
  }
  return "(nothing adopted)";
}

// A cache file holding `first`, watched every 10 ms from the start.
class RulesWatchTest : public ::testing::Test {
 protected:
  RulesWatch& watch_from(const std::string& first) {
    write_file(cache_, first);
    watch_.emplace(cache_, load_naming(cache_, loads_), 10ms);
    return *watch_;
  }
  testing::TempDir dir_{"sauatty-rules-watch"};
  const fs::path cache_ = dir_.path() / ".compiled-rules";
  std::atomic<int> loads_ = 0;
  std::optional<RulesWatch> watch_;
};

TEST_F(RulesWatchTest, SeesAFileReplacedBySameSizeAndSameModificationTime) {
  RulesWatch& watch = watch_from("compiled cache A");
  const fs::path& cache = cache_;
  const auto mtime = fs::last_write_time(cache);

  // As `rules compile` replaces it: a new file, then a rename over the old.
  const fs::path next = dir_.path() / ".compiled-rules.tmp";
  write_file(next, "compiled cache B");
  fs::last_write_time(next, mtime);
  const auto before = file_identity(cache);
  fs::rename(next, cache);
  // What the old watcher compared is all the same; only the file is another.
  ASSERT_EQ(fs::file_size(cache), 16u);
  ASSERT_EQ(fs::last_write_time(cache), mtime);
  ASSERT_TRUE(before.has_value());
  ASSERT_NE(file_identity(cache), before);

  EXPECT_EQ(adopted_within(watch, 3000ms), "compiled cache B");
  EXPECT_EQ(watch.swaps(), 1u);
  EXPECT_EQ(loads_, 1);
}

// As `rules compile` replaces it: a new file of the same size and
// modification time, then a rename over the old.
void replace_alike(const fs::path& cache, const std::string& bytes) {
  const auto mtime = fs::last_write_time(cache);
  const fs::path next = cache.parent_path() / ".compiled-rules.tmp";
  write_file(next, bytes);
  fs::last_write_time(next, mtime);
  fs::rename(next, cache);
}

// The host's automatic update may replace the cache between the host's load
// and the watch's start: the watch starts from the state of the file loaded.
TEST_F(RulesWatchTest, AdoptsAFileReplacedBetweenTheLoadAndTheWatch) {
  write_file(cache_, "compiled cache A");
  const RulesWatch::FileState loaded = RulesWatch::state_of(cache_);
  ASSERT_TRUE(loaded.exists);
  replace_alike(cache_, "compiled cache B");
  ASSERT_FALSE(RulesWatch::state_of(cache_) == loaded);
  RulesWatch watch(cache_, loaded, load_naming(cache_, loads_), 10ms);
  EXPECT_EQ(adopted_within(watch, 3000ms), "compiled cache B");
  EXPECT_EQ(loads_, 1);
}

// Replaced at once after the watch is constructed, before its thread may
// have looked: the first state was taken in the constructor.
TEST_F(RulesWatchTest, AdoptsAFileReplacedRightAfterTheWatchIsConstructed) {
  RulesWatch& watch = watch_from("compiled cache A");
  replace_alike(cache_, "compiled cache B");
  EXPECT_EQ(adopted_within(watch, 3000ms), "compiled cache B");
  EXPECT_EQ(loads_, 1);
}

TEST_F(RulesWatchTest, SeesAFileRewrittenInPlace) {
  RulesWatch& watch = watch_from("compiled cache A");
  const auto before = file_identity(cache_);
  write_file(cache_, "compiled cache A, longer");
  ASSERT_EQ(file_identity(cache_), before);  // the same file
  EXPECT_EQ(adopted_within(watch, 3000ms), "compiled cache A, longer");
}

// Freeing EasyList + EasyPrivacy's index took 1.5-20 ms: done by the
// message that adopted the new rules, it delayed that answer.
TEST_F(RulesWatchTest, FreesTheReplacedRulesOffTheAdoptingThread) {
  RulesWatch& watch = watch_from("compiled cache A");
  std::mutex mutex;
  std::optional<std::thread::id> freed_on;
  store::LoadOptions none;
  none.rules.reset();
  auto first = store::load_rule_set(none);
  ASSERT_TRUE(first.has_value());
  std::shared_ptr<const store::RuleSet> rules(new store::RuleSet(**first),
                                              [&](const store::RuleSet* set) {
                                                std::lock_guard lock(mutex);
                                                freed_on = std::this_thread::get_id();
                                                delete set;
                                              });
  write_file(cache_, "compiled cache B, longer");
  std::ostringstream err;
  bool adopted = false;
  for (int i = 0; i < 600 && !adopted; ++i) {
    adopted = watch.adopt(rules, err);
    if (!adopted) std::this_thread::sleep_for(5ms);
  }
  ASSERT_TRUE(adopted);
  EXPECT_EQ(rules->source, "compiled cache B, longer");
  for (int i = 0; i < 400; ++i) {
    {
      std::lock_guard lock(mutex);
      if (freed_on) break;
    }
    std::this_thread::sleep_for(5ms);
  }
  std::lock_guard lock(mutex);
  ASSERT_TRUE(freed_on.has_value()) << "the replaced rules were not freed within 2 s";
  EXPECT_NE(*freed_on, std::this_thread::get_id()) << "freed by the message that adopted";
}

TEST_F(RulesWatchTest, LoadsNothingWhileTheFileStaysAsItIs) {
  RulesWatch& watch = watch_from("compiled cache A");
  EXPECT_EQ(adopted_within(watch, 300ms), "(nothing adopted)");
  EXPECT_EQ(loads_, 0);
  EXPECT_EQ(watch.swaps(), 0u);
}

// Work for a set loaded by load_kept runs on its keeper's second thread (the
// one a load may read beside on), not the caller's; a running task ends
// before the set is freed, even when the last reference goes meanwhile, and
// a set the keeper no longer holds (or never held) takes no task.
TEST(RulesWatchKeeper, RunsWorkForTheSetBesideAndFreesTheSetAfterIt) {
  std::atomic<int> loads = 0;
  testing::TempDir dir{"sauatty-rules-keeper"};
  const fs::path file = dir.path() / "rules";
  write_file(file, "one");
  std::thread::id read_on;
  auto loaded = RulesWatch::load_kept(
      RulesWatch::LoadBeside([&](const store::ReadBeside& beside) -> RulesWatch::Load::result_type {
        std::mutex mutex;
        std::condition_variable done;
        bool ran = false;
        EXPECT_TRUE(beside([&] {
          std::lock_guard lock(mutex);
          read_on = std::this_thread::get_id();
          ran = true;
          done.notify_all();
        }));
        std::unique_lock lock(mutex);
        done.wait(lock, [&] { return ran; });
        return load_naming(file, loads)();
      }));
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  std::shared_ptr<const store::RuleSet> set = std::move(*loaded);
  const store::RuleSet* kept = set.get();

  // A task that outlasts the last reference: the set stays until it ends.
  std::atomic<bool> started = false, release = false, saw_set = false, freed = false;
  std::thread::id ran_on;
  ASSERT_TRUE(RulesWatch::run_beside(kept, [&, kept] {
    ran_on = std::this_thread::get_id();
    started = true;
    while (!release) std::this_thread::sleep_for(1ms);
    saw_set = kept->source == "one";  // still there
  }));
  while (!started) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(ran_on, read_on);
  EXPECT_NE(ran_on, std::this_thread::get_id());
  std::thread dropper([&] {
    set.reset();  // frees the set: waits for the task
    freed = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(freed) << "the set was freed while a task for it ran";
  release = true;
  dropper.join();
  EXPECT_TRUE(saw_set);
  EXPECT_TRUE(freed);
  EXPECT_EQ(loads, 1);
  EXPECT_FALSE(RulesWatch::run_beside(kept, [] {}));  // freed: no keeper now
  store::RuleSet other;
  EXPECT_FALSE(RulesWatch::run_beside(&other, [] {}));
}

}  // namespace
}  // namespace sauatty::app
