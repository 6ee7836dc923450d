#include "app/args.h"

namespace sauatty::app {

std::string Args::value(std::string_view option, std::string fallback) const {
  auto [first, last] = options.equal_range(std::string(option));
  if (first == last) return fallback;
  return std::prev(last)->second;
}

std::vector<std::string> Args::values(std::string_view option) const {
  std::vector<std::string> out;
  auto [first, last] = options.equal_range(std::string(option));
  for (auto it = first; it != last; ++it) out.push_back(it->second);
  return out;
}

std::expected<Args, std::string> parse_args(const std::vector<std::string>& words,
                                            const std::set<std::string>& with_value,
                                            const std::set<std::string>& flags) {
  Args args;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (!word.starts_with("--") || word == "--") {
      args.positional.push_back(word);
      continue;
    }
    std::string name = word;
    std::string inline_value;
    bool has_inline = false;
    if (auto eq = word.find('='); eq != std::string::npos) {
      name = word.substr(0, eq);
      inline_value = word.substr(eq + 1);
      has_inline = true;
    }
    if (with_value.contains(name)) {
      if (has_inline) {
        args.options.emplace(name, inline_value);
      } else if (i + 1 < words.size()) {
        args.options.emplace(name, words[++i]);
      } else {
        return std::unexpected(name + " needs a value");
      }
    } else if (flags.contains(name) && !has_inline) {
      args.flags.insert(name);
    } else {
      return std::unexpected("unknown option " + name);
    }
  }
  return args;
}

}  // namespace sauatty::app
