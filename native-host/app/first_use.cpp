#include "app/first_use.h"

#include <string>
#include <system_error>
#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app/auto_update.h"
#include "app/rules_watch.h"
#include "credibility/assessor.h"
#include "url/url.h"

namespace sauatty::app {

FirstUse::FirstUse(Args args, const MessagingContext& context, std::ostream& err)
    : args_(std::move(args)), context_(context), err_(err) {}

FirstUse::~FirstUse() {
  if (preload_.joinable()) preload_.join();
}

void FirstUse::start_update_once() {
  if (std::exchange(update_started_, true)) return;
  start_automatic_update(args_, err_);  // in the background (app/auto_update.h)
}

void build_for_first_page(const store::RuleSet& rules) {
  if (!rules.credibility) return;
  // The rating index and the look-alike detector, which the assessor
  // builds at its first assessment (credibility/assessor.h).
  (void)rules.credibility->rated_entries();
  // The page signals' title check, worked out at the first title.
  if (auto address = url::parse("https://sauatty.invalid/")) {
    credibility::PageMeta meta;
    meta.title = "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8";  // "Новости"
    meta.lang = "ru";
    (void)rules.credibility->assess_page(*address, meta);
  }
#if defined(__GLIBC__)
  // What loading the rules freed (the cache reader's buffers, the builders'
  // scratch) stays in the arenas' free lists, resident, until given back:
  // ~0.1 MB of a compiled start with both lists (docs/BENCHMARKS.md).
  malloc_trim(0);
#endif
}

void FirstUse::start_preload_once() {
  if (std::exchange(preload_started_, true)) return;
  if (!context_.rules || !context_.rules->credibility) return;  // nothing would ask
  // Everything here is only ahead of time: a failure (no thread, no memory)
  // leaves each part to the first page that needs it, which reports its own
  // error, so the `hello` answer and the host never fail for it.
  //
  // On the thread of the rules' keeper that read their credibility part
  // (app/rules_watch.h), so that what is built lands in the arena that
  // holds the rest of it and goes with it. The keeper frees the rules only
  // after the task, which therefore holds no reference to them.
  const store::RuleSet* kept = context_.rules.get();
  if (RulesWatch::run_beside(kept, [kept]() noexcept {
        try {
          build_for_first_page(*kept);
        } catch (...) {
          // Left to the first page (see above).
        }
      })) {
    return;
  }
  // Rules not loaded by a keeper (no compiled cache): a thread of its own,
  // which holds the rules it warms (a live swap may replace them).
  auto warm = [rules = context_.rules]() noexcept {
    try {
      build_for_first_page(*rules);
    } catch (...) {
      // Left to the first page (see above).
    }
  };
  try {
    preload_ = std::thread(std::move(warm));
  } catch (const std::system_error&) {
    // No thread: the first page builds and loads what it needs itself.
  }
}

void FirstUse::after_answer() {
  if (preload_wanted_) start_preload_once();
}

void FirstUse::wrap(std::vector<protocol::HandlerEntry>& handlers) {
  for (protocol::HandlerEntry& entry : handlers) {
    if (entry.type == "hello") {
      entry.handle = [this, inner = std::move(entry.handle)](const protocol::Json& request) {
        preload_wanted_ = true;  // started once the answer is written
        return inner(request);
      };
    } else if (entry.type == "page" || entry.type == "requests") {
      entry.handle = [this, inner = std::move(entry.handle)](const protocol::Json& request) {
        start_update_once();
        return inner(request);
      };
      if (entry.write_requests) {
        entry.write_requests = [this, inner = std::move(entry.write_requests)](
                                   const protocol::RequestsMessage& request, std::string& out) {
          start_update_once();
          return inner(request, out);
        };
      }
    }
  }
}

}  // namespace sauatty::app
