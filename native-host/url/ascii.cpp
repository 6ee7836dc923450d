#include "url/ascii.h"

#include <cstring>

namespace sauatty::url {
namespace {

// ascii_lower8() against ascii_lower(), for every byte value in every lane.
constexpr bool lower8_agrees() {
  for (int lane = 0; lane < 8; ++lane) {
    for (int c = 0; c < 256; ++c) {
      const std::uint64_t fill = 0x4141414141414141ull;  // 'A' in the other lanes
      const std::uint64_t w = (fill & ~(std::uint64_t{0xFF} << (8 * lane))) |
                              (static_cast<std::uint64_t>(c) << (8 * lane));
      const std::uint64_t want =
          (0x6161616161616161ull & ~(std::uint64_t{0xFF} << (8 * lane))) |
          (static_cast<std::uint64_t>(static_cast<unsigned char>(ascii_lower(static_cast<char>(c))))
           << (8 * lane));
      if (ascii_lower8(w) != want) return false;
    }
  }
  return true;
}
static_assert(lower8_agrees());

}  // namespace

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

void lower_ascii_into(std::string_view text, std::string& out) {
  const std::size_t n = text.size();
  out.resize(n);
  if (n == 0) return;  // text.data() may be null
  const char* from = text.data();
  char* to = out.data();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, from + i, 8);
    w = ascii_lower8(w);
    std::memcpy(to + i, &w, 8);
  }
  for (; i < n; ++i) to[i] = ascii_lower(from[i]);
}

}  // namespace sauatty::url
