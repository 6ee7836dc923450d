// TrackerRules: our entities.json, Disconnect's services.json, and the
// attribution of a decision to a company.
#include "lists/tracker_rules.h"

#include <gtest/gtest.h>

#include "engine/test_data.h"
#include "lists/request_digest.h"

namespace sauatty::lists {
namespace {

using testing::shared_data;
using testing::slurp;

Attribution ask(const TrackerRules& rules, const char* url, const char* page, const char* type) {
  DigestedRequest d;
  digest_request(url, page, type, d);
  return attribute(rules, rules.engine.match(d.view()), d.host);
}

constexpr const char* kEntities = R"({
  "format": "sauatty-entities/1", "list": "sauatty-trackers",
  "entities": [
    {"name": "Yandex", "country": "RU", "source": "https://yandex.com/legal",
     "trackers": {"mc.yandex.ru": "analytics", "an.yandex.ru": "advertising"},
     "properties": ["yandex.ru", "yandex.kz"]},
    {"name": "", "trackers": {"x.com": "social"}},
    "not an object",
    {"name": "Bad Domains", "trackers": {"not a host!": "analytics", "ok.example": 5}}
  ]})";

TEST(TrackerRulesTest, OurEntities) {
  TrackerRulesBuilder builder;
  auto report = builder.add_entities_json(kEntities);
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_EQ(report->name, "sauatty-trackers");
  EXPECT_EQ(report->filters, 2u);
  TrackerRules rules = builder.finish();

  Attribution a = ask(rules, "https://mc.yandex.ru/watch/1", "https://news.kz/", "script");
  EXPECT_TRUE(a.blocked);
  EXPECT_EQ(a.entity, "Yandex");
  EXPECT_EQ(a.category, "analytics");
  EXPECT_EQ(a.country, "RU");
  EXPECT_EQ(a.rule, "||mc.yandex.ru^$third-party");
  EXPECT_EQ(a.list, "sauatty-trackers");

  // First party: Yandex's own page loading its counter is not a third-party
  // tracker.
  EXPECT_FALSE(ask(rules, "https://mc.yandex.ru/watch/1", "https://yandex.ru/", "script").matched);
  EXPECT_FALSE(ask(rules, "https://yandex.kz/", "https://news.kz/", "image").matched);
}

TEST(TrackerRulesTest, NamedDomainsNameTheCompanyAndAddNoFilter) {
  TrackerRulesBuilder builder;
  auto report = builder.add_entities_json(R"({
    "format": "sauatty-entities/1", "list": "third-party-web",
    "entities": [{"name": "Pixel Corp", "source": "https://pixel.example/about",
                  "named": {"px.pixel.example": "advertising", "bad host!": "analytics"},
                  "properties": ["pixel.example"]}]})");
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_EQ(report->filters, 0u);
  EXPECT_EQ(report->domains, 2u);
  EXPECT_EQ(report->skipped_total(), 1u);
  builder.add_filter_text("easyprivacy", "/pixel.gif?\n");
  TrackerRules rules = builder.finish();
  // Not blocked by the data set itself ...
  EXPECT_FALSE(ask(rules, "https://px.pixel.example/p.js", "https://news.kz/", "script").matched);
  // ... but named, with its category, when a list blocks it.
  Attribution a =
      ask(rules, "https://a.px.pixel.example/pixel.gif?u=1", "https://news.kz/", "image");
  EXPECT_TRUE(a.blocked);
  EXPECT_EQ(a.entity, "Pixel Corp");
  EXPECT_EQ(a.category, "advertising");
  EXPECT_EQ(a.list, "easyprivacy");
}

TEST(TrackerRulesTest, MalformedEntitiesAreErrors) {
  const char* bad[] = {
      "",
      "[]",
      "{not json",
      R"({"format": "other/1", "entities": []})",
      R"({"format": "sauatty-entities/1", "entities": {}})",
  };
  for (const char* text : bad) {
    SCOPED_TRACE(text);
    TrackerRulesBuilder builder;
    EXPECT_FALSE(builder.add_entities_json(text).has_value());
  }
}

TEST(TrackerRulesTest, ShippedEntitiesLoad) {
  const char* dir = std::getenv("SAUATTY_RULES_DIR");
  if (dir == nullptr) GTEST_SKIP() << "SAUATTY_RULES_DIR unset";
  std::filesystem::path path = std::filesystem::path(dir) / "trackers/entities.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  TrackerRulesBuilder builder;
  auto report = builder.add_entities_json(slurp(path));
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_GE(report->filters, 300u) << "the issue asks for at least 300 tracker domains";
  EXPECT_EQ(report->skipped_total(), 0u);
  TrackerRules rules = builder.finish();
  struct Case {
    const char* url;
    const char* entity;
  } cases[] = {
      {"https://www.google-analytics.com/analytics.js", "Google"},
      {"https://mc.yandex.ru/metrika/tag.js", "Yandex"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    Attribution a = ask(rules, c.url, "https://example.kz/", "script");
    EXPECT_TRUE(a.blocked);
    EXPECT_EQ(a.entity, c.entity);
    EXPECT_FALSE(a.category.empty());
  }
}

TEST(TrackerRulesTest, BundledThirdPartyWebLoadsNamesOnly) {
  const char* dir = std::getenv("SAUATTY_RULES_DIR");
  if (dir == nullptr) GTEST_SKIP() << "SAUATTY_RULES_DIR unset";
  std::filesystem::path path = std::filesystem::path(dir) / "trackers/third-party-web.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  TrackerRulesBuilder builder;
  auto report = builder.add_entities_json(slurp(path));
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_EQ(report->name, "third-party-web");
  EXPECT_EQ(report->filters, 0u);  // names only: lists decide what is blocked
  EXPECT_GT(report->domains, 2500u);
  EXPECT_EQ(report->skipped_total(), 0u);
  builder.add_filter_text("t", "||crowdskout.com^\n||emetriq.de^\n");
  TrackerRules rules = builder.finish();
  Attribution a = ask(rules, "https://a.crowdskout.com/t.js", "https://news.kz/", "script");
  EXPECT_EQ(a.entity, "Crowdskout");
  EXPECT_EQ(a.category, "advertising");
  EXPECT_EQ(ask(rules, "https://cdn.emetriq.de/x.js", "https://news.kz/", "script").entity,
            "emetriq");
}

TEST(TrackerRulesTest, DisconnectServices) {
  auto path = shared_data("trackers/disconnect/services.json");
  if (!path) GTEST_SKIP() << "SAUATTY_SHARED_DATA/trackers/disconnect/services.json absent";
  TrackerRulesBuilder builder;
  auto report = builder.add_disconnect_json("disconnect", slurp(*path));
  ASSERT_TRUE(report.has_value()) << report.error();
  EXPECT_GT(report->filters, 1000u);
  TrackerRules rules = builder.finish();
  Attribution a =
      ask(rules, "https://www.google-analytics.com/collect", "https://news.kz/", "ping");
  EXPECT_TRUE(a.blocked);
  EXPECT_EQ(a.entity, "Google");
  EXPECT_EQ(a.list, "disconnect");
  EXPECT_FALSE(a.category.empty());
  EXPECT_FALSE(ask(rules, "https://news.kz/logo.png", "https://news.kz/", "image").matched);
}

TEST(TrackerRulesTest, UnknownCompanyStillReported) {
  TrackerRulesBuilder builder;
  builder.add_filter_text("easyprivacy", "/pixel.gif?\n");
  TrackerRules rules = builder.finish();
  Attribution a = ask(rules, "https://t.nobody.example/pixel.gif?x=1", "https://news.kz/", "image");
  EXPECT_TRUE(a.blocked);
  EXPECT_EQ(a.entity, "unknown");
  EXPECT_EQ(a.list, "easyprivacy");
  EXPECT_EQ(a.rule, "/pixel.gif?");
}

}  // namespace
}  // namespace sauatty::lists
