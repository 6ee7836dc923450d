#include "app/rules_watch.h"

#include "app/platform.h"
#include "lists/text_file.h"

namespace sauatty::app {
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
      thread_([this](std::stop_token stop) { run(stop); }) {}

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
    // The rules a swap replaced are freed here, off the message path (when
    // no message holds them any more): freeing EasyList + EasyPrivacy's
    // index took 1.5-20 ms, which delayed the answer that adopted the new
    // rules. What the heap keeps of them, and of the load's temporaries,
    // then goes back to the system. Without that five swaps of EasyList +
    // EasyPrivacy left the host 5.1 MB larger; with it 0.6 MB.
    if (old) {
      old.reset();
      release_free_memory();
    }
    FileState now = state_of(file_);
    std::shared_ptr<const store::RuleSet> loaded;
    std::string message;
    if (!(now == seen) && now.exists) {
      auto set = load_();
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
