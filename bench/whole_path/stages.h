// Where a `requests` batch's time goes, in-process: each stage of the
// handler's path run alone over every batch, with the same functions the
// host calls, so that the stages add up to about the whole answer.
#pragma once

#include <string>
#include <vector>

#include "store/rule_set.h"

namespace sauatty::bench {

struct StageFigure {
  std::string name;
  double ns_per_request = 0;           // thread CPU time, median over the rounds
  double allocations_per_request = 0;  // heap allocations, median over the rounds
  bool summed = false;                 // one of the request stages that add up to the answer
};

// `batches` are `requests` frame bodies holding `requests` requests in all.
// Stages: the whole answer (answer_frame), decode, URL, engine, attribution
// (third party and the tracker's owner), encode; then the page's
// credibility per `page` message, in ns per page; then, for comparison,
// decode by nlohmann's SAX scan alone (scan_message_reference), the path
// every body the lexer leaves takes.
// What a batch holds.
struct BatchShape {
  std::size_t requests = 0;
  std::size_t url_bytes = 0;  // of its requests' URLs
  std::size_t hosts = 0;      // distinct request hosts
  std::size_t matched = 0;    // requests a filter matched (block or exception)
};

// One batch's cost in process, in µs of thread CPU: the median of the
// passes (and the whole answer's slowest), each stage as in run_stages.
struct BatchFigure {
  std::size_t batch = 0;
  BatchShape shape;
  double whole_us = 0, whole_max_us = 0;
  double decode_us = 0, url_us = 0, engine_us = 0, attribution_us = 0, encode_us = 0;
};

std::vector<StageFigure> run_stages(const store::RuleSet& rules,
                                    const std::vector<std::string>& batches, std::size_t requests,
                                    int rounds);

// Each batch alone: `rounds` passes over all batches in order (after one
// warm-up pass), each stage of each batch timed by the thread's CPU clock.
std::vector<BatchFigure> run_per_batch(const store::RuleSet& rules,
                                       const std::vector<std::string>& batches, int rounds);

}  // namespace sauatty::bench
