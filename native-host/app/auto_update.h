// The host's own list updates (docs/LISTS.md, "Automatic updates"). When the
// browser first asks the host about a page (app/first_use.h calls this at
// the first `page` or `requests` message, never at the start or at
// `hello`) and a list of the sources in effect is due (its
// interval, default 4 days or its `! Expires:`, with jitter; not during a
// back-off after failures), the host starts `sauatty-host rules update
// --automatic` as a separate process and goes on answering at once:
//   - no answer waits for it: the download, the checks and the swap happen
//     in that process (at a lower CPU priority), which also keeps libcurl out
//     of the host's memory;
//   - the host exits at the end of its input whatever the update is doing;
//     the update finishes on its own (writes are atomic; at most one update
//     runs per cache, store/update_lock.h) and a running host swaps to the
//     new lists when the compiled cache changes;
//   - it holds none of the browser's pipes: its stdin is empty and its
//     report goes to DIR/.update.log in the cache (the last run's; the lists'
//     schedules keep each one's last error too); the host says on stderr
//     that it started one, with its process id.
// Nothing starts when SAUATTY_OFFLINE=1, when the sources say
// "automatic_updates": false or name no lists, when the cache is the
// system's (store/list_sources.h), or when no list is due.
#pragma once

#include <ostream>

#include "app/args.h"

namespace sauatty::app {

// Decides as above and starts the update (app/platform.h,
// start_background_self); the process id, or -1 when none
// was started (a failure to start is one line on `err`, never fatal).
// `args` are the host's options: --sources, --cache and the rule options are
// passed on, and --update-delay-max SECONDS (default 60) bounds the random
// delay before the first request.
long start_automatic_update(const Args& args, std::ostream& err);

inline constexpr const char* kUpdateLogFile = ".update.log";

}  // namespace sauatty::app
