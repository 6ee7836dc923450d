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

}  // namespace sauatty::lists
