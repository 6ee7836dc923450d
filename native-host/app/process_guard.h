// Process-wide settings for native-messaging mode, where the host holds the
// URLs a person visits in memory. POSIX calls live here, not in the
// messaging code; each is a no-op where the platform has no such thing.
#pragma once

namespace sauatty::app {

// Called once, before the first frame is read:
//  - no core dumps: RLIMIT_CORE soft and hard 0, and on Linux
//    PR_SET_DUMPABLE 0 (which also covers kernel core_pattern pipes that
//    ignore the rlimit, and keeps other processes of the user from reading
//    the host's memory through ptrace or /proc/<pid>/mem);
//  - SIGPIPE ignored, so that writing to a browser that closed the pipe is
//    a write error the session reports (one stderr line, exit 3) instead of
//    a silent death by signal.
// Best effort: lowering these limits does not fail on Linux or macOS.
void guard_native_messaging_process();

// Gives freed heap memory back to the system (glibc: malloc_trim), after a
// large frame has been answered.
void release_free_memory();

}  // namespace sauatty::app
