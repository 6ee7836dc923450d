#include "protocol/session.h"

#include <algorithm>
#include <exception>
#include <ostream>

namespace sauatty::protocol {

std::vector<std::string> answer_frame(std::string_view body, std::span<const HandlerEntry> table,
                                      SessionCounters& counters) {
  ++counters.frames_in;
  Json answer;
  auto request = decode_request(body);
  if (!request) {
    answer = error_response(request.error().id, request.error().error);
  } else {
    const Json& id = (*request)["id"];
    const std::string& type = (*request)["type"].get_ref<const std::string&>();
    auto entry = std::find_if(table.begin(), table.end(),
                              [&](const HandlerEntry& e) { return e.type == type; });
    if (entry == table.end()) {
      answer = error_response(id, Error{ErrorCode::kUnknownType, "no message type '" + type + "'"});
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
                std::span<const HandlerEntry> table, std::uint32_t max_frame,
                SessionCounters& counters) {
  FrameReader reader(in, max_frame);
  FrameWriter writer(out);
  for (;;) {
    auto body = reader.next();
    if (!body) {
      if (body.error() == FrameError::kEndOfInput) return 0;
      log << "sauatty-host: " << describe(body.error()) << "; closing the session\n";
      log.flush();
      return 2;
    }
    for (const std::string& frame : answer_frame(*body, table, counters)) {
      if (auto written = writer.write(frame); !written) {
        log << "sauatty-host: " << describe(written.error()) << "\n";
        return 3;
      }
    }
  }
}

}  // namespace sauatty::protocol
