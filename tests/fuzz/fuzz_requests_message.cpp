// The `requests` message read without a DOM (protocol/requests_message.h):
// its own lexer (scan_plain) against nlohmann's SAX scan
// (scan_message_reference), and scan_message against decode_request — its
// failures are decode_request's, and a plain message's fields the DOM's.
#include <string>

#include "fuzz/fuzz_driver.h"
#include "protocol/requests_message.h"

namespace sauatty::fuzz {
namespace {

constexpr std::size_t kMaxValues = 16'064;  // the host's (docs/PROTOCOL.md)

// A message's fields as one string, to compare two scans.
std::string fields(const protocol::RequestsMessage& m) {
  std::string out = m.id().dump() + (m.id().is_number_unsigned() ? "u" : "") + "|" +
                    std::to_string(m.tab()) + "|" + std::string(m.page());
  for (std::size_t i = 0; i < m.size(); ++i) {
    out += "|" + std::string(m.item(i).url) + " " + std::string(m.item(i).type);
  }
  return out;
}

// The same fields from decode_request's DOM of a plain message.
std::string fields(const protocol::Json& dom) {
  const protocol::Json& id = dom["id"];
  std::string out = id.dump() + (id.is_number_unsigned() ? "u" : "") + "|" +
                    std::to_string(dom["tab"].get<std::int64_t>()) + "|" +
                    dom["page"].get<std::string>();
  for (const protocol::Json& item : dom["requests"]) {
    const auto type = item.find("type");
    out += "|" + item["url"].get<std::string>() + " " +
           (type == item.end() || type->is_null() ? std::string() : type->get<std::string>());
  }
  return out;
}

}  // namespace

void fuzz_one(std::string_view input) {
  protocol::RequestsMessage lexed, reference, scanned;
  const bool read = protocol::scan_plain(input, kMaxValues, lexed);
  const auto sax = protocol::scan_message_reference(input, kMaxValues, reference);
  const auto both = protocol::scan_message(input, kMaxValues, scanned);
  const auto dom = protocol::decode_request(input, kMaxValues);
  check(sax.has_value() == both.has_value(), "scan_message fails where the SAX scan fails");
  // scan_message is decode_request's steps 1 and 2: what it refuses,
  // decode_request refuses the same way; what it passes may still fail the
  // envelope's checks in the DOM (step 3), unless it is plain.
  check(both.has_value() || !dom.has_value(), "scan_message fails where decode_request fails");
  check(!both.has_value() || !*both || dom.has_value(), "a plain message decodes");
  if (!both) {
    check(!read, "the lexer reads no body the SAX scan refuses");
    check(both.error().error.code == dom.error().error.code &&
              both.error().error.message == dom.error().error.message &&
              both.error().id == dom.error().id,
          "scan_message's failure is decode_request's");
    check(sax.error().error.code == both.error().error.code &&
              sax.error().error.message == both.error().error.message,
          "scan_message's failure is the SAX scan's");
    return;
  }
  check(*sax == *both, "scan_message takes a body as plain when the SAX scan does");
  if (read) {
    check(*sax, "a body the lexer reads, the SAX scan takes as plain");
    check(fields(lexed) == fields(reference), "the lexer keeps the SAX scan's fields");
  }
  if (*both) {
    check(fields(scanned) == fields(reference), "scan_message keeps the SAX scan's fields");
    check((*dom)["type"] == "requests", "a plain message is a requests message");
    check(fields(scanned) == fields(*dom), "a plain message's fields are the DOM's");
  }
}

}  // namespace sauatty::fuzz
