// Companies named: `match` and `check` attribute a tracker hit to the company
// Tracker Radar names (`--import tracker-radar=PATH`, as sources.json's kind
// of the same name), to "this site" on the page's own site; and on the
// request corpus, with EasyList + EasyPrivacy, our entity map, Disconnect
// (services.json and entities.json) and Tracker Radar, the share of
// third-party hits that name a company does not fall below what it is
// (72.3%, the issue's target of 70% met; 78.4% with TrackerDB imported
// too: docs/BENCHMARKS.md "Companies named"; bench/attribution prints the
// figures and the domains still unnamed), and a few named hits name the
// company our bundled data says.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "annotate/privacy.h"
#include "engine/test_data.h"
#include "store/rule_set.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "url/url.h"

namespace sauatty {
namespace {

using nlohmann::json;
using testing::host_binary;
using testing::run_command;
using testing::shared_data;
using testing::TempDir;

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

constexpr const char* kRadar = R"({
  "trackers": {"pixel.example": {"categories": ["Advertising"]}},
  "entities": {"Pixel Corp Inc.": {"displayName": "Pixel Corp", "domains": ["pixel.example"]}},
  "domains": {"pixel.example": "Pixel Corp Inc."}, "cnames": {}})";

TEST(Attribution, MatchAndCheckNameTheCompanyAndThisSite) {
  TempDir dir("sauatty-attribution");
  write(dir.path() / "tds.json", kRadar);
  write(dir.path() / "f.txt", "||pixel.example^\n/banner/ad.gif\n");
  std::string radar = "tracker-radar=" + (dir.path() / "tds.json").string();
  std::string filters = (dir.path() / "f.txt").string();

  auto matched = run_command(
      {host_binary(), "match", "--filters", filters, "--import", radar},
      R"({"url": "https://px.pixel.example/p.gif", "page": "https://news.kz/", "type": "image"})"
      "\n"
      R"({"url": "https://other.kz/banner/ad.gif", "page": "https://news.kz/", "type": "image"})"
      "\n");
  ASSERT_EQ(matched.exit_code, 0) << matched.err;
  auto newline = matched.out.find('\n');
  json pixel = json::parse(matched.out.substr(0, newline));
  EXPECT_EQ(pixel["entity"], "Pixel Corp");
  EXPECT_EQ(pixel["category"], "advertising");
  EXPECT_EQ(json::parse(matched.out.substr(newline + 1))["entity"], "unknown");

  auto own = run_command({host_binary(), "check", "https://news.kz/banner/ad.gif", "--page",
                          "https://www.news.kz/", "--filters", filters, "--json"});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  json privacy = json::parse(own.out)["privacy"];
  EXPECT_EQ(privacy["third_party"], false);
  EXPECT_EQ(privacy["tracker"]["entity"], "this site");

  auto listed =
      run_command({host_binary(), "rules", "list", "--filters", filters, "--import", radar});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("tds.json"), std::string::npos) << listed.out;
}

TEST(Attribution, ABrokenTrackerRadarFileStopsTheCommandNamingIt) {
  TempDir dir("sauatty-attribution");
  write(dir.path() / "tds.json", R"({"entities": {}})");
  auto r = run_command({host_binary(), "check", "https://a.example/", "--import",
                        "tracker-radar=" + (dir.path() / "tds.json").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("tds.json: no \"domains\" object"), std::string::npos) << r.err;
}

TEST(Attribution, CompaniesNamedOnTheRequestCorpus) {
  auto vectors = shared_data("vectors/matching-test-requests.json");
  auto easylist = shared_data("filters/easylist-2026-07.txt");
  auto easyprivacy = shared_data("filters/easyprivacy-2026-07.txt");
  auto disconnect = shared_data("trackers/disconnect/services.json");
  auto radar = shared_data("trackers/duckduckgo-tds/extension-tds.v6.json");
  if (!vectors || !easylist || !easyprivacy || !disconnect || !radar) {
    GTEST_SKIP() << "SAUATTY_SHARED_DATA lacks the corpus, EasyList/EasyPrivacy 2026-07, "
                    "Disconnect or Tracker Radar (real data)";
  }
  store::LoadOptions options;  // the embedded rules: our entity map
  options.filter_files = {*easylist, *easyprivacy};
  options.tracker_imports = {
      {store::ListKind::kDisconnect, *disconnect},
      {store::ListKind::kDisconnectEntities, disconnect->parent_path() / "entities.json"},
      {store::ListKind::kTrackerRadar, *radar}};
  auto rules = store::load_rule_set(options);
  ASSERT_TRUE(rules.has_value()) << rules.error();

  std::size_t hits = 0, named = 0, first_party = 0, this_site = 0;
  std::map<std::string, std::string> company;  // registrable domain → entity of its hits
  for (const json& v : json::parse(testing::slurp(*vectors))) {
    auto request = url::parse(v["url"].get<std::string>());
    auto page = url::parse(v["sourceUrl"].get<std::string>());
    if (!request) continue;
    // A vector without a page ("http://", about:blank): a request some
    // other site made, as `check` judges a URL without --page.
    if (!page || page->host.empty()) page = url::parse("https://sauatty.invalid/");
    std::string type = v["type"];
    if (type == "xhr" || type == "fetch") type = "xmlhttprequest";
    if (type == "subdocument") type = "sub_frame";
    auto verdict = annotate::judge_request(**rules, *request, *page, type);
    if (!verdict.tracker || verdict.tracker->exception) continue;
    if (!verdict.third_party) {
      ++first_party;
      // Never "unknown" on the page's own site.
      this_site += verdict.tracker->entity == "this site";
      EXPECT_NE(verdict.tracker->entity, "unknown") << verdict.registrable_domain;
      continue;
    }
    ++hits;
    named += annotate::names_company(*verdict.tracker);
    company[verdict.registrable_domain] = verdict.tracker->entity;
  }
  // Spot checks of the bundled names: our entity map (sites' own counters,
  // sohu.com, delta.com, on.cc, kundelik.kz, ukr.net and free.fr, and ad
  // and analytics companies no import names, webgains.com, genieessp.com,
  // hurra.com, admaster.com.cn and dek-d.com's own ad server) and the
  // converted third-party-web data (crowdskout.com, emetriq.de).
  EXPECT_EQ(company["sohu.com"], "Sohu");
  EXPECT_EQ(company["delta.com"], "Delta Air Lines");
  EXPECT_EQ(company["on.cc"], "Oriental Enterprise Holdings (on.cc)");
  EXPECT_EQ(company["kundelik.kz"], "Kundelik (Kundelik LLP)");
  EXPECT_EQ(company["ukr.net"], "UKR.NET");
  EXPECT_EQ(company["free.fr"], "Free (Iliad)");
  EXPECT_EQ(company["webgains.com"], "Webgains");
  EXPECT_EQ(company["genieessp.com"], "Geniee");
  EXPECT_EQ(company["hurra.com"], "Hurra Communications");
  EXPECT_EQ(company["admaster.com.cn"], "AdMaster");
  EXPECT_EQ(company["dek-d.com"], "Dek-D Interactive");
  EXPECT_EQ(company["crowdskout.com"], "Crowdskout");
  EXPECT_EQ(company["emetriq.de"], "emetriq");
  // Measured: see docs/BENCHMARKS.md "Companies named".
  EXPECT_GT(hits, 3800u);  // 3,861
  EXPECT_GT(first_party, 0u);
  EXPECT_GT(this_site, 0u);
  // 2,792 of 3,861 measured (72.3%); 57.0% with our entity map and the
  // bundled third-party-web names alone; more with TrackerDB imported too
  // (docs/BENCHMARKS.md).
  EXPECT_GE(named * 10000, 7225 * hits) << named << " of " << hits << " third-party hits named";
}

}  // namespace
}  // namespace sauatty
