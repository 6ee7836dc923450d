// One soak run: traffic written to the host at a fixed rate, answers read
// on a second thread, and a line of figures per interval.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "soak/traffic.h"

namespace sauatty::soak {

struct SoakOptions {
  std::vector<std::string> host_argv;  // the host and its arguments
  double seconds = 60;                 // whole run, warm-up included
  double warmup = 10;                  // figures after this are the ones judged
  double interval = 5;                 // seconds between printed lines
  double rate = 2000;                  // messages per second to send
  std::size_t window = 64;             // answers awaited at once, at most: room to catch up
                                       // after the machine stalls the host
  long max_rss_growth_kb = 1024;       // RSS growth allowed after warm-up
  double min_rate_share = 0.9;         // of `rate`, achieved after warm-up
  // Live swaps: after the warm-up, every `swap_every` seconds (0: never)
  // `swap_argv` runs to its end at nice +10 from the host's (as the host's
  // background update), e.g. `sauatty-host rules compile` with the host's rule
  // options, which puts a new compiled cache in place for the running host
  // to adopt (app/rules_watch.h). None starts in the last `swap_every`.
  double swap_every = 0;
  std::vector<std::string> swap_argv;
};

// Runs the soak; prints to stdout as it goes and a verdict at the end.
// Returns 0 when it passed, 1 when a bound was broken (each named on
// stderr), 3 when the host could not be driven at all.
int run_soak(const SoakOptions& options, Traffic traffic);

}  // namespace sauatty::soak
