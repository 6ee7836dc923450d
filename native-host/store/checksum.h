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

// The one way a checked file is read (the compiled cache, a cached list):
// up to `n` bytes of `file` into `dst`, each folded into `sum` as it is
// given out. Returns how many; 0 at the end of the file or on a read error
// (a FrozenReader then says "truncated").
std::size_t read_summed(lists::TextFile& file, ContentChecksum& sum, char* dst, std::size_t n);

// The checksum of the rest of `file`, read 64 KiB at a time; the error
// names the file.
std::expected<std::uint64_t, std::string> file_checksum(lists::TextFile& file);

}  // namespace sauatty::store
