// The bounded file reader and the line splitter: a text cut into pieces of
// any size gives the lines the whole text gives; over-long lines are
// reported, not kept; every error names the file.
#include "lists/text_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace sauatty::lists {
namespace {

// A line as the splitter reported it: its text, or "<too long>".
using Lines = std::vector<std::string>;

// The splitter's contract written out plainly: drop a leading BOM, cut at
// "\r\n", "\n" or a lone '\r', no line after a final line break; lines
// over `max_line` become "<too long>".
Lines reference_lines(std::string_view text, std::size_t max_line) {
  Lines out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty()) {
    std::size_t end = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, end);
    std::size_t next = end == std::string_view::npos          ? text.size()
                       : text.substr(end).starts_with("\r\n") ? end + 2
                                                              : end + 1;
    text.remove_prefix(next);
    out.push_back(line.size() > max_line ? "<too long>" : std::string(line));
  }
  return out;
}

// The splitter's lines for `text` handed over in pieces of the given sizes
// (cycled).
Lines split(std::string_view text, std::size_t max_line, const std::vector<std::size_t>& sizes) {
  Lines out;
  auto visit = [&](std::string_view line, bool too_long) {
    EXPECT_TRUE(!too_long || line.empty());
    out.push_back(too_long ? "<too long>" : std::string(line));
  };
  LineSplitter splitter(max_line);
  for (std::size_t i = 0; !text.empty(); ++i) {
    std::size_t n = std::min(text.size(), sizes[i % sizes.size()]);
    splitter.feed(text.substr(0, n), visit);
    text.remove_prefix(n);
  }
  splitter.finish(visit);
  return out;
}

std::string line_of(std::size_t n, char fill = 'a') { return std::string(n, fill); }

// Texts at the edges: BOMs, "\r\n" and lone '\r', no final newline, lines
// just under, at and over the limit with and without '\r'.
std::vector<std::string> edge_texts(std::size_t limit) {
  return {
      "",
      "\n",
      "\r",
      "\r\n",
      "\xEF\xBB\xBF",
      "\xEF\xBB",
      "\xEF\xBBx\n",
      "\xEF\xBB\xBF\n",
      "\xEF\xBB\xBF" + line_of(limit) + "\n" + line_of(limit + 1),
      "a\nb",
      "a\r\nb\r\n",
      "a\r\r\nb\rc\n",
      "\n\n\n",
      line_of(limit) + "\n" + line_of(limit + 1) + "\n" + line_of(limit) + "\r\n" +
          line_of(limit + 1) + "\r\n" + line_of(limit - 1) + "\r\r\n" + line_of(limit + 2) + "\r",
      line_of(3 * limit + 5) + "\nshort\n" + line_of(limit + 1) + "\r",
      "x\n" + line_of(limit, '\r') + "\n" + line_of(limit + 1, '\r') + "\n" +
          line_of(limit + 2, '\r'),
  };
}

TEST(LineSplitterTest, PiecesOfEverySizeGiveTheLinesOfTheWholeText) {
  constexpr std::size_t kLimit = 16;
  for (const std::string& text : edge_texts(kLimit)) {
    SCOPED_TRACE(::testing::PrintToString(text));
    Lines expected = reference_lines(text, kLimit);
    for (std::size_t size = 1; size <= text.size() + 1; ++size) {
      SCOPED_TRACE(size);
      EXPECT_EQ(split(text, kLimit, {size}), expected);
    }
    EXPECT_EQ(split(text, kLimit, {1, 2, 3, 5, 8, 13}), expected);
    EXPECT_EQ(split(text, LineSplitter::kNoLimit, {3, 1}),
              reference_lines(text, LineSplitter::kNoLimit));
  }
}

TEST(LineSplitterTest, RandomTextsAndCuts) {
  std::mt19937 random(20261123);
  const char alphabet[] = {'a', 'b', '\n', '\r', '\xEF', '\xBB', '\xBF'};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    std::size_t length = random() % 80;
    for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % sizeof alphabet];
    std::size_t limit = 1 + random() % 10;
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 5; ++i) sizes.push_back(1 + random() % 12);
    ASSERT_EQ(split(text, limit, sizes), reference_lines(text, limit))
        << ::testing::PrintToString(text) << " limit " << limit;
  }
}

// A file with lone '\r' line breaks (classic Mac OS) is as many lines as it
// has breaks, not one line.
TEST(LineSplitterTest, LoneCarriageReturnsEndLines) {
  struct Case {
    const char* text;
    Lines lines;
  };
  const Case cases[] = {
      {"||a.example^\r||b.example^\r||c.example^",
       {"||a.example^", "||b.example^", "||c.example^"}},
      {"a\rb\r", {"a", "b"}},
      {"a\r\rb", {"a", "", "b"}},
      {"a\r\nb\n\rc", {"a", "b", "", "c"}},
      {"\xEF\xBB\xBF\ra", {"", "a"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(std::string(c.text)));
    for (std::size_t size : {std::size_t{1}, std::size_t{2}, std::size_t{64}}) {
      EXPECT_EQ(split(c.text, LineSplitter::kNoLimit, {size}), c.lines);
    }
  }
}

// Bytes from a list reach a terminal only as text: controls and bytes that
// are not UTF-8 are escaped; letters of any script are kept.
TEST(PrintableTest, EscapesControlsAndBytesThatAreNotUtf8) {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"||ads.example^", "||ads.example^"},
      {"\x1b]0;title\x07", "\\x1b]0;title\\x07"},
      {"a\tb\rc\nd\x7f", "a\\x09b\\x0dc\\x0ad\\x7f"},
      {"\xC2\x9B"
       "31m",
       "\\xc2\\x9b"
       "31m"},  // U+009B, the C1 CSI
      {"\x9B"
       "31m\xFF",
       "\\x9b"
       "31m\\xff"},
      {"\xD2\x9B\xD0\xB0\xD0\xB7\xD0\xB0\xD2\x9B \xE2\x9C\x93",
       "\xD2\x9B\xD0\xB0\xD0\xB7\xD0\xB0\xD2\x9B \xE2\x9C\x93"},
      {"\xE2\x9C", "\\xe2\\x9c"},  // cut short
      {std::string("a\0b", 3), "a\\x00b"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.in));
    EXPECT_EQ(printable(c.in), c.out);
  }
}

// A too-long line's bytes are dropped as they come: what the splitter keeps
// stays within the limit however long the line is.
TEST(LineSplitterTest, TooLongLinesAreCountedOnce) {
  std::string text = "a\n" + line_of(1 << 20) + "\nb\n" + line_of(1 << 20);
  EXPECT_EQ(split(text, 100, {4096}), (Lines{"a", "<too long>", "b", "<too long>"}));
}

class TextFileTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& name, const std::string& bytes) {
    std::filesystem::path path = dir_.path() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  testing::TempDir dir_{"sauatty-text-file-test"};
};

TEST_F(TextFileTest, ReadsWholeFiles) {
  std::string bytes = "\xEF\xBB\xBF||a^\r\n" + line_of(200000) + "\n";
  auto path = write("list.txt", bytes);
  auto text = read_text_file(path);
  ASSERT_TRUE(text.has_value()) << text.error();
  EXPECT_EQ(*text, bytes);  // whole files are given as they are
  auto empty = read_text_file(write("empty.txt", ""));
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, "");
}

TEST_F(TextFileTest, ErrorsNameTheFile) {
  auto path = write("big.txt", line_of(1000));
  auto exact = read_text_file(path, 1000);
  ASSERT_TRUE(exact.has_value());
  EXPECT_EQ(exact->size(), 1000u);
  auto big = read_text_file(path, 999);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error(), path.string() + ": larger than 999 bytes");
  auto missing = read_text_file(dir_.path() / "missing.txt");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error(),
            (dir_.path() / "missing.txt").string() + ": cannot open: No such file or directory");
  auto folder = read_text_file(dir_.path());
  ASSERT_FALSE(folder.has_value());
  EXPECT_EQ(folder.error(), dir_.path().string() + ": read error");
}

// A file whose size is not known in advance (a character device here, a
// pipe in practice) is bounded while it is read.
TEST_F(TextFileTest, UnsizedFilesAreBoundedWhileRead) {
  if (!std::filesystem::exists("/dev/zero")) GTEST_SKIP() << "no /dev/zero";
  auto file = TextFile::open("/dev/zero", 100000);
  ASSERT_TRUE(file.has_value()) << file.error();
  EXPECT_EQ(file->size_hint(), 0u);
  Lines lines;
  auto read = for_each_line_of_file(*file, 10, 4096, [&](std::string_view, bool too_long) {
    lines.push_back(too_long ? "<too long>" : "");
  });
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error(), "/dev/zero: larger than 100000 bytes");
  EXPECT_TRUE(lines.empty());  // one line of zeros, never ended
}

TEST_F(TextFileTest, StreamedFileGivesTheLinesOfItsText) {
  std::string text;
  for (const std::string& t : edge_texts(40)) text += t + "\n";
  text += line_of(200000) + "\r\nlast";
  auto path = write("edges.txt", text);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{40}, std::size_t{41},
                            std::size_t{4096}, kFileChunkBytes}) {
    SCOPED_TRACE(chunk);
    auto file = TextFile::open(path);
    ASSERT_TRUE(file.has_value()) << file.error();
    EXPECT_EQ(file->size_hint(), text.size());
    Lines lines;
    auto read = for_each_line_of_file(*file, 40, chunk, [&](std::string_view line, bool too_long) {
      lines.push_back(too_long ? "<too long>" : std::string(line));
    });
    ASSERT_TRUE(read.has_value()) << read.error();
    EXPECT_EQ(lines, reference_lines(text, 40));
  }
}

}  // namespace
}  // namespace sauatty::lists
