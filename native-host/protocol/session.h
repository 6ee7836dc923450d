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
#include <string>
#include <string_view>
#include <vector>

#include "protocol/error.h"
#include "protocol/frame.h"
#include "protocol/message.h"
#include "protocol/requests_message.h"

namespace sauatty::protocol {

// A handler gets the whole request object (envelope already checked) and
// returns the answer's payload fields; the session adds id, ok and type.
using Handler = std::function<std::expected<Json, Error>(const Json& request)>;

// The fast way for a plain `requests` message (requests_message.h): writes
// the whole answer, envelope included, into `out`, byte for byte as `handle`
// and the session would; or returns false (and must then have changed
// nothing but `out`) to leave the message to `handle`, as for every error.
using RequestsWriter = std::function<bool(const RequestsMessage& request, std::string& out)>;

struct HandlerEntry {
  std::string_view type;
  Handler handle;
  RequestsWriter write_requests = nullptr;  // only for "requests"; may be empty
};

struct SessionCounters {
  std::uint64_t frames_in = 0;
  std::uint64_t frames_out = 0;
  std::uint64_t errors = 0;
};

// What a session accepts from the browser, and its hook for large frames.
struct SessionOptions {
  // Longest frame body from the browser (at most kMaxInputFrameCeiling).
  std::uint32_t max_frame = kDefaultMaxInputFrame;
  // Most JSON values one message may hold (decode_request); the handler
  // table's owner derives it from the largest valid message.
  std::size_t max_values = 0;
  // Called once a frame of kLargeFrame bytes or more, or an answer of as
  // many bytes, has been answered and freed: the place to give freed memory
  // back to the system. May be empty.
  std::function<void()> after_large_frame;
  // Called after each answer has been written and flushed (also when a
  // message got an error answer): work the answer must not wait for or
  // share the CPU with can start here. May be empty.
  std::function<void()> after_answer;
};

// Frames at least this large are followed by SessionOptions::after_large_frame
// (a real message is a few KiB; the answer to 2,000 requests that all hit a
// tracker rule is ~0.45 MB).
inline constexpr std::size_t kLargeFrame = 1u << 20;

// What answering keeps from one frame to the next, so that a steady stream
// of messages reuses its buffers instead of allocating.
struct AnswerBuffers {
  RequestsMessage request;
  std::vector<std::string> frames;  // the last answer's frames

  void swap(AnswerBuffers& other) noexcept {
    request.swap(other.request);
    frames.swap(other.frames);
  }
};

// Answers one frame body: the frames to write back (usually one), in
// `buffers.frames`.
void answer_frame(std::string_view body, std::span<const HandlerEntry> table,
                  std::size_t max_values, SessionCounters& counters, AnswerBuffers& buffers);

// The same, with buffers of its own (for tests and tools).
std::vector<std::string> answer_frame(std::string_view body, std::span<const HandlerEntry> table,
                                      std::size_t max_values, SessionCounters& counters);

// Runs until end of input. Returns the process exit code: 0 after a clean
// end of input, 2 after a framing error, 3 when the output fails (one line
// on `log` saying why; kOutputClosed when the browser closed the pipe, which
// needs SIGPIPE ignored to be seen at all).
int run_session(std::istream& in, std::ostream& out, std::ostream& log,
                std::span<const HandlerEntry> table, const SessionOptions& options,
                SessionCounters& counters);

}  // namespace sauatty::protocol
