#include <charconv>
#include <memory>
#include <ostream>
#include <sstream>

#include "app/args.h"
#include "app/browser_policy.h"
#include "app/commands.h"
#include "app/first_use.h"
#include "app/messaging.h"
#include "app/platform.h"
#include "app/rules_options.h"
#include "app/rules_watch.h"
#include "credibility/assessor.h"

namespace sauatty::app {

int run_native_messaging(const std::vector<std::string>& words, Io io) {
  // words[0] is the origin (Chrome) or manifest path (Firefox, then the
  // add-on id). Options after them are for tests and administrators.
  std::vector<std::string> rest;
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (i == 1 && !words[i].starts_with("--")) continue;     // Firefox's add-on id
    if (words[i].starts_with("--parent-window=")) continue;  // Chrome on Windows
    rest.push_back(words[i]);
  }
  auto args = parse_args(
      rest, rule_value_options({"--max-frame", "--update-delay-max", "--dashboard-port"}),
      rule_flags());
  if (!args) {
    io.err << "sauatty-host: " << args.error() << "\n";
    return kExitUsage;
  }
  MessagingContext context;
  if (auto text = args->value("--max-frame"); !text.empty()) {
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 ||
        value > protocol::kMaxInputFrameCeiling) {
      io.err << "sauatty-host: --max-frame takes a byte count from 1 to 67108864\n";
      return kExitUsage;
    }
    context.max_frame = value;
  }
  if (auto text = args->value("--dashboard-port"); !text.empty()) {
    auto port = parse_port(text);  // where a `dashboard` start listens (0: any free port)
    if (!port) {
      io.err << "sauatty-host: --dashboard-port takes a port number from 0 to 65535\n";
      return kExitUsage;
    }
    context.dashboard = DashboardControl(*port);
  }
  const auto cache_file = compiled_cache_for(*args);
  if (cache_file) {
    // Loaded as each live swap loads (app/rules_watch.h), so that the first
    // swap frees this set whole too; the compiled cache's two parts are read
    // at once, on the keeper's two threads (a start's wall time).
    int failed = 0;
    auto rules = RulesWatch::load_kept(RulesWatch::LoadBeside(
        [&](const store::ReadBeside& beside) -> RulesWatch::Load::result_type {
          auto set = load_rules_for(*args, io, CompiledCache::kStart, beside);
          if (set) return std::move(*set);
          failed = set.error();
          return std::unexpected(std::string());
        }));
    if (!rules) return failed;
    context.rules = std::move(*rules);
  } else {
    auto rules = load_rules_for(*args, io, CompiledCache::kStart);
    if (!rules) return rules.error();
    context.rules = std::move(*rules);
  }
  // The live swap starts from the cache file as it was loaded (before the
  // automatic update below may replace it).
  const auto loaded_state =
      cache_file ? RulesWatch::state_of(*cache_file) : RulesWatch::FileState{};

  set_binary_stdio();
  guard_native_messaging_process();
  auto handlers = make_handlers(context);
  // `policy`: the browser's policy for the extension that started the host
  // (app/browser_policy.h).
  handlers.push_back(policy_handler(caller_from_arguments(words)));
  // The automatic list update at the first page, the rating index built
  // after `hello` (app/first_use.h).
  FirstUse first_use(*args, context, io.err);
  first_use.wrap(handlers);
  // Live swap when the rules come with a compiled cache (app/rules_watch.h).
  std::unique_ptr<RulesWatch> watch;
  if (const auto& file = cache_file) {
    watch = std::make_unique<RulesWatch>(
        *file, loaded_state, [args = *args, &io]() -> RulesWatch::Load::result_type {
          std::ostringstream said;
          auto set = load_rules_for(args, Io{io.in, said, said}, CompiledCache::kOnly);
          if (set) {
            // The rating index, the look-alike detector and the title
            // check, which the assessor builds at its first assessment
            // (credibility/assessor.h): here, on the thread that keeps the
            // new rules, so that the first page after the swap does not
            // build them, and they land in the rules' own arena, not the
            // session's. Only ahead of time: a failure leaves them to it.
            try {
              build_for_first_page(**set);
            } catch (...) {
            }
            return std::move(*set);
          }
          std::string why = said.str();
          if (auto end = why.find('\n'); end != std::string::npos) why.resize(end);
          if (why.starts_with("sauatty-host: ")) why.erase(0, 14);
          return std::unexpected(why);
        });
    adopt_before_each_message(handlers, *watch, context, io.err);
  }
  protocol::SessionOptions options;
  options.max_frame = context.max_frame;
  options.max_values = kMaxValuesPerMessage;
  options.after_large_frame = release_free_memory;
  options.after_answer = [&first_use] { first_use.after_answer(); };
  return protocol::run_session(io.in, io.out, io.err, handlers, options, context.session);
}

}  // namespace sauatty::app
