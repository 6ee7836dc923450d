// One fuzz target = one fuzz_NAME.cpp that defines fuzz_one(); the driver
// (fuzz_driver.cpp) runs it. In a SAUATTY_FUZZ_AFL build (scripts/fuzz.sh)
// it runs in AFL++'s persistent mode (many inputs in one process, from
// shared memory) when started without arguments. Given files and folders
// on its command line, any build replays them, so that every committed
// corpus and crash input runs as a test, in the ASan + UBSan build too
// (tests/fuzz/CMakeLists.txt), and a plain fuzz build's findings are
// checked in the ASan + UBSan fuzz build (scripts/fuzz.sh).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sauatty::fuzz {

// Runs one input. Must not keep state between calls that changes what a
// later input does (AFL replays inputs out of order), must not write files,
// and must finish quickly (a hang is a finding). A crash, a sanitizer
// report or a failed check() is a finding.
void fuzz_one(std::string_view input);

// Aborts, naming `what`, when `condition` is false: an invariant a target
// checks on what the code produced (so a wrong answer is a finding too).
void check(bool condition, const char* what);

}  // namespace sauatty::fuzz
