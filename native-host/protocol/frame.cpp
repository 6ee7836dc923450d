#include "protocol/frame.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <istream>
#include <ostream>

namespace sauatty::protocol {
namespace {

// Bodies are read in chunks of this size, so that memory grows with the
// bytes that arrive, not with the length a header claims.
constexpr std::size_t kReadChunk = 64 * 1024;

std::size_t read_some(std::istream& in, char* data, std::size_t size) {
  in.read(data, static_cast<std::streamsize>(size));
  return static_cast<std::size_t>(in.gcount());
}

}  // namespace

std::string_view describe(FrameError error) {
  switch (error) {
    case FrameError::kEndOfInput:
      return "end of input";
    case FrameError::kShortHeader:
      return "input ended inside a frame header";
    case FrameError::kShortBody:
      return "input ended before the frame's declared length";
    case FrameError::kTooLarge:
      return "frame length over the input limit";
    case FrameError::kWriteFailed:
      return "could not write to the browser";
    case FrameError::kOutputClosed:
      return "could not write to the browser: it closed the pipe";
    case FrameError::kOutputTooLarge:
      return "refused to write a frame over 1 MiB";
  }
  return "framing error";
}

FrameReader::FrameReader(std::istream& in, std::uint32_t max_frame)
    : in_(in), max_frame_(max_frame) {}

std::expected<std::string, FrameError> FrameReader::next() {
  std::string body;
  if (auto read = next(body); !read) return std::unexpected(read.error());
  return body;
}

std::expected<void, FrameError> FrameReader::next(std::string& body) {
  body.clear();
  char header[4];
  std::size_t got = read_some(in_, header, sizeof header);
  if (got == 0) return std::unexpected(FrameError::kEndOfInput);
  if (got < sizeof header) return std::unexpected(FrameError::kShortHeader);
  std::uint32_t length = 0;
  std::memcpy(&length, header, sizeof length);  // native byte order
  if (length > max_frame_) return std::unexpected(FrameError::kTooLarge);
  while (body.size() < length) {
    std::size_t want = std::min<std::size_t>(kReadChunk, length - body.size());
    std::size_t old = body.size();
    body.resize(old + want);
    std::size_t n = read_some(in_, body.data() + old, want);
    body.resize(old + n);
    if (n < want) return std::unexpected(FrameError::kShortBody);
  }
  return {};
}

FrameWriter::FrameWriter(std::ostream& out) : out_(out) {}

std::expected<void, FrameError> FrameWriter::write(std::string_view body) {
  if (body.size() > kMaxOutputFrame) return std::unexpected(FrameError::kOutputTooLarge);
  std::uint32_t length = static_cast<std::uint32_t>(body.size());
  char header[4];
  std::memcpy(header, &length, sizeof header);
  errno = 0;
  out_.write(header, sizeof header);
  out_.write(body.data(), static_cast<std::streamsize>(body.size()));
  out_.flush();
  if (!out_) {
    return std::unexpected(errno == EPIPE ? FrameError::kOutputClosed : FrameError::kWriteFailed);
  }
  return {};
}

std::string encode_frame(std::string_view body) {
  std::uint32_t length = static_cast<std::uint32_t>(body.size());
  std::string out(4, '\0');
  std::memcpy(out.data(), &length, sizeof length);
  out.append(body);
  return out;
}

}  // namespace sauatty::protocol
