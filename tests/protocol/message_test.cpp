#include "protocol/message.h"

#include <gtest/gtest.h>

namespace sauatty::protocol {
namespace {

struct DecodeCase {
  const char* name;
  std::string body;
  ErrorCode code;
  Json id;
};

TEST(DecodeRequest, RecoverableErrors) {
  const DecodeCase cases[] = {
      {"InvalidJson", R"({"id": 1, "type": )", ErrorCode::kInvalidJson, nullptr},
      {"InvalidUtf8", "{\"id\":1,\"type\":\"page\",\"x\":\"\xC0\xAF\"}", ErrorCode::kInvalidUtf8,
       nullptr},
      {"Surrogate", "{\"id\":1,\"type\":\"\xED\xA0\x80\"}", ErrorCode::kInvalidUtf8, nullptr},
      {"NotObject", R"([1, 2])", ErrorCode::kNotObject, nullptr},
      {"NotObjectString", R"("hello")", ErrorCode::kNotObject, nullptr},
      {"MissingId", R"({"type": "hello"})", ErrorCode::kMissingField, nullptr},
      {"IdWrongType", R"({"id": [1], "type": "hello"})", ErrorCode::kWrongType, nullptr},
      {"MissingType", R"({"id": 7})", ErrorCode::kMissingField, 7},
      {"TypeWrongType", R"({"id": "a", "type": 5})", ErrorCode::kWrongType, "a"},
      {"TooDeep",
       R"({"id": 1, "type": "x", "v": )" + std::string(65, '[') + std::string(65, ']') + "}",
       ErrorCode::kTooDeep, nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto decoded = decode_request(c.body);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().error.code, c.code);
    EXPECT_EQ(decoded.error().id, c.id);
  }
}

TEST(DecodeRequest, DeepNestingCostsAScanNotAStack) {
  std::string body = std::string(200000, '[') + std::string(200000, ']');
  auto decoded = decode_request(body);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().error.code, ErrorCode::kTooDeep);
}

TEST(DecodeRequest, BracketsInsideStringsDoNotCount) {
  std::string body = R"({"id": 1, "type": "x", "s": ")" + std::string(500, '[') + R"(\"]"})";
  EXPECT_TRUE(decode_request(body).has_value());
}

TEST(DecodeRequest, AcceptsStringAndIntegerIds) {
  EXPECT_TRUE(decode_request(R"({"id": "abc", "type": "hello"})"));
  EXPECT_TRUE(decode_request(R"({"id": 12, "type": "hello"})"));
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(is_valid_utf8("қазақ тілі, русский, English €𝄞"));
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // cut short
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // over U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Fields, WrongTypesAndMissing) {
  Json object = Json::parse(R"({"s": "x", "n": 3, "a": [1,2,3], "o": {}, "bad": 1.5})");
  EXPECT_EQ(*string_field(object, "s"), "x");
  EXPECT_EQ(string_field(object, "n").error().code, ErrorCode::kWrongType);
  EXPECT_EQ(string_field(object, "zz").error().code, ErrorCode::kMissingField);
  EXPECT_EQ(*optional_string_field(object, "zz"), "");
  EXPECT_EQ(*integer_field(object, "n"), 3);
  EXPECT_EQ(integer_field(object, "bad").error().code, ErrorCode::kWrongType);
  EXPECT_EQ(integer_field(object, "s").error().code, ErrorCode::kWrongType);
  EXPECT_EQ((*array_field(object, "a", 3))->size(), 3u);
  EXPECT_EQ(array_field(object, "a", 2).error().code, ErrorCode::kTooMany);
  EXPECT_EQ(array_field(object, "o", 2).error().code, ErrorCode::kWrongType);
  EXPECT_EQ(optional_object_field(object, "s").error().code, ErrorCode::kWrongType);
  EXPECT_NE(string_field(object, "n").error().message.find("'n'"), std::string::npos);
}

TEST(EncodeAnswer, SmallAnswerIsOneFrame) {
  Json answer = ok_response(5, "hello", {{"version", "0.1.0"}});
  auto frames = encode_answer(answer, 1 << 20);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(Json::parse(frames[0]), answer);
}

TEST(EncodeAnswer, SplitAnswersReassemble) {
  Json results = Json::array();
  for (int i = 0; i < 3000; ++i) {
    results.push_back({{"i", i}, {"pad", std::string(100, 'p')}});
  }
  Json answer = ok_response(
      "r1", "requests", {{"part", "results"}, {"results", results}, {"summary", {{"n", 3000}}}});
  const std::size_t limit = 64 * 1024;
  auto frames = encode_answer(answer, limit);
  ASSERT_GT(frames.size(), 1u);
  Json joined = Json::array();
  for (std::size_t f = 0; f < frames.size(); ++f) {
    SCOPED_TRACE(f);
    EXPECT_LE(frames[f].size(), limit);
    Json frame = Json::parse(frames[f]);
    EXPECT_EQ(frame["id"], "r1");
    EXPECT_EQ(frame["summary"]["n"], 3000);
    EXPECT_EQ(frame.value("more", false), f + 1 < frames.size());
    for (auto& item : frame["results"]) joined.push_back(item);
  }
  EXPECT_EQ(joined, results);
}

TEST(EncodeAnswer, UnsplittableAnswerBecomesAnError) {
  Json answer = ok_response(9, "stats", {{"blob", std::string(2000, 'b')}});
  auto frames = encode_answer(answer, 1000);
  ASSERT_EQ(frames.size(), 1u);
  Json frame = Json::parse(frames[0]);
  EXPECT_EQ(frame["ok"], false);
  EXPECT_EQ(frame["id"], 9);
  EXPECT_EQ(frame["error"]["code"], "internal");
}

}  // namespace
}  // namespace sauatty::protocol
