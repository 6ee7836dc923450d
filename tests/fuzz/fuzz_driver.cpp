#include "fuzz/fuzz_driver.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace sauatty::fuzz {

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what);
  std::abort();
}

}  // namespace sauatty::fuzz

namespace {

int replay(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  sauatty::fuzz::fuzz_one(bytes);
  return 0;
}

// Replays every file named, and every file in every folder named; prints
// how many ran (a test that ran nothing would prove nothing).
int replay_all(int argc, char** argv) {
  int inputs = 0;
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (!entry.is_regular_file()) continue;
        failures += replay(entry.path());
        ++inputs;
      }
    } else {
      failures += replay(arg);
      ++inputs;
    }
  }
  std::printf("replayed %d inputs\n", inputs);
  return failures == 0 && inputs > 0 ? 0 : 1;
}

}  // namespace

#if defined(SAUATTY_FUZZ_AFL)
// AFL++'s runtime (afl-compiler-rt.o), as its compiler wrapper's
// __AFL_FUZZ_INIT / __AFL_INIT / __AFL_LOOP macros would declare it: inputs
// come through shared memory (or stdin when run by hand), 10,000 to a
// process.
#include <unistd.h>

extern "C" {
int __afl_sharedmem_fuzzing = 1;
extern unsigned int* __afl_fuzz_len;
extern unsigned char* __afl_fuzz_ptr;
int __afl_persistent_loop(unsigned int max_count);
void __afl_manual_init();
}

namespace {
unsigned char stdin_input[1 << 20];
// afl-fuzz looks for these in the binary to know that it loops over inputs
// and starts its fork server late (what __AFL_LOOP / __AFL_INIT embed).
[[gnu::used]] volatile const char* const kAflSignatures[] = {"##SIG_AFL_PERSISTENT##",
                                                             "##SIG_AFL_DEFER_FORKSRV##"};
}  // namespace

// With files or folders named, replays them as the other build does (how
// scripts/fuzz.sh checks a plain build's findings in the ASan + UBSan one);
// else fuzzes.
int main(int argc, char** argv) {
  if (argc > 1) return replay_all(argc, argv);
  __afl_manual_init();
  while (__afl_persistent_loop(10000)) {
    const unsigned char* data = __afl_fuzz_ptr;
    std::size_t size = 0;
    if (data != nullptr) {
      size = *__afl_fuzz_len;
    } else {
      const ssize_t n = ::read(0, stdin_input, sizeof stdin_input);
      data = stdin_input;
      size = n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    sauatty::fuzz::fuzz_one(std::string_view(reinterpret_cast<const char*>(data), size));
  }
  return 0;
}
#else
int main(int argc, char** argv) { return replay_all(argc, argv); }
#endif
