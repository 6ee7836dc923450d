// How the whole-path benchmark reads and names a machine's idle CPUs
// (bench/whole_path/cpu_idle.h), from sysfs trees of the test's own: a KVM
// guest booted with haltpoll.guest_halt_poll_ns=0, one with the kernel's
// default, a machine without haltpoll, and one whose files are missing or
// not numbers.
#include "whole_path/cpu_idle.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "support/temp_dir.h"

namespace sauatty {
namespace {

namespace fs = std::filesystem;
using bench::CpuIdle;
using bench::describe;
using bench::read_cpu_idle;
using testing::TempDir;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

void write_idle(const fs::path& sys, const std::string& driver, const std::string& governor) {
  write(sys / "devices/system/cpu/cpuidle/current_driver", driver + "\n");
  write(sys / "devices/system/cpu/cpuidle/current_governor", governor + "\n");
}

// A KVM guest's tree with haltpoll and `poll_ns` as guest_halt_poll_ns, as
// read back.
CpuIdle haltpoll_guest(const TempDir& sys, const std::string& poll_ns) {
  write_idle(sys.path(), "haltpoll", "haltpoll");
  write(sys.path() / "module/haltpoll/parameters/guest_halt_poll_ns", poll_ns + "\n");
  return read_cpu_idle(sys.path());
}

TEST(CpuIdle, AHaltpollGuestIsSaidToHaltAtOnceOrToPollFirst) {
  struct Case {
    const char* poll_ns;
    long long read;
    const char* line;
  };
  const Case cases[] = {
      {"0", 0,
       "CPU idle: driver haltpoll, governor haltpoll, guest_halt_poll_ns 0 (an idle CPU halts at "
       "once: a wake-up across cores goes through the hypervisor)"},
      {"200000", 200000,
       "CPU idle: driver haltpoll, governor haltpoll, guest_halt_poll_ns 200000 (an idle CPU "
       "polls before it halts)"},
  };
  for (const Case& c : cases) {
    TempDir sys("sauatty-cpu-idle");
    const CpuIdle idle = haltpoll_guest(sys, c.poll_ns);
    EXPECT_EQ(idle.driver, "haltpoll");
    EXPECT_EQ(idle.governor, "haltpoll");
    ASSERT_TRUE(idle.halt_poll_ns.has_value()) << c.poll_ns;
    EXPECT_EQ(*idle.halt_poll_ns, c.read);
    EXPECT_EQ(describe(idle), c.line);
  }
}

TEST(CpuIdle, AMachineWithoutHaltpollNamesOnlyItsDriverAndGovernor) {
  TempDir sys("sauatty-cpu-idle");
  write_idle(sys.path(), "intel_idle", "menu");
  const CpuIdle idle = read_cpu_idle(sys.path());
  EXPECT_FALSE(idle.halt_poll_ns.has_value());
  EXPECT_EQ(describe(idle), "CPU idle: driver intel_idle, governor menu");
}

TEST(CpuIdle, MissingOrMalformedFilesLeaveTheirFieldsEmpty) {
  TempDir sys("sauatty-cpu-idle");
  EXPECT_EQ(describe(read_cpu_idle(sys.path())), "CPU idle: driver unknown, governor unknown");
  for (const char* text : {"", "20x\n", "-\n", " 5\n", "99999999999999999999999\n"}) {
    write(sys.path() / "module/haltpoll/parameters/guest_halt_poll_ns", text);
    EXPECT_FALSE(read_cpu_idle(sys.path()).halt_poll_ns.has_value()) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace sauatty
