// Protocol errors: a stable code the extension localizes, and an English
// message for people reading logs. Messages name the field at fault, never
// its value (a value may be a visited URL).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sauatty::protocol {

enum class ErrorCode : std::uint8_t {
  kInvalidJson,
  kInvalidUtf8,
  kNotObject,
  kTooDeep,
  kMissingField,
  kWrongType,
  kUnknownType,
  kInvalidUrl,
  kUrlTooLong,
  kTooMany,
  kTooLong,
  kBadRequest,       // a field's value is not one the message takes
  kDashboardFailed,  // the workshop view's server could not start
  kInternal,
};

// The code as docs/PROTOCOL.md spells it ("invalid_json", …).
std::string_view code_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
};

}  // namespace sauatty::protocol
