// Our credibility list format (rules/credibility/*.json).
#include "credibility/list_format.h"
#include "fuzz/fuzz_driver.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  auto list = credibility::parse_list("fuzz.json", input);
  if (!list) check(list.error().find("fuzz.json") != std::string::npos, "the error names the file");
  (void)credibility::sniff_format(input);
}

}  // namespace sauatty::fuzz
