// protocol/plain_bytes.h: skip_plain() finds the first byte a plain JSON
// string may not hold, eight bytes at a time, exactly where a byte-by-byte
// scan of kPlainByte finds it.
#include "protocol/plain_bytes.h"

#include <gtest/gtest.h>

#include <string>

namespace sauatty::protocol {
namespace {

std::size_t first_not_plain(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && kPlainByte[static_cast<unsigned char>(text[i])]) ++i;
  return i;
}

std::size_t skipped(const std::string& text) {
  return static_cast<std::size_t>(skip_plain(text.data(), text.data() + text.size()) - text.data());
}

TEST(PlainBytes, StopsAtTheFirstOfAnyTwoBytesInAWord) {
  // Every pair of byte values at every pair of places of one word: the
  // word arithmetic may flag a byte above one that is not plain wrongly,
  // never one below it.
  for (int i = 0; i < 8; ++i) {
    for (int j = i + 1; j < 8; ++j) {
      for (int a = 0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
          std::string text(12, 'a');
          text[static_cast<std::size_t>(i)] = static_cast<char>(a);
          text[static_cast<std::size_t>(j)] = static_cast<char>(b);
          ASSERT_EQ(skipped(text), first_not_plain(text))
              << "bytes " << a << " at " << i << " and " << b << " at " << j;
        }
      }
    }
  }
}

TEST(PlainBytes, StopsAtEveryByteValueAtEveryPlaceOfTextsUpTo40) {
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string plain(length, 'x');
    ASSERT_EQ(skipped(plain), length);
    for (std::size_t at = 0; at < length; ++at) {
      for (int c = 0; c < 256; ++c) {
        std::string text = plain;
        text[at] = static_cast<char>(c);
        ASSERT_EQ(skipped(text), first_not_plain(text)) << "byte " << c << " at " << at;
      }
    }
  }
}

}  // namespace
}  // namespace sauatty::protocol
