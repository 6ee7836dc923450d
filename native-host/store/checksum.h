// A fast 64-bit checksum of a file's bytes, to notice that a cached copy was
// damaged (truncated, overwritten, bit rot) since it was verified. Not a
// defence against someone who can write the cache: they could write its
// record too. SHA-256 (sha256.h) stays what downloads are checked against.
// ~0.3 ms a MiB against SHA-256's 6–8 ms here, which made a host start with
// EasyList + EasyPrivacy cached ~25 ms slower.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "lists/text_file.h"

namespace sauatty::store {

// Feed bytes in any pieces; value() is the same for the same bytes however
// they were split.
class ContentChecksum {
 public:
  void update(std::string_view bytes);
  std::uint64_t value() const;

 private:
  std::uint64_t state_ = 0x6a09e667f3bcc908ull;
  std::uint64_t length_ = 0;
  char pending_[8] = {};  // bytes of an unfinished 8-byte word
  std::size_t pending_size_ = 0;
};

std::uint64_t content_checksum(std::string_view bytes);

// The compiled cache's checksum: the same fold as ContentChecksum, in four
// independent lanes (word i of the bytes goes to lane i % 4) joined at the
// end, so that the multiplies overlap: ~4× as fast, which a host start
// reading 6 MiB of cache notices (docs/BENCHMARKS.md, "Start-up"). Not the
// same value as ContentChecksum; like it, the same for the same bytes
// however they were split.
class WideChecksum {
 public:
  void update(std::string_view bytes);
  std::uint64_t value() const;

 private:
  static constexpr std::size_t kBlock = 32;  // one word for each lane
  void fold_block(const char* p);
  std::uint64_t lanes_[4] = {0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull,
                             0xa54ff53a5f1d36f1ull};
  std::uint64_t length_ = 0;
  char pending_[kBlock] = {};  // bytes of an unfinished block
  std::size_t pending_size_ = 0;
};

std::uint64_t wide_checksum(std::string_view bytes);

// The checksum of the rest of `file`, read 64 KiB at a time; the error
// names the file.
std::expected<std::uint64_t, std::string> file_checksum(lists::TextFile& file);

}  // namespace sauatty::store
