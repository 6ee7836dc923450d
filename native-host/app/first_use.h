// What a native-messaging session starts only once the browser uses it,
// not when the host starts:
//   - the automatic list update (app/auto_update.h) at the first `page` or
//     `requests` message. A browser can start the host although its user
//     turned Sauatty off or declined consent (an extension that opens the
//     port too early, a policy read late); such a host answers `hello`,
//     `settings` or `stats` but never reaches the lists' publishers. The
//     extension asks about pages only with consent (docs/EXTENSION.md).
//   - right after the answer to the first `hello` was written, when the
//     rules have credibility lists, on the thread of the rules' keeper that
//     read their credibility part (RulesWatch::run_beside: what is built
//     lands in the arena that holds the rest of it; a thread of its own for
//     rules loaded without a keeper): what the first page would otherwise
//     build itself — the assessor's rating index and look-alike detector
//     and its title check (credibility/assessor.h). The start and the
//     `hello` answer never wait for it; a page that asks meanwhile waits
//     only for the rest of that part (each is built once, thread-safe).
#pragma once

#include <ostream>
#include <thread>
#include <vector>

#include "app/args.h"
#include "app/messaging.h"
#include "protocol/session.h"

namespace sauatty::app {

// What the first page would otherwise build for `rules` (thread-safe: each
// part is built once): the assessor's rating index, look-alike detector and
// title check. May throw (no memory). FirstUse's preload, and a live swap
// before it adopts new rules (app/cmd_native_messaging.cpp).
void build_for_first_page(const store::RuleSet& rules);

class FirstUse {
 public:
  // `args` are the host's options (for start_automatic_update); `context`
  // and `err` must outlive this.
  FirstUse(Args args, const MessagingContext& context, std::ostream& err);
  // Waits for the preload thread, if one runs (it ends by itself).
  ~FirstUse();
  FirstUse(const FirstUse&) = delete;
  FirstUse& operator=(const FirstUse&) = delete;

  // Wraps the handlers of `hello`, `page` and `requests` (their `requests`
  // writer too) so that the first of each starts the above. Handlers are
  // called from the session's one thread.
  void wrap(std::vector<protocol::HandlerEntry>& handlers);
  // For protocol::SessionOptions::after_answer, on the session's thread:
  // starts the preload once the first `hello` was answered, so that the
  // answer never shares the CPU with it (nor the memory it builds: the
  // start's peak).
  void after_answer();

 private:
  void start_update_once();
  void start_preload_once();

  Args args_;
  const MessagingContext& context_;
  std::ostream& err_;
  bool update_started_ = false;
  bool preload_wanted_ = false;  // a `hello` was handled
  bool preload_started_ = false;
  std::thread preload_;
};

}  // namespace sauatty::app
