// JsonWriter::string against nlohmann's dump(), which it must equal byte for
// byte: every byte value at every place of strings from 0 to 19 bytes long
// (the writer checks eight bytes at a time and the rest apart), and strings
// a `requests` answer carries; append_exact() adding exactly its bytes.
#include "protocol/json_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

namespace sauatty::protocol {
namespace {

std::string reference(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written(const std::string& text) {
  std::string out;
  JsonWriter writer(out);
  writer.string(text);
  return out;
}

TEST(JsonWriter, AStringIsNlohmannsDumpForEveryByteAtEveryPlace) {
  for (std::size_t size = 0; size < 20; ++size) {
    EXPECT_EQ(written(std::string(size, 'a')), reference(std::string(size, 'a')));
    for (std::size_t at = 0; at < size; ++at) {
      for (int c = 0; c < 256; ++c) {
        std::string text(size, 'k');
        text[at] = static_cast<char>(c);
        ASSERT_EQ(written(text), reference(text)) << "byte " << c << " at " << at << " of " << size;
      }
    }
  }
}

TEST(JsonWriter, StringsOfAnAnswerAreNlohmannsDump) {
  for (const std::string text :
       {"||doubleclick.net^", "/\\.com\\/ads\\/[a-z]+\\.js/", "@@||example.com^$script", "Яндекс",
        "Google", "", "\"quoted\"", "tab\there", "\x7f", "bad utf-8 \xff\xfe end",
        "||xn--80ak6aa92e.com^", "a/b?c=d&e=f#g"}) {
    EXPECT_EQ(written(text), reference(text)) << text;
  }
}

// A default string_view has a null data(): no memcpy from it (UB, which the
// UBSan build stops on).
TEST(JsonWriter, AnEmptyViewWithoutDataIsAnEmptyString) {
  std::string out;
  JsonWriter writer(out);
  writer.string(std::string_view());
  EXPECT_EQ(out, "\"\"");
  EXPECT_TRUE(JsonWriter::plain(std::string_view()));
}

TEST(JsonWriter, AppendExactAddsExactlyItsBytesAsTheBufferGrows) {
  std::string out = "[";
  std::string expected = "[";
  JsonWriter writer(out);
  for (int i = 0; i < 200; ++i) {  // past several reallocations
    const std::string piece = "{\"n\":" + std::to_string(i) + "},";
    writer.append_exact(piece.size(), [&](char* at) { std::copy(piece.begin(), piece.end(), at); });
    expected += piece;
    ASSERT_EQ(out, expected) << "after " << i + 1 << " pieces";
  }
}

}  // namespace
}  // namespace sauatty::protocol
