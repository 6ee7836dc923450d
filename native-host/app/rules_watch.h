// Live swap for a running native-messaging host: a background thread looks
// at the compiled cache (store/compiled_cache.h) once a second; when the file
// changed (the host's own background update, or `rules update` / `rules
// compile` run by another process such as the system timer: another file at
// the path, app::file_identity, or another size or modification time), it loads the
// new rule set from it off the session's thread. The session adopts it
// between two messages, so a message being answered finishes on the rule set
// it started with, and the next one uses the new set: within about a second
// of the file's change, never over 5 s, without a restart.
//
// A new cache that is damaged or built from other sources than the host's is
// not adopted (the host keeps what it has; the reason is said once on
// stderr); the host never parses lists or writes a cache from here.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/messaging.h"
#include "app/platform.h"
#include "store/rule_set.h"

namespace sauatty::app {

class RulesWatch {
 public:
  // Loads the rule set from the cache, or says why not.
  using Load = std::function<std::expected<std::shared_ptr<const store::RuleSet>, std::string>()>;

  // What tells that the file was replaced or rewritten: its identity
  // (another file put at the path by an atomic replace, even one of the same
  // size written within the file system's time resolution, or given the old
  // modification time), its modification time (an in-place write; to the
  // nanosecond where the file system keeps it) and its size.
  struct FileState {
    bool exists = false;
    FileIdentity identity;
    std::uintmax_t size = 0;
    std::filesystem::file_time_type mtime{};
    bool operator==(const FileState& o) const = default;
  };
  static FileState state_of(const std::filesystem::path& file);

  // Watches `file` every `interval`, starting from `loaded`: the state of the
  // file the rules in use came from, taken right after they were loaded, so
  // that a file put in place between that load and this watch is adopted at
  // the first look.
  RulesWatch(std::filesystem::path file, FileState loaded, Load load,
             std::chrono::milliseconds interval = std::chrono::seconds(1));
  // The same, starting from the file's state now (in the constructor, not
  // when the thread first runs).
  RulesWatch(std::filesystem::path file, Load load,
             std::chrono::milliseconds interval = std::chrono::seconds(1));
  ~RulesWatch();  // stops the thread (at once, even while it waits)
  RulesWatch(const RulesWatch&) = delete;
  RulesWatch& operator=(const RulesWatch&) = delete;

  // On the session's thread, between messages: puts the newest loaded set
  // into `rules` (true when it did) and writes what happened since the last
  // call to `err`. The set it replaces is freed on the watcher's thread
  // within an interval (or later, when a message still holds it), never on
  // the message path: freeing a large index takes milliseconds.
  bool adopt(std::shared_ptr<const store::RuleSet>& rules, std::ostream& err);

  std::size_t swaps() const { return swaps_.load(std::memory_order_relaxed); }

  // Runs `load` on a thread of its own that keeps the set it loaded until
  // the last reference to the set handed out goes, then frees it there and
  // ends. Each swap loads this way, and the host its first rule set (that
  // one is replaced whole too). Why: on glibc each thread allocates from an
  // arena of its own, so a set kept by its thread is built in an arena
  // holding nothing else, and freed whole (rules_watch.cpp, Keeper). Falls
  // back to loading on the caller's thread when no thread can be started.
  static Load::result_type load_kept(const Load& load);
  // The same, with a second thread for the load (store::ReadBeside): the
  // host's first rule set reads the compiled cache's two parts at once. That
  // thread too lives as long as the set, so that what it built stays in an
  // arena of its own until the set is freed.
  using LoadBeside = std::function<Load::result_type(const store::ReadBeside& beside)>;
  static Load::result_type load_kept(const LoadBeside& load);

  // Runs `task` on that second thread of the keeper of `set` (started now
  // when the load did not), after its earlier tasks: work for the set that
  // allocates (the rating index a first page would build) then lands in an
  // arena the set's own threads hold, not the caller's. False when `set`
  // was not loaded by load_kept, is being freed, or no thread can be had:
  // the caller then runs the task elsewhere. The set is freed only once a
  // running task has ended (one not started by then is dropped), so the
  // task may use `set` without a reference; it must not hold one (its
  // release could free the set on the keeper's own thread).
  static bool run_beside(const store::RuleSet* set, std::function<void()> task);

 private:
  void run(std::stop_token stop);

  std::filesystem::path file_;
  Load load_;
  std::chrono::milliseconds interval_;
  FileState seen_;  // the watcher's thread's only, once started
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::shared_ptr<const store::RuleSet> pending_;  // under mutex_
  std::string message_;                            // under mutex_
  std::shared_ptr<const store::RuleSet> retired_;  // under mutex_: the set a swap replaced
  std::atomic<bool> news_{false};                  // pending_ or message_ set
  std::atomic<std::size_t> swaps_ = 0;
  std::jthread thread_;  // last: started when everything above is ready
};

// Wraps every handler of `handlers` so that the watch's newest rule set is
// adopted into `context.rules` before the message is handled.
void adopt_before_each_message(std::vector<protocol::HandlerEntry>& handlers, RulesWatch& watch,
                               MessagingContext& context, std::ostream& err);

}  // namespace sauatty::app
