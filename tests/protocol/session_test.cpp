#include "protocol/session.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <sstream>
#include <streambuf>

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

  SessionOptions options{
      .max_frame = 1024, .max_values = 1000, .after_large_frame = {}, .after_answer = {}};

  int run(const std::string& input, std::string& output, std::string& log) {
    std::istringstream in(input);
    std::ostringstream out, err;
    int code = run_session(in, out, err, table, options, counters);
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

// Answers that echo what the browser sent must still fit in one 1 MiB frame:
// a 1 MiB id ended the session (exit 3), a 2 MiB type got `internal`.
TEST_F(SessionTest, LongIdAndTypeAreAnsweredInShortFrames) {
  const struct {
    const char* name;
    std::string body;
    const char* code;
    Json id;
  } cases[] = {
      {"IdOverBound", R"({"type":"echo","id":")" + std::string(kMaxIdBytes + 1, 'i') + "\"}",
       "too_long", nullptr},
      {"IdOneMiB", R"({"type":"echo","id":")" + std::string(1 << 20, 'i') + "\"}", "too_long",
       nullptr},
      {"TypeTwoMiB", R"({"id":5,"type":")" + std::string(2 << 20, 't') + "\"}", "too_long",
       nullptr},
      {"TypeAtTokenBound", R"({"id":6,"type":")" + std::string(kMaxTokenBytes, 't') + "\"}",
       "unknown_type", 6},
  };
  options.max_frame = kMaxInputFrameCeiling;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string out, log;
    EXPECT_EQ(run(encode_frame(c.body) + encode_frame(R"({"id":2,"type":"echo"})"), out, log), 0);
    auto answers = read_all(out);
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0]["ok"], false);
    EXPECT_EQ(answers[0]["error"]["code"], c.code);
    EXPECT_EQ(answers[0]["id"], c.id);
    EXPECT_LE(answers[0].dump().size(), 256u);
    EXPECT_EQ(answers[1]["ok"], true);
    EXPECT_EQ(log, "");
  }
}

TEST_F(SessionTest, ShortUnknownTypeIsQuoted) {
  auto frames = answer_frame(R"({"id":1,"type":"teleport"})", table, 1000, counters);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(Json::parse(frames[0])["error"]["message"], "no message type 'teleport'");
}

TEST_F(SessionTest, AfterLargeFrameRunsOnlyAfterLargeFrames) {
  int calls = 0;
  options.max_frame = kMaxInputFrameCeiling;
  options.after_large_frame = [&] { ++calls; };
  const struct {
    const char* name;
    std::string body;
    int calls;
  } cases[] = {
      {"Small", R"({"id":1,"type":"echo"})", 0},
      {"JustUnder", R"({"id":1,"type":"echo","p":")" + std::string(kLargeFrame - 30, 'p') + "\"}",
       0},
      {"AtBound", R"({"id":1,"type":"echo","p":")" + std::string(kLargeFrame - 29, 'p') + "\"}", 1},
      {"EightMiB", R"({"id":1,"type":"echo","p":")" + std::string(8 << 20, 'p') + "\"}", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    calls = 0;
    std::string out, log;
    EXPECT_EQ(run(encode_frame(c.body), out, log), 0);
    EXPECT_EQ(read_all(out).size(), 1u);
    EXPECT_EQ(calls, c.calls);
  }
}

// after_answer runs once for each message, after its answer was written
// (an error answer too): what it starts never shares the CPU with the
// answer (app/first_use.h starts its preload there).
TEST_F(SessionTest, AfterAnswerRunsOnceEachAnswerIsWritten) {
  std::istringstream in(encode_frame(R"({"id":1,"type":"echo","v":1})") + encode_frame("{nope") +
                        encode_frame(R"({"id":3,"type":"echo","v":3})"));
  std::ostringstream out, err;
  std::vector<std::size_t> written;  // answers in `out` at each call
  options.after_answer = [&] { written.push_back(read_all(out.str()).size()); };
  EXPECT_EQ(run_session(in, out, err, table, options, counters), 0);
  EXPECT_EQ(written, (std::vector<std::size_t>{1, 2, 3}));
}

// A stream that fails as a pipe whose reader has gone does (EPIPE).
class ClosedPipe : public std::streambuf {
 protected:
  int overflow(int) override {
    errno = EPIPE;
    return traits_type::eof();
  }
  std::streamsize xsputn(const char*, std::streamsize) override {
    errno = EPIPE;
    return 0;
  }
};

TEST_F(SessionTest, ClosedOutputEndsTheSessionWithExitCode3AndALine) {
  ClosedPipe pipe;
  std::ostream out(&pipe);
  std::istringstream in(encode_frame(R"({"id":1,"type":"echo"})"));
  std::ostringstream log;
  EXPECT_EQ(run_session(in, out, log, table, options, counters), 3);
  EXPECT_EQ(log.str(),
            "sauatty-host: could not write to the browser: it closed the pipe; "
            "closing the session\n");
}

}  // namespace
}  // namespace sauatty::protocol
