#include "whole_path/cpu_idle.h"

#include <charconv>
#include <fstream>

namespace sauatty::bench {
namespace {

// The first line of a small sysfs file, without its newline; "" when the
// file cannot be read.
std::string first_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return "";
  return line;
}

}  // namespace

CpuIdle read_cpu_idle(const std::filesystem::path& sys) {
  const auto cpuidle = sys / "devices/system/cpu/cpuidle";
  CpuIdle idle;
  idle.driver = first_line(cpuidle / "current_driver");
  idle.governor = first_line(cpuidle / "current_governor");
  const std::string poll = first_line(sys / "module/haltpoll/parameters/guest_halt_poll_ns");
  long long ns = 0;
  const char* end = poll.data() + poll.size();
  auto [at, error] = std::from_chars(poll.data(), end, ns);
  if (!poll.empty() && error == std::errc() && at == end) idle.halt_poll_ns = ns;
  return idle;
}

std::string describe(const CpuIdle& idle) {
  std::string line = "CPU idle: driver " + (idle.driver.empty() ? "unknown" : idle.driver) +
                     ", governor " + (idle.governor.empty() ? "unknown" : idle.governor);
  if (idle.halt_poll_ns) {
    line += ", guest_halt_poll_ns " + std::to_string(*idle.halt_poll_ns);
    if (idle.driver == "haltpoll" && *idle.halt_poll_ns == 0) {
      line += " (an idle CPU halts at once: a wake-up across cores goes through the hypervisor)";
    } else if (idle.driver == "haltpoll") {
      line += " (an idle CPU polls before it halts)";
    }
  }
  return line;
}

}  // namespace sauatty::bench
