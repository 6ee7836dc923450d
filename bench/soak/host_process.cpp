#include "soak/host_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

extern char** environ;

namespace sauatty::soak {

HostProcess::HostProcess(const std::vector<std::string>& argv) {
  int to_host[2], from_host[2];
  if (pipe2(to_host, O_CLOEXEC) != 0 || pipe2(from_host, O_CLOEXEC) != 0) {
    std::perror("soak: pipe");
    std::exit(3);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_host[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_host[1], 1);
  // The child starts with SIGPIPE's default action, as under a browser.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // The soak measures the host, never a list download it might start.
  setenv("SAUATTY_OFFLINE", "1", /*overwrite=*/0);
  int rc = posix_spawn(&pid_, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(to_host[0]);
  close(from_host[1]);
  if (rc != 0) {
    std::fprintf(stderr, "soak: cannot start %s: %s\n", args[0], std::strerror(rc));
    std::exit(3);
  }
  in_ = to_host[1];
  out_ = from_host[0];
}

HostProcess::~HostProcess() {
  if (pid_ > 0) finish(2000);
  if (out_ >= 0) close(out_);
}

bool HostProcess::write_frame(std::string_view body) {
  std::uint32_t length = static_cast<std::uint32_t>(body.size());
  std::string frame(reinterpret_cast<const char*>(&length), sizeof length);
  frame.append(body);
  std::size_t done = 0;
  while (done < frame.size()) {
    ssize_t n = ::write(in_, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool HostProcess::read_exact(char* data, std::size_t size, int timeout_ms) {
  std::size_t done = 0;
  while (done < size) {
    pollfd p{out_, POLLIN, 0};
    int ready = poll(&p, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t n = ::read(out_, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::string> HostProcess::read_frame(int timeout_ms) {
  std::uint32_t length = 0;
  if (!read_exact(reinterpret_cast<char*>(&length), sizeof length, timeout_ms)) return std::nullopt;
  std::string body(length, '\0');
  if (!read_exact(body.data(), length, timeout_ms)) return std::nullopt;
  return body;
}

int HostProcess::finish(int timeout_ms) {
  if (in_ >= 0) {
    close(in_);
    in_ = -1;
  }
  if (pid_ <= 0) return -1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

int run_to_end(const std::vector<std::string>& argv, int niceness) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::fprintf(stderr, "soak: cannot start %s: %s\n", args[0], std::strerror(rc));
    return -1;
  }
  const int own = getpriority(PRIO_PROCESS, 0);
  [[maybe_unused]] int niced =
      setpriority(PRIO_PROCESS, static_cast<id_t>(pid), std::min(19, own + niceness));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

}  // namespace sauatty::soak
