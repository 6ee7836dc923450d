// Lists and sources files for tests that run the real host: what a list
// publisher's server returns and what an administrator's sources.json says
// (docs/LISTS.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sauatty::testing {

// An Adblock Plus list: its "[Adblock Plus 2.0]" line, then `comments` as
// given (whole "! …\n" lines), then `n` filters "||<prefix><i><suffix>^"
// for i = 0 … n - 1.
inline std::string host_filter_list(int n, std::string_view prefix, std::string_view suffix,
                                    std::string_view comments = {}) {
  std::string out = "[Adblock Plus 2.0]\n";
  out += comments;
  for (int i = 0; i < n; ++i) {
    out += "||";
    out += prefix;
    out += std::to_string(i);
    out += suffix;
    out += "^\n";
  }
  return out;
}

// One list of a sources.json.
struct ListSource {
  std::string name, kind, url;
};

// A "sauatty-sources/1" file naming `lists`, with "automatic_updates":
// false when `automatic_updates` is false (absent otherwise).
inline std::string sources_json(const std::vector<ListSource>& lists,
                                bool automatic_updates = true) {
  nlohmann::json out = {{"format", "sauatty-sources/1"}, {"lists", nlohmann::json::array()}};
  if (!automatic_updates) out["automatic_updates"] = false;
  for (const ListSource& list : lists) {
    out["lists"].push_back({{"name", list.name}, {"kind", list.kind}, {"url", list.url}});
  }
  return out.dump();
}

}  // namespace sauatty::testing
