// Our credibility list format (rules/credibility/*.json) and the clickbait
// file: a file error or each left-out entry names the file, and the
// messages for left-out entries are bounded.
#include "credibility/list_format.h"
#include "fuzz/fuzz_driver.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  auto list = credibility::parse_list("fuzz.json", input);
  if (!list) {
    check(list.error().find("fuzz.json") != std::string::npos, "the error names the file");
  } else {
    check(list->skipped.size() <= credibility::kMaxSkippedReports + 1,
          "left-out entries reported within the bound");
    for (const std::string& s : list->skipped)
      check(s.starts_with("fuzz.json: "), "a left-out entry names the file");
  }
  auto clickbait = credibility::parse_clickbait("fuzz.json", input);
  if (clickbait) {
    check(clickbait->skipped.size() <= credibility::kMaxSkippedReports + 1,
          "left-out patterns reported within the bound");
    for (const std::string& s : clickbait->skipped)
      check(s.starts_with("fuzz.json: "), "a left-out pattern names the file");
  }
  (void)credibility::sniff_format(input);
}

}  // namespace sauatty::fuzz
