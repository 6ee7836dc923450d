// Edge coverage for AFL++ from GCC's own instrumentation. With
// -fsanitize-coverage=trace-pc, GCC calls __sanitizer_cov_trace_pc() at the
// start of every basic block; this records the edge (previous block → this
// one) in AFL++'s coverage map the way AFL's own instrumentation does, and
// AFL++'s runtime (afl-compiler-rt.o: fork server, shared-memory input,
// persistent loop) does the rest. Used instead of afl-g++-fast, whose GCC
// plugin in Debian 12's afl++ 4.04c refuses to load into the current g++
// (12.2.0-14+deb12u1: "GCC and plugin have incompatible versions", the
// plugin being built for 12.2.0-14). This file itself is not instrumented.
#include <cstdint>

extern "C" {
extern unsigned char* __afl_area_ptr;  // AFL++'s map; a dummy until the fork server runs

__attribute__((no_sanitize("address", "undefined"))) void __sanitizer_cov_trace_pc() {
  static thread_local std::uintptr_t previous = 0;
  const auto pc = reinterpret_cast<std::uintptr_t>(__builtin_return_address(0));
  // 16 bits of a multiplicative hash of the block's address: AFL's default
  // 64 KiB map.
  const std::uintptr_t current = (pc * 0x9E3779B97F4A7C15ull) >> 48;
  ++__afl_area_ptr[current ^ previous];
  previous = current >> 1;
}
}
