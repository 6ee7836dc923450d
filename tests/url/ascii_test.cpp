// url/ascii.h: ASCII letter case, the one copy every layer uses.
#include "url/ascii.h"

#include <gtest/gtest.h>

#include <string>

namespace sauatty::url {
namespace {

// Byte by byte, as the lower-casing is defined.
std::string lower_bytewise(const std::string& text) {
  std::string out = text;
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return out;
}

TEST(AsciiCase, LowersEveryByteValueAtEveryPlaceOfTextsOfEveryLengthUpTo40) {
  std::string out;
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int c = 0; c < 256; ++c) {
        std::string text(length, 'Q');
        for (std::size_t i = 0; i < length; i += 3) text[i] = 'z';  // mixed case around it
        text[at] = static_cast<char>(c);
        lower_ascii_into(text, out);
        ASSERT_EQ(out, lower_bytewise(text)) << "byte " << c << " at " << at << " of " << length;
      }
    }
  }
}

TEST(AsciiCase, LowersIntoABufferOfAnySizeAndKeepsOnlyTheText) {
  std::string out = "a much longer buffer left from the last URL";
  lower_ascii_into("HTTPS://T.Example/Pixel.GIF?Q=1", out);
  EXPECT_EQ(out, "https://t.example/pixel.gif?q=1");
  lower_ascii_into("", out);
  EXPECT_EQ(out, "");
  lower_ascii_into(std::string_view(), out);  // no data at all
  EXPECT_EQ(out, "");
  // UTF-8 and other bytes are left alone: "ЖАНА" stays as it is.
  lower_ascii_into("\xD0\x96\xD0\x90\xD0\x9D\xD0\x90 ABC", out);
  EXPECT_EQ(out, "\xD0\x96\xD0\x90\xD0\x9D\xD0\x90 abc");
}

TEST(AsciiCase, EqualsButForAsciiLetterCaseOnly) {
  EXPECT_TRUE(iequals_ascii("DataConsent", "dataconsent"));
  EXPECT_TRUE(iequals_ascii("http://LOCALHOST:8080", "http://localhost:8080"));
  EXPECT_TRUE(iequals_ascii("", ""));
  EXPECT_FALSE(iequals_ascii("dataConsent", "dataConsen"));
  EXPECT_FALSE(iequals_ascii("a", "b"));
  EXPECT_FALSE(iequals_ascii("[", "{"));  // '[' + 0x20 is '{': not a letter
  EXPECT_FALSE(iequals_ascii("@", "`"));
  // Non-ASCII bytes are compared as they are (no locale's case): 'Ä' / 'ä'
  // in Latin-1, and UTF-8 'Ж' / 'ж'.
  EXPECT_FALSE(iequals_ascii("\xC4", "\xE4"));
  EXPECT_FALSE(iequals_ascii("\xD0\x96", "\xD0\xB6"));
  EXPECT_TRUE(iequals_ascii("\xD0\x96X", "\xD0\x96x"));
}

}  // namespace
}  // namespace sauatty::url
