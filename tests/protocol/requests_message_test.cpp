// scan_message's own lexer (scan_plain) against nlohmann's SAX scan
// (scan_message_reference): whatever the lexer reads, the SAX scan reads as
// a plain message with the same fields, and scan_message answers every body
// as the SAX scan does. On the `requests` batches of the real request
// vectors (which the lexer must read itself, or the comparison compares
// nothing), on messages written to sit on its edges, and on 60,000
// mutations of both.
#include "protocol/requests_message.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace sauatty::protocol {
namespace {

constexpr std::size_t kMaxValues = 10'000;

std::filesystem::path shared_data() {
  const char* root = std::getenv("SAUATTY_SHARED_DATA");
  return root ? root : "";
}

// The vectors' requests as the extension sends them: batches of 50 on the
// page they were seen on.
std::vector<std::string> vector_batches() {
  std::ifstream in(shared_data() / "vectors" / "matching-test-requests.json");
  if (!in) return {};
  Json vectors = Json::parse(in);
  std::vector<std::string> batches;
  for (std::size_t i = 0; i < vectors.size(); i += 50) {
    Json items = Json::array();
    for (std::size_t j = i; j < std::min(vectors.size(), i + 50); ++j) {
      items.push_back({{"url", vectors[j]["url"]}, {"type", vectors[j]["type"]}});
    }
    batches.push_back(Json{
        {"type", "requests"},
        {"id", i / 50 + 1},
        {"tab", 7},
        {"page", vectors[i]["sourceUrl"]},
        {"requests",
         items}}.dump());
  }
  return batches;
}

// A message's fields as one string, to compare two scans.
std::string fields(const RequestsMessage& m) {
  std::string out = m.id().dump() + (m.id().is_number_unsigned() ? "u" : "") + "|" +
                    std::to_string(m.tab()) + "|" + std::string(m.page());
  for (std::size_t i = 0; i < m.size(); ++i) {
    out += "|" + std::string(m.item(i).url) + " " + std::string(m.item(i).type);
  }
  return out;
}

// "" when the lexer and the SAX scan agree on `body`; `read` says whether
// the lexer read it.
std::string compare(const std::string& body, bool& read) {
  RequestsMessage lexed, reference, scanned;
  read = scan_plain(body, kMaxValues, lexed);
  auto sax = scan_message_reference(body, kMaxValues, reference);
  auto both = scan_message(body, kMaxValues, scanned);
  if (sax.has_value() != both.has_value()) return "scan_message fails differently";
  if (!sax) {
    if (read) return "the lexer read a body the SAX scan refuses";
    if (sax.error().error.code != both.error().error.code ||
        sax.error().error.message != both.error().error.message) {
      return "another error";
    }
    return "";
  }
  if (*sax != *both) return "scan_message says plain differently";
  if (*sax && fields(reference) != fields(scanned)) return "scan_message keeps other fields";
  if (!read) return "";
  if (!*sax) return "the lexer read a body the SAX scan does not take as plain";
  if (fields(lexed) != fields(reference)) {
    return "other fields:\n  lexer " + fields(lexed) + "\n  SAX   " + fields(reference);
  }
  return "";
}

TEST(RequestsLexer, ReadsEveryVectorBatchAsTheSaxScanDoes) {
  auto batches = vector_batches();
  if (batches.empty()) GTEST_SKIP() << "SAUATTY_SHARED_DATA/vectors not found";
  std::size_t read_count = 0;
  for (const auto& body : batches) {
    bool read = false;
    ASSERT_EQ(compare(body, read), "") << body.substr(0, 300);
    read_count += read;
  }
  // The few batches holding a URL with non-ASCII or an escape go to the
  // SAX scan; the rest are read by the lexer.
  EXPECT_GT(read_count, batches.size() * 9 / 10) << "of " << batches.size();
}

const char* const kEdges[] = {
    R"({"id":1,"type":"requests","tab":2,"page":"https://a.kz/","requests":[{"url":"https://b.kz/x","type":"image"}]})",
    R"( { "requests" : [ { "type" : null , "url" : "https://b.kz/" } ] , "page" : "p" , "tab" : -3 , "type" : "requests" , "id" : "x" } )",
    "{\"id\":1,\"type\":\"requests\",\"tab\":2,\"page\":\"p\",\"requests\":[]}\r\n\t",
    R"({"id":999999999999999999,"type":"requests","tab":-999999999999999999,"page":"","requests":[{"url":""}]})",
    R"({"id":9999999999999999999,"type":"requests","tab":1,"page":"p","requests":[]})",
    R"({"id":0,"type":"requests","tab":0,"page":"p","requests":[]})",
    R"({"id":-0,"type":"requests","tab":1,"page":"p","requests":[]})",
    R"({"id":01,"type":"requests","tab":1,"page":"p","requests":[]})",
    R"({"id":1,"type":"requests","tab":1.0,"page":"p","requests":[]})",
    R"({"id":1,"type":"requests","tab":1e3,"page":"p","requests":[]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[],"x":true,"y":false,"z":null,"w":"s","v":-7})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[],"x":{}})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[],"x":[1]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u","frame":3,"t":true,"n":null}]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u","type":"a","type":"b"}]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"type":"a"}]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u"},]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u"}],})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u"}]}x)",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u"}]}{})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u"}])",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u\"v"}]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u\/v"}]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"nulll"}],"a":nulll})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"u"}],"a":tru})",
    R"({"id":1,"type":"request","tab":1,"page":"p","requests":[]})",
    R"({"id":1,"id":2,"type":"requests","tab":1,"page":"p","requests":[]})",
    R"({"id":true,"type":"requests","tab":1,"page":"p","requests":[]})",
    R"({"id":1,"type":"requests","tab":"1","page":"p","requests":[]})",
    R"({"id":1,"type":"requests","tab":1,"page":1,"requests":[]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[7]})",
    R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[[]]})",
    R"({})",
    R"([])",
    R"("requests")",
    "",
    "{\"id\":1,\"type\":\"requests\",\"tab\":1,\"page\":\"p\",\"requests\":[]}\0",
    "{\"id\":1,\"type\":\"requests\",\"tab\":1,\"page\":\"p\x01\",\"requests\":[]}",
    "{\"id\":1,\"type\":\"requests\",\"tab\":1,\"page\":\"\xD0\xB6\",\"requests\":[]}",
    "{\"id\":1,\"type\":\"requests\",\"tab\":1,\"page\":\"\xFF\",\"requests\":[]}",
};

TEST(RequestsLexer, AgreesWithTheSaxScanOnEdges) {
  std::size_t read_count = 0;
  for (const char* text : kEdges) {
    std::string body(text);
    bool read = false;
    EXPECT_EQ(compare(body, read), "") << body;
    read_count += read;
  }
  EXPECT_GE(read_count, 6u);  // the first six are plain and plain-ASCII
}

TEST(RequestsLexer, CountsValuesAsTheSaxScanDoes) {
  // 1 object + 4 scalars + the array + 2 items × 2 values: 10 values.
  std::string body =
      R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":"a"},{"url":"b"}]})";
  RequestsMessage m;
  EXPECT_TRUE(scan_plain(body, 10, m));
  EXPECT_FALSE(scan_plain(body, 9, m));
  auto sax = scan_message(body, 9, m);
  ASSERT_FALSE(sax);
  EXPECT_EQ(sax.error().error.code, ErrorCode::kTooMany);
}

TEST(RequestsLexer, ReadsAStringOnlyWhenEachOfItsBytesIsPlainWhereverItStands) {
  // Strings are checked eight bytes at a time: every byte value at every
  // place of URLs of 1 to 24 bytes, across the words' edges and the tail.
  std::size_t read_count = 0;
  for (std::size_t length = 1; length <= 24; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int c = 0; c < 256; ++c) {
        std::string url(length, 'a');
        url[at] = static_cast<char>(c);
        const std::string body =
            R"({"id":1,"type":"requests","tab":1,"page":"p","requests":[{"url":")" + url +
            R"("}]})";
        bool read = false;
        ASSERT_EQ(compare(body, read), "") << "byte " << c << " at " << at << " of " << length;
        const bool plain = c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
        ASSERT_EQ(read, plain) << "byte " << c << " at " << at << " of " << length;
        read_count += read;
      }
    }
  }
  EXPECT_EQ(read_count, 300u * 93u);  // 1 + 2 + … + 24 places, 93 plain bytes each
}

TEST(RequestsLexer, AgreesWithTheSaxScanOnMutations) {
  std::vector<std::string> seeds(std::begin(kEdges), std::begin(kEdges) + 4);
  auto batches = vector_batches();
  for (std::size_t i = 0; i < batches.size(); i += 17) seeds.push_back(batches[i]);
  static constexpr char kBytes[] = {'"', '\\', '{', '}',  '[',    ']',    ',', ':',
                                    ' ', '0',  '1', '9',  '-',    '.',    'e', 'n',
                                    'u', 't',  'f', '\0', '\x7f', '\x80', 'a'};
  std::mt19937 random(18);
  std::size_t read_count = 0, mutations = 0;
  for (int round = 0; round < 60'000; ++round) {
    std::string body = seeds[random() % seeds.size()];
    for (int edits = 1 + static_cast<int>(random() % 3); edits > 0 && !body.empty(); --edits) {
      std::size_t at = random() % body.size();
      char byte = kBytes[random() % sizeof kBytes];
      switch (random() % 3) {
        case 0:
          body[at] = byte;
          break;
        case 1:
          body.insert(body.begin() + static_cast<std::ptrdiff_t>(at), byte);
          break;
        default:
          body.erase(at, 1);
      }
    }
    bool read = false;
    ASSERT_EQ(compare(body, read), "") << body.substr(0, 400);
    read_count += read;
    ++mutations;
  }
  // Many mutations stay plain (a changed URL byte, a space), so the
  // lexer's acceptances were compared too.
  EXPECT_GT(read_count, mutations / 20);
}

}  // namespace
}  // namespace sauatty::protocol
