// The JSON tracker lists: Disconnect's services.json and our
// rules/trackers/entities.json. The first byte picks the reader.
#include "fuzz/fuzz_driver.h"
#include "fuzz/sample_requests.h"
#include "lists/tracker_rules.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  if (input.empty()) return;
  const bool disconnect = (input[0] & 1) != 0;
  input.remove_prefix(1);
  lists::TrackerRulesBuilder builder;
  auto report = disconnect ? builder.add_disconnect_json("disconnect", input)
                           : builder.add_entities_json(input);
  const lists::TrackerRules rules = builder.finish();
  if (!report) {
    check(!report.error().empty(), "an error says why");
    return;
  }
  for (const engine::Request& request : kSampleRequests) {
    const engine::Decision decision = rules.engine.match(request);
    const lists::Attribution who = lists::attribute(rules, decision, request.host);
    check(who.matched == decision.matched(), "attribution follows the decision");
  }
}

}  // namespace sauatty::fuzz
