// Adblock Plus / EasyList text → engine: any bytes are a list whose bad
// lines are skipped; the engine built from it decides requests.
#include "engine/engine.h"
#include "fuzz/fuzz_driver.h"
#include "fuzz/sample_requests.h"
#include "lists/filter_list.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  engine::EngineBuilder builder;
  const lists::ListReport report = lists::read_filter_list(builder, "fuzz.txt", input);
  check(report.filters <= report.lines, "no more filters than lines");
  const engine::Engine engine = builder.finish();
  check(engine.stats().regex <= engine::kMaxRegexFilters, "regex filters bounded");
  decide_sample_requests(engine);
}

}  // namespace sauatty::fuzz
