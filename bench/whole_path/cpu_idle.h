// How this machine's idle CPUs wake, read from sysfs, printed beside the
// batch latencies: a batch written to a host that waits on another core
// costs a wake-up of that core, and so does the answer to a driver that
// waits. On a KVM guest with the haltpoll idle driver, an idle CPU first
// polls for up to guest_halt_poll_ns (the kernel's default is 200,000 ns,
// grown and shrunk as it goes) and only then halts; a wake-up while it
// polls is a flag set in memory, one after it halted is an interrupt sent
// through the hypervisor. A guest booted with haltpoll.guest_halt_poll_ns=0
// halts at once, so every wake-up across cores takes the slow way.
// (The kernel's "Guest halt polling", docs.kernel.org/virt/guest-halt-polling.html.)
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace sauatty::bench {

struct CpuIdle {
  std::string driver;    // cpuidle/current_driver ("" when not readable)
  std::string governor;  // cpuidle/current_governor ("" when not readable)
  // haltpoll's guest_halt_poll_ns when the haltpoll module is there.
  std::optional<long long> halt_poll_ns;
};

// Reads from `sys` (the sysfs root: "/sys", or a test's folder):
// devices/system/cpu/cpuidle/current_{driver,governor} and
// module/haltpoll/parameters/guest_halt_poll_ns. A file that is missing or
// unreadable leaves its field empty; nothing here fails.
CpuIdle read_cpu_idle(const std::filesystem::path& sys);

// One line for the benchmark's output, e.g. "CPU idle: driver haltpoll,
// governor haltpoll, guest_halt_poll_ns 0 (an idle CPU halts at once: a
// wake-up across cores goes through the hypervisor)".
std::string describe(const CpuIdle& idle);

}  // namespace sauatty::bench
