// Hosts files and plain domain lists → `||host^` filters.
#include "engine/engine.h"
#include "fuzz/fuzz_driver.h"
#include "fuzz/sample_requests.h"
#include "lists/filter_list.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  engine::EngineBuilder builder;
  const lists::ListReport report = lists::read_hosts_list(builder, "hosts", input);
  // A line may name several hosts ("127.0.0.1 a.example b.example"), so
  // filters are bounded by words, and lines by line breaks (LF, CR or CRLF).
  std::size_t breaks = 0;
  std::size_t words = 0;
  for (std::size_t i = 0; i < input.size(); ++i) {
    breaks += input[i] == '\n' || input[i] == '\r';
    words += input[i] != ' ' && input[i] != '\t' &&
             (i == 0 || input[i - 1] == ' ' || input[i - 1] == '\t' || input[i - 1] == '\n' ||
              input[i - 1] == '\r');
  }
  check(report.lines <= breaks + 1, "no more lines than line breaks");
  check(report.filters <= words, "no more filters than words");
  const engine::Engine engine = builder.finish();
  decide_sample_requests(engine);
}

}  // namespace sauatty::fuzz
