// sauatty-host: a thin wrapper over the app library (see app/commands.h).
#include <iostream>

#include "app/commands.h"
#include "app/platform.h"

int main(int argc, char** argv) {
  sauatty::app::keep_large_blocks_out_of_heap();
  std::ios::sync_with_stdio(false);
  std::vector<std::string> words(argv + 1, argv + argc);
  return sauatty::app::run(words, {std::cin, std::cout, std::cerr});
}
