#include "app/rules_watch.h"

#include <deque>
#include <optional>
#include <system_error>
#include <unordered_map>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app/platform.h"
#include "lists/text_file.h"

namespace sauatty::app {
namespace {

// The thread that loads one rule set and keeps it while the host may use it:
// destroying the keeper frees the set on that thread, which then ends.
//
// Why (glibc, where each thread allocates from a malloc arena of its own):
// built on the watcher's thread, every new index went into the arena that
// still held the one in use, and was woven through its holes; freed, it left
// pages that held a little of each, so each swap kept more of them resident
// (+1.4-1.5 MB after 7 swaps of EasyList + EasyPrivacy, levelling off near
// +1.6 MB; no leak). A thread that lives as long as its rule set keeps its
// arena to itself, so the next set is built in another arena (the one the
// set before the last emptied when its thread ended); a set is then built in
// an arena that holds nothing else, and freed whole. A thread that ends also
// hands its per-thread cache of freed blocks back to the arenas, where
// malloc_trim can return them.
//
// A load may use a second thread (post(): the compiled cache's credibility
// part read beside its tracker part), and later work for the set may run
// there too (RulesWatch::run_beside: what the first page would build); it
// stays, idle between tasks, until the keeper's thread has freed the set,
// for the same reason. The set is freed only once a task running then has
// ended (tasks not started by then are dropped), so a task may use the set
// without holding a reference to it.
class Keeper;

// What the arena of each of the two threads a load uses is given at once
// (app/platform.h reserve_thread_heap): ~3,300 credibility entries' strings
// on one, the entity map's on the other, with room to spare.
constexpr std::size_t kLoadHeap = 2u << 20;

// The keepers of the sets loaded now, by set: what run_beside() looks in.
struct Kept {
  std::mutex mutex;
  std::unordered_map<const store::RuleSet*, Keeper*> keepers;  // under mutex
  static Kept& all() {
    static Kept& kept = *new Kept;  // never destroyed: keepers may outlive exit's destructors
    return kept;
  }
};

class Keeper {
 public:
  // `load` must outlive the load, which wait() waits for.
  explicit Keeper(const RulesWatch::LoadBeside& load)
      : thread_([this, &load](std::stop_token stop) { keep(load, stop); }) {}
  ~Keeper() {
    thread_.request_stop();  // wakes keep(); the jthread joins (declared last: first)
    // Then beside_'s jthread is stopped and joined: the set is freed by then.
  }
  Keeper(const Keeper&) = delete;
  Keeper& operator=(const Keeper&) = delete;

  // The set loaded (kept by this keeper), or why not: waits for the load.
  std::expected<const store::RuleSet*, std::string> wait() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return loaded_.has_value(); });
    if (!*loaded_) return std::unexpected(loaded_->error());
    return loaded_->value().get();
  }

  // Runs `task` on the second thread (started at the first task), after
  // those before it; false when it cannot (the set is being freed, or no
  // thread to be had), and then the caller runs it elsewhere.
  bool post(std::function<void()> task) {
    std::lock_guard lock(beside_mutex_);
    if (closing_) return false;
    tasks_.push_back(std::move(task));
    if (!beside_.joinable()) {
      try {
        beside_ = std::jthread([this](std::stop_token stop) { run_beside(stop); });
      } catch (const std::system_error&) {
        tasks_.pop_back();
        return false;
      }
    }
    beside_idle_.notify_all();
    return true;
  }

 private:
  void keep(const RulesWatch::LoadBeside& load, std::stop_token stop) {
    reserve_thread_heap(kLoadHeap);
    auto set = load([this](std::function<void()> task) { return post(std::move(task)); });
    std::unique_lock lock(mutex_);
    loaded_ = std::move(set);
    const store::RuleSet* kept = *loaded_ ? loaded_->value().get() : nullptr;
    if (kept) {
      std::lock_guard all(Kept::all().mutex);
      Kept::all().keepers[kept] = this;
    }
    done_.notify_all();
    done_.wait(lock, stop, [] { return false; });
    lock.unlock();
    if (kept) {
      std::lock_guard all(Kept::all().mutex);
      Kept::all().keepers.erase(kept);
    }
    {
      // No task starts from here on; one that runs ends before the set goes.
      std::unique_lock beside(beside_mutex_);
      closing_ = true;
      tasks_.clear();
      beside_idle_.wait(beside, [this] { return !running_; });
    }
    lock.lock();
    loaded_.reset();  // frees the set here
  }

  void run_beside(std::stop_token stop) {
    reserve_thread_heap(kLoadHeap);
    std::unique_lock lock(beside_mutex_);
    for (;;) {
      beside_idle_.wait(lock, stop, [this] { return !tasks_.empty(); });
      if (stop.stop_requested()) return;
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      running_ = true;
      lock.unlock();
      task();
      task = nullptr;
      lock.lock();
      running_ = false;
      beside_idle_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable_any done_;
  std::optional<RulesWatch::Load::result_type> loaded_;  // under mutex_
  std::mutex beside_mutex_;
  std::condition_variable_any beside_idle_;
  std::deque<std::function<void()>> tasks_;  // under beside_mutex_
  bool running_ = false;                     // under beside_mutex_: a task runs
  bool closing_ = false;                     // under beside_mutex_: the set goes
  std::jthread beside_;                      // under beside_mutex_ until it starts
  std::jthread thread_;                      // last: started when the above is ready, stopped first
};

// Large blocks (an index's arrays, 0.1-4 MB each) from mmap, always, so
// that a replaced index's arrays go back to the system as they are freed,
// and an arena's free top given back once it passes 128 KiB. glibc raises
// both thresholds with each mapped block freed (to its size, and twice
// that: up to 32 and 64 MiB after a large message, a list parsed or the
// first index freed); the next index's arrays then came from the thread's
// arena, whose free top was kept: +5 to +9 MB after eight swaps. Fixed here
// at glibc's own starting values, which stops the rise.
void keep_large_blocks_mapped() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#endif
}

}  // namespace

bool RulesWatch::run_beside(const store::RuleSet* set, std::function<void()> task) {
  std::lock_guard all(Kept::all().mutex);
  const auto it = Kept::all().keepers.find(set);
  return it != Kept::all().keepers.end() && it->second->post(std::move(task));
}

RulesWatch::Load::result_type RulesWatch::load_kept(const Load& load) {
  return load_kept(LoadBeside([&load](const store::ReadBeside&) { return load(); }));
}

RulesWatch::Load::result_type RulesWatch::load_kept(const LoadBeside& load) {
  std::shared_ptr<Keeper> keeper;
  try {
    keeper = std::make_shared<Keeper>(load);
  } catch (const std::system_error&) {
    return load({});  // no thread to be had: loaded here, as before
  }
  auto set = keeper->wait();
  if (!set) return std::unexpected(set.error());
  return std::shared_ptr<const store::RuleSet>(std::move(keeper), *set);
}

RulesWatch::FileState RulesWatch::state_of(const std::filesystem::path& file) {
  const auto identity = file_identity(file);
  if (!identity) return {};
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return {};
  const auto mtime = std::filesystem::last_write_time(file, ec);
  if (ec) return {};
  return {true, *identity, size, mtime};
}

RulesWatch::RulesWatch(std::filesystem::path file, FileState loaded, Load load,
                       std::chrono::milliseconds interval)
    : file_(std::move(file)),
      load_(std::move(load)),
      interval_(interval),
      seen_(loaded),
      thread_([this](std::stop_token stop) { run(stop); }) {
  keep_large_blocks_mapped();
}

RulesWatch::RulesWatch(std::filesystem::path file, Load load, std::chrono::milliseconds interval)
    : RulesWatch(file, state_of(file), std::move(load), interval) {}

RulesWatch::~RulesWatch() {
  thread_.request_stop();
  wake_.notify_all();
}

void RulesWatch::run(std::stop_token stop) {
  FileState& seen = seen_;
  std::string last_refusal;
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    wake_.wait_for(lock, stop, interval_, [] { return false; });
    if (stop.stop_requested()) return;
    std::shared_ptr<const store::RuleSet> old = std::move(retired_);
    lock.unlock();
    // The rules a swap replaced are freed off the message path (when no
    // message holds them any more): freeing EasyList + EasyPrivacy's index
    // took 1.5-20 ms, which delayed the answer that adopted the new rules.
    // A set this watch loaded is freed on its keeper's thread; the first
    // (loaded by the host) on a thread that ends at once, which hands the
    // blocks its per-thread cache would keep back to the heap. What the heap
    // then holds free goes back to the system.
    if (old) {
      try {
        std::jthread([set = std::move(old)]() mutable { set.reset(); }).join();
      } catch (const std::system_error&) {
        // No thread to be had: the set was freed here, as the thread's
        // function was dropped.
      }
      release_free_memory();
    }
    FileState now = state_of(file_);
    std::shared_ptr<const store::RuleSet> loaded;
    std::string message;
    if (!(now == seen) && now.exists) {
      auto set = load_kept(load_);
      if (set) {
        loaded = std::move(*set);
        last_refusal.clear();
        message = "sauatty-host: the compiled cache changed; rules swapped (" +
                  std::to_string(loaded->trackers->engine.size()) + " tracker filters)";
      } else if (set.error() != last_refusal) {
        last_refusal = set.error();
        message = "sauatty-host: the compiled cache changed but was not adopted: " +
                  lists::printable(set.error());
      }
    }
    seen = now;
    lock.lock();
    if (loaded) pending_ = std::move(loaded);
    if (!message.empty()) message_ += message + "\n";
    if (loaded || !message.empty()) news_.store(true, std::memory_order_release);
  }
}

bool RulesWatch::adopt(std::shared_ptr<const store::RuleSet>& rules, std::ostream& err) {
  if (!news_.load(std::memory_order_acquire)) return false;  // the usual case: one load
  std::shared_ptr<const store::RuleSet> unfreed;  // one retired before, not yet freed: rare
  std::string message;
  bool adopted = false;
  {
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return false;  // a load is being handed over: next message
    message.swap(message_);
    news_.store(false, std::memory_order_relaxed);
    if (pending_) {
      // The old set goes to the watcher's thread, to be freed there (run()).
      unfreed = std::exchange(retired_, std::exchange(rules, std::move(pending_)));
      adopted = true;
    }
  }
  if (!message.empty()) err << message << std::flush;
  if (adopted) swaps_.fetch_add(1, std::memory_order_relaxed);
  return adopted;
}

namespace {

// Wraps one entry's handler, and its `requests` writer where the session
// has one (a template, so that this compiles with or without it).
template <class Entry>
void wrap(Entry& entry, RulesWatch& watch, MessagingContext& context, std::ostream& err) {
  entry.handle = [inner = std::move(entry.handle), &watch, &context,
                  &err](const protocol::Json& request) {
    watch.adopt(context.rules, err);
    return inner(request);
  };
  if constexpr (requires { entry.write_requests; }) {
    if (entry.write_requests) {
      entry.write_requests = [inner = std::move(entry.write_requests), &watch, &context, &err](
                                 const auto& request, std::string& out) {
        watch.adopt(context.rules, err);
        return inner(request, out);
      };
    }
  }
}

}  // namespace

void adopt_before_each_message(std::vector<protocol::HandlerEntry>& handlers, RulesWatch& watch,
                               MessagingContext& context, std::ostream& err) {
  for (protocol::HandlerEntry& entry : handlers) wrap(entry, watch, context, err);
}

}  // namespace sauatty::app
