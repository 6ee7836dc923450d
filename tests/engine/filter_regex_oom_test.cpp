// FilterRegex (engine/filter_regex.h) when memory runs out while a pattern
// read back from the cache is compiled at its first match: that match
// answers false instead of throwing (Engine::check, which asks it, is
// noexcept: an exception there would end the host), and the next match
// compiles it and answers as RE2 does.
//
// This binary replaces the global operator new with one that throws
// std::bad_alloc while `fail_allocations` is set on the calling thread.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "engine/filter_regex.h"

namespace {
thread_local bool fail_allocations = false;

void* allocate(std::size_t size) {
  if (fail_allocations) throw std::bad_alloc();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace sauatty::engine {
namespace {

TEST(FilterRegexOutOfMemory, AFailedFirstCompileMatchesNothingAndIsTriedAgain) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  FilterRegex re("^https?://ads[0-9]+\\.example/", options);

  fail_allocations = true;
  bool matched = true;
  bool threw = false;
  try {
    matched = re.partial_match("https://ads12.example/x.js");
  } catch (...) {
    threw = true;
  }
  fail_allocations = false;
  EXPECT_FALSE(threw);
  EXPECT_FALSE(matched);
  EXPECT_FALSE(re.compiled());

  EXPECT_TRUE(re.partial_match("https://ads12.example/x.js"));
  EXPECT_TRUE(re.compiled());
  EXPECT_FALSE(re.partial_match("https://ads.example/x.js"));
}

}  // namespace
}  // namespace sauatty::engine
