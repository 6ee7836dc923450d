#include "lists/text_file.h"

#include <cerrno>
#include <system_error>

namespace sauatty::lists {

std::expected<TextFile, std::string> TextFile::open(const std::filesystem::path& path,
                                                    std::size_t max_bytes) {
  TextFile file;
  file.path_ = path.string();
  file.max_bytes_ = max_bytes;
  file.file_.reset(std::fopen(path.c_str(), "rb"));
  if (!file.file_) return std::unexpected(file.path_ + ": cannot open: " + std::strerror(errno));
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) {
      return std::unexpected(file.path_ + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (!ec) file.size_hint_ = static_cast<std::size_t>(size);
  }
  return file;
}

std::expected<std::string_view, std::string> TextFile::read(std::span<char> buffer) {
  std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file_.get());
  if (n == 0 && std::ferror(file_.get())) return std::unexpected(path_ + ": read error");
  if (read_ + n > max_bytes_) {
    return std::unexpected(path_ + ": larger than " + std::to_string(max_bytes_) + " bytes");
  }
  read_ += n;
  return std::string_view(buffer.data(), n);
}

std::expected<std::string, std::string> read_text_file(const std::filesystem::path& path,
                                                       std::size_t max_bytes) {
  auto file = TextFile::open(path, max_bytes);
  if (!file) return std::unexpected(file.error());
  std::string data;
  // One allocation for a regular file (its size, and room to see the end).
  data.resize(file->size_hint() + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == data.size()) data.resize(data.size() + kFileChunkBytes);
    auto piece = file->read(std::span<char>(data.data() + used, data.size() - used));
    if (!piece) return std::unexpected(piece.error());
    if (piece->empty()) break;
    used += piece->size();
  }
  data.resize(used);
  return data;
}

namespace {

// The length of the UTF-8 sequence at the start of `s` (1 to 4), or 0 when
// it is not one (a stray continuation byte, a bad lead, a cut sequence).
std::size_t utf8_length(std::string_view s) {
  auto lead = static_cast<unsigned char>(s[0]);
  std::size_t n = lead < 0x80             ? 1
                  : (lead & 0xE0) == 0xC0 ? 2
                  : (lead & 0xF0) == 0xE0 ? 3
                  : (lead & 0xF8) == 0xF0 ? 4
                                          : 0;
  if (n == 0 || n > s.size()) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

std::string printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    std::size_t n = utf8_length(text);
    auto byte = static_cast<unsigned char>(text[0]);
    // U+0080..U+009F (C1 controls) are C2 80..C2 9F in UTF-8.
    bool control = n == 1 ? (byte < 0x20 || byte == 0x7F)
                          : n == 2 && byte == 0xC2 && static_cast<unsigned char>(text[1]) < 0xA0;
    if (n != 0 && !control) {
      out.append(text.substr(0, n));
      text.remove_prefix(n);
      continue;
    }
    std::size_t escaped = n == 0 ? 1 : n;
    for (std::size_t i = 0; i < escaped; ++i) {
      auto b = static_cast<unsigned char>(text[i]);
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
    text.remove_prefix(escaped);
  }
  return out;
}

}  // namespace sauatty::lists
