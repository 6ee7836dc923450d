// The real sauatty-host, started as a browser starts it: a child process
// whose stdin and stdout are pipes carrying native-messaging frames (a
// 32-bit native-order length, then that many bytes of JSON).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sauatty::soak {

class HostProcess {
 public:
  // Starts argv[0] with the arguments; its stderr is this process's. Exits
  // this program (code 3) with a message when it cannot start.
  explicit HostProcess(const std::vector<std::string>& argv);
  ~HostProcess();  // closes the pipes and reaps the child
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  // Writes one frame; false when the host closed its end. Called from one
  // thread only (the writer).
  bool write_frame(std::string_view body);
  // Reads one frame's body; nullopt at end of output or after `timeout_ms`
  // with no byte of a frame. Called from one thread only (the reader).
  std::optional<std::string> read_frame(int timeout_ms);
  // Closes the host's stdin (it should then exit 0) and waits at most
  // `timeout_ms`; returns the exit code, 128 + signal, or -1 if it had to
  // be killed.
  int finish(int timeout_ms);
  pid_t pid() const { return pid_; }

 private:
  bool read_exact(char* data, std::size_t size, int timeout_ms);
  pid_t pid_ = -1;
  int in_ = -1;   // the host's stdin (we write)
  int out_ = -1;  // the host's stdout (we read)
};

// Runs argv[0] with the arguments to its end at `niceness` above this
// process's own nice value, at most 19 (the host's own background update
// runs 10 above the host), its stdout discarded, its stderr
// this process's; returns its exit code, 128 + signal, or -1 when it could
// not be started.
int run_to_end(const std::vector<std::string>& argv, int niceness);

}  // namespace sauatty::soak
