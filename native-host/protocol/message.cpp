#include "protocol/message.h"

#include <limits>

namespace sauatty::protocol {
namespace {

// Step 1 of decode_request: no token nlohmann's lexer would buffer is over
// kMaxTokenBytes. A token is the raw bytes of a string or key, or a run of
// bytes outside strings that are neither whitespace nor structural (a
// number, a literal, or garbage). The lexer keeps a token twice while
// reading it, and copies it three more times into the error it reports when
// the token turns out malformed: before this bound, one 8 MiB string with a
// bad byte at its end peaked the host at 64.1 MiB, an 8 MiB number at
// 72.2 MiB (VmHWM, embedded rules).
bool tokens_within_limit(std::string_view body) {
  std::size_t run = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '"') {
        in_string = false;
        run = 0;
        continue;
      }
      if (c == '\\') {  // the escaped byte belongs to the token
        ++i;
        ++run;
      }
    } else if (c == '"') {
      in_string = true;
      run = 0;
      continue;
    } else if (std::string_view("{}[]:, \t\n\r").find(c) != std::string_view::npos) {
      run = 0;
      continue;
    }
    if (++run > kMaxTokenBytes) return false;
  }
  return true;
}

// Step 2 of decode_request: checks the structure and keeps nothing. The
// scan stops at the first value past a bound (returning false ends
// nlohmann's parser there); `failure` says why it stopped.
class StructureScan final : public Json::json_sax_t {
 public:
  explicit StructureScan(std::size_t max_values) : max_values_(max_values) {}

  bool null() override { return count(); }
  bool boolean(bool) override { return count(); }
  bool number_integer(number_integer_t) override { return count(); }
  bool number_unsigned(number_unsigned_t) override { return count(); }
  bool number_float(number_float_t, const string_t&) override { return count(); }
  bool string(string_t&) override { return count(); }
  bool binary(binary_t&) override { return count(); }
  bool key(string_t&) override { return true; }
  bool start_object(std::size_t) override { return count() && enter(); }
  bool start_array(std::size_t) override { return count() && enter(); }
  bool end_object() override { return leave(); }
  bool end_array() override { return leave(); }

  bool parse_error(std::size_t, const std::string&, const Json::exception& error) override {
    // nlohmann's lexer checks UTF-8 inside strings (RFC 3629: no overlongs,
    // surrogates or code points over U+10FFFF) and reports it in these words.
    bool utf8 = std::string_view(error.what()).find("ill-formed UTF-8") != std::string_view::npos;
    failure = utf8 ? Error{ErrorCode::kInvalidUtf8, "the message is not valid UTF-8"}
                   : Error{ErrorCode::kInvalidJson, "the message is not valid JSON"};
    return false;
  }

  Error failure{ErrorCode::kInternal, "the structure scan stopped without a reason"};

 private:
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
  bool leave() {
    --depth_;
    return true;
  }

  std::size_t max_values_;
  std::size_t values_ = 0;
  int depth_ = 0;
};

Error field_error(ErrorCode code, std::string_view key, std::string_view what) {
  return Error{code, "field '" + std::string(key) + "' " + std::string(what)};
}

}  // namespace

std::string_view code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson:
      return "invalid_json";
    case ErrorCode::kInvalidUtf8:
      return "invalid_utf8";
    case ErrorCode::kNotObject:
      return "not_object";
    case ErrorCode::kTooDeep:
      return "too_deep";
    case ErrorCode::kMissingField:
      return "missing_field";
    case ErrorCode::kWrongType:
      return "wrong_type";
    case ErrorCode::kUnknownType:
      return "unknown_type";
    case ErrorCode::kInvalidUrl:
      return "invalid_url";
    case ErrorCode::kUrlTooLong:
      return "url_too_long";
    case ErrorCode::kTooMany:
      return "too_many";
    case ErrorCode::kTooLong:
      return "too_long";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::expected<Json, DecodeFailure> decode_request(std::string_view body, std::size_t max_values) {
  auto fail = [](Error error, Json id = nullptr) {
    return std::unexpected(DecodeFailure{std::move(error), std::move(id)});
  };
  // A raw NUL is valid nowhere in JSON, but nlohmann's lexer would take it
  // for the end of the input: `{…}<NUL>garbage` would pass as `{…}`.
  if (body.find('\0') != std::string_view::npos) {
    return fail({ErrorCode::kInvalidJson, "the message is not valid JSON"});
  }
  if (!tokens_within_limit(body)) {
    return fail({ErrorCode::kTooLong, "the message holds a string or number over " +
                                          std::to_string(kMaxTokenBytes) + " bytes"});
  }
  StructureScan scan(max_values);
  if (!Json::sax_parse(body, &scan)) return fail(std::move(scan.failure));

  Json message = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return fail({ErrorCode::kInternal, "the second parse failed"});
  if (!message.is_object())
    return fail({ErrorCode::kNotObject, "the message is not a JSON object"});
  auto id = message.find("id");
  if (id == message.end()) return fail(field_error(ErrorCode::kMissingField, "id", "is missing"));
  if (!id->is_string() && !id->is_number_integer()) {
    return fail(field_error(ErrorCode::kWrongType, "id", "must be a string or an integer"));
  }
  if (id->is_string() && id->get_ref<const std::string&>().size() > kMaxIdBytes) {
    return fail(field_error(ErrorCode::kTooLong, "id",
                            "is longer than " + std::to_string(kMaxIdBytes) + " bytes"));
  }
  auto type = message.find("type");
  if (type == message.end()) {
    return fail(field_error(ErrorCode::kMissingField, "type", "is missing"), *id);
  }
  if (!type->is_string()) {
    return fail(field_error(ErrorCode::kWrongType, "type", "must be a string"), *id);
  }
  return message;
}

std::expected<std::string_view, Error> optional_string_field(const Json& object,
                                                             std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string_view{};
  if (!it->is_string())
    return std::unexpected(field_error(ErrorCode::kWrongType, key, "must be a string"));
  return std::string_view(it->get_ref<const std::string&>());
}

std::expected<std::string_view, Error> string_field(const Json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end())
    return std::unexpected(field_error(ErrorCode::kMissingField, key, "is missing"));
  if (it->is_null())
    return std::unexpected(field_error(ErrorCode::kWrongType, key, "must be a string"));
  return optional_string_field(object, key);
}

std::expected<std::int64_t, Error> integer_field(const Json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end())
    return std::unexpected(field_error(ErrorCode::kMissingField, key, "is missing"));
  // nlohmann keeps integers over INT64_MAX unsigned; get<std::int64_t>()
  // would wrap 2^63 to -2^63.
  bool fits = it->is_number_integer() &&
              !(it->is_number_unsigned() &&
                it->get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()});
  if (!fits) {
    return std::unexpected(
        field_error(ErrorCode::kWrongType, key, "must be an integer from -2^63 to 2^63-1"));
  }
  return it->get<std::int64_t>();
}

std::expected<const Json*, Error> array_field(const Json& object, std::string_view key,
                                              std::size_t max_items) {
  auto it = object.find(key);
  if (it == object.end())
    return std::unexpected(field_error(ErrorCode::kMissingField, key, "is missing"));
  if (!it->is_array())
    return std::unexpected(field_error(ErrorCode::kWrongType, key, "must be an array"));
  if (it->size() > max_items) {
    return std::unexpected(field_error(ErrorCode::kTooMany, key,
                                       "has more than " + std::to_string(max_items) + " items"));
  }
  return &*it;
}

std::expected<const Json*, Error> optional_object_field(const Json& object, std::string_view key) {
  static const Json kEmpty = Json::object();
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return &kEmpty;
  if (!it->is_object())
    return std::unexpected(field_error(ErrorCode::kWrongType, key, "must be an object"));
  return &*it;
}

Json ok_response(const Json& id, std::string_view type, Json payload) {
  Json out = {{"id", id}, {"ok", true}, {"type", type}};
  if (payload.is_object()) {
    for (auto& [key, value] : payload.items()) out[key] = std::move(value);
  }
  return out;
}

Json error_response(const Json& id, const Error& error) {
  return {{"id", id},
          {"ok", false},
          {"error", {{"code", code_name(error.code)}, {"message", error.message}}}};
}

std::vector<std::string> encode_answer(const Json& answer, std::size_t max_frame) {
  std::string whole = answer.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (whole.size() <= max_frame) return {std::move(whole)};

  auto part = answer.find("part");
  const Json* items = nullptr;
  if (part != answer.end() && part->is_string()) {
    auto it = answer.find(part->get<std::string>());
    if (it != answer.end() && it->is_array()) items = &*it;
  }
  auto fail = [&](std::string message) {
    return std::vector<std::string>{
        error_response(answer.value("id", Json()), Error{ErrorCode::kInternal, std::move(message)})
            .dump()};
  };
  if (items == nullptr) return fail("the answer is over 1 MiB and cannot be split");

  Json base = answer;
  const std::string key = part->get<std::string>();
  base[key] = Json::array();
  base["more"] = true;
  const std::size_t overhead = base.dump().size();
  if (overhead >= max_frame) return fail("the answer's fixed fields are over 1 MiB");
  const std::size_t budget = max_frame - overhead;

  std::vector<std::string> frames;
  Json slice = Json::array();
  std::size_t slice_bytes = 0;
  auto flush = [&](bool last) {
    Json frame = base;
    frame[key] = std::move(slice);
    if (last) frame.erase("more");
    frames.push_back(frame.dump(-1, ' ', false, Json::error_handler_t::replace));
    slice = Json::array();
    slice_bytes = 0;
  };
  for (const Json& item : *items) {
    std::size_t bytes = item.dump(-1, ' ', false, Json::error_handler_t::replace).size() + 1;
    if (bytes > budget) return fail("one item of the answer is over 1 MiB");
    if (slice_bytes + bytes > budget) flush(false);
    slice.push_back(item);
    slice_bytes += bytes;
  }
  flush(true);
  return frames;
}

}  // namespace sauatty::protocol
