#include "app/commands.h"

#include <algorithm>
#include <ostream>
#include <string_view>

#include "app/version.h"

namespace sauatty::app {
namespace {

constexpr std::string_view kUsage =
    R"(sauatty-host — privacy and credibility annotations for the Sauatty extension

usage:
  sauatty-host ORIGIN                   native messaging mode (what the browser starts:
                                        chrome-extension://ID/, or a Firefox manifest path + add-on id)
  sauatty-host check URL [--page URL] [--type TYPE] [--json] [--rules DIR]
                                        annotate one URL; without --page it is judged as a
                                        request made by some other site
  sauatty-host match [--filters FILE]... [--rules DIR] [--stats]
                                        JSON lines {url, page, type} in, one verdict line out each
  sauatty-host rules list|verify [--rules DIR] [--filters FILE]...
                                        what loads, and every problem found while loading
  sauatty-host rules update [--sources FILE] [--cache DIR] [--system]
                                        download the lists (sources.json's, or the defaults),
                                        verify them and swap them in; on any failure the last
                                        good copy stays (--system: /var/lib/sauatty for all users)
  sauatty-host install [--browser chrome|chromium|edge|firefox|all] [--system] [--uninstall]
                       [--host-path PATH] [--root DIR]
                                        register the native host with the browsers found
                                        (--root: write the --system manifests under DIR)
  sauatty-host dashboard [--port N] [--replay FILE.har] [--lang en|ru|kk]
                                        the workshop view: a page on 127.0.0.1 (its address,
                                        with a one-time token, is the first line printed)
  sauatty-host replay FILE.har --csv|--json
                                        classify a recording; the per-company table on stdout
  sauatty-host --help | --version

rule options (check, match, rules, native messaging mode):
  --rules DIR          a folder laid out like rules/ instead of the embedded copy
  --filters FILE       an Adblock Plus / EasyList list (repeatable)
  --import KIND=PATH   another list: filters, hosts, disconnect, opensources, bs-detector,
                       cred1, lin2023 (repeatable)
  --sources FILE --cache DIR --no-cache
                       the lists `rules update` downloaded (docs/LISTS.md); SAUATTY_OFFLINE=1
                       in the environment: no default lists, no automatic updates

exit codes: 0 success, 1 usage error, 2 bad input data, 3 I/O or network failure
)";

struct Subcommand {
  std::string_view name;
  int (*run)(const std::vector<std::string>&, Io);
};

constexpr Subcommand kSubcommands[] = {
    {"check", run_check},
    {"match", run_match},
    {"rules", run_rules},
    {"install", run_install},
    {"dashboard", run_dashboard},
    {"replay", run_replay},
};

// Chrome starts the host with "chrome-extension://ID/" (plus
// "--parent-window=N" on Windows); Firefox with the manifest's path and the
// add-on id.
bool is_browser_launch(const std::vector<std::string>& words) {
  if (words.empty()) return false;
  if (words[0].starts_with("chrome-extension://")) return true;
  return words.size() >= 2 && words[0].ends_with(".json") && words[1] == kGeckoExtensionId;
}

}  // namespace

int run(const std::vector<std::string>& words, Io io) {
  if (is_browser_launch(words)) return run_native_messaging(words, io);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    io.out << kUsage;
    return words.empty() ? kExitUsage : kExitOk;
  }
  if (words[0] == "--version") {
    io.out << "sauatty-host " << kVersion << " (protocol " << kProtocolVersion << ")\n";
    return kExitOk;
  }
  auto sub = std::find_if(std::begin(kSubcommands), std::end(kSubcommands),
                          [&](const Subcommand& s) { return s.name == words[0]; });
  if (sub == std::end(kSubcommands)) {
    io.err << "sauatty-host: unknown command '" << words[0] << "' (see --help)\n";
    return kExitUsage;
  }
  return sub->run(std::vector<std::string>(words.begin() + 1, words.end()), io);
}

}  // namespace sauatty::app
