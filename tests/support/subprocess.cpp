#include "support/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace sauatty::testing {

Subprocess::Subprocess(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  signal(SIGPIPE, SIG_IGN);
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) std::abort();
  pid_ = fork();
  if (pid_ < 0) std::abort();
  if (pid_ == 0) {
    signal(SIGPIPE, SIG_DFL);  // as a browser starts the host, not as this test runs
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  in_ = in[1];
  out_ = out[0];
  errfd_ = err[0];
}

Subprocess::~Subprocess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    wait();
  }
}

void Subprocess::write(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(in_, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return;  // the host has gone: the test's reads will say so
    done += static_cast<std::size_t>(n);
  }
}

void Subprocess::close_stdin() {
  if (in_ >= 0) close(in_);
  in_ = -1;
}

void Subprocess::close_stdout() {
  if (out_ >= 0) close(out_);
  out_ = -1;
}

bool Subprocess::read_exact(char* data, std::size_t size, int timeout_ms) {
  std::size_t done = 0;
  while (done < size) {
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return false;
    ssize_t n = read(out_, data + done, size - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::string> Subprocess::read_frame(int timeout_ms) {
  std::uint32_t length = 0;
  if (!read_exact(reinterpret_cast<char*>(&length), 4, timeout_ms)) return std::nullopt;
  std::string body(length, '\0');
  if (!read_exact(body.data(), length, timeout_ms)) return std::nullopt;
  return body;
}

std::optional<std::string> Subprocess::read_line(int timeout_ms) {
  std::string line;
  char c;
  while (read_exact(&c, 1, timeout_ms)) {
    if (c == '\n') return line;
    line += c;
  }
  return std::nullopt;
}

int Subprocess::wait() {
  if (pid_ <= 0) return -1;
  close_stdin();
  char buffer[65536];
  for (int* fd : {&out_, &errfd_}) {
    if (*fd < 0) continue;
    std::string& sink = fd == &out_ ? out_rest_ : err_;
    ssize_t n;
    while ((n = read(*fd, buffer, sizeof buffer)) > 0)
      sink.append(buffer, static_cast<std::size_t>(n));
    close(*fd);
    *fd = -1;
  }
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Completed run_command(const std::vector<std::string>& argv, const std::string& input,
                      const std::vector<std::string>& env) {
  Subprocess process(argv, env);
  // Feed stdin from a writer thread-free loop: inputs in tests are small
  // enough for the pipe buffer, larger ones are written before reading.
  process.write(input);
  int code = process.wait();
  return {code, process.stdout_rest(), process.stderr_text()};
}

std::string host_binary() {
  const char* path = std::getenv("SAUATTY_HOST_BINARY");
  if (path == nullptr)
    throw std::runtime_error("SAUATTY_HOST_BINARY is not set (run through ctest)");
  return path;
}

}  // namespace sauatty::testing
