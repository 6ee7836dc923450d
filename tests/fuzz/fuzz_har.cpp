// HAR files (`dashboard --replay`, `replay`): JSON of any shape, entries
// with missing or odd fields, any URL. Everything a HAR gives must be an
// http(s) URL with a page and a type, in time order, within the bounds.
#include <cctype>
#include <string>

#include "fuzz/fuzz_driver.h"
#include "har/har.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  const har::Limits limits{.max_bytes = 1 << 20, .max_entries = 1000};
  auto entries = har::parse_har(input, limits);
  if (!entries) {
    check(!entries.error().empty(), "an error says what is wrong");
    check(entries.error().size() < 200, "an error is short (it quotes nothing from the file)");
    return;
  }
  check(entries->size() <= limits.max_entries, "entries bounded");
  double previous = 0;
  for (const auto& e : *entries) {
    std::string scheme = e.url.substr(0, 8);
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    check(scheme.starts_with("http://") || scheme == "https://", "an entry's URL is http(s)");
    check(!e.page_url.empty(), "every entry has a page");
    check(!e.type.empty(), "every entry has a type");
    check(e.offset_ms >= 0 && e.offset_ms >= previous, "entries in time order");
    previous = e.offset_ms;
  }
}

}  // namespace sauatty::fuzz
