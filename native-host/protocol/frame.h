// The browsers' native-messaging framing: a 32-bit length in native byte
// order, then that many bytes of UTF-8 JSON.
//
// FrameReader reads whole frames from a stream (block reads, no polling) and
// never allocates more than the bytes that actually arrived, so a header that
// claims 4 GiB costs nothing. FrameWriter refuses frames over the browsers'
// 1 MiB limit for host → browser messages; callers split larger answers (see
// split.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <iosfwd>
#include <string>
#include <string_view>

namespace sauatty::protocol {

// Default bound on a frame from the browser. Chrome allows 64 MiB; our
// biggest legitimate message (a batch of 2,000 requests with 8 KiB URLs) is
// under 17 MiB only in the pathological case, a few KiB in practice.
inline constexpr std::uint32_t kDefaultMaxInputFrame = 8u << 20;
inline constexpr std::uint32_t kMaxInputFrameCeiling = 64u << 20;
// Chrome and Firefox drop the port on a host → browser frame over this.
inline constexpr std::size_t kMaxOutputFrame = 1u << 20;

enum class FrameError : std::uint8_t {
  kEndOfInput,      // clean end between frames: not an error for the session
  kShortHeader,     // input ended inside the 4-byte header
  kShortBody,       // input ended before the declared length
  kTooLarge,        // declared length over the reader's limit
  kWriteFailed,     // the output stream failed for another reason
  kOutputClosed,    // the browser closed its end of the pipe (EPIPE)
  kOutputTooLarge,  // a frame over kMaxOutputFrame was refused
};

// One line for stderr; never contains frame contents.
std::string_view describe(FrameError error);

class FrameReader {
 public:
  // `in` must outlive the reader and be in binary mode.
  FrameReader(std::istream& in, std::uint32_t max_frame);

  // The next frame's body. On kTooLarge the stream is left mid-frame: the
  // session must end (the stream cannot be trusted any more).
  std::expected<std::string, FrameError> next();
  // The same into `body`, whose buffer is reused (a steady stream of
  // frames then allocates nothing).
  std::expected<void, FrameError> next(std::string& body);

 private:
  std::istream& in_;
  std::uint32_t max_frame_;
};

class FrameWriter {
 public:
  explicit FrameWriter(std::ostream& out);

  // Writes one frame and flushes. Refuses bodies over kMaxOutputFrame. A
  // closed pipe is kOutputClosed only when SIGPIPE is ignored (otherwise the
  // signal ends the process first).
  std::expected<void, FrameError> write(std::string_view body);

 private:
  std::ostream& out_;
};

// Frames `body` into a string (header + body), for tests and tools.
std::string encode_frame(std::string_view body);

}  // namespace sauatty::protocol
