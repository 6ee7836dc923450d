#include "store/update_lock.h"

#include <fcntl.h>

#if defined(_WIN32)
#include <io.h>
#include <process.h>
#include <share.h>
#include <sys/stat.h>
#include <windows.h>
#else
#include <sys/file.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <cstring>
#include <system_error>

namespace sauatty::store {
namespace {

#if defined(_WIN32)
int open_lock_file(const std::filesystem::path& path) {
  int fd = -1;
  if (_wsopen_s(&fd, path.c_str(), _O_RDWR | _O_CREAT | _O_BINARY | _O_NOINHERIT, _SH_DENYNO,
                _S_IREAD | _S_IWRITE) != 0)
    return -1;
  return fd;
}

// LockFileEx on the file's first byte: released by the system when the
// holder exits, as flock(2) is. 0, or EWOULDBLOCK when another holds it.
int lock(int fd, bool wait) {
  HANDLE file = reinterpret_cast<HANDLE>(_get_osfhandle(fd));
  OVERLAPPED at{};
  DWORD flags = LOCKFILE_EXCLUSIVE_LOCK | (wait ? 0 : LOCKFILE_FAIL_IMMEDIATELY);
  if (LockFileEx(file, flags, 0, 1, 0, &at)) return 0;
  return GetLastError() == ERROR_LOCK_VIOLATION ? EWOULDBLOCK : EIO;
}

void write_pid(int fd) {
  std::string pid = std::to_string(_getpid()) + "\r\n";
  if (_chsize_s(fd, 0) == 0 && _lseek(fd, 0, SEEK_SET) == 0) {
    [[maybe_unused]] int written = _write(fd, pid.data(), static_cast<unsigned>(pid.size()));
  }
}

void close_fd(int fd) { _close(fd); }
#else
int open_lock_file(const std::filesystem::path& path) {
  return ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
}

int lock(int fd, bool wait) {
  int rc;
  do {
    rc = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
  } while (rc != 0 && errno == EINTR);
  return rc == 0 ? 0 : errno;
}

void write_pid(int fd) {
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] auto written = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
}

void close_fd(int fd) { ::close(fd); }
#endif

}  // namespace

std::expected<UpdateLock, std::string> UpdateLock::acquire(const std::filesystem::path& dir,
                                                           Wait wait) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::path path = dir / kUpdateLockFile;
  int fd = open_lock_file(path);
  if (fd < 0) return std::unexpected(path.string() + ": " + std::strerror(errno));
  if (int error = lock(fd, wait == Wait::kYes); error != 0) {
    close_fd(fd);
    if (error == EWOULDBLOCK) return std::unexpected(std::string("busy"));
    return std::unexpected(path.string() + ": " + std::strerror(error));
  }
  write_pid(fd);
  return UpdateLock(fd);
}

UpdateLock::~UpdateLock() {
  if (fd_ >= 0) close_fd(fd_);  // releases the lock
}

}  // namespace sauatty::store
