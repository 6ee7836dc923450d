// Runs the real sauatty-host binary with pipes on stdin, stdout and stderr,
// for tests that talk to it as a browser would.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace sauatty::testing {

class Subprocess {
 public:
  // Starts `argv[0]` with the arguments; `env` entries ("K=V") are added to
  // the environment. The child gets SIGPIPE's default action, as from a
  // browser (this process ignores it). Aborts the test binary if it cannot
  // start.
  explicit Subprocess(const std::vector<std::string>& argv,
                      const std::vector<std::string>& env = {});
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  void write(const std::string& bytes);
  void close_stdin();
  // Closes this end of the child's stdout, as a browser that went away does.
  void close_stdout();
  // Reads one frame's body from stdout; nullopt at end of output or after
  // `timeout_ms` without one.
  std::optional<std::string> read_frame(int timeout_ms = 10000);
  // Reads one line from stdout, without its "\n"; nullopt at end of output
  // or after `timeout_ms` without one.
  std::optional<std::string> read_line(int timeout_ms = 10000);
  // The running process (-1 once wait() has returned).
  pid_t pid() const { return pid_; }
  // Closes stdin, reads the rest of stdout and stderr, and waits. Returns
  // the exit code (128 + signal when killed by one).
  int wait();
  const std::string& stdout_rest() const { return out_rest_; }
  const std::string& stderr_text() const { return err_; }

 private:
  bool read_exact(char* data, std::size_t size, int timeout_ms);
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, errfd_ = -1;
  std::string out_rest_, err_;
};

// Runs a command to completion with `input` on stdin.
struct Completed {
  int exit_code;
  std::string out;
  std::string err;
};
Completed run_command(const std::vector<std::string>& argv, const std::string& input = {},
                      const std::vector<std::string>& env = {});

// The host binary under test ($SAUATTY_HOST_BINARY, set by sauatty_test).
std::string host_binary();

}  // namespace sauatty::testing
