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
std::vector<StageFigure> run_stages(const store::RuleSet& rules,
                                    const std::vector<std::string>& batches, std::size_t requests,
                                    int rounds);

}  // namespace sauatty::bench
