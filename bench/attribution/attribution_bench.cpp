// Companies named: on the 8,276-request corpus (Brave's adblock-rust
// vectors), the third-party requests the filter lists block, and how many of
// those hits name the company behind them, with each source of entity data
// and with all of them; then the most frequent registrable domains still
// unnamed. The figures of docs/BENCHMARKS.md "Companies named".
//
//   sauatty-attribution-bench [--data DIR] [--top N] [--trackerdb FILE]
//
// DIR is the shared data folder (filters/, trackers/, vectors/); default
// $SAUATTY_SHARED_DATA or the build's setting. FILE is Ghostery's
// trackerdb.json (`npm pack @ghostery/trackerdb`, dist/trackerdb.json): a
// last row then adds it. A request without a page (5,250 of the vectors:
// "http://", about:blank) is judged as `check` judges a URL without --page:
// as a request some other site made.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "annotate/privacy.h"
#include "bench/bench_common.h"
#include "store/rule_set.h"
#include "url/url.h"

namespace {

using sauatty::store::LoadOptions;

constexpr const char* kElsewhere = "https://sauatty.invalid/";

struct Tally {
  std::size_t third_party_hits = 0;
  std::size_t named = 0;
  std::size_t first_party_hits = 0;
  std::size_t this_site = 0;
  std::map<std::string, std::size_t> unnamed;  // registrable domain → hits
};

Tally measure(const sauatty::store::RuleSet& rules,
              const std::vector<sauatty::bench::CorpusRequest>& corpus) {
  Tally tally;
  for (const auto& r : corpus) {
    auto request = sauatty::url::parse(r.url);
    auto page = sauatty::url::parse(r.source);
    if (!request) continue;
    // A vector without a page ("http://", about:blank) is judged as `check`
    // judges a URL without --page: a request some other site made.
    if (!page || page->host.empty()) page = sauatty::url::parse(kElsewhere);
    auto verdict = sauatty::annotate::judge_request(rules, *request, *page, r.type);
    if (!verdict.tracker || verdict.tracker->exception) continue;
    if (!verdict.third_party) {
      ++tally.first_party_hits;
      tally.this_site += verdict.tracker->entity == "this site";
      continue;
    }
    ++tally.third_party_hits;
    if (sauatty::annotate::names_company(*verdict.tracker)) {
      ++tally.named;
    } else {
      ++tally.unnamed[verdict.registrable_domain];
    }
  }
  return tally;
}

double percent(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path data = sauatty::bench::default_data_dir();
  std::size_t top = 30;
  std::filesystem::path trackerdb;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--data") == 0) {
      data = argv[i + 1];
    } else if (std::strcmp(argv[i], "--trackerdb") == 0) {
      trackerdb = argv[i + 1];
    } else if (std::strcmp(argv[i], "--top") == 0) {
      top = std::strtoul(argv[i + 1], nullptr, 10);
    } else {
      std::fprintf(stderr,
                   "usage: sauatty-attribution-bench [--data DIR] [--top N] [--trackerdb FILE]\n");
      return 1;
    }
  }
  auto corpus = sauatty::bench::load_corpus(data / "vectors/matching-test-requests.json");
  LoadOptions lists;
  lists.rules.reset();
  lists.filter_files = {data / "filters/easylist-2026-07.txt",
                        data / "filters/easyprivacy-2026-07.txt"};
  LoadOptions::TrackerImport disconnect{sauatty::store::ListKind::kDisconnect,
                                        data / "trackers/disconnect/services.json"};
  LoadOptions::TrackerImport disconnect_entities{sauatty::store::ListKind::kDisconnectEntities,
                                                 data / "trackers/disconnect/entities.json"};
  LoadOptions::TrackerImport radar{sauatty::store::ListKind::kTrackerRadar,
                                   data / "trackers/duckduckgo-tds/extension-tds.v6.json"};
  LoadOptions::TrackerImport ghostery{sauatty::store::ListKind::kTrackerDb, trackerdb};

  struct Setup {
    const char* name;
    bool builtin;
    std::vector<LoadOptions::TrackerImport> imports;
  };
  std::vector<Setup> setups = {
      {"EasyList + EasyPrivacy, no entity data", false, {}},
      {"+ built-in entity map", true, {}},
      {"+ Disconnect (services, entities)", false, {disconnect, disconnect_entities}},
      {"+ Tracker Radar", false, {radar}},
      {"+ Disconnect + Tracker Radar (imports alone)",
       false,
       {disconnect, disconnect_entities, radar}},
      {"+ built-in + Disconnect + Tracker Radar", true, {disconnect, disconnect_entities, radar}},
  };
  if (!trackerdb.empty()) {
    setups.push_back({"+ TrackerDB alone", false, {ghostery}});
    setups.push_back({"+ built-in + Disconnect + Tracker Radar + TrackerDB",
                      true,
                      {disconnect, disconnect_entities, radar, ghostery}});
  }
  std::printf("corpus: %zu requests (%s)\n\n", corpus.size(), data.c_str());
  std::printf("%-52s %9s %9s %8s %12s\n", "entity data", "3p hits", "named", "share",
              "1p this site");
  std::optional<Tally> last;
  for (const Setup& setup : setups) {
    LoadOptions options = lists;
    if (setup.builtin) options.rules = sauatty::store::RulesSource::embedded();
    options.tracker_imports = setup.imports;
    auto rules = sauatty::store::load_rule_set(options);
    if (!rules) {
      std::fprintf(stderr, "%s\n", rules.error().c_str());
      return 3;
    }
    Tally tally = measure(**rules, corpus);
    std::printf("%-52s %9zu %9zu %7.1f%% %6zu/%-5zu\n", setup.name, tally.third_party_hits,
                tally.named, percent(tally.named, tally.third_party_hits), tally.this_site,
                tally.first_party_hits);
    last = std::move(tally);
  }
  std::vector<std::pair<std::size_t, std::string>> unnamed;
  for (const auto& [domain, hits] : last->unnamed) unnamed.emplace_back(hits, domain);
  std::sort(unnamed.begin(), unnamed.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::printf("\nmost frequent unnamed domains (%zu domains, %zu hits):\n", unnamed.size(),
              last->third_party_hits - last->named);
  for (std::size_t i = 0; i < unnamed.size() && i < top; ++i) {
    std::printf("%6zu  %s\n", unnamed[i].first, unnamed[i].second.c_str());
  }
  return 0;
}
