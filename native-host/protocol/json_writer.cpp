#include "protocol/json_writer.h"

#include <array>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "protocol/plain_bytes.h"

namespace sauatty::protocol {
namespace {

// Whether every byte of `text` is kPlainByte, eight at a time.
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
