#include "protocol/message.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>

namespace sauatty::protocol {
namespace {

// A bound on values large enough for every case below that is not about it.
constexpr std::size_t kValues = 1000;

struct DecodeCase {
  const char* name;
  std::string body;
  ErrorCode code;
  Json id;
};

void expect_refused(const DecodeCase& c, std::size_t max_values = kValues) {
  SCOPED_TRACE(c.name);
  auto decoded = decode_request(c.body, max_values);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().error.code, c.code) << decoded.error().error.message;
  EXPECT_EQ(decoded.error().id, c.id);
}

const std::string kHello = R"({"id":1,"type":"hello"})";

TEST(DecodeRequest, RecoverableErrors) {
  const DecodeCase cases[] = {
      {"InvalidJson", R"({"id": 1, "type": )", ErrorCode::kInvalidJson, nullptr},
      {"NumberOverflow", R"({"id": 1, "type": "x", "n": 1e999})", ErrorCode::kInvalidJson,
       nullptr},
      {"NotObject", R"([1, 2])", ErrorCode::kNotObject, nullptr},
      {"NotObjectString", R"("hello")", ErrorCode::kNotObject, nullptr},
      {"MissingId", R"({"type": "hello"})", ErrorCode::kMissingField, nullptr},
      {"IdWrongType", R"({"id": [1], "type": "hello"})", ErrorCode::kWrongType, nullptr},
      {"IdFloat", R"({"id": 1.5, "type": "hello"})", ErrorCode::kWrongType, nullptr},
      {"IdNull", R"({"id": null, "type": "hello"})", ErrorCode::kWrongType, nullptr},
      {"MissingType", R"({"id": 7})", ErrorCode::kMissingField, 7},
      {"TypeWrongType", R"({"id": "a", "type": 5})", ErrorCode::kWrongType, "a"},
      {"TooDeep",
       R"({"id": 1, "type": "x", "v": )" + std::string(65, '[') + std::string(65, ']') + "}",
       ErrorCode::kTooDeep, nullptr},
  };
  for (const auto& c : cases) expect_refused(c);
}

// Nothing may follow the one JSON value, not even after a NUL byte (which
// nlohmann's lexer would take for the end of the input).
TEST(DecodeRequest, BytesAfterTheValue) {
  const DecodeCase cases[] = {
      {"NulThenGarbage", kHello + std::string("\0garbage", 8), ErrorCode::kInvalidJson, nullptr},
      {"NulAlone", kHello + std::string(1, '\0'), ErrorCode::kInvalidJson, nullptr},
      {"NulFirst", std::string(1, '\0') + kHello, ErrorCode::kInvalidJson, nullptr},
      {"Garbage", kHello + "x", ErrorCode::kInvalidJson, nullptr},
      {"SecondValue", kHello + kHello, ErrorCode::kInvalidJson, nullptr},
      {"NulInString", std::string("{\"id\":1,\"type\":\"a\0b\"}", 21), ErrorCode::kInvalidJson,
       nullptr},
  };
  for (const auto& c : cases) expect_refused(c);
  EXPECT_TRUE(decode_request(kHello + " \t\r\n", kValues)) << "trailing whitespace is JSON";
}

// nlohmann's lexer validates UTF-8 in strings and keys (RFC 3629).
TEST(DecodeRequest, IllFormedUtf8) {
  auto in_string = [](std::string bytes) {
    return "{\"id\":1,\"type\":\"hello\",\"x\":\"a" + bytes + "b\"}";
  };
  const DecodeCase cases[] = {
      {"Overlong2", in_string("\xC0\xAF"), ErrorCode::kInvalidUtf8, nullptr},
      {"Overlong2C1", in_string("\xC1\xBF"), ErrorCode::kInvalidUtf8, nullptr},
      {"Overlong3", in_string("\xE0\x80\xAF"), ErrorCode::kInvalidUtf8, nullptr},
      {"Overlong4", in_string("\xF0\x80\x80\xAF"), ErrorCode::kInvalidUtf8, nullptr},
      {"SurrogateHigh", in_string("\xED\xA0\x80"), ErrorCode::kInvalidUtf8, nullptr},
      {"SurrogateLow", in_string("\xED\xBF\xBF"), ErrorCode::kInvalidUtf8, nullptr},
      {"OverU10FFFF", in_string("\xF4\x90\x80\x80"), ErrorCode::kInvalidUtf8, nullptr},
      {"LeadF5", in_string("\xF5\x80\x80\x80"), ErrorCode::kInvalidUtf8, nullptr},
      {"LeadFF", in_string("\xFF"), ErrorCode::kInvalidUtf8, nullptr},
      {"LoneContinuation", in_string("\x80"), ErrorCode::kInvalidUtf8, nullptr},
      {"CutShort", in_string("\xE2\x82"), ErrorCode::kInvalidUtf8, nullptr},
      {"InKey", "{\"id\":1,\"type\":\"hello\",\"\xC0\xAF\":1}", ErrorCode::kInvalidUtf8, nullptr},
      {"InType", "{\"id\":1,\"type\":\"\xED\xA0\x80\"}", ErrorCode::kInvalidUtf8, nullptr},
      {"OutsideStrings", "{\"id\":1,\"type\":\"hello\"}\xFF", ErrorCode::kInvalidJson, nullptr},
  };
  for (const auto& c : cases) expect_refused(c);
  for (const char* good : {"қазақ тілі, русский, English €𝄞", "\xF4\x8F\xBF\xBF" /* U+10FFFF */,
                           "\xEF\xBF\xBF" /* U+FFFF */, "\xC2\x80" /* U+0080 */}) {
    SCOPED_TRACE(good);
    EXPECT_TRUE(decode_request(in_string(good), kValues));
  }
}

TEST(DecodeRequest, DeepNestingCostsAScanNotAStack) {
  std::string body = std::string(200000, '[') + std::string(200000, ']');
  auto decoded = decode_request(body, kValues);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().error.code, ErrorCode::kTooDeep);
}

TEST(DecodeRequest, BracketsInsideStringsDoNotCount) {
  std::string body = R"({"id": 1, "type": "x", "s": ")" + std::string(500, '[') + R"(\"]"})";
  EXPECT_TRUE(decode_request(body, kValues).has_value());
}

TEST(DecodeRequest, AcceptsStringAndIntegerIds) {
  EXPECT_TRUE(decode_request(R"({"id": "abc", "type": "hello"})", kValues));
  EXPECT_TRUE(decode_request(R"({"id": 12, "type": "hello"})", kValues));
  EXPECT_TRUE(decode_request(R"({"id": -12, "type": "hello"})", kValues));
}

// The id is echoed in every answer, so it is short; a long one is refused
// with a null id (a 1 MiB id made an answer too large to send).
TEST(DecodeRequest, IdLength) {
  auto with_id = [](std::size_t bytes) {
    return R"({"type":"hello","id":")" + std::string(bytes, 'i') + "\"}";
  };
  auto at_bound = decode_request(with_id(kMaxIdBytes), kValues);
  ASSERT_TRUE(at_bound);
  EXPECT_EQ((*at_bound)["id"], std::string(kMaxIdBytes, 'i'));
  const DecodeCase cases[] = {
      {"OverBound", with_id(kMaxIdBytes + 1), ErrorCode::kTooLong, nullptr},
      {"OneMiB", with_id(1 << 20), ErrorCode::kTooLong, nullptr},
  };
  for (const auto& c : cases) expect_refused(c);
}

// No string, key or number is over kMaxTokenBytes as sent: the JSON lexer
// buffers a token twice and copies it three times into an error.
TEST(DecodeRequest, TokenLength) {
  auto with = [](const std::string& member) { return R"({"id":1,"type":"hello",)" + member + "}"; };
  const std::string at(kMaxTokenBytes, 'x'), over(kMaxTokenBytes + 1, 'x');
  const std::string number = "0." + std::string(kMaxTokenBytes - 2, '1');  // no overflow
  for (const std::string& body :
       {with(R"("s":")" + at + "\""), with("\"" + at + "\":1"), with(R"("n":)" + number),
        with(R"("s":")" + std::string(kMaxTokenBytes, '\\') + "\""),
        with(R"("s":")" + at + R"(","t":")" + at + "\"")}) {
    EXPECT_TRUE(decode_request(body, kValues)) << body.substr(0, 40);
  }
  const DecodeCase cases[] = {
      {"String", with(R"("s":")" + over + "\""), ErrorCode::kTooLong, nullptr},
      {"Key", with("\"" + over + "\":1"), ErrorCode::kTooLong, nullptr},
      {"Number", with(R"("n":)" + number + "1"), ErrorCode::kTooLong, nullptr},
      {"NegativeNumber", with(R"("n":-)" + number), ErrorCode::kTooLong, nullptr},
      {"EightMiBNumber", with(R"("n":)" + std::string(8 << 20, '1')), ErrorCode::kTooLong, nullptr},
      {"EscapesCountAsSent", with(R"("s":")" + std::string(kMaxTokenBytes + 2, '\\') + "\""),
       ErrorCode::kTooLong, nullptr},
      {"Garbage", with(R"("g":)" + over), ErrorCode::kTooLong, nullptr},
      {"UnclosedString", R"({"id":1,"type":"hello","s":")" + over, ErrorCode::kTooLong, nullptr},
      {"EightMiBStringEndingInABadByte", with(R"("s":")" + std::string(8 << 20, 'x') + "\xFF\""),
       ErrorCode::kTooLong, nullptr},
      {"EightMiBType", R"({"id":1,"type":")" + std::string(8 << 20, 't') + "\"}",
       ErrorCode::kTooLong, nullptr},
  };
  for (const auto& c : cases) expect_refused(c);
}

// Every scalar, array and object counts one value; keys do not. The bound
// holds before any DOM is built (a DOM of 8 MiB of `[{},{},…]` is 285 MB).
TEST(DecodeRequest, ValueBound) {
  auto array_of = [](const std::string& item, std::size_t n) {
    std::string out = R"({"id":1,"type":"requests","requests":[)";
    for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + item;
    return out + "]}";
  };
  // The envelope is 4 values: the object, id, type and the array.
  EXPECT_TRUE(decode_request(array_of("{}", kValues - 4), kValues));
  EXPECT_TRUE(decode_request(array_of(R"({"k":1})", (kValues - 4) / 2), kValues));
  EXPECT_TRUE(decode_request(R"({"id":1,"type":"x","k1":{},"k2":[]})", 5));
  const DecodeCase cases[] = {
      {"EmptyObjects", array_of("{}", kValues - 3), ErrorCode::kTooMany, nullptr},
      {"EmptyArrays", array_of("[]", kValues - 3), ErrorCode::kTooMany, nullptr},
      {"Numbers", array_of("1", kValues - 3), ErrorCode::kTooMany, nullptr},
      {"Nulls", array_of("null", kValues - 3), ErrorCode::kTooMany, nullptr},
      {"Strings", array_of(R"("")", kValues - 3), ErrorCode::kTooMany, nullptr},
      {"ObjectMembers", array_of(R"({"a":1,"b":2})", kValues / 2), ErrorCode::kTooMany, nullptr},
      {"EightMiBOfEmptyObjects", array_of("{}", (8 << 20) / 3), ErrorCode::kTooMany, nullptr},
  };
  for (const auto& c : cases) expect_refused(c);
}

TEST(Fields, WrongTypesAndMissing) {
  Json object = Json::parse(R"({"s": "x", "n": 3, "a": [1,2,3], "o": {}, "bad": 1.5})");
  EXPECT_EQ(*string_field(object, "s"), "x");
  EXPECT_EQ(string_field(object, "n").error().code, ErrorCode::kWrongType);
  EXPECT_EQ(string_field(object, "zz").error().code, ErrorCode::kMissingField);
  EXPECT_EQ(*optional_string_field(object, "zz"), "");
  EXPECT_EQ(*integer_field(object, "n"), 3);
  EXPECT_EQ((*array_field(object, "a", 3))->size(), 3u);
  EXPECT_EQ(array_field(object, "a", 2).error().code, ErrorCode::kTooMany);
  EXPECT_EQ(array_field(object, "o", 2).error().code, ErrorCode::kWrongType);
  EXPECT_EQ(optional_object_field(object, "s").error().code, ErrorCode::kWrongType);
  EXPECT_NE(string_field(object, "n").error().message.find("'n'"), std::string::npos);
}

TEST(Fields, NullIsAWrongTypeForARequiredString) {
  Json object = Json::parse(R"({"url": null})");
  auto url = string_field(object, "url");
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(url.error().message, "field 'url' must be a string");
  EXPECT_EQ(*optional_string_field(object, "url"), "");
}

// Integers must fit int64: nlohmann keeps 2^63 and over as unsigned, and
// reading them as int64 wrapped 2^63 to -2^63.
TEST(Fields, IntegerRange) {
  const struct {
    const char* name;
    const char* json;
    std::optional<std::int64_t> value;
  } cases[] = {
      {"Small", "3", 3},
      {"Negative", "-1", -1},
      {"Int64Max", "9223372036854775807", std::numeric_limits<std::int64_t>::max()},
      {"Int64Min", "-9223372036854775808", std::numeric_limits<std::int64_t>::min()},
      {"TwoTo63", "9223372036854775808", std::nullopt},
      {"Uint64Max", "18446744073709551615", std::nullopt},
      {"TwoTo64", "18446744073709551616", std::nullopt},  // parsed as a float
      {"BelowInt64Min", "-9223372036854775809", std::nullopt},
      {"Float", "1.5", std::nullopt},
      {"WholeFloat", "3.0", std::nullopt},
      {"String", "\"3\"", std::nullopt},
      {"Null", "null", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto value = integer_field(Json::parse(std::string(R"({"tab": )") + c.json + "}"), "tab");
    if (c.value) {
      ASSERT_TRUE(value) << value.error().message;
      EXPECT_EQ(*value, *c.value);
    } else {
      ASSERT_FALSE(value) << *value;
      EXPECT_EQ(value.error().code, ErrorCode::kWrongType);
      EXPECT_NE(value.error().message.find("'tab'"), std::string::npos);
    }
  }
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
  Json answer =
      ok_response("r1", "requests", {{"part", "results"}, {"results", results}, {"tab", 3000}});
  const std::size_t limit = 64 * 1024;
  auto frames = encode_answer(answer, limit);
  ASSERT_GT(frames.size(), 1u);
  Json joined = Json::array();
  for (std::size_t f = 0; f < frames.size(); ++f) {
    SCOPED_TRACE(f);
    EXPECT_LE(frames[f].size(), limit);
    Json frame = Json::parse(frames[f]);
    EXPECT_EQ(frame["id"], "r1");
    EXPECT_EQ(frame["tab"], 3000);
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
