#include "protocol/message.h"

#include <algorithm>

namespace sauatty::protocol {
namespace {

// Depth of the deepest [ or { nesting, stopping early past kMaxDepth;
// strings (with escapes) are skipped so brackets in them do not count.
bool depth_within_limit(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

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
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::expected<Json, DecodeFailure> decode_request(std::string_view body) {
  if (!is_valid_utf8(body)) {
    return std::unexpected(
        DecodeFailure{{ErrorCode::kInvalidUtf8, "the message is not valid UTF-8"}, nullptr});
  }
  if (!depth_within_limit(body)) {
    return std::unexpected(
        DecodeFailure{{ErrorCode::kTooDeep,
                       "the message nests deeper than " + std::to_string(kMaxDepth) + " levels"},
                      nullptr});
  }
  Json message = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    return std::unexpected(
        DecodeFailure{{ErrorCode::kInvalidJson, "the message is not valid JSON"}, nullptr});
  }
  if (!message.is_object()) {
    return std::unexpected(
        DecodeFailure{{ErrorCode::kNotObject, "the message is not a JSON object"}, nullptr});
  }
  auto id = message.find("id");
  if (id == message.end()) {
    return std::unexpected(
        DecodeFailure{field_error(ErrorCode::kMissingField, "id", "is missing"), nullptr});
  }
  if (!id->is_string() && !id->is_number_integer()) {
    return std::unexpected(DecodeFailure{
        field_error(ErrorCode::kWrongType, "id", "must be a string or an integer"), nullptr});
  }
  Json id_value = *id;
  auto type = message.find("type");
  if (type == message.end()) {
    return std::unexpected(
        DecodeFailure{field_error(ErrorCode::kMissingField, "type", "is missing"), id_value});
  }
  if (!type->is_string()) {
    return std::unexpected(
        DecodeFailure{field_error(ErrorCode::kWrongType, "type", "must be a string"), id_value});
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
  return optional_string_field(object, key);
}

std::expected<std::int64_t, Error> integer_field(const Json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end())
    return std::unexpected(field_error(ErrorCode::kMissingField, key, "is missing"));
  if (!it->is_number_integer()) {
    return std::unexpected(field_error(ErrorCode::kWrongType, key, "must be an integer"));
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
