#include "protocol/json_writer.h"

#include <array>
#include <charconv>
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

}  // namespace

void JsonWriter::string(std::string_view text) {
  for (char c : text) {
    if (!kPlain[static_cast<unsigned char>(c)]) {
      out_.append(
          nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      return;
    }
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
