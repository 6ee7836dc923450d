// JSON text appended to one buffer, byte for byte what nlohmann's
// dump() (no indent, UTF-8 kept, invalid UTF-8 replaced by U+FFFD) writes
// for the same values, so that an answer written here and one built as a
// DOM read the same. Keys are written in the order they are given: to match
// a DOM's dump, give them in byte order, as nlohmann's objects keep them.
//
// The writer only appends; it checks nothing about structure (the caller
// writes objects and arrays whole).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sauatty::protocol {

class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  // Text that is already JSON (punctuation, a literal, a fixed key).
  void raw(std::string_view text) { out_.append(text); }
  // A string value or key, quoted and escaped as nlohmann escapes it.
  void string(std::string_view text);
  // `"key":`
  void key(std::string_view key) {
    string(key);
    out_ += ':';
  }
  void boolean(bool value) { out_.append(value ? "true" : "false"); }
  void null() { out_.append("null"); }
  void integer(std::int64_t value);
  void unsigned_integer(std::uint64_t value);

  // Whether string() writes `text` as it is between two quotes (printable
  // ASCII but '"' and '\\'); other text it escapes as nlohmann does.
  static bool plain(std::string_view text);
  // Appends exactly `size` bytes, which fill(char* at) writes from `at`, in
  // one step instead of one per piece: for a caller that has worked out
  // the size of what it writes (all of it plain, or raw).
  // (Not resize_and_overwrite: when the string must grow, GCC 12's
  // libstdc++ hands the callback the new capacity, not the size asked for,
  // and the string takes that size.)
  template <class Fill>
  void append_exact(std::size_t size, Fill&& fill) {
    const std::size_t at = out_.size();
    out_.resize(at + size);
    fill(out_.data() + at);
  }

 private:
  std::string& out_;
};

}  // namespace sauatty::protocol
