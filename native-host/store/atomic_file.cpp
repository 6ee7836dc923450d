#include "store/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <random>
#include <system_error>

#if defined(_WIN32)
#include <process.h>

#include <fstream>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace sauatty::store {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTempMarker = ".tmp-";

std::string temporary_name(const fs::path& path) {
  std::random_device random;
  std::uniform_int_distribution<unsigned> pick;
#if defined(_WIN32)
  const long pid = _getpid();
#else
  const long pid = ::getpid();
#endif
  return "." + path.filename().string() + std::string(kTempMarker) + std::to_string(pid) + "-" +
         std::to_string(pick(random));
}

std::unexpected<std::string> failure(const fs::path& path, std::string_view what) {
  return std::unexpected(path.string() + ": " + std::string(what));
}

#if defined(_WIN32)
// No O_NOFOLLOW/fsync here: std::filesystem's rename replaces the file.
std::expected<void, std::string> write_temporary(const fs::path& temp, std::string_view bytes,
                                                 unsigned) {
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return failure(temp, "write failed");
  return {};
}
#else
std::expected<void, std::string> write_temporary(const fs::path& temp, std::string_view bytes,
                                                 unsigned mode) {
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return failure(temp, std::strerror(errno));
  std::string error;
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) error = std::strerror(errno);
  for (std::size_t done = 0; error.empty() && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      error = n < 0 ? std::strerror(errno) : "short write";
    else
      done += static_cast<std::size_t>(n);
  }
  if (error.empty() && ::fsync(fd) != 0) error = std::strerror(errno);
  if (::close(fd) != 0 && error.empty()) error = std::strerror(errno);
  if (!error.empty()) return failure(temp, error);
  return {};
}
#endif

}  // namespace

std::expected<void, std::string> write_file_atomically(const fs::path& path, std::string_view bytes,
                                                       unsigned mode) {
  std::error_code ec;
  if (fs::is_directory(fs::symlink_status(path, ec))) return failure(path, "is a folder");
  const fs::path temp = path.parent_path() / temporary_name(path);
  if (auto written = write_temporary(temp, bytes, mode); !written) {
    fs::remove(temp, ec);
    return written;
  }
  // rename() replaces whatever is at `path` itself, a symlink included.
  fs::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return failure(path, ec.message());
  }
  return {};
}

}  // namespace sauatty::store
