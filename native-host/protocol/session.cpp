#include "protocol/session.h"

#include <algorithm>
#include <exception>
#include <ostream>

namespace sauatty::protocol {
namespace {

// Message types are short words; a longer `type` (it may be up to
// kMaxTokenBytes) is not quoted back, so that the error stays short.
constexpr std::size_t kMaxQuotedType = 64;

// A frame or answer at least this large leaves no buffer behind: what a
// session keeps between frames stays this small.
constexpr std::size_t kKeptBuffer = 256 * 1024;

Error unknown_type(const std::string& type) {
  if (type.size() > kMaxQuotedType) {
    return Error{ErrorCode::kUnknownType,
                 "no message type of that name (" + std::to_string(type.size()) + " bytes)"};
  }
  return Error{ErrorCode::kUnknownType, "no message type '" + type + "'"};
}

// One line on `log` (never frame contents), then the session's exit code.
int end_session(std::ostream& log, FrameError error, int code) {
  log << "sauatty-host: " << describe(error) << "; closing the session\n";
  log.flush();
  return code;
}

}  // namespace

void answer_frame(std::string_view body, std::span<const HandlerEntry> table,
                  std::size_t max_values, SessionCounters& counters, AnswerBuffers& buffers) {
  ++counters.frames_in;
  std::vector<std::string>& frames = buffers.frames;
  auto scanned = scan_message(body, max_values, buffers.request);
  if (scanned && *scanned) {
    auto entry = std::find_if(table.begin(), table.end(),
                              [](const HandlerEntry& e) { return e.type == "requests"; });
    if (entry != table.end() && entry->write_requests) {
      frames.resize(1);
      frames[0].clear();
      bool written = false;
      try {
        written = entry->write_requests(buffers.request, frames[0]);
      } catch (const std::exception&) {
        written = false;  // `handle` answers it, as it answers every other failure
      }
      if (written && frames[0].size() <= kMaxOutputFrame) {
        ++counters.frames_out;
        return;
      }
    }
  }
  Json answer;
  std::expected<Json, DecodeFailure> request =
      scanned ? decode_scanned(body) : std::unexpected(std::move(scanned.error()));
  if (!request) {
    answer = error_response(request.error().id, request.error().error);
  } else {
    const Json& id = (*request)["id"];
    const std::string& type = (*request)["type"].get_ref<const std::string&>();
    auto entry = std::find_if(table.begin(), table.end(),
                              [&](const HandlerEntry& e) { return e.type == type; });
    if (entry == table.end()) {
      answer = error_response(id, unknown_type(type));
    } else {
      try {
        auto payload = entry->handle(*request);
        answer = payload ? ok_response(id, type, std::move(*payload))
                         : error_response(id, payload.error());
      } catch (const std::exception& e) {
        // A handler bug must not end the browser's session.
        answer = error_response(id, Error{ErrorCode::kInternal, e.what()});
      }
    }
  }
  if (!answer.value("ok", false)) ++counters.errors;
  frames = encode_answer(answer, kMaxOutputFrame);
  counters.frames_out += frames.size();
}

std::vector<std::string> answer_frame(std::string_view body, std::span<const HandlerEntry> table,
                                      std::size_t max_values, SessionCounters& counters) {
  AnswerBuffers buffers;
  answer_frame(body, table, max_values, counters, buffers);
  return std::move(buffers.frames);
}

int run_session(std::istream& in, std::ostream& out, std::ostream& log,
                std::span<const HandlerEntry> table, const SessionOptions& options,
                SessionCounters& counters) {
  FrameReader reader(in, options.max_frame);
  FrameWriter writer(out);
  std::string body;
  AnswerBuffers buffers;
  for (;;) {
    if (auto read = reader.next(body); !read) {
      if (read.error() == FrameError::kEndOfInput) return 0;
      return end_session(log, read.error(), 2);
    }
    answer_frame(body, table, options.max_values, counters, buffers);
    std::size_t answered = 0;
    for (const std::string& frame : buffers.frames) {
      if (auto written = writer.write(frame); !written) return end_session(log, written.error(), 3);
      answered += frame.size();
    }
    if (options.after_answer) options.after_answer();
    const std::size_t largest = std::max(body.size(), answered);
    if (largest >= kKeptBuffer) {
      // Buffers are kept for frames of everyday size only; the body, its
      // DOM and the answer are freed before memory goes back.
      // (Swapped with empty ones: a move-assigned std::string keeps its
      // buffer.)
      std::string().swap(body);
      AnswerBuffers().swap(buffers);
      if (largest >= kLargeFrame && options.after_large_frame) options.after_large_frame();
    }
  }
}

}  // namespace sauatty::protocol
