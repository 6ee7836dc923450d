// Messages: frame bodies ⇄ JSON objects, with the checks the protocol
// promises (docs/PROTOCOL.md). This is the one place JSON parse exceptions
// are caught; everything past it sees a valid object or an Error value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/error.h"

namespace sauatty::protocol {

using Json = nlohmann::json;

// Nesting deeper than this is refused before parsing (a 200,000-deep array
// must cost a scan, not a stack). Our deepest message nests 4 levels.
inline constexpr int kMaxDepth = 64;

struct DecodeFailure {
  Error error;
  Json id;  // the request's id when it could be read, else null
};

// Validates UTF-8 and depth, parses, and checks the envelope: an object with
// an `id` (string or integer) and a string `type`.
std::expected<Json, DecodeFailure> decode_request(std::string_view body);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points over U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Field readers: a missing required field is kMissingField, a field of
// another JSON type kWrongType; the message names the field.
std::expected<std::string_view, Error> string_field(const Json& object, std::string_view key);
std::expected<std::string_view, Error> optional_string_field(const Json& object,
                                                             std::string_view key);
std::expected<std::int64_t, Error> integer_field(const Json& object, std::string_view key);
std::expected<const Json*, Error> array_field(const Json& object, std::string_view key,
                                              std::size_t max_items);
std::expected<const Json*, Error> optional_object_field(const Json& object, std::string_view key);

// Envelopes. `payload` fields are merged after id/ok/type.
Json ok_response(const Json& id, std::string_view type, Json payload);
Json error_response(const Json& id, const Error& error);

// Serializes an answer into frames of at most `max_frame` bytes. An answer
// that does not fit is split on the array named by its "part" field (see
// docs/PROTOCOL.md, "Split answers"): every frame repeats the other fields,
// carries a slice of the array, and all but the last say "more": true. An
// answer that cannot be split to fit becomes an `internal` error frame.
std::vector<std::string> encode_answer(const Json& answer, std::size_t max_frame);

}  // namespace sauatty::protocol
