#include "protocol/session.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sauatty::protocol {
namespace {

std::vector<Json> read_all(const std::string& bytes) {
  std::istringstream in(bytes);
  FrameReader reader(in, kMaxInputFrameCeiling);
  std::vector<Json> out;
  while (auto frame = reader.next()) out.push_back(Json::parse(*frame));
  return out;
}

class SessionTest : public ::testing::Test {
 protected:
  std::vector<HandlerEntry> table{
      {"echo",
       [](const Json& r) -> std::expected<Json, Error> {
         return Json{{"got", r.value("v", 0)}};
       }},
      {"fail",
       [](const Json&) -> std::expected<Json, Error> {
         return std::unexpected(Error{ErrorCode::kInvalidUrl, "field 'url': bad"});
       }},
      {"throw",
       [](const Json&) -> std::expected<Json, Error> { throw std::runtime_error("boom"); }},
  };
  SessionCounters counters;

  int run(const std::string& input, std::string& output, std::string& log) {
    std::istringstream in(input);
    std::ostringstream out, err;
    int code = run_session(in, out, err, table, 1024, counters);
    output = out.str();
    log = err.str();
    return code;
  }
};

TEST_F(SessionTest, BadMessageThenGoodMessage) {
  std::string out, log;
  int code =
      run(encode_frame("{nope") + encode_frame(R"({"id":2,"type":"echo","v":41})"), out, log);
  EXPECT_EQ(code, 0);
  auto answers = read_all(out);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0]["ok"], false);
  EXPECT_EQ(answers[0]["error"]["code"], "invalid_json");
  EXPECT_TRUE(answers[0]["id"].is_null());
  EXPECT_EQ(answers[1]["ok"], true);
  EXPECT_EQ(answers[1]["id"], 2);
  EXPECT_EQ(answers[1]["type"], "echo");
  EXPECT_EQ(answers[1]["got"], 41);
  EXPECT_EQ(counters.frames_in, 2u);
  EXPECT_EQ(counters.errors, 1u);
}

TEST_F(SessionTest, UnknownTypeHandlerErrorAndHandlerBug) {
  std::string out, log;
  run(encode_frame(R"({"id":1,"type":"nosuch"})") + encode_frame(R"({"id":2,"type":"fail"})") +
          encode_frame(R"({"id":3,"type":"throw"})") + encode_frame(R"({"id":4,"type":"echo"})"),
      out, log);
  auto answers = read_all(out);
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[0]["error"]["code"], "unknown_type");
  EXPECT_EQ(answers[1]["error"]["code"], "invalid_url");
  EXPECT_EQ(answers[1]["id"], 2);
  EXPECT_EQ(answers[2]["error"]["code"], "internal");
  EXPECT_EQ(answers[3]["ok"], true);
}

TEST_F(SessionTest, OversizeFrameEndsTheSessionWithExitCode2) {
  std::string out, log;
  std::string big = encode_frame(std::string(2000, ' '));
  int code = run(encode_frame(R"({"id":1,"type":"echo"})") + big, out, log);
  EXPECT_EQ(code, 2);
  EXPECT_EQ(read_all(out).size(), 1u);
  EXPECT_NE(log.find("over the input limit"), std::string::npos);
}

TEST_F(SessionTest, TruncatedFrameEndsTheSession) {
  std::string out, log;
  std::string cut = encode_frame(R"({"id":1,"type":"echo","url":"https://secret.example/"})");
  cut.resize(cut.size() - 5);
  EXPECT_EQ(run(cut, out, log), 2);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(log.find("secret"), std::string::npos);  // never the frame's contents
}

}  // namespace
}  // namespace sauatty::protocol
