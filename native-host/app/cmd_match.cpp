#include <algorithm>
#include <chrono>
#include <istream>
#include <numeric>
#include <ostream>
#include <string>

#include "annotate/privacy.h"
#include "app/args.h"
#include "app/commands.h"
#include "app/platform.h"
#include "app/rules_options.h"
#include "engine/engine.h"
#include "lists/request_digest.h"
#include "protocol/message.h"
#include "url/url.h"

namespace sauatty::app {
namespace {

using annotate::Json;

// A line longer than this is refused (reported, skipped): a request line is
// a URL (≤ 8 KiB), a page URL and a type.
constexpr std::size_t kMaxLineBytes = 20 * 1024;

Json error_line(std::string_view code, std::string_view message) {
  return {{"match", false}, {"error", {{"code", code}, {"message", message}}}};
}

Json verdict_line(const annotate::RequestVerdict& verdict) {
  if (!verdict.tracker) {
    return {{"match", false},  {"exception", false},  {"rule", nullptr},
            {"list", nullptr}, {"category", nullptr}, {"entity", nullptr}};
  }
  const auto& t = *verdict.tracker;
  return {{"match", true},  {"exception", t.exception}, {"rule", t.rule},
          {"list", t.list}, {"category", t.category},   {"entity", t.entity}};
}

}  // namespace

int run_match(const std::vector<std::string>& words, Io io) {
  auto args = parse_args(words, rule_value_options(), rule_flags({"--stats"}));
  if (!args || !args->positional.empty()) {
    io.err << "sauatty-host match: " << (args ? "takes no positional arguments" : args.error())
           << " (usage: match [--filters FILE]... [--rules DIR] [--stats])\n";
    return kExitUsage;
  }
  auto started = std::chrono::steady_clock::now();
  auto rules = load_rules_for(*args, io);
  if (!rules) return rules.error();
  double lists_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

  std::vector<std::uint64_t> decide_ns;
  lists::DigestedRequest digested;
  std::size_t bad_lines = 0;
  std::string line;
  while (std::getline(io.in, line)) {
    if (line.empty()) continue;
    Json out;
    if (line.size() > kMaxLineBytes) {
      out = error_line("too_long", "the line is longer than 20 KiB");
    } else if (auto request = Json::parse(line, nullptr, false); !request.is_object()) {
      out = error_line("invalid_json", "the line is not a JSON object");
    } else {
      auto text = protocol::string_field(request, "url");
      auto page_text = protocol::optional_string_field(request, "page");
      auto type = protocol::optional_string_field(request, "type");
      if (!text || !page_text || !type) {
        const auto& e = !text ? text.error() : !page_text ? page_text.error() : type.error();
        out = error_line(protocol::code_name(e.code), e.message);
      } else if (auto target = url::parse(*text); !target) {
        out = error_line(url::error_code(target.error()), url::error_message(target.error()));
      } else if (auto page = url::parse(page_text->empty() ? *text : *page_text); !page) {
        out = error_line(url::error_code(page.error()),
                         "page: " + std::string(url::error_message(page.error())));
      } else {
        // The engine's decision alone is timed: URL parsing and the digest
        // before it, attribution and JSON after it are not.
        lists::digest_request(*target, *page, *type, digested);
        engine::Request request = digested.view();
        auto t0 = std::chrono::steady_clock::now();
        engine::Decision decision = (*rules)->trackers->engine.match(request);
        auto t1 = std::chrono::steady_clock::now();
        auto verdict = annotate::verdict_for(**rules, *target, *page, decision);
        decide_ns.push_back(static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
        out = verdict_line(verdict);
      }
    }
    if (out.contains("error")) ++bad_lines;
    io.out << out.dump() << "\n";
  }
  io.out.flush();
  if (args->has("--stats")) {
    std::sort(decide_ns.begin(), decide_ns.end());
    auto at = [&](double q) -> std::uint64_t {
      if (decide_ns.empty()) return 0;
      return decide_ns[std::min(decide_ns.size() - 1,
                                static_cast<std::size_t>(q * decide_ns.size()))];
    };
    io.err << Json{{"requests", decide_ns.size()},
                   {"bad_lines", bad_lines},
                   {"lists_ms", lists_ms},
                   {"decide_ns_median", at(0.5)},
                   {"decide_ns_p99", at(0.99)},
                   {"decide_ns_max", decide_ns.empty() ? 0 : decide_ns.back()},
                   {"decide_ns_total",
                    std::accumulate(decide_ns.begin(), decide_ns.end(), std::uint64_t{0})},
                   {"rss_kb", peak_rss_kb()}}
                  .dump()
           << "\n";
  }
  return bad_lines > 0 ? kExitBadInput : kExitOk;
}

}  // namespace sauatty::app
