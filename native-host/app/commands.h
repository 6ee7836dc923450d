// The command line (README.md, "Command line": a stable contract). Each
// subcommand is a function from its words to an exit code:
// 0 success, 1 usage error, 2 bad input data, 3 I/O or network failure.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace sauatty::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitIo = 3;

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

// Entry point: argv[1..] as words.
int run(const std::vector<std::string>& words, Io io);

// Subcommands (each in its own file).
int run_native_messaging(const std::vector<std::string>& words, Io io);
int run_check(const std::vector<std::string>& words, Io io);
int run_match(const std::vector<std::string>& words, Io io);
int run_rules(const std::vector<std::string>& words, Io io);
int run_install(const std::vector<std::string>& words, Io io);
int run_dashboard(const std::vector<std::string>& words, Io io);
int run_replay(const std::vector<std::string>& words, Io io);

}  // namespace sauatty::app
