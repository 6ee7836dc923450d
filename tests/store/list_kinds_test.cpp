// What `rules update` accepts as a list of a kind: the real lists, also
// without their headers, and not what a captive portal, a broken server or
// a wrong file serves in their place.
#include "store/list_kinds.h"

#include <gtest/gtest.h>

#include "engine/test_data.h"

namespace sauatty::store {
namespace {

using testing::shared_data;
using testing::slurp;

struct RealList {
  const char* kind;
  const char* file;
  std::size_t min_entries;
};

const RealList kRealLists[] = {
    {"filters", "filters/easyprivacy-2026-07.txt", 50000},
    {"filters", "filters/easylist-2026-07.txt", 50000},
    {"filters", "filters/easyprivacy-2019-02.txt", 14000},
    {"filters", "filters/easylist-2019-02-network.txt", 35000},
    {"disconnect", "trackers/disconnect/services.json", 1000},
    {"disconnect", "trackers/disconnect/services.gplv3-2020-06.json", 1000},
    {"opensources", "credibility/opensources/sources.json", 700},
    {"bs-detector", "credibility/bs-detector/data.dev.json", 500},
    {"cred1", "credibility/cred1/cred1_current.json", 1000},
    {"lin2023", "credibility/lin2023-domain-quality/domain_pc1.csv", 4000},
};

TEST(ListKindsTest, RealListsAreAccepted) {
  for (const RealList& l : kRealLists) {
    SCOPED_TRACE(l.file);
    auto path = shared_data(l.file);
    if (!path) GTEST_SKIP() << "SAUATTY_SHARED_DATA/" << l.file << " absent";
    std::string text = slurp(*path);
    auto entries = verify_list(l.kind, text);
    ASSERT_TRUE(entries) << entries.error();
    EXPECT_GE(*entries, l.min_entries);
    if (std::string_view(l.kind) == "filters") {
      // Without its "[Adblock Plus 2.0]" header, by its lines alone.
      auto headless = verify_list(l.kind, text.substr(text.find('\n') + 1));
      ASSERT_TRUE(headless) << headless.error();
    }
  }
}

// A hosts file as published (StevenBlack's opens so), comments, loopback
// names the reader skips, and a lone domain list.
TEST(ListKindsTest, HostsFilesAreAccepted) {
  const char* texts[] = {
      "# Title: StevenBlack/hosts\n127.0.0.1 localhost\n::1 localhost\nfe80::1%lo0 localhost\n"
      "0.0.0.0 0.0.0.0\n0.0.0.0 ads.example # an ad server\n0.0.0.0 pixel.example\n"
      "0.0.0.0 a.example\n0.0.0.0 b.example\n0.0.0.0 c.example\n0.0.0.0 d.example\n",
      "ads.example\npixel.example\r\nmetrics.example\r",
  };
  for (const char* text : texts) {
    SCOPED_TRACE(text);
    auto entries = verify_list("hosts", text);
    ASSERT_TRUE(entries) << entries.error();
    EXPECT_GE(*entries, 3u);
  }
}

TEST(ListKindsTest, WhatIsNotAListOfItsKindIsRefused) {
  std::string prose;
  for (int i = 0; i < 30; ++i) prose += "The service is unavailable; please try again later.\n";
  std::string mostly_prose = prose + "||a.example^\n||b.example^\n";
  struct Case {
    const char* kind;
    std::string bytes;
    const char* says;
  };
  const Case cases[] = {
      {"filters", "<!DOCTYPE html>\n<html><body>Sign in</body></html>\n", "HTML or XML page"},
      {"filters", "\n  <?xml version=\"1.0\"?>\n<error/>\n", "HTML or XML page"},
      {"hosts", "<html>\nads.example\n</html>\n", "HTML or XML page"},
      {"filters", std::string("||a.example^\n\0\0\0", 16), "control byte 0x00 at offset 13"},
      {"filters", "\xFF\xFE|\0|\0", "UTF-16"},
      {"filters", "||a.example^\n\x1b[2J\n", "control byte 0x1b"},
      {"filters", prose, "only 0% of its 30 lines are filter lines (at least 90% must be)"},
      {"filters", mostly_prose, "only 6% of its 32 lines are filter lines"},
      {"hosts", prose, "only 0% of its 30 lines are hosts lines"},
      {"hosts", "0.0.0.0 <script>\nads.example\n", "only 50% of its 2 lines are hosts lines"},
      {"disconnect", "[]", "not a JSON object"},
      {"disconnect",
       R"({"categories": {"Ads": [{"X": {"https://x/": ["a b", "c d", "e f", "ads.example"]}}]}})",
       "only 25% of its 4 domains are host names"},
      {"opensources", "[1, 2]", ""},
      {"opensources",
       R"({"a.example": {"type": "bias"}, "b.example": {"type": "nonsense"}, "c.example": {"type": "junk"}})",
       "rows are usable"},
      {"nosuchkind", "x", "unknown list kind"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.bytes.substr(0, 60));
    auto entries = verify_list(c.kind, c.bytes);
    ASSERT_FALSE(entries) << *entries << " entries";
    EXPECT_NE(entries.error().find(c.says), std::string::npos) << entries.error();
  }
}

}  // namespace
}  // namespace sauatty::store
