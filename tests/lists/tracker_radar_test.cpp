// DuckDuckGo's Tracker Radar entity data (lists/tracker_radar.h): a fixture
// we wrote in its shape, then the real file when the shared data is there.
#include "lists/tracker_radar.h"

#include <gtest/gtest.h>

#include "engine/test_data.h"
#include "lists/entity_json.h"
#include "lists/request_digest.h"
#include "lists/tracker_rules.h"

namespace sauatty::lists {
namespace {

using testing::shared_data;
using testing::slurp;

constexpr const char* kRadar = R"({
  "trackers": {
    "pixel.example": {"owner": {"name": "Pixel Corp Inc.", "displayName": "Pixel Corp"},
                      "categories": ["Analytics", "Advertising"], "default": "block"},
    "replay.example": {"categories": ["Session Replay", "Advertising"]},
    "cdn.example": {"categories": ["CDN", "Non-Tracking"]}
  },
  "entities": {
    "Pixel Corp Inc.": {"displayName": "Pixel Corp", "domains": ["pixel.example", "pixelcorp.example"]},
    "Replay Ltd": {"displayName": "replay.example", "domains": ["replay.example"]},
    "cdn.example": {"displayName": "CDN.EXAMPLE", "domains": ["cdn.example"]},
    "Hosting Co": {"displayName": "Hosting Co", "domains": ["cloudfront.net", "hostingco.example"]}
  },
  "domains": {
    "pixel.example": "Pixel Corp Inc.",
    "PixelCorp.Example": "Pixel Corp Inc.",
    "replay.example": "Replay Ltd",
    "cdn.example": "cdn.example",
    "cloudfront.net": "Hosting Co",
    "hostingco.example": "Hosting Co",
    "not a host!": "Pixel Corp Inc.",
    "nameless.example": 7
  },
  "cnames": {}
})";

TEST(TrackerRadarTest, FilesEachDomainUnderItsCompany) {
  engine::EntityMap::Builder builder;
  auto report = read_tracker_radar(builder, "tds.json", kRadar);
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_EQ(report->kind, "tracker-radar");
  EXPECT_EQ(report->lines, 8u);
  EXPECT_EQ(report->filters, 0u);  // entity data only
  EXPECT_EQ(report->domains, 4u);  // pixel, pixelcorp, replay, hostingco
  EXPECT_EQ(report->skipped_options.at("public suffix"), 1u);
  EXPECT_EQ(report->skipped_options.at("no company name"), 1u);
  EXPECT_EQ(report->warnings().size(), 2u);  // "not a host!", and an owner that is no string
  engine::EntityMap map = builder.finish();

  auto pixel = map.find("px.pixel.example");
  ASSERT_NE(pixel.entity, nullptr);
  EXPECT_EQ(pixel.entity->name, "Pixel Corp");  // displayName
  EXPECT_EQ(pixel.entity->source, "tds.json");
  EXPECT_EQ(pixel.category, "advertising");  // Advertising outranks Analytics
  EXPECT_EQ(map.find("pixelcorp.example").entity->name, "Pixel Corp");
  EXPECT_EQ(map.find("pixelcorp.example").category, "");  // not a tracker: no category

  // A displayName that only repeats the domain gives way to the entity's key.
  auto replay = map.find("replay.example");
  ASSERT_NE(replay.entity, nullptr);
  EXPECT_EQ(replay.entity->name, "Replay Ltd");
  EXPECT_EQ(replay.category, "session-replay");
  // Neither name is a company's: left unnamed rather than the domain shown.
  EXPECT_EQ(map.find("cdn.example").entity, nullptr);
  // A public suffix serves anyone's sites: not filed under the hosting company.
  EXPECT_EQ(map.find("d111.cloudfront.net").entity, nullptr);
  EXPECT_EQ(map.find("hostingco.example").entity->name, "Hosting Co");
  EXPECT_EQ(map.find("nameless.example").entity, nullptr);
}

TEST(TrackerRadarTest, MalformedFilesSayWhat) {
  engine::EntityMap::Builder builder;
  EXPECT_EQ(read_tracker_radar(builder, "t.json", "{not json").error(), "t.json: not valid JSON");
  EXPECT_EQ(read_tracker_radar(builder, "t.json", "[1]").error(), "t.json: not a JSON object");
  EXPECT_EQ(read_tracker_radar(builder, "t.json", R"({"entities": {}})").error(),
            "t.json: no \"domains\" object");
  EXPECT_EQ(read_tracker_radar(builder, "t.json", R"({"domains": {}, "entities": []})").error(),
            "t.json: no \"entities\" object");
}

TEST(TrackerRadarTest, CategoriesMapToOursByPrecedence) {
  std::vector<std::string> a = {"Analytics", "Session Replay"};
  EXPECT_EQ(tracker_radar_category(a), "session-replay");
  std::vector<std::string> b = {"Social - Share", "Embedded Content"};
  EXPECT_EQ(tracker_radar_category(b), "social");
  std::vector<std::string> c = {"Ad Motivated Tracking"};
  EXPECT_EQ(tracker_radar_category(c), "advertising");
  std::vector<std::string> d = {"CDN", "SSO", "Malware"};
  EXPECT_EQ(tracker_radar_category(d), "");
}

TEST(TrackerRadarTest, OurEntityMapWinsAndAFilterHitIsNamed) {
  constexpr const char* kOurs = R"json({"format": "sauatty-entities/1", "list": "ours",
      "entities": [{"name": "Pixel (Ours)", "source": "https://pixel.example/",
                    "trackers": {"pixel.example": "analytics"}}]})json";
  TrackerRulesBuilder builder;
  ASSERT_TRUE(builder.add_entities_json(kOurs).has_value());
  ASSERT_TRUE(builder.add_entity_data("tracker-radar", "tds.json", kRadar).has_value());
  builder.add_filter_text("f", "||replay.example^\n/banner/ad.gif\n");
  TrackerRules rules = builder.finish();

  DigestedRequest d;
  digest_request("https://replay.example/r.js", "https://news.kz/", "script", d);
  Attribution replay = attribute(rules, rules.engine.match(d.view()), d.host);
  EXPECT_EQ(replay.entity, "Replay Ltd");
  EXPECT_EQ(replay.category, "session-replay");
  EXPECT_EQ(replay.list, "f");

  digest_request("https://pixel.example/p.gif", "https://news.kz/", "image", d);
  Attribution pixel = attribute(rules, rules.engine.match(d.view()), d.host);
  EXPECT_EQ(pixel.entity, "Pixel (Ours)");  // first come, first kept
  EXPECT_EQ(pixel.category, "analytics");

  // A list blocks a request on the page's own site that no entity data
  // knows: "this site" (first party), "unknown" on another site.
  digest_request("https://news.kz/banner/ad.gif", "https://news.kz/", "image", d);
  EXPECT_EQ(attribute(rules, rules.engine.match(d.view()), d.host, true).entity, "this site");
  digest_request("https://other.kz/banner/ad.gif", "https://news.kz/", "image", d);
  EXPECT_EQ(attribute(rules, rules.engine.match(d.view()), d.host).entity, "unknown");
}

TEST(TrackerRadarTest, RealFile) {
  auto path = shared_data("trackers/duckduckgo-tds/extension-tds.v6.json");
  if (!path) GTEST_SKIP() << "SAUATTY_SHARED_DATA has no trackers/duckduckgo-tds/ (real data)";
  engine::EntityMap::Builder builder;
  auto report = read_tracker_radar(builder, "extension-tds.v6.json", slurp(*path));
  ASSERT_TRUE(report.has_value()) << report.error();
  // 6,949 pairs; the few left out are public suffixes and entities named
  // only by a host name.
  EXPECT_EQ(report->lines, 6949u);
  EXPECT_GT(report->domains, 6500u);
  EXPECT_TRUE(report->warnings().empty());
  engine::EntityMap map = builder.finish();
  EXPECT_EQ(map.find("scorecardresearch.com").entity->name, "comScore");
  EXPECT_EQ(map.find("sb.scorecardresearch.com").category, "analytics");
  EXPECT_EQ(map.find("mc.yandex.ru").entity->name, "Yandex");
  EXPECT_EQ(map.find("d1.cloudfront.net").entity, nullptr);
  // No domain is shown as its own company ("a3kvau184uea.com").
  for (const engine::Entity& e : map.all_entities()) {
    auto as_host = map.find(entity_json::normalize_host(e.name));
    EXPECT_NE(as_host.entity, &e) << e.name;
  }
}

}  // namespace
}  // namespace sauatty::lists
