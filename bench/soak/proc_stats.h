// What Linux reports about another process's memory and descriptors.
#pragma once

#include <sys/types.h>

namespace sauatty::soak {

struct ProcSample {
  long rss_kb = -1;   // VmRSS in /proc/PID/status
  long hwm_kb = -1;   // VmHWM: the peak RSS so far
  int fds = -1;       // entries of /proc/PID/fd
  double cpu_s = -1;  // user + system CPU time so far (/proc/PID/stat)
};

// Reads the figures of `pid`; a field stays -1 when it cannot be read (the
// process has gone, or /proc is not Linux's).
ProcSample sample_process(pid_t pid);

}  // namespace sauatty::soak
