// EntityMap: who is behind a host.
#include <gtest/gtest.h>

#include "engine/entity_map.h"

namespace sauatty::engine {
namespace {

TEST(EntityMapTest, MostSpecificEntryWins) {
  EntityMap::Builder builder;
  auto google = builder.add_entity("Google", "US", "test");
  auto yandex = builder.add_entity("Yandex", "RU", "test");
  builder.add_domain("google.com", google, "");
  builder.add_domain("analytics.google.com", google, "analytics");
  builder.add_domain("mc.yandex.ru", yandex, "analytics");
  builder.add_domain("google.com", yandex, "advertising");  // later duplicate: ignored
  EntityMap map = builder.finish();

  struct Case {
    const char* host;
    const char* entity;
    const char* category;
  } cases[] = {
      {"google.com", "Google", ""},
      {"www.google.com", "Google", ""},
      {"x.analytics.google.com", "Google", "analytics"},
      {"mc.yandex.ru", "Yandex", "analytics"},
      {"yandex.ru", nullptr, ""},
      {"notgoogle.com", nullptr, ""},
      {"", nullptr, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.host);
    EntityMatch m = map.find(c.host);
    if (c.entity == nullptr) {
      EXPECT_EQ(m.entity, nullptr);
      continue;
    }
    ASSERT_NE(m.entity, nullptr);
    EXPECT_EQ(m.entity->name, c.entity);
    EXPECT_EQ(m.category, c.category);
  }
  EXPECT_EQ(map.find("mc.yandex.ru").entity->country, "RU");
}

TEST(EntityMapTest, SameNameIsOneEntity) {
  EntityMap::Builder builder;
  auto a = builder.add_entity("Meta", "", "");
  auto b = builder.add_entity("Meta", "US", "https://example.org");
  EXPECT_EQ(a, b);
  builder.add_domain("facebook.net", a, "social");
  EntityMap map = builder.finish();
  EXPECT_EQ(map.entities(), 1u);
  EXPECT_EQ(map.find("connect.facebook.net").entity->country, "US");
}

}  // namespace
}  // namespace sauatty::engine
