#include "protocol/requests_message.h"

#include <array>
#include <cstring>
#include <limits>

#include "protocol/plain_bytes.h"

namespace sauatty::protocol {
namespace {

// Bytes that end a token outside strings: whitespace and structure.
constexpr std::array<bool, 256> kTokenEnd = [] {
  std::array<bool, 256> table{};
  for (char c : std::string_view("{}[]:, \t\n\r")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// Step 1 of decode_request: no token nlohmann's lexer would buffer is over
// kMaxTokenBytes. A token is the raw bytes of a string or key, or a run of
// bytes outside strings that are neither whitespace nor structural (a
// number, a literal, or garbage). The lexer keeps a token twice while
// reading it, and copies it three more times into the error it reports when
// the token turns out malformed: before this bound, one 8 MiB string with a
// bad byte at its end peaked the host at 64.1 MiB, an 8 MiB number at
// 72.2 MiB (VmHWM, embedded rules).
bool tokens_within_limit(std::string_view body) {
  const char* p = body.data();
  const char* end = p + body.size();
  while (p < end) {
    if (*p == '"') {
      // A string: its bytes up to the closing quote, escapes counted as
      // written (the escaped byte belongs to the token).
      const char* start = ++p;
      for (;;) {
        const void* hit = std::memchr(p, '"', static_cast<std::size_t>(end - p));
        const char* quote = hit ? static_cast<const char*>(hit) : end;
        // Escapes before the quote: one that escapes the quote itself means
        // the string goes on past it.
        std::size_t backslashes = 0;
        while (quote - backslashes > start &&
               quote[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\')
          ++backslashes;
        if (quote == end || backslashes % 2 == 0) {
          if (static_cast<std::size_t>(quote - start) > kMaxTokenBytes) return false;
          p = quote == end ? end : quote + 1;
          break;
        }
        p = quote + 1;
      }
      continue;
    }
    if (kTokenEnd[static_cast<unsigned char>(*p)]) {
      ++p;
      continue;
    }
    const char* start = p;
    while (p < end && *p != '"' && !kTokenEnd[static_cast<unsigned char>(*p)]) ++p;
    if (static_cast<std::size_t>(p - start) > kMaxTokenBytes) return false;
  }
  return true;
}

}  // namespace

void RequestsMessage::clear() {
  id_ = nullptr;
  tab_ = 0;
  page_ = {};
  text_.clear();
  items_.clear();
}

RequestsMessage::Span RequestsMessage::keep(std::string_view s) {
  Span span{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(s.size())};
  text_.append(s);
  return span;
}

// The common message read in one pass over its bytes, without nlohmann's
// lexer (which takes a byte at a time and copies every string): the plain
// shape (header) with strings of printable ASCII and no escapes, integers
// of at most 18 digits, and other keys' values that are such strings or
// integers, true, false or null. Anything else — an escape, a byte outside
// printable ASCII, a fraction, a nested value under another key, any
// syntax error, any bound reached — makes run() false and leaves the body to
// the SAX scan, whose results and errors stay the only ones. What run()
// accepts the SAX scan accepts as plain with the same fields (every such
// body is valid JSON with no NUL, no token over kMaxTokenBytes, depth 3,
// and the same value count), kept in the same order; tests/protocol/
// requests_message_test.cpp holds the two together.
class PlainLexer {
 public:
  PlainLexer(std::string_view body, std::size_t max_values, RequestsMessage& message)
      : p_(body.data()),
        end_(body.data() + body.size()),
        max_values_(max_values),
        message_(message) {}

  bool run() {
    message_.clear();
    skip_space();
    if (!take('{') || !count()) return false;
    const int seen = members([this](std::string_view key) {
      if (key == "id") return id() ? 1 : -1;
      if (key == "type") {
        std::string_view type;
        return string(type) && type == "requests" && count() ? 2 : -1;
      }
      if (key == "tab") return tab() ? 4 : -1;
      if (key == "page") {
        std::string_view page;
        if (!string(page) || !count()) return -1;
        message_.page_ = message_.keep(page);
        return 8;
      }
      if (key == "requests") return items() ? 16 : -1;
      return scalar() ? 0 : -1;
    });
    skip_space();
    return seen == 31 && p_ == end_;
  }

 private:
  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool take(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  // After a number or a literal: what may follow a value.
  bool at_value_end() const { return p_ < end_ && kTokenEnd[static_cast<unsigned char>(*p_)]; }
  bool count() { return ++values_ <= max_values_; }

  bool string(std::string_view& out) {
    if (!take('"')) return false;
    const char* start = p_;
    p_ = skip_plain(p_, end_);  // the bytes a string may hold here (plain_bytes.h)
    if (p_ == end_ || *p_ != '"') return false;
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return out.size() <= kMaxTokenBytes;
  }
  // -?(0|[1-9][0-9]{0,17}), not "-0": within int64 either way, and the
  // kind (signed or not) nlohmann's lexer gives it.
  bool integer(bool& negative, std::uint64_t& value) {
    negative = take('-');
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    value = 0;
    if (*p_ == '0') {
      ++p_;
      if (negative) return false;
    } else {
      for (int digits = 0; p_ < end_ && *p_ >= '0' && *p_ <= '9'; ++p_) {
        if (++digits > 18) return false;
        value = value * 10 + static_cast<std::uint64_t>(*p_ - '0');
      }
    }
    return at_value_end() && count();
  }
  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return at_value_end() && count();
  }
  bool id() {
    if (p_ < end_ && *p_ == '"') {
      std::string_view text;
      if (!string(text) || text.size() > kMaxIdBytes || !count()) return false;
      message_.id_ = std::string(text);
      return true;
    }
    bool negative = false;
    std::uint64_t value = 0;
    if (!integer(negative, value)) return false;
    if (negative) {
      message_.id_ = -static_cast<std::int64_t>(value);
    } else {
      message_.id_ = value;
    }
    return true;
  }
  bool tab() {
    bool negative = false;
    std::uint64_t value = 0;
    if (!integer(negative, value)) return false;
    message_.tab_ = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
    return true;
  }
  // Another key's value.
  bool scalar() {
    if (p_ == end_) return false;
    std::string_view ignored;
    bool negative = false;
    std::uint64_t value = 0;
    switch (*p_) {
      case '"':
        return string(ignored) && count();
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return integer(negative, value);
    }
  }
  bool items() {
    if (!take('[') || !count()) return false;
    skip_space();
    if (take(']')) return true;
    for (;;) {
      if (!item()) return false;
      skip_space();
      if (take(']')) return true;
      if (!take(',')) return false;
      skip_space();
    }
  }
  bool item() {
    if (!take('{') || !count()) return false;
    RequestsMessage::Slots slots;
    const int seen = members([this, &slots](std::string_view key) {
      std::string_view text;
      if (key == "url") {
        if (!string(text) || !count()) return -1;
        slots.url = message_.keep(text);
        return 1;
      }
      if (key == "type") {
        if (p_ < end_ && *p_ == 'n') {
          slots.type = {};
          return literal("null") ? 2 : -1;
        }
        if (!string(text) || !count()) return -1;
        slots.type = message_.keep(text);
        return 2;
      }
      return scalar() ? 0 : -1;
    });
    if (seen < 0 || !(seen & 1)) return false;
    message_.items_.push_back(slots);
    return true;
  }

  // The members of an object whose '{' was just taken, through its '}':
  // each key, then `member(key)` reads the value at p_ and returns the
  // key's bit (0 for a key of no interest) or -1 when the value is not
  // plain. Returns the bits seen, or -1 when a member is not plain, a bit
  // comes twice or the syntax is wrong. The message and each item are read
  // by this one loop.
  template <class Member>
  int members(Member&& member) {
    int seen = 0;
    for (;;) {
      skip_space();
      std::string_view key;
      if (!string(key)) return -1;
      skip_space();
      if (!take(':')) return -1;
      skip_space();
      const int bit = member(key);
      if (bit < 0 || (seen & bit)) return -1;
      seen |= bit;
      skip_space();
      if (take(',')) continue;
      if (!take('}')) return -1;
      return seen;
    }
  }

  const char* p_;
  const char* end_;
  std::size_t max_values_;
  std::size_t values_ = 0;
  RequestsMessage& message_;
};

// Step 2 of decode_request: checks the structure, and keeps a plain
// `requests` message as it goes (see the header). The scan stops at the
// first value past a bound (returning false ends nlohmann's parser there);
// `failure` says why it stopped.
class RequestsReader final : public Json::json_sax_t {
 public:
  RequestsReader(std::size_t max_values, RequestsMessage& message)
      : max_values_(max_values), message_(message) {
    message_.clear();
  }

  bool null() override {
    if (!plain_) return count();
    switch (slot()) {
      case Slot::kIgnore:
        break;
      case Slot::kItemType:
        item_.type = {};
        break;
      default:
        plain_ = false;
    }
    return count();
  }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t value) override {
    if (!plain_) return count();
    switch (slot()) {
      case Slot::kIgnore:
        break;
      case Slot::kId:
        message_.id_ = value;
        break;
      case Slot::kTab:
        message_.tab_ = value;
        break;
      default:
        plain_ = false;
    }
    return count();
  }
  bool number_unsigned(number_unsigned_t value) override {
    if (!plain_) return count();
    switch (slot()) {
      case Slot::kIgnore:
        break;
      case Slot::kId:
        message_.id_ = value;
        break;
      case Slot::kTab:
        if (value > std::uint64_t{std::numeric_limits<std::int64_t>::max()}) plain_ = false;
        message_.tab_ = static_cast<std::int64_t>(value);
        break;
      default:
        plain_ = false;
    }
    return count();
  }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool string(string_t& value) override {
    if (!plain_) return count();
    switch (slot()) {
      case Slot::kIgnore:
        break;
      case Slot::kId:
        if (value.size() > kMaxIdBytes) plain_ = false;
        message_.id_ = value;
        break;
      case Slot::kType:
        if (value != "requests") plain_ = false;
        break;
      case Slot::kPage:
        message_.page_ = message_.keep(value);
        break;
      case Slot::kUrl:
        item_.url = message_.keep(value);
        break;
      case Slot::kItemType:
        item_.type = message_.keep(value);
        break;
      default:
        plain_ = false;
    }
    return count();
  }

  bool key(string_t& name) override {
    if (!plain_) return true;
    if (depth_ == 1) {
      top_key_ = Slot::kIgnore;
      int bit = 0;
      if (name == "id")
        top_key_ = Slot::kId, bit = 1;
      else if (name == "type")
        top_key_ = Slot::kType, bit = 2;
      else if (name == "tab")
        top_key_ = Slot::kTab, bit = 4;
      else if (name == "page")
        top_key_ = Slot::kPage, bit = 8;
      else if (name == "requests")
        top_key_ = Slot::kRequests, bit = 16;
      if (top_seen_ & bit) plain_ = false;
      top_seen_ |= bit;
    } else if (depth_ == 3 && in_item_) {
      item_key_ = Slot::kIgnore;
      int bit = 0;
      if (name == "url")
        item_key_ = Slot::kUrl, bit = 1;
      else if (name == "type")
        item_key_ = Slot::kItemType, bit = 2;
      if (item_seen_ & bit) plain_ = false;
      item_seen_ |= bit;
    }
    return true;
  }

  bool start_object(std::size_t) override {
    return open(/*top_is_plain=*/true, Slot::kItem, [this] {
      in_item_ = true;
      item_seen_ = 0;
      item_ = {};
    });
  }
  bool start_array(std::size_t) override {
    return open(/*top_is_plain=*/false, Slot::kRequests, [this] { in_requests_ = true; });
  }
  bool end_object() override {
    --depth_;
    if (plain_ && in_item_ && depth_ == 2) {
      in_item_ = false;
      if (!(item_seen_ & 1)) plain_ = false;  // no url: the handler's error
      message_.items_.push_back(item_);
    }
    return true;
  }
  bool end_array() override {
    --depth_;
    if (in_requests_ && depth_ == 1) in_requests_ = false;
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const Json::exception& error) override {
    // nlohmann's lexer checks UTF-8 inside strings (RFC 3629: no overlongs,
    // surrogates or code points over U+10FFFF) and reports it in these words.
    bool utf8 = std::string_view(error.what()).find("ill-formed UTF-8") != std::string_view::npos;
    failure = utf8 ? Error{ErrorCode::kInvalidUtf8, "the message is not valid UTF-8"}
                   : Error{ErrorCode::kInvalidJson, "the message is not valid JSON"};
    return false;
  }

  // After a whole scan: whether the message is a plain `requests` one.
  bool plain() const { return plain_ && top_object_ && top_seen_ == 31; }

  Error failure{ErrorCode::kInternal, "the structure scan stopped without a reason"};

 private:
  // Where the value being read goes.
  enum class Slot : std::uint8_t {
    kIgnore,
    kId,
    kType,
    kTab,
    kPage,
    kRequests,
    kItem,
    kUrl,
    kItemType
  };

  Slot slot() const {
    if (depth_ == 1) return top_key_;
    if (depth_ == 2 && in_requests_) return Slot::kItem;
    if (depth_ == 3 && in_item_) return item_key_;
    return Slot::kIgnore;
  }
  // An object or array opens: at the top, the message (plain when
  // `top_is_plain`); below, where `starts` is read `start()` runs, where
  // nothing is read it is ignored, and anywhere else the message is not
  // plain. Both count one value and one level.
  template <class Start>
  bool open(bool top_is_plain, Slot starts, Start start) {
    if (plain_) {
      if (depth_ == 0) {
        if (top_is_plain) {
          top_object_ = true;
        } else {
          plain_ = false;
        }
      } else if (const Slot at = slot(); at == starts) {
        start();
      } else if (at != Slot::kIgnore) {
        plain_ = false;
      }
    }
    return count() && enter();
  }
  // A value of a kind no plain message has where the message is read.
  bool scalar() {
    if (plain_ && slot() != Slot::kIgnore) plain_ = false;
    return count();
  }
  bool count() {
    if (++values_ <= max_values_) return true;
    failure = Error{ErrorCode::kTooMany,
                    "the message holds more than " + std::to_string(max_values_) + " values"};
    return false;
  }
  bool enter() {
    if (++depth_ <= kMaxDepth) return true;
    failure = Error{ErrorCode::kTooDeep,
                    "the message nests deeper than " + std::to_string(kMaxDepth) + " levels"};
    return false;
  }

  std::size_t max_values_;
  RequestsMessage& message_;
  std::size_t values_ = 0;
  int depth_ = 0;
  bool plain_ = true;
  bool top_object_ = false;
  bool in_requests_ = false;
  bool in_item_ = false;
  int top_seen_ = 0;
  int item_seen_ = 0;
  Slot top_key_ = Slot::kIgnore;
  Slot item_key_ = Slot::kIgnore;
  RequestsMessage::Slots item_;
};

bool scan_plain(std::string_view body, std::size_t max_values, RequestsMessage& message) {
  return PlainLexer(body, max_values, message).run();
}

std::expected<bool, DecodeFailure> scan_message(std::string_view body, std::size_t max_values,
                                                RequestsMessage& message) {
  if (scan_plain(body, max_values, message)) return true;
  return scan_message_reference(body, max_values, message);
}

std::expected<bool, DecodeFailure> scan_message_reference(std::string_view body,
                                                          std::size_t max_values,
                                                          RequestsMessage& message) {
  auto fail = [](Error error) { return std::unexpected(DecodeFailure{std::move(error), nullptr}); };
  // A raw NUL is valid nowhere in JSON, but nlohmann's lexer would take it
  // for the end of the input: `{…}<NUL>garbage` would pass as `{…}`.
  if (body.find('\0') != std::string_view::npos) {
    return fail({ErrorCode::kInvalidJson, "the message is not valid JSON"});
  }
  if (!tokens_within_limit(body)) {
    return fail({ErrorCode::kTooLong, "the message holds a string or number over " +
                                          std::to_string(kMaxTokenBytes) + " bytes"});
  }
  RequestsReader reader(max_values, message);
  if (!Json::sax_parse(body, &reader)) return fail(std::move(reader.failure));
  return reader.plain();
}

}  // namespace sauatty::protocol
