#include <ostream>

#include "annotate/credibility.h"
#include "annotate/privacy.h"
#include "app/args.h"
#include "app/commands.h"
#include "app/rules_options.h"
#include "url/url.h"

namespace sauatty::app {
namespace {

// The page a request is judged from when --page is not given: a host no
// list names, so that the URL counts as a third-party request.
constexpr std::string_view kElsewhere = "https://sauatty.invalid/";

void print_text(const annotate::Json& result, bool page_given, std::ostream& out) {
  out << result["url"].get<std::string>() << "\n";
  out << "  registrable domain: " << result["registrable_domain"].get<std::string>() << "\n";
  const auto& privacy = result["privacy"];
  out << "  privacy" << (page_given ? "" : " (as a request from another site)") << ": "
      << (privacy["third_party"].get<bool>() ? "third party" : "first party");
  if (privacy["tracker"].is_null()) {
    out << ", no tracker rule matched\n";
  } else {
    const auto& t = privacy["tracker"];
    out << ", " << (t["exception"].get<bool>() ? "allowed by exception " : "tracker ")
        << t["entity"].get<std::string>() << " (" << t["category"].get<std::string>()
        << (t["country"].is_null() ? "" : ", " + t["country"].get<std::string>()) << ") — rule "
        << t["rule"].get<std::string>() << " in " << t["list"].get<std::string>() << "\n";
  }
  const auto& cred = result["credibility"];
  out << "  credibility: " << cred["level"].get<std::string>();
  if (!cred["rating"].is_null()) out << ", rated " << cred["rating"].get<std::string>();
  if (!cred["lookalike_of"].is_null())
    out << ", imitates " << cred["lookalike_of"].get<std::string>();
  if (cred.contains("source") && cred["source"].is_object()) {
    out << " — " << cred["source"].value("list", "") << " " << cred["source"].value("citation", "");
  }
  out << "\n";
}

}  // namespace

int run_check(const std::vector<std::string>& words, Io io) {
  auto args = parse_args(words, rule_value_options({"--page", "--type"}), rule_flags({"--json"}));
  if (!args || args->positional.size() != 1) {
    io.err << "sauatty-host check: " << (args ? "give exactly one URL" : args.error())
           << " (usage: check URL [--page URL] [--type TYPE] [--json])\n";
    return kExitUsage;
  }
  auto target = url::parse(args->positional[0]);
  if (!target) {
    io.err << "sauatty-host check: " << url::error_message(target.error()) << "\n";
    return kExitBadInput;
  }
  auto page = url::parse(args->value("--page", std::string(kElsewhere)));
  if (!page) {
    io.err << "sauatty-host check: --page: " << url::error_message(page.error()) << "\n";
    return kExitBadInput;
  }
  auto rules = load_rules_for(*args, io);
  if (!rules) return rules.error();

  auto verdict = annotate::judge_request(**rules, *target, *page, args->value("--type", "other"));
  annotate::Json result = {
      {"url", target->normalized},
      {"registrable_domain", target->registrable_domain},
      {"privacy",
       {{"third_party", verdict.third_party},
        {"tracker", verdict.tracker ? annotate::to_json(*verdict.tracker) : nullptr}}},
      {"credibility", annotate::judge_page((*rules)->credibility.get(), *target, nullptr)}};
  if (args->has("--json")) {
    io.out << result.dump() << "\n";
  } else {
    print_text(result, !args->value("--page").empty(), io.out);
  }
  return kExitOk;
}

}  // namespace sauatty::app
