// The `requests` message (docs/PROTOCOL.md) read straight from its bytes,
// without a DOM: the message the extension sends most, a few times a second
// per tab.
//
// scan_message() is steps 1 and 2 of decode_request (message.h): the same
// byte checks and the same SAX scan with the same bounds and errors. While
// it scans, it also keeps a `requests` message of the plain shape: an
// object whose `id` is an integer or a string of at most kMaxIdBytes, whose
// `type` is "requests", whose `tab` is an integer within int64, whose
// `page` is a string and whose `requests` is an array of objects, each with
// a string `url` and a `type` that is a string, null or absent; each of
// these keys once; other keys, anywhere, with any value. Anything else (a
// missing field, another type, a duplicate key, an item that is not an
// object) is not kept, and the caller decodes the message as a DOM, so that
// every error is the one decode_request and the handler give.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/message.h"

namespace sauatty::protocol {

class RequestsMessage {
 public:
  struct Item {
    std::string_view url;
    std::string_view type;  // "" when null or absent
  };

  const Json& id() const { return id_; }
  std::int64_t tab() const { return tab_; }
  std::string_view page() const { return view(page_); }
  std::size_t size() const { return items_.size(); }
  Item item(std::size_t i) const { return {view(items_[i].url), view(items_[i].type)}; }

  void swap(RequestsMessage& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(tab_, other.tab_);
    std::swap(page_, other.page_);
    text_.swap(other.text_);
    items_.swap(other.items_);
  }

 private:
  friend class RequestsReader;
  friend class PlainLexer;
  struct Span {
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
  };
  struct Slots {
    Span url, type;
  };
  std::string_view view(Span s) const { return std::string_view(text_).substr(s.begin, s.size); }
  // Strings are kept one after another in text_; the buffers are kept
  // from one message to the next, so a steady stream allocates nothing.
  void clear();
  Span keep(std::string_view s);

  Json id_;
  std::int64_t tab_ = 0;
  Span page_;
  std::string text_;
  std::vector<Slots> items_;
};

// Steps 1 and 2 of decode_request on `body`. On success, true when
// `message` now holds the body as a plain `requests` message, false when
// the body must be decoded as a DOM (decode_request) to be answered. The
// failure is decode_request's for the same body.
//
// The common message (printable ASCII strings with no escapes, small
// integers, nothing nested but the requests) is read by a lexer of our own
// in one pass (scan_plain); every other body, and every error, is
// nlohmann's SAX scan's (scan_message_reference).
std::expected<bool, DecodeFailure> scan_message(std::string_view body, std::size_t max_values,
                                                RequestsMessage& message);

// The lexer alone: true when it read `body` as a plain message into
// `message`; false when it leaves the body to the SAX scan (then `message`
// holds no meaning). A body it reads, the SAX scan reads as plain with the
// same fields (tests).
bool scan_plain(std::string_view body, std::size_t max_values, RequestsMessage& message);

// The SAX scan alone: the reference scan_plain must agree with (tests).
std::expected<bool, DecodeFailure> scan_message_reference(std::string_view body,
                                                          std::size_t max_values,
                                                          RequestsMessage& message);

}  // namespace sauatty::protocol
