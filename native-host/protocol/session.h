// A native-messaging session: read a frame, decode it, dispatch it through a
// table of handlers, write the answer (split if needed), repeat until the
// browser closes the port.
//
// Recoverable errors (bad JSON, unknown type, bad fields, a handler's Error)
// are answered with an error envelope and the session reads on. Framing
// errors end the session: one line on `log` (never frame contents) and
// exit code 2.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <iosfwd>
#include <span>
#include <string_view>

#include "protocol/error.h"
#include "protocol/frame.h"
#include "protocol/message.h"

namespace sauatty::protocol {

// A handler gets the whole request object (envelope already checked) and
// returns the answer's payload fields; the session adds id, ok and type.
using Handler = std::function<std::expected<Json, Error>(const Json& request)>;

struct HandlerEntry {
  std::string_view type;
  Handler handle;
};

struct SessionCounters {
  std::uint64_t frames_in = 0;
  std::uint64_t frames_out = 0;
  std::uint64_t errors = 0;
};

// Answers one frame body: the frames to write back (usually one).
std::vector<std::string> answer_frame(std::string_view body, std::span<const HandlerEntry> table,
                                      SessionCounters& counters);

// Runs until end of input. Returns the process exit code: 0 after a clean
// end of input, 2 after a framing error, 3 when the output fails.
int run_session(std::istream& in, std::ostream& out, std::ostream& log,
                std::span<const HandlerEntry> table, std::uint32_t max_frame,
                SessionCounters& counters);

}  // namespace sauatty::protocol
