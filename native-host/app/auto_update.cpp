#include "app/auto_update.h"

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/platform.h"
#include "app/rules_options.h"
#include "store/list_sources.h"
#include "store/update_schedule.h"

namespace sauatty::app {
namespace {

// Whether any list is due now (reads each list's small schedule file).
bool any_due(const std::vector<store::ListSource>& lists, const std::filesystem::path& cache) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::random_device device;
  const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(device);
  for (const auto& source : lists) {
    if (store::is_due(store::read_schedule(cache, source.name), now, jitter)) return true;
  }
  return false;
}

std::vector<std::string> update_command(const Args& args, const std::filesystem::path& cache) {
  std::vector<std::string> argv = {"sauatty-host", "rules",   "update",
                                   "--automatic",  "--cache", cache.string()};
  argv.push_back("--delay-max");
  argv.push_back(args.value("--update-delay-max", "60"));
  if (auto sources = args.value("--sources"); !sources.empty()) {
    argv.push_back("--sources");
    argv.push_back(sources);
  }
  // The rule options, so that the compiled cache it rebuilds is the one
  // this host loads.
  for (const char* option : {"--rules", "--filters", "--import"}) {
    for (const auto& value : args.values(option)) {
      argv.push_back(option);
      argv.push_back(value);
    }
  }
  return argv;
}

}  // namespace

long start_automatic_update(const Args& args, std::ostream& err) {
  if (store::offline_by_environment() || args.has("--no-cache")) return -1;
  auto sources = store::sources_in_effect(path_option(args, "--sources"));
  // `rules update` refuses a file with an entry of an unknown kind (the
  // start said which): starting one would only fail.
  if (!sources || !sources->left_out.empty() || !sources->automatic_updates ||
      sources->lists.empty())
    return -1;
  auto cache = store::cache_in_effect(path_option(args, "--cache"));
  if (cache.system || !any_due(sources->lists, cache.dir)) return -1;

  std::error_code ec;
  std::filesystem::create_directories(cache.dir, ec);
  const std::filesystem::path log = cache.dir / kUpdateLogFile;
  auto pid = start_background_self(update_command(args, cache.dir), log);
  if (!pid) {
    err << "sauatty-host: automatic list update not started: " << pid.error() << "\n";
    return -1;
  }
  err << "sauatty-host: updating lists in the background (pid " << *pid << ", report in "
      << log.string() << ")\n";
  return *pid;
}

}  // namespace sauatty::app
