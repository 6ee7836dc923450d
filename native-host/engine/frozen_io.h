// A frozen Engine and EntityMap as bytes, and back: what store/compiled_cache
// keeps so that a host start reads the index instead of building it again.
//
// The bytes are this machine's (native byte order, the records' own
// layout); kFrozenLayout says which layout, and a reader refuses any other.
// Reading trusts nothing: every count is checked against the bytes left
// before anything is allocated, and every offset, bucket start, id and
// table size of the index is checked against the arrays it points into
// before the Engine is handed out, so that a damaged or hostile input gives
// an error, never an index whose match() reads out of bounds or loops.
// Regex filters are stored as their pattern and RE2 options and compiled
// again at their first match (engine/filter_regex.h: real lists hold few,
// docs/ENGINE.md "Bounds", and most requests never reach one).
//
// Pure: no I/O. The caller supplies the bytes (a file, a buffer) through
// FrozenReader::Source.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/engine.h"
#include "engine/entity_map.h"

namespace sauatty::engine {

// Identifies the byte layout: the engine's format version, the byte order
// and the sizes of the records written as they are in memory.
std::uint64_t frozen_layout();

// Makes the pages of a new block of `bytes` at `p` present at once (Linux:
// MADV_POPULATE_WRITE), before it is filled: one call instead of a page
// fault for each 4 KiB page, about half their cost (docs/BENCHMARKS.md,
// "Start-up"). Only whole pages inside the block, and only for blocks of
// 64 KiB or more (malloc gives those their own mapping: nothing else lives
// on their pages); does nothing elsewhere or when the kernel cannot. The
// pages are those the fill would have made present anyway.
void prepare_pages(void* p, std::size_t bytes);

// Appends to a string.
class FrozenWriter {
 public:
  explicit FrozenWriter(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { raw(&v, 1); }
  void u32(std::uint32_t v) { raw(&v, 4); }
  void u64(std::uint64_t v) { raw(&v, 8); }
  void str(std::string_view s) {
    u64(s.size());
    raw(s.data(), s.size());
  }
  void strings(const std::vector<std::string>& v) {
    u64(v.size());
    for (const std::string& s : v) str(s);
  }
  // A vector of records written as they are in memory.
  template <class T>
  void array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    u64(v.size());
    raw(v.data(), v.size() * sizeof(T));
  }
  void raw(const void* p, std::size_t n) {
    if (n != 0) out_.append(static_cast<const char*>(p), n);
  }

 private:
  std::string& out_;
};

// Reads what a FrozenWriter wrote, buffered. `source(dst, n)` puts up to n
// bytes at dst and returns how many (0: no more); `size` is how many bytes
// the source holds in all, against which every count is checked. After the
// first failure every read gives zeros and error() says what failed.
class FrozenReader {
 public:
  using Source = std::function<std::size_t(char* dst, std::size_t n)>;
  FrozenReader(Source source, std::uint64_t size);
  // A reader of `bytes` in memory, which must outlive it (tests, fuzzing).
  static FrozenReader of(std::string_view bytes) {
    return FrozenReader(
        [bytes, at = std::size_t{0}](char* dst, std::size_t n) mutable {
          n = std::min(n, bytes.size() - at);
          if (n != 0) std::memcpy(dst, bytes.data() + at, n);
          at += n;
          return n;
        },
        bytes.size());
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }
  std::uint64_t remaining() const { return size_ - consumed_; }

  // A count of at most `max` items, each of which takes at least
  // `min_bytes_each` (≥ 1) of the bytes left: what a list's length may be
  // before anything is allocated for it. 0 after a failure ("a count of N
  // items is more than the input holds").
  std::uint64_t count(std::uint64_t max, std::uint64_t min_bytes_each) {
    const std::uint64_t n = u64();
    if (!ok()) return 0;
    if (n > max || n > remaining() / min_bytes_each) {
      fail("a count of " + std::to_string(n) + " items is more than the input holds");
      return 0;
    }
    return n;
  }

  std::uint8_t u8() { return scalar<std::uint8_t>(); }
  std::uint32_t u32() { return scalar<std::uint32_t>(); }
  std::uint64_t u64() { return scalar<std::uint64_t>(); }
  // A string of at most `max` bytes.
  bool str(std::string& out, std::size_t max);
  bool strings(std::vector<std::string>& out, std::size_t max_count, std::size_t max_each);
  // A vector of at most `max_count` records.
  template <class T>
  bool array(std::vector<T>& out, std::size_t max_count) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint64_t n = count(max_count, sizeof(T));
    if (!ok()) return false;
    out.clear();
    out.reserve(static_cast<std::size_t>(n));
    prepare_pages(out.data(), out.capacity() * sizeof(T));
    out.resize(static_cast<std::size_t>(n));
    return raw(out.data(), out.size() * sizeof(T));
  }
  bool raw(void* dst, std::size_t n);

 private:
  template <class T>
  T scalar() {
    T v{};
    raw(&v, sizeof v);
    return v;
  }
  Source source_;
  std::uint64_t size_ = 0;
  std::uint64_t consumed_ = 0;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;  // unread bytes of buffer_
  std::string error_;
};

void write_engine(const Engine& engine, FrozenWriter& out);
// The error says what is wrong ("truncated", "bad index: …").
std::expected<Engine, std::string> read_engine(FrozenReader& in);

void write_entity_map(const EntityMap& map, FrozenWriter& out);
std::expected<EntityMap, std::string> read_entity_map(FrozenReader& in);

}  // namespace sauatty::engine
