#include "store/update_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace sauatty::store {

std::expected<UpdateLock, std::string> UpdateLock::acquire(const std::filesystem::path& dir,
                                                           Wait wait) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::path path = dir / kUpdateLockFile;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return std::unexpected(path.string() + ": " + std::strerror(errno));
  int rc;
  do {
    rc = ::flock(fd, LOCK_EX | (wait == Wait::kNo ? LOCK_NB : 0));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return std::unexpected(std::string("busy"));
    return std::unexpected(path.string() + ": " + std::strerror(error));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] auto written = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return UpdateLock(fd);
}

UpdateLock::~UpdateLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace sauatty::store
