#include "protocol/session.h"

#include <algorithm>
#include <exception>
#include <ostream>

namespace sauatty::protocol {
namespace {

// Message types are short words; a longer `type` (it may be up to
// kMaxTokenBytes) is not quoted back, so that the error stays short.
constexpr std::size_t kMaxQuotedType = 64;

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

std::vector<std::string> answer_frame(std::string_view body, std::span<const HandlerEntry> table,
                                      std::size_t max_values, SessionCounters& counters) {
  ++counters.frames_in;
  Json answer;
  auto request = decode_request(body, max_values);
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
  auto frames = encode_answer(answer, kMaxOutputFrame);
  counters.frames_out += frames.size();
  return frames;
}

int run_session(std::istream& in, std::ostream& out, std::ostream& log,
                std::span<const HandlerEntry> table, const SessionOptions& options,
                SessionCounters& counters) {
  FrameReader reader(in, options.max_frame);
  FrameWriter writer(out);
  for (;;) {
    std::size_t largest = 0;
    {
      auto body = reader.next();
      if (!body) {
        if (body.error() == FrameError::kEndOfInput) return 0;
        return end_session(log, body.error(), 2);
      }
      std::size_t answered = 0;
      for (const std::string& frame : answer_frame(*body, table, options.max_values, counters)) {
        if (auto written = writer.write(frame); !written)
          return end_session(log, written.error(), 3);
        answered += frame.size();
      }
      largest = std::max(body->size(), answered);
    }  // the body, its DOM and the answer are freed here
    if (largest >= kLargeFrame && options.after_large_frame) options.after_large_frame();
  }
}

}  // namespace sauatty::protocol
