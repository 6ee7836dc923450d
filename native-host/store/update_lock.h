// One update at a time per cache folder: `rules update` (by hand, from the
// timer, or started by a host in the background) holds an exclusive lock on
// DIR/.update.lock while it downloads and swaps lists in. The file holds the
// holder's process id (for people and tests; the lock itself is flock(2),
// or LockFileEx on Windows, released by the system when the holder exits,
// however it exits).
#pragma once

#include <expected>
#include <filesystem>
#include <string>

namespace sauatty::store {

class UpdateLock {
 public:
  enum class Wait { kNo, kYes };
  // Creates `dir` when missing. With Wait::kNo, a lock another process holds
  // is the error "busy"; other errors name the file.
  static std::expected<UpdateLock, std::string> acquire(const std::filesystem::path& dir,
                                                        Wait wait);
  UpdateLock(UpdateLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  UpdateLock& operator=(UpdateLock&&) = delete;
  UpdateLock(const UpdateLock&) = delete;
  ~UpdateLock();

 private:
  explicit UpdateLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

inline constexpr const char* kUpdateLockFile = ".update.lock";

}  // namespace sauatty::store
