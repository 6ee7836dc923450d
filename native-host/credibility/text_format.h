// A minimal stand-in for std::format (absent from g++ 12's library): "{}"
// placeholders only, filled in order from strings, string views, chars and
// integers. Used for error and warning messages, never on a hot path.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

namespace sauatty::credibility {

namespace detail {
inline void append(std::string& out, std::string_view s) { out += s; }
inline void append(std::string& out, const std::string& s) { out += s; }
inline void append(std::string& out, const char* s) { out += s; }
inline void append(std::string& out, char c) { out += c; }
template <std::integral T>
requires(!std::same_as<T, char> && !std::same_as<T, bool>) void append(std::string& out, T v) {
  out += std::to_string(v);
}
}  // namespace detail

template <typename... Args>
std::string strformat(std::string_view pattern, const Args&... args) {
  std::string out;
  out.reserve(pattern.size() + 32);
  std::size_t pos = 0;
  auto next = [&](const auto& arg) {
    std::size_t at = pattern.find("{}", pos);
    if (at == std::string_view::npos) return;
    out += pattern.substr(pos, at - pos);
    detail::append(out, arg);
    pos = at + 2;
  };
  (next(args), ...);
  out += pattern.substr(pos);
  return out;
}

}  // namespace sauatty::credibility
