#include "whole_path/host_environment.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <system_error>
#include <vector>

#include "store/list_sources.h"

namespace sauatty::bench {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "whole-path: %s\n", what.c_str());
  std::exit(3);
}

// The temporary folders still to remove, also when the program ends by
// std::exit (the benchmark's die()), which runs no destructor of a local.
// Never destroyed, so that the handler registered with std::atexit finds it
// whatever the order of destruction at exit.
std::vector<fs::path>& live_folders() {
  static auto* folders = new std::vector<fs::path>;
  return *folders;
}

void remove_live_folders() {
  for (const auto& folder : live_folders()) {
    std::error_code ec;
    fs::remove_all(folder, ec);
  }
  live_folders().clear();
}

std::string variable(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string("(unset)") : std::string(value);
}

void set(const char* name, const std::string& value) {
  if (::setenv(name, value.c_str(), /*overwrite=*/1) != 0) die(std::string("cannot set ") + name);
}

}  // namespace

HostEnvironment::HostEnvironment(Mode mode) : mode_(mode) {
  if (mode_ == Mode::kUser) return;
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = (tmp != nullptr && *tmp == '/' ? std::string(tmp) : std::string("/tmp")) +
                        "/sauatty-whole-path-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) die("cannot make a temporary folder: " + pattern);
  folder_ = pattern;
  static const bool registered = std::atexit(remove_live_folders) == 0;
  if (!registered) die("cannot register the temporary folder's removal");
  live_folders().push_back(folder_);
}

HostEnvironment::~HostEnvironment() {
  if (folder_.empty()) return;
  std::error_code ec;
  fs::remove_all(folder_, ec);
  std::erase(live_folders(), folder_);
}

std::string HostEnvironment::enter(const std::string& name) {
  if (mode_ == Mode::kUser) {
    std::string offline = variable(store::kOfflineVariable);
    if (std::getenv(store::kOfflineVariable) == nullptr) offline += ", the driver sets 1";
    return "this process's (--user-environment): " + std::string(store::kOfflineVariable) + "=" +
           offline + ", XDG_CACHE_HOME=" + variable("XDG_CACHE_HOME") +
           ", XDG_CONFIG_HOME=" + variable("XDG_CONFIG_HOME") + ", HOME=" + variable("HOME");
  }
  const fs::path cache = folder_ / name / "cache";
  const fs::path config = folder_ / name / "config";
  std::error_code ec;
  fs::create_directories(cache, ec);
  if (!ec) fs::create_directories(config, ec);
  if (ec) die("cannot make " + (folder_ / name).string() + ": " + ec.message());
  set(store::kOfflineVariable, "1");
  set("XDG_CACHE_HOME", cache.string());
  set("XDG_CONFIG_HOME", config.string());
  std::string line = "its own, removed at the end: " + std::string(store::kOfflineVariable) +
                     "=1, XDG_CACHE_HOME=" + cache.string() +
                     ", XDG_CONFIG_HOME=" + config.string();
  // The administrator's files win over the user's folders (store/list_sources.h).
  for (const char* system : {store::kSystemSourcesFile, store::kSystemCacheDir}) {
    if (fs::exists(system, ec)) line += std::string("; NOTE: ") + system + " exists and is used";
  }
  return line;
}

}  // namespace sauatty::bench
