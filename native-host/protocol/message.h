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

// Nesting deeper than this is refused while scanning, before any DOM is
// built (a 200,000-deep array costs a scan, not a stack). Our deepest
// message nests 4 levels.
inline constexpr int kMaxDepth = 64;

// Longest string, key or number, in bytes as sent (escapes count as
// written): 8 times the longest URL the host accepts (url::kMaxUrlLength),
// and the extension cuts free text to 1,000 characters. It bounds what the
// JSON lexer buffers and copies, so that a frame costs about twice its size.
inline constexpr std::size_t kMaxTokenBytes = 64 * 1024;

// Longest string `id`: the id is echoed in every answer (the extension's
// ids are small integers).
inline constexpr std::size_t kMaxIdBytes = 256;

struct DecodeFailure {
  Error error;
  Json id;  // the request's id when it could be read, else null
};

// Turns a frame body into a request object. Each step refuses with the code
// in brackets, and everything before the DOM with a null id:
//   1. the bytes: no NUL anywhere (kInvalidJson; JSON has none outside
//      escapes, and nlohmann's lexer would stop at one and ignore what
//      follows), no token over kMaxTokenBytes (kTooLong);
//   2. a SAX scan that keeps nothing: one JSON value and nothing after it
//      but whitespace (kInvalidJson), strings and keys in well-formed UTF-8
//      (kInvalidUtf8: no overlongs, surrogates or code points over
//      U+10FFFF), nesting at most kMaxDepth (kTooDeep), at most
//      `max_values` values — every scalar, array and object counts one,
//      keys do not (kTooMany). So a message no valid request looks like
//      costs a scan: 8 MiB of `[{},{},…]` as a DOM peaked the host at
//      310 MiB;
//   3. the DOM, and the envelope: an object (kNotObject) with an `id` that
//      is a string or an integer (kMissingField, kWrongType), a string id at
//      most kMaxIdBytes long (kTooLong), and a string `type` (kMissingField,
//      kWrongType; these two echo the id).
std::expected<Json, DecodeFailure> decode_request(std::string_view body, std::size_t max_values);

// Step 3 alone, for a body that passed steps 1 and 2 (scan_message in
// requests_message.h, which decode_request runs first).
std::expected<Json, DecodeFailure> decode_scanned(std::string_view body);

// Field readers: a missing required field is kMissingField, a field of
// another JSON type kWrongType; the message names the field. A required
// string that is null is kWrongType; an optional one that is null reads as
// "". integer_field refuses integers outside int64 (kWrongType) rather than
// wrapping them.
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
