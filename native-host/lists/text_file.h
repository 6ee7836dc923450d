// Bounded reading of text files, the one place rule and list files are
// read: whole (read_text_file, for JSON and hosts files) or piece by piece
// (TextFile, which filter lists stream through so that a 2 MB list never
// sits in memory whole), and LineSplitter, which turns pieces of any size
// into the lines every list reader sees.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <expected>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace sauatty::lists {

// Files read by path are refused past this size; EasyList is ~2 MiB.
inline constexpr std::size_t kMaxListFileBytes = 64u << 20;

// How much of a list file is read at a time when it is streamed.
inline constexpr std::size_t kFileChunkBytes = 64u << 10;

// An open file read in pieces, at most `max_bytes` in all. Every error
// names the file: "PATH: cannot open: REASON", "PATH: larger than N bytes",
// "PATH: read error" (a folder gives the last).
class TextFile {
 public:
  // Opens `path`. A regular file already over `max_bytes` is refused here,
  // before any of it is read; anything else (a pipe, a file that grows) is
  // refused by read() once it has given more than `max_bytes`.
  static std::expected<TextFile, std::string> open(const std::filesystem::path& path,
                                                   std::size_t max_bytes = kMaxListFileBytes);

  // Size of a regular file when it was opened (a hint: it may change), else 0.
  std::size_t size_hint() const { return size_hint_; }

  // Reads the next piece into `buffer` (it fills it unless the file ends)
  // and returns the bytes read; an empty view at the end of the file.
  std::expected<std::string_view, std::string> read(std::span<char> buffer);

 private:
  TextFile() = default;

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_{nullptr, &std::fclose};
  std::string path_;
  std::size_t max_bytes_ = 0;
  std::size_t read_ = 0;
  std::size_t size_hint_ = 0;
};

// Reads a whole file with a size bound (one allocation when the file is a
// regular one); the error names the file (see TextFile).
std::expected<std::string, std::string> read_text_file(const std::filesystem::path& path,
                                                       std::size_t max_bytes = kMaxListFileBytes);

// Splits text handed over in pieces of any size (down to one byte) into
// lines, exactly as if the whole text had been split at once: a line ends
// at "\r\n", "\n" or a lone '\r' (old Mac files, which would otherwise be
// one line), or at the end of the text; a UTF-8 byte order mark opening
// the text is dropped; text ending in a line break has no empty last line.
// A line longer than `max_line` bytes (counted without its line break) is
// not kept: it is reported as too long and its bytes are dropped as they
// arrive, so memory stays within `max_line` bytes besides the pieces
// themselves.
//
// visit(line, too_long) is called once per line, in order; `line` is valid
// only during the call, and empty when `too_long`.
class LineSplitter {
 public:
  static constexpr std::size_t kNoLimit = SIZE_MAX;

  explicit LineSplitter(std::size_t max_line = kNoLimit) : max_line_(max_line) {}

  // The next piece of the text.
  template <class Visit>
  void feed(std::string_view bytes, Visit&& visit);

  // The end of the text: the last line, if it does not end in a line break.
  template <class Visit>
  void finish(Visit&& visit);

 private:
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";

  template <class Visit>
  void feed_body(std::string_view bytes, Visit& visit);
  template <class Visit>
  void emit(std::string_view line, Visit& visit) const;
  void keep(std::string_view piece);

  std::size_t max_line_;
  std::string partial_;    // the started line, when it crosses pieces
  bool dropping_ = false;  // the started line is too long; dropped to its end
  bool after_cr_ = false;  // the last line ended in '\r': a '\n' next is part of it
  bool at_start_ = true;   // the first bytes have not been checked for a BOM
  std::string head_;       // the first bytes while they could still be a BOM
};

// `text` as it may be shown on a terminal or in a log: control characters
// (C0, DEL, C1) and bytes that are not UTF-8 become "\xNN" escapes, so
// that nothing read from a list can move the cursor, retitle the window or
// clear the screen. Everything printed from a list goes through it.
std::string printable(std::string_view text);

// Reads the rest of `file` `chunk_bytes` at a time and calls visit(line,
// too_long) for each of its lines as LineSplitter(max_line) splits them.
// Errors as for TextFile::read; on an error the lines read before it have
// been visited.
template <class Visit>
std::expected<void, std::string> for_each_line_of_file(TextFile& file, std::size_t max_line,
                                                       std::size_t chunk_bytes, Visit&& visit);

// --- implementation ---

inline void LineSplitter::keep(std::string_view piece) {
  if (dropping_ || piece.empty()) return;
  if (partial_.size() + piece.size() > max_line_) {
    std::string().swap(partial_);
    dropping_ = true;
    return;
  }
  partial_.append(piece);
}

template <class Visit>
void LineSplitter::emit(std::string_view line, Visit& visit) const {
  if (line.size() > max_line_) {
    visit(std::string_view(), true);
  } else {
    visit(line, false);
  }
}

template <class Visit>
void LineSplitter::feed_body(std::string_view bytes, Visit& visit) {
  // The next '\n' is looked for once and kept until passed, so that a file
  // of lone '\r's is not scanned to its end once a line.
  const char* nl = nullptr;
  bool nl_known = false;
  while (!bytes.empty()) {
    if (after_cr_) {
      after_cr_ = false;
      if (bytes.front() == '\n') {
        bytes.remove_prefix(1);
        continue;
      }
    }
    if (!nl_known || (nl != nullptr && nl < bytes.data())) {
      nl = static_cast<const char*>(std::memchr(bytes.data(), '\n', bytes.size()));
      nl_known = true;
    }
    std::size_t end = nl != nullptr ? static_cast<std::size_t>(nl - bytes.data()) : bytes.size();
    const void* cr = std::memchr(bytes.data(), '\r', end);
    if (cr == nullptr && nl == nullptr) {
      keep(bytes);
      return;
    }
    std::size_t len =
        cr != nullptr ? static_cast<std::size_t>(static_cast<const char*>(cr) - bytes.data()) : end;
    if (dropping_) {
      visit(std::string_view(), true);
      dropping_ = false;
    } else if (!partial_.empty()) {
      keep(bytes.substr(0, len));
      if (dropping_) {
        visit(std::string_view(), true);
        dropping_ = false;
      } else {
        emit(partial_, visit);
      }
      partial_.clear();
    } else {
      emit(bytes.substr(0, len), visit);
    }
    after_cr_ = cr != nullptr;
    bytes.remove_prefix(len + 1);
  }
}

template <class Visit>
void LineSplitter::feed(std::string_view bytes, Visit&& visit) {
  if (at_start_) {
    // Hold the first bytes until they are known to be a BOM or not (a
    // piece may end inside one).
    while (!bytes.empty() && head_.size() < kBom.size() && kBom.starts_with(head_)) {
      head_ += bytes.front();
      bytes.remove_prefix(1);
    }
    if (head_.size() < kBom.size() && kBom.starts_with(head_)) return;  // undecided yet
    at_start_ = false;
    std::string head;
    head.swap(head_);
    if (head != kBom) feed_body(head, visit);
  }
  feed_body(bytes, visit);
}

template <class Visit>
void LineSplitter::finish(Visit&& visit) {
  if (at_start_) {
    at_start_ = false;
    std::string head;
    head.swap(head_);
    feed_body(head, visit);  // fewer bytes than a BOM: text, not a mark
  }
  if (dropping_) {
    visit(std::string_view(), true);
  } else if (!partial_.empty()) {
    emit(partial_, visit);
  }
  dropping_ = false;
  after_cr_ = false;
  std::string().swap(partial_);
}

template <class Visit>
std::expected<void, std::string> for_each_line_of_file(TextFile& file, std::size_t max_line,
                                                       std::size_t chunk_bytes, Visit&& visit) {
  if (chunk_bytes == 0) chunk_bytes = kFileChunkBytes;
  LineSplitter lines(max_line);
  std::unique_ptr<char[]> buffer(new char[chunk_bytes]);
  for (;;) {
    auto piece = file.read(std::span<char>(buffer.get(), chunk_bytes));
    if (!piece) return std::unexpected(piece.error());
    if (piece->empty()) break;
    lines.feed(*piece, visit);
  }
  lines.finish(visit);
  return {};
}

}  // namespace sauatty::lists
