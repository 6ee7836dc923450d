#include "protocol/frame.h"

#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

namespace sauatty::protocol {
namespace {

std::string header(std::uint32_t length) {
  std::string out(4, '\0');
  std::memcpy(out.data(), &length, 4);
  return out;
}

TEST(FrameReader, ReadsConsecutiveFrames) {
  std::istringstream in(encode_frame(R"({"a":1})") + encode_frame("[]"));
  FrameReader reader(in, kDefaultMaxInputFrame);
  auto first = reader.next();
  auto second = reader.next();
  auto third = reader.next();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, R"({"a":1})");
  EXPECT_EQ(*second, "[]");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error(), FrameError::kEndOfInput);
}

TEST(FrameReader, ZeroLength) {
  std::istringstream in(header(0));
  FrameReader reader(in, kDefaultMaxInputFrame);
  auto frame = reader.next();
  ASSERT_TRUE(frame);
  EXPECT_EQ(*frame, "");
}

TEST(FrameReader, ShortHeader) {
  std::istringstream in(std::string("\x05\x00", 2));
  FrameReader reader(in, kDefaultMaxInputFrame);
  auto frame = reader.next();
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.error(), FrameError::kShortHeader);
}

TEST(FrameReader, ShortBody) {
  std::istringstream in(header(10) + "abc");
  FrameReader reader(in, kDefaultMaxInputFrame);
  auto frame = reader.next();
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.error(), FrameError::kShortBody);
}

TEST(FrameReader, LengthOverLimitIsRefusedWithoutReadingTheBody) {
  std::istringstream in(header(0xFFFFFFF0u) + "xyz");
  FrameReader reader(in, kDefaultMaxInputFrame);
  auto frame = reader.next();
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.error(), FrameError::kTooLarge);
  EXPECT_EQ(in.tellg(), 4);  // nothing of the body was consumed
}

TEST(FrameReader, LimitIsInclusive) {
  std::istringstream in(encode_frame("12345") + encode_frame("123456"));
  FrameReader reader(in, 5);
  EXPECT_TRUE(reader.next());
  auto over = reader.next();
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error(), FrameError::kTooLarge);
}

TEST(FrameReader, LargeBodyAcrossChunks) {
  std::string body(300 * 1024, 'x');
  std::istringstream in(encode_frame(body));
  FrameReader reader(in, kDefaultMaxInputFrame);
  auto frame = reader.next();
  ASSERT_TRUE(frame);
  EXPECT_EQ(*frame, body);
}

TEST(FrameWriter, WritesNativeOrderHeaderAndBody) {
  std::ostringstream out;
  FrameWriter writer(out);
  ASSERT_TRUE(writer.write("hi"));
  EXPECT_EQ(out.str(), header(2) + "hi");
}

TEST(FrameWriter, RefusesFramesOverOneMiB) {
  std::ostringstream out;
  FrameWriter writer(out);
  EXPECT_TRUE(writer.write(std::string(kMaxOutputFrame, 'a')));
  auto refused = writer.write(std::string(kMaxOutputFrame + 1, 'a'));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), FrameError::kOutputTooLarge);
}

}  // namespace
}  // namespace sauatty::protocol
