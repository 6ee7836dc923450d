#include "soak/proc_stats.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
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
  std::error_code ec;
  int count = 0;
  for (std::filesystem::directory_iterator it(dir / "fd", ec), end; !ec && it != end; it.increment(ec)) ++count;
  if (!ec) s.fds = count;
  return s;
}

}  // namespace sauatty::soak
