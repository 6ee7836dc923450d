// Ghostery's TrackerDB (lists/trackerdb.h) and Disconnect's entities.json
// (lists/disconnect_entities.h): fixtures we wrote in their shapes
// (TrackerDB's licence keeps the real file out of the repository and of the
// shared data); Disconnect's real file when the shared data is there.
#include "lists/trackerdb.h"

#include <gtest/gtest.h>

#include "engine/test_data.h"
#include "lists/disconnect_entities.h"
#include "lists/tracker_rules.h"

namespace sauatty::lists {
namespace {

constexpr const char* kTrackerDb = R"json({
  "categories": {"advertising": {"name": "Advertising"}},
  "organizations": {
    "nuggad": {"name": "Nugg.ad", "country": "DE", "website_url": "https://nugg.ad/"},
    "amazon": {"name": "Amazon", "country": "US"}
  },
  "patterns": {
    "nugg.ad": {"name": "Nugg.ad", "category": "advertising", "organization": "nuggad",
                "domains": ["nuggad.net"], "filters": ["||nuggad.net^$3p"]},
    "ownname": {"name": "Own Name Analytics", "category": "site_analytics", "organization": null,
                "domains": ["ownname.example"]},
    "congstar.de": {"name": "congstar.de", "category": "advertising", "organization": null,
                    "domains": ["congstar.de"]},
    "amazon_cloudfront": {"name": "Amazon CloudFront", "category": "hosting",
                          "organization": "amazon", "domains": ["cloudfront.net"]},
    "chat": {"name": "Chat Co", "category": "customer_interaction", "organization": "missing"}
  },
  "domains": {
    "nuggad.net": "nugg.ad",
    "ownname.example": "ownname",
    "congstar.de": "congstar.de",
    "cloudfront.net": "amazon_cloudfront",
    "chat.example": "chat",
    "orphan.example": "no-such-pattern"
  },
  "filters": {}
})json";

TEST(TrackerDbTest, FilesDomainsUnderTheOrganization) {
  engine::EntityMap::Builder builder;
  auto report = read_trackerdb(builder, "trackerdb.json", kTrackerDb);
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_EQ(report->kind, "trackerdb");
  EXPECT_EQ(report->lines, 6u);
  EXPECT_EQ(report->domains, 3u);  // nuggad.net, ownname.example, chat.example
  EXPECT_EQ(report->skipped_options.at("hosting"), 1u);
  EXPECT_EQ(report->skipped_options.at("no company name"), 1u);
  EXPECT_EQ(report->warnings().size(), 1u);  // orphan.example: no such pattern
  engine::EntityMap map = builder.finish();

  auto nuggad = map.find("si.nuggad.net");
  ASSERT_NE(nuggad.entity, nullptr);
  EXPECT_EQ(nuggad.entity->name, "Nugg.ad");  // a brand, not the domain repeated
  EXPECT_EQ(nuggad.entity->country, "DE");
  EXPECT_EQ(nuggad.category, "advertising");
  // No organization: the pattern's own name.
  EXPECT_EQ(map.find("ownname.example").entity->name, "Own Name Analytics");
  EXPECT_EQ(map.find("ownname.example").category, "analytics");
  // An organization that is not in the file: the pattern's name.
  EXPECT_EQ(map.find("chat.example").entity->name, "Chat Co");
  EXPECT_EQ(map.find("chat.example").category, "content");
  // The domain repeated is no company's name; hosting is anyone's.
  EXPECT_EQ(map.find("congstar.de").entity, nullptr);
  EXPECT_EQ(map.find("d1.cloudfront.net").entity, nullptr);
}

TEST(TrackerDbTest, MalformedFilesSayWhat) {
  engine::EntityMap::Builder builder;
  EXPECT_EQ(read_trackerdb(builder, "t.json", "nope").error(), "t.json: not valid JSON");
  EXPECT_EQ(read_trackerdb(builder, "t.json", R"({"domains": {}, "patterns": {}})").error(),
            "t.json: no \"organizations\" object");
  EXPECT_EQ(trackerdb_category("pornvertising"), "advertising");
  EXPECT_EQ(trackerdb_category("hosting"), "");
}

TEST(TrackerDbTest, TheBuilderTakesEachEntityDataKind) {
  TrackerRulesBuilder builder;
  ASSERT_TRUE(builder.add_entity_data("trackerdb", "tdb", kTrackerDb).has_value());
  EXPECT_EQ(builder.add_entity_data("frobnicate", "x", "{}").error(),
            "unknown entity data kind 'frobnicate'");
  EXPECT_TRUE(is_entity_data_kind("disconnect-entities"));
  EXPECT_FALSE(is_entity_data_kind("filters"));
  TrackerRules rules = builder.finish();
  ASSERT_EQ(rules.reports.size(), 1u);
  EXPECT_EQ(rules.reports[0].filters, 0u);
  EXPECT_EQ(rules.entities.find("nuggad.net").entity->name, "Nugg.ad");
}

TEST(DisconnectEntitiesTest, PropertiesAndResources) {
  constexpr const char* kFile = R"json({"license": "…", "entities": {
      "Sohu": {"properties": ["sohu.com"], "resources": ["sohucs.com", "sohu.com"]},
      "1film.to": {"properties": ["1film.to"], "resources": ["1film.to", "1film-cdn.example"]},
      "Amazon": {"properties": ["amazon.com"], "resources": ["cloudfront.net"]},
      "Odd": {"properties": [7, "not a host!"]},
      "Skipped": "not an object"}})json";
  engine::EntityMap::Builder builder;
  auto report = read_disconnect_entities(builder, "entities.json", kFile);
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_EQ(report->kind, "disconnect-entities");
  EXPECT_EQ(report->lines, 10u);
  EXPECT_EQ(report->domains, 5u);  // sohucs, sohu (once filed twice), 1film-cdn, amazon.com
  EXPECT_EQ(report->warnings().size(), 2u);
  engine::EntityMap map = builder.finish();
  EXPECT_EQ(map.find("js.sohu.com").entity->name, "Sohu");
  EXPECT_EQ(map.find("js.sohu.com").category, "");
  EXPECT_EQ(map.find("1film.to").entity, nullptr);  // the domain repeated
  EXPECT_EQ(map.find("1film-cdn.example").entity->name, "1film.to");
  EXPECT_EQ(map.find("x.cloudfront.net").entity, nullptr);

  EXPECT_EQ(read_disconnect_entities(builder, "e.json", R"({"entities": []})").error(),
            "e.json: no \"entities\" object");
}

TEST(DisconnectEntitiesTest, RealFile) {
  auto path = testing::shared_data("trackers/disconnect/entities.json");
  if (!path) GTEST_SKIP() << "SAUATTY_SHARED_DATA has no trackers/disconnect/entities.json";
  engine::EntityMap::Builder builder;
  auto report = read_disconnect_entities(builder, "entities.json", testing::slurp(*path));
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_GT(report->domains, 9000u);
  EXPECT_TRUE(report->warnings().empty());
  engine::EntityMap map = builder.finish();
  EXPECT_EQ(map.find("doubleclick.net").entity->name, "Google");
}

}  // namespace
}  // namespace sauatty::lists
