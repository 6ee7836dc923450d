#include "app/auto_update.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/rules_options.h"
#include "store/list_sources.h"
#include "store/update_schedule.h"

extern char** environ;

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

pid_t start_automatic_update(const Args& args, std::ostream& err) {
  if (store::offline_by_environment() || args.has("--no-cache")) return -1;
  auto sources = store::sources_in_effect(path_option(args, "--sources"));
  if (!sources || !sources->automatic_updates || sources->lists.empty()) return -1;
  auto cache = store::cache_in_effect(path_option(args, "--cache"));
  if (cache.system || !any_due(sources->lists, cache.dir)) return -1;

  std::vector<std::string> words = update_command(args, cache.dir);
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  std::error_code ec;
  std::filesystem::create_directories(cache.dir, ec);
  const std::string log = (cache.dir / kUpdateLogFile).string();
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
  // Default signal actions in the child (the host ignores SIGPIPE).
  sigset_t all;
  sigfillset(&all);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    err << "sauatty-host: automatic list update not started: " << std::strerror(rc) << "\n";
    return -1;
  }
  err << "sauatty-host: updating lists in the background (pid " << pid << ", report in " << log
      << ")\n";
  // A lower CPU priority than the host's; best effort.
  [[maybe_unused]] int niced = setpriority(PRIO_PROCESS, static_cast<id_t>(pid), 10);
  // Reaped when it ends, so that no zombie stays while the host runs; the
  // thread holds nothing, so the host may exit while it waits.
  std::thread([pid] {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }).detach();
  return pid;
}

}  // namespace sauatty::app
