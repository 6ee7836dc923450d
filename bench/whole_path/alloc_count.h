// Heap allocations made by this process so far: the benchmark binary
// replaces the global operator new (alloc_count.cpp) with one that counts,
// so that a stage can show it allocates nothing in steady state.
#pragma once

#include <cstdint>

namespace sauatty::bench {

std::uint64_t allocations();

}  // namespace sauatty::bench
