#include "soak/proc_stats.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>

namespace sauatty::soak {

ProcSample sample_process(pid_t pid) {
  ProcSample s;
  const std::filesystem::path dir = "/proc/" + std::to_string(pid);
  std::ifstream status(dir / "status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) s.rss_kb = std::atol(line.c_str() + 6);
    if (line.starts_with("VmHWM:")) s.hwm_kb = std::atol(line.c_str() + 6);
  }
  // /proc/PID/stat: after the ")" that ends the command name, utime and
  // stime are the 12th and 13th fields, in clock ticks.
  std::ifstream stat(dir / "stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  if (auto close = text.rfind(')'); close != std::string::npos) {
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 1; i <= 13 && fields >> field; ++i) {
      if (i >= 12) ticks += std::atof(field.c_str());
      if (i == 13) s.cpu_s = ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
  }
  std::error_code ec;
  int count = 0;
  for (std::filesystem::directory_iterator it(dir / "fd", ec), end; !ec && it != end;
       it.increment(ec))
    ++count;
  if (!ec) s.fds = count;
  return s;
}

}  // namespace sauatty::soak
