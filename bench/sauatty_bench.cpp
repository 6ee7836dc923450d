// The tracker engine against its peers on real lists and requests:
// EasyList + EasyPrivacy (2026-07 copies) over the 8,276 requests of
// vectors/matching-test-requests.json. Prints parse+index time, RSS, median
// and p99 decision time (engine match call alone, steady clock per call, on
// requests whose strings are packed together; also with each string in its
// own heap allocation),
// decisions per second, the same for @ghostery/adblocker and
// @gorhill/ubo-core (bench/peers, run through node), the ratios, and the
// share of requests where our block decision agrees with uBO's, with the
// disagreements listed. Run by hand; see docs/BENCHMARKS.md.
//
//   sauatty-bench [--data DIR] [--peers DIR] [--rounds N] [--no-peers]
//                 [--disagreements PREFIX]   (writes PREFIX-ubo.tsv, PREFIX-ghostery.tsv)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "engine/engine.h"
#include "engine/filter.h"
#include "lists/request_digest.h"
#include "lists/tracker_rules.h"

namespace sauatty::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  std::string name;
  double parse_ms = 0;
  long rss_kb = 0;
  double median_ns = 0;
  double p99_ns = 0;
  double per_s = 0;
  std::vector<int> verdicts;  // 0 none, 1 block, 2 exception
  std::vector<std::string> filters;
};

struct Options {
  std::filesystem::path data = default_data_dir();
  std::filesystem::path peers = SAUATTY_BENCH_PEERS_DIR;
  int rounds = 10;
  bool run_peers = true;
  std::string disagreements;
};

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "--data")
      o.data = next();
    else if (a == "--peers")
      o.peers = next();
    else if (a == "--rounds")
      o.rounds = std::max(1, std::atoi(next().c_str()));
    else if (a == "--no-peers")
      o.run_peers = false;
    else if (a == "--disagreements")
      o.disagreements = next();
    else {
      std::fprintf(stderr,
                   "usage: sauatty-bench [--data DIR] [--peers DIR] [--rounds N] [--no-peers] "
                   "[--disagreements PREFIX]\n");
      std::exit(1);
    }
  }
  return o;
}

// Builds the engine, notes RSS, then loads the corpus (so that the RSS figure
// is that of a process holding both lists and nothing else) and times it.
Figures run_ours(const Options& o, const std::vector<std::filesystem::path>& lists,
                 std::vector<CorpusRequest>& corpus, lists::TrackerRules& rules) {
  Figures f;
  f.name = "sauatty";
  std::printf("RSS before loading: %.1f MB\n", proc_status_kb("VmRSS") / 1024.0);
  {
    // Parse + index: the lists' text is read before the clock starts.
    std::vector<std::string> texts;
    for (const auto& path : lists) texts.push_back(slurp(path));
    lists::TrackerRulesBuilder builder;
    auto t0 = Clock::now();
    for (std::size_t i = 0; i < lists.size(); ++i) {
      builder.add_filter_text(lists[i].filename().string(), texts[i]);
    }
    rules = builder.finish();
    f.parse_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  }
  f.rss_kb = proc_status_kb("VmRSS");
  std::printf("peak RSS while loading: %.1f MB\n", proc_status_kb("VmHWM") / 1024.0);
  std::printf("RSS after parse+index: %.1f MB (engine heap %.1f MB)\n", f.rss_kb / 1024.0,
              rules.engine.stats().memory_bytes / 1048576.0);
  corpus = load_corpus(o.data / "vectors/matching-test-requests.json");

  std::vector<lists::DigestedRequest> digested(corpus.size());
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    lists::digest_request(corpus[i].url, corpus[i].source, corpus[i].type, digested[i]);
  }
  // The requests the engine is timed on: their strings packed one request
  // after another in one buffer, as a host holds the request it has just
  // digested together (in one reused DigestedRequest, in cache). With each
  // string its own heap allocation, reading a request's strings costs
  // several cache misses that are the corpus's, not the engine's; that
  // figure is printed too.
  std::string packed_text;
  for (const auto& d : digested) {
    for (const std::string* s :
         {&d.url, &d.url_original, &d.host, &d.domain, &d.page_host, &d.page_domain}) {
      packed_text += *s;
    }
  }
  std::vector<engine::Request> requests;
  std::vector<engine::Request> scattered;
  {
    std::size_t at = 0;
    auto next = [&](const std::string& s) {
      std::string_view v(packed_text.data() + at, s.size());
      at += s.size();
      return v;
    };
    for (const auto& d : digested) {
      engine::Request r;
      r.url = next(d.url);
      r.url_original = next(d.url_original);
      r.host = next(d.host);
      r.domain = next(d.domain);
      r.page_host = next(d.page_host);
      r.page_domain = next(d.page_domain);
      r.type = d.type;
      r.party = d.party;
      requests.push_back(r);
      scattered.push_back(d.view());
    }
  }

  const engine::Engine& engine = rules.engine;
  unsigned sink = 0;
  auto time_each = [&](const std::vector<engine::Request>& rs) {
    for (const auto& r : rs) sink += engine.match(r).filter;  // warm-up
    std::vector<double> samples;
    samples.reserve(rs.size() * o.rounds);
    for (int round = 0; round < o.rounds; ++round) {
      for (const auto& r : rs) {
        auto t0 = Clock::now();
        engine::Decision d = engine.match(r);
        auto t1 = Clock::now();
        sink += d.filter;
        samples.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
      }
    }
    std::sort(samples.begin(), samples.end());
    return samples;
  };
  {
    std::vector<double> s = time_each(scattered);
    std::printf(
        "requests with each string in its own heap allocation: median %.0f ns, p99 %.0f ns\n",
        quantile(s, 0.5), quantile(s, 0.99));
  }
  std::vector<double> samples = time_each(requests);
  {
    // What the clock itself adds to each sample: an empty interval.
    std::vector<double> empty;
    for (int i = 0; i < 100000; ++i) {
      auto a = Clock::now();
      auto b = Clock::now();
      empty.push_back(std::chrono::duration<double, std::nano>(b - a).count());
    }
    std::sort(empty.begin(), empty.end());
    std::printf("clock: an empty interval reads %.0f ns (median); included in every sample\n",
                quantile(empty, 0.5));
  }
  f.median_ns = quantile(samples, 0.5);
  f.p99_ns = quantile(samples, 0.99);
  auto t0 = Clock::now();
  for (int round = 0; round < o.rounds; ++round) {
    for (const auto& r : requests) sink += engine.match(r).filter;
  }
  double total_s = std::chrono::duration<double>(Clock::now() - t0).count();
  f.per_s = static_cast<double>(requests.size()) * o.rounds / total_s;
  std::size_t candidates = 0, probes = 0, most = 0;
  for (const auto& r : requests) {
    auto w = engine.work(r);
    candidates += w.candidates;
    probes += w.probes;
    most = std::max(most, w.candidates);
  }
  std::printf("per request (block index): %.1f probes, %.1f candidates (at most %zu)\n",
              double(probes) / requests.size(), double(candidates) / requests.size(), most);
  for (const auto& r : requests) {
    engine::Decision d = engine.match(r);
    f.verdicts.push_back(d.block ? 1 : d.exception ? 2 : 0);
    f.filters.emplace_back(d.matched() ? engine.filter_text(d.filter) : "");
  }
  if (sink == 42) std::puts("");  // keeps the loops from being optimized away
  return f;
}

// Runs `node run.mjs PEER …` and reads its one JSON line.
std::optional<Figures> run_peer(const Options& o, const std::string& peer,
                                const std::vector<std::filesystem::path>& lists) {
  std::string list_arg;
  for (const auto& l : lists) {
    if (!list_arg.empty()) list_arg += ',';
    list_arg += l.string();
  }
  std::string cmd = "node '" + (o.peers / "run.mjs").string() + "' " + peer + " --lists '" +
                    list_arg + "' --vectors '" +
                    (o.data / "vectors/matching-test-requests.json").string() + "' --rounds " +
                    std::to_string(o.rounds);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), &pclose);
  if (!pipe) return std::nullopt;
  std::string out;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0) out.append(buffer, n);
  auto json = nlohmann::json::parse(out, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    std::fprintf(stderr, "peer %s failed (is `npm ci` done in %s?)\n", peer.c_str(),
                 o.peers.c_str());
    return std::nullopt;
  }
  Figures f;
  f.name = json["package"].get<std::string>() + "@" + json["version"].get<std::string>();
  f.parse_ms = json["parse_ms"].get<double>();
  f.rss_kb = json["rss_kb"].get<long>();
  f.median_ns = json["median_ns"].get<double>();
  f.p99_ns = json["p99_ns"].get<double>();
  f.per_s = json["decisions_per_s"].get<double>();
  f.verdicts = json["verdicts"].get<std::vector<int>>();
  f.filters = json["filters"].get<std::vector<std::string>>();
  return f;
}

const char* verdict_name(int v) { return v == 1 ? "block" : v == 2 ? "exception" : "none"; }

}  // namespace
}  // namespace sauatty::bench

int main(int argc, char** argv) {
  using namespace sauatty::bench;
  Options o = parse_args(argc, argv);
  std::vector<std::filesystem::path> lists = {o.data / "filters/easylist-2026-07.txt",
                                              o.data / "filters/easyprivacy-2026-07.txt"};
  sauatty::lists::TrackerRules rules;
  std::vector<CorpusRequest> corpus;
  Figures ours = run_ours(o, lists, corpus, rules);
  long peak_kb = proc_status_kb("VmHWM");

  std::printf("corpus: %zu requests x %d rounds; lists: EasyList + EasyPrivacy 2026-07\n",
              corpus.size(), o.rounds);
  const auto& s = rules.engine.stats();
  std::printf(
      "engine: %zu filters (%zu host table, %zu token index of which %zu bad-token, "
      "%zu domain index, %zu fallback, %zu regex), index heap %.1f MiB\n",
      s.indexed, s.host_table, s.token_index, s.bad_token, s.domain_index, s.fallback, s.regex,
      s.memory_bytes / 1048576.0);
  for (const auto& report : rules.reports) {
    std::printf("  %s: %zu lines, %zu filters;", report.name.c_str(), report.lines, report.filters);
    for (std::size_t i = 0; i < report.skipped.size(); ++i) {
      if (report.skipped[i] == 0) continue;
      std::printf(" %s %zu",
                  std::string(sauatty::engine::skip_reason_name(
                                  static_cast<sauatty::engine::SkipReason>(i)))
                      .c_str(),
                  report.skipped[i]);
    }
    std::printf("\n    skipped for options:");
    for (const auto& [option, n] : report.skipped_options)
      std::printf(" %s %zu", option.c_str(), n);
    std::printf("\n");
    for (const std::string& warning : report.warnings()) {
      std::printf("    %s\n", sauatty::lists::printable(warning).c_str());
    }
  }

  std::vector<Figures> peers;
  if (o.run_peers) {
    for (const char* peer : {"ghostery", "ubo"}) {
      if (auto f = run_peer(o, peer, lists)) peers.push_back(std::move(*f));
    }
  }
  std::printf("\n%-30s %12s %10s %12s %10s %14s\n", "engine", "parse+index", "RSS", "median", "p99",
              "decisions/s");
  auto row = [](const Figures& f) {
    std::printf("%-30s %9.1f ms %7.1f MB %9.0f ns %7.0f ns %14.0f\n", f.name.c_str(), f.parse_ms,
                f.rss_kb / 1024.0, f.median_ns, f.p99_ns, f.per_s);
  };
  row(ours);
  for (const auto& p : peers) row(p);
  std::printf("(sauatty peak RSS during the run, corpus included: %.1f MB)\n", peak_kb / 1024.0);

  if (!peers.empty()) {
    const Figures* fastest = &peers[0];
    for (const auto& p : peers) {
      if (p.median_ns < fastest->median_ns) fastest = &p;
    }
    std::printf("\nratios (peer / sauatty):\n");
    for (const auto& p : peers) {
      std::printf("  %-30s median %.1fx  p99 %.1fx  parse %.1fx%s\n", p.name.c_str(),
                  p.median_ns / ours.median_ns, p.p99_ns / ours.p99_ns, p.parse_ms / ours.parse_ms,
                  &p == fastest ? "  (faster peer)" : "");
    }
  }

  for (const auto& p : peers) {
    if (p.verdicts.size() != corpus.size()) continue;
    std::size_t agree = 0;
    std::map<std::string, std::size_t> kinds;
    std::FILE* out = nullptr;
    if (!o.disagreements.empty()) {
      std::string short_name = p.name.find("ubo") != std::string::npos ? "ubo" : "ghostery";
      out = std::fopen((o.disagreements + "-" + short_name + ".tsv").c_str(), "w");
    }
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      bool ours_block = ours.verdicts[i] == 1;
      bool theirs_block = p.verdicts[i] == 1;
      if (ours_block == theirs_block) {
        ++agree;
        continue;
      }
      std::string kind = std::string("sauatty ") + verdict_name(ours.verdicts[i]) + " / peer " +
                         verdict_name(p.verdicts[i]);
      ++kinds[kind];
      if (out) {
        std::fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", kind.c_str(), corpus[i].url.c_str(),
                     corpus[i].source.c_str(), corpus[i].type.c_str(), ours.filters[i].c_str(),
                     p.filters[i].c_str());
      }
    }
    if (out) std::fclose(out);
    std::printf("\nblock decisions agreeing with %s: %zu / %zu = %.2f%%\n", p.name.c_str(), agree,
                corpus.size(), 100.0 * agree / corpus.size());
    for (const auto& [kind, n] : kinds) std::printf("  %-40s %zu\n", kind.c_str(), n);
  }
  return 0;
}
