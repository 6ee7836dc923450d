#include "protocol/json_writer.h"

#include <array>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

namespace sauatty::protocol {
namespace {

// Bytes that go into a JSON string as they are, with nothing to check:
// printable ASCII other than '"' and '\\'. Anything else (controls, escapes,
// UTF-8 to validate) is left to nlohmann's own serializer, so the bytes
// stay exactly its bytes.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x7F; ++c) table[static_cast<std::size_t>(c)] = true;
  table['"'] = false;
  table['\\'] = false;
  return table;
}();

// Whether all eight bytes of `w` are kPlain, by word arithmetic: no byte
// below 0x20, none from 0x7F up, none '"' or '\\'. Each test is exact about
// whether such a byte is there (which byte it flags may be off, which does
// not matter here).
constexpr bool plain8(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  const std::uint64_t from_delete = (w | (w + kOnes)) & kHigh;
  return (below_space | from_delete | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) ==
         0;
}

// plain8() against the table, for every byte value in every lane.
constexpr bool plain8_agrees() {
  for (int lane = 0; lane < 8; ++lane) {
    for (int c = 0; c < 256; ++c) {
      const std::uint64_t fill = 0x6161616161616161ull;
      const std::uint64_t w = (fill & ~(std::uint64_t{0xFF} << (8 * lane))) |
                              (static_cast<std::uint64_t>(c) << (8 * lane));
      if (plain8(w) != kPlain[static_cast<std::size_t>(c)]) return false;
    }
  }
  return true;
}
static_assert(plain8_agrees());

// Whether every byte of `text` is kPlain, eight at a time.
bool all_plain(std::string_view text) {
  const char* p = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (!plain8(w)) return false;
  }
  if (i == n) return true;  // also an empty view, whose data() may be null (memcpy from null is UB)
  std::uint64_t w = 0x6161616161616161ull;  // the bytes past the end read as 'a'
  std::memcpy(&w, p + i, n - i);
  return plain8(w);
}

}  // namespace

bool JsonWriter::plain(std::string_view text) { return all_plain(text); }

void JsonWriter::string(std::string_view text) {
  if (!all_plain(text)) {
    out_.append(
        nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  out_ += '"';
  out_.append(text);
  out_ += '"';
}

void JsonWriter::integer(std::int64_t value) {
  char buffer[24];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out_.append(buffer, end);
}

void JsonWriter::unsigned_integer(std::uint64_t value) {
  char buffer[24];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out_.append(buffer, end);
}

}  // namespace sauatty::protocol
