// sauatty-soak: drives the real host through its pipe with browser-like
// traffic for a given time and fails when its memory or descriptors grow
// after warm-up, or when it answers wrongly (docs/HARDENING.md, "Soak").
//
//   sauatty-soak [--seconds N] [--warmup N] [--interval N] [--rate N]
//                [--window N] [--max-rss-growth-kb N] [--min-rate-share F]
//                [--host PATH] [--vectors FILE | --generated] [--seed N]
//                [--swap-every N] [-- HOST-ARGS...]
//
// URLs come from the vectors file (real request URLs and the pages they
// were seen on) when it is readable, else they are generated. The host is
// started as Chrome starts it (argv[1] = the extension's origin), followed
// by HOST-ARGS. --swap-every N: after the warm-up, every N seconds, runs
// `HOST rules compile HOST-ARGS` (so HOST-ARGS must be rule options only:
// --cache, --sources, --import, --rules, --filters), which writes a new
// compiled cache the running host swaps to; the answers sent during a swap
// are then reported apart.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "soak/soak_run.h"
#include "soak/traffic.h"

namespace {

constexpr const char* kChromeOrigin = "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/";

const char* env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

int usage(const char* why) {
  std::fprintf(stderr, "sauatty-soak: %s (the options are listed in bench/soak/soak_main.cpp)\n",
               why);
  return 1;
}

bool parse_number(std::string_view text, double& out) {
  char* end = nullptr;
  std::string copy(text);
  out = std::strtod(copy.c_str(), &end);
  return !copy.empty() && *end == '\0' && out >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  sauatty::soak::SoakOptions o;
  std::string host = env_or("SAUATTY_HOST_BINARY", SAUATTY_SOAK_DEFAULT_HOST);
  std::string vectors = std::string(env_or("SAUATTY_SHARED_DATA", SAUATTY_DEFAULT_SHARED_DATA)) +
                        "/vectors/matching-test-requests.json";
  bool generated = false;
  double seed = 17, window = static_cast<double>(o.window),
         growth = static_cast<double>(o.max_rss_growth_kb), swap_every = 0;
  std::vector<std::string> host_args;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") {
      host_args.assign(argv + i + 1, argv + argc);
      break;
    }
    if (a == "--generated") {
      generated = true;
      continue;
    }
    if (i + 1 >= argc) return usage("an option without its value");
    std::string_view v = argv[++i];
    double* number = a == "--seconds"             ? &o.seconds
                     : a == "--warmup"            ? &o.warmup
                     : a == "--interval"          ? &o.interval
                     : a == "--rate"              ? &o.rate
                     : a == "--window"            ? &window
                     : a == "--max-rss-growth-kb" ? &growth
                     : a == "--min-rate-share"    ? &o.min_rate_share
                     : a == "--seed"              ? &seed
                     : a == "--swap-every"        ? &swap_every
                                                  : nullptr;
    if (number != nullptr) {
      if (!parse_number(v, *number)) return usage("a number was expected");
    } else if (a == "--host") {
      host = v;
    } else if (a == "--vectors") {
      vectors = v;
    } else {
      return usage("unknown option");
    }
  }
  if (o.rate <= 0 || o.interval <= 0 || window < 1 || o.warmup >= o.seconds) {
    return usage(
        "--rate, --interval and --window must be positive, --warmup shorter than --seconds");
  }
  o.window = static_cast<std::size_t>(window);
  o.max_rss_growth_kb = static_cast<long>(growth);
  o.host_argv = {host, kChromeOrigin};
  o.host_argv.insert(o.host_argv.end(), host_args.begin(), host_args.end());
  o.swap_every = swap_every;
  if (swap_every > 0) {
    o.swap_argv = {host, "rules", "compile"};
    o.swap_argv.insert(o.swap_argv.end(), host_args.begin(), host_args.end());
  }

  auto pool = generated ? sauatty::soak::UrlPool{} : sauatty::soak::load_vectors(vectors);
  if (pool.pages.empty() || pool.requests.empty()) {
    if (!generated)
      std::printf("soak: %s is not readable: generated URLs instead\n", vectors.c_str());
    pool = sauatty::soak::generate_pool(static_cast<std::uint64_t>(seed));
  } else {
    std::printf("soak: %zu request URLs and %zu pages from %s\n", pool.requests.size(),
                pool.pages.size(), vectors.c_str());
  }
  return sauatty::soak::run_soak(
      o, sauatty::soak::Traffic(std::move(pool), static_cast<std::uint64_t>(seed)));
}
