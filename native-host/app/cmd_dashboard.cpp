// `dashboard` (the workshop view's server) and `replay FILE.har --csv` (its
// per-company table on stdout). docs/WORKSHOP.md.
#include <ostream>

#include "app/args.h"
#include "app/commands.h"
#include "app/dashboard_control.h"
#include "app/platform.h"
#include "app/rules_options.h"
#include "dashboard/server.h"
#include "dashboard/session.h"
#include "har/har.h"
#include "lists/text_file.h"

namespace sauatty::app {
namespace {

// Reads the recording; on failure one line on io.err (the error names the
// file and the entry, never a URL) and exit code 2 (3 when unreadable).
std::expected<std::vector<har::Entry>, int> load_har(const std::string& command,
                                                     const std::string& path, Io io) {
  auto entries = har::read_har_file(path);
  if (!entries) {
    const bool unreadable = entries.error().find(": cannot open") != std::string::npos;
    io.err << "sauatty-host " << command << ": " << lists::printable(entries.error()) << "\n";
    return std::unexpected(unreadable ? kExitIo : kExitBadInput);
  }
  return std::move(*entries);
}

}  // namespace

int run_dashboard(const std::vector<std::string>& words, Io io) {
  constexpr std::string_view kUsage =
      " (usage: dashboard [--port N] [--replay FILE.har] [--lang en|ru|kk])\n";
  auto args = parse_args(words, rule_value_options({"--port", "--replay", "--lang"}), rule_flags());
  if (!args || !args->positional.empty()) {
    io.err << "sauatty-host dashboard: " << (args ? "takes no words" : args.error()) << kUsage;
    return kExitUsage;
  }
  dashboard::ServerOptions options;
  options.lang = args->value("--lang", "en");
  if (options.lang != "en" && options.lang != "ru" && options.lang != "kk") {
    io.err << "sauatty-host dashboard: --lang must be en, ru or kk" << kUsage;
    return kExitUsage;
  }
  if (auto port = args->value("--port"); !port.empty()) {
    auto parsed = parse_port(port);
    if (!parsed) {
      io.err << "sauatty-host dashboard: --port must be a number from 0 to 65535" << kUsage;
      return kExitUsage;
    }
    options.port = *parsed;
  }
  std::optional<std::vector<har::Entry>> replay;
  if (auto path = args->value("--replay"); !path.empty()) {
    auto entries = load_har("dashboard", path, io);
    if (!entries) return entries.error();
    replay = std::move(*entries);
  }
  auto rules = load_rules_for(*args, io);
  if (!rules) return rules.error();

  // Ctrl+C, SIGTERM and SIGHUP are taken by this thread, blocked before the
  // server's thread starts: they stop the server cleanly.
  block_stop_signals();

  auto server = dashboard::Server::start(*rules, options, std::move(replay));
  if (!server) {
    io.err << "sauatty-host dashboard: " << server.error() << "\n";
    return kExitIo;
  }
  io.out << (*server)->url() << std::endl;
  io.err << "sauatty-host dashboard: open the address above in a browser on this computer; "
            "Ctrl+C stops the server and forgets the session\n";
  wait_for_stop_signal();
  (*server)->stop();
  (*server)->wait();
  return kExitOk;
}

int run_replay(const std::vector<std::string>& words, Io io) {
  constexpr std::string_view kUsage = " (usage: replay FILE.har --csv|--json)\n";
  auto args = parse_args(words, rule_value_options(), rule_flags({"--csv", "--json"}));
  if (!args || args->positional.size() != 1 || args->has("--csv") == args->has("--json")) {
    io.err << "sauatty-host replay: "
           << (!args                          ? args.error()
               : args->positional.size() != 1 ? std::string("give exactly one HAR file")
                                              : std::string("give --csv or --json"))
           << kUsage;
    return kExitUsage;
  }
  auto entries = load_har("replay", args->positional[0], io);
  if (!entries) return entries.error();
  auto rules = load_rules_for(*args, io);
  if (!rules) return rules.error();
  dashboard::Session session;
  std::size_t unreadable = 0;
  for (const auto& entry : *entries) {
    auto observation = dashboard::classify(**rules, entry.url, entry.page_url, entry.type);
    if (observation) {
      session.add(*observation);
    } else {
      ++unreadable;
    }
  }
  if (args->has("--csv")) {
    io.out << session.csv();
  } else {
    auto snapshot = session.snapshot();
    snapshot["totals"]["unreadable"] = unreadable;
    io.out << snapshot.dump() << "\n";
  }
  io.out.flush();
  if (unreadable > 0)
    io.err << "sauatty-host replay: " << unreadable
           << " entries with a URL that does not parse were left out\n";
  return io.out ? kExitOk : kExitIo;
}

}  // namespace sauatty::app
