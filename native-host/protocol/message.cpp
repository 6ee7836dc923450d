#include "protocol/message.h"

#include <limits>

#include "protocol/requests_message.h"

namespace sauatty::protocol {
namespace {

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
    case ErrorCode::kBadRequest:
      return "bad_request";
    case ErrorCode::kDashboardFailed:
      return "dashboard_failed";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::expected<Json, DecodeFailure> decode_request(std::string_view body, std::size_t max_values) {
  RequestsMessage unused;
  if (auto scanned = scan_message(body, max_values, unused); !scanned) {
    return std::unexpected(std::move(scanned.error()));
  }
  return decode_scanned(body);
}

std::expected<Json, DecodeFailure> decode_scanned(std::string_view body) {
  auto fail = [](Error error, Json id = nullptr) {
    return std::unexpected(DecodeFailure{std::move(error), std::move(id)});
  };
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
