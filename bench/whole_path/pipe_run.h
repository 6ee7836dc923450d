// The whole path through the real host: `requests` batches written into a
// running sauatty-host over its stdin pipe, answers read from its stdout,
// as the browser does. What the host spends is read from the kernel
// (/proc/PID/schedstat: nanoseconds on a CPU), so the figures are the
// host's own work, not the driver's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sauatty::bench {

struct PipeOptions {
  std::vector<std::string> argv;  // the host and its arguments
  int rounds = 10;                // pipelined passes over all batches
  int latency_batches = 2000;     // batches sent one at a time
  int starts = 5;                 // separate starts timed to the first answer
  std::string dump;               // where to write the first pass's answers ("" = nowhere)
};

// One batch of the one-at-a-time phase, as the kernel and the clock saw it.
struct BatchSample {
  std::size_t batch = 0;  // its place in the batches given to run_pipe
  double wall_us = 0;     // write of the frame to the answer read
  double cpu_us = 0;      // the host's main thread on a CPU meanwhile
  double wait_us = 0;     // the host runnable but waiting for a CPU meanwhile
};

struct PipeFigures {
  std::size_t requests = 0;           // requests answered in the pipelined passes
  double cpu_us_per_request = 0;      // host CPU over the pipelined passes
  double wall_us_per_request = 0;     // wall time over the same passes
  double cpu_us_per_batch_ping = 0;   // host CPU per batch in the one-at-a-time phase
  std::vector<double> batch_latency;  // µs, write of one batch to its answer read, sorted
  std::vector<BatchSample> samples;   // the same batches one by one, in the order sent
  std::vector<double> start_ms;       // start to the `hello` answer, sorted
  long rss_kb = 0;                    // VmRSS after the passes
};

// Runs the phases in order: starts, then one process for a warm-up pass
// (dumped), the one-at-a-time batches and the pipelined passes. Exits the
// program (code 3) when the host cannot be started or answers wrongly.
PipeFigures run_pipe(const PipeOptions& options, const std::vector<std::string>& batches,
                     std::size_t requests_per_pass);

}  // namespace sauatty::bench
