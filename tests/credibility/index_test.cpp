#include "credibility/index.h"

#include <gtest/gtest.h>

#include "credibility/list_format.h"

namespace sauatty::credibility {
namespace {

List make_list(const std::string& name, const std::string& entries) {
  auto list = parse_list(name, R"({"format": "sauatty-credibility", "version": 1, "name": ")" +
                                   name + R"(", "entries": [)" + entries + "]}");
  EXPECT_TRUE(list.has_value()) << (list ? "" : list.error());
  return list.value_or(List{});
}

std::string entry(const std::string& key, const std::string& pattern, const std::string& rating) {
  return R"({")" + key + R"(": ")" + pattern + R"(", "rating": ")" + rating +
         R"(", "rated_by": "t", "citation": "https://t.org"})";
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lists_.push_back(
        make_list("ours", entry("domain", "rt.com", "state-controlled") + "," +
                              entry("domain", "blogs.example.org", "unreliable") + "," +
                              entry("host", "70news.wordpress.com", "fabricated") + "," +
                              entry("url_prefix", "cato.org/blog", "mixed") + "," +
                              entry("url_prefix", "cato.org/blog/deep", "clickbait") + "," +
                              entry("domain", "example.org", "satire")));
    lists_.push_back(make_list("imported", entry("domain", "rt.com", "mixed") + "," +
                                               entry("domain", "other.net", "hate")));
    index_ = Index::build(lists_);
  }
  std::vector<List> lists_;
  Index index_;
};

TEST_F(IndexTest, Table) {
  struct Case {
    const char* host;
    const char* path;
    const char* pattern;  // nullptr: no match
    const char* list;
  };
  const Case cases[] = {
      {"rt.com", "/", "rt.com", "ours"},     // exact host; ours wins the tie
      {"de.rt.com", "/", "rt.com", "ours"},  // subdomain
      {"a.b.rt.com", "/x", "rt.com", "ours"},
      {"deviantart.com", "/", nullptr, nullptr},  // never a substring
      {"art.com", "/", nullptr, nullptr},
      {"rt.com.evil.net", "/", nullptr, nullptr},  // suffix walk only
      {"other.net", "/", "other.net", "imported"},
      {"70news.wordpress.com", "/", "70news.wordpress.com", "ours"},
      {"www.70news.wordpress.com", "/", nullptr, nullptr},  // host entries are exact
      {"wordpress.com", "/", nullptr, nullptr},
      {"cato.org", "/", nullptr, nullptr},
      {"cato.org", "/blog", "cato.org/blog", "ours"},  // a section
      {"www.cato.org", "/blog/post?x=1", "cato.org/blog", "ours"},
      {"cato.org", "/blog?x", "cato.org/blog", "ours"},
      {"cato.org", "/blogs", nullptr, nullptr},  // segment boundary
      {"cato.org", "/BLOG/x", "cato.org/blog", "ours"},
      {"cato.org", "/blog/deep/1", "cato.org/blog/deep", "ours"},  // longest section
      {"blogs.example.org", "/", "blogs.example.org", "ours"},     // most specific domain
      {"x.blogs.example.org", "/", "blogs.example.org", "ours"},
      {"www.example.org", "/", "example.org", "ours"},
      {"", "", nullptr, nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.host) + c.path);
    const IndexedEntry* hit = index_.lookup(c.host, c.path);
    if (c.pattern == nullptr) {
      EXPECT_EQ(hit, nullptr) << hit->entry->pattern();
      continue;
    }
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->entry->pattern(), c.pattern);
    EXPECT_EQ(hit->list->name, c.list);
  }
}

TEST_F(IndexTest, SkipsTargetLists) {
  List targets;
  targets.purpose = ListPurpose::kLookalikeTargets;
  Entry e;
  e.host = "bbc.com";
  targets.entries.push_back(e);
  std::vector<List> lists{targets};
  Index index = Index::build(lists);
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.lookup("bbc.com", "/"), nullptr);
}

TEST(Index, Empty) {
  Index index;
  EXPECT_EQ(index.lookup("rt.com", "/"), nullptr);
}

}  // namespace
}  // namespace sauatty::credibility
