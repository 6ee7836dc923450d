// What `rules update` accepts as a list of a kind: the real lists, also
// without their headers, and not what a captive portal, a broken server or
// a wrong file serves in their place.
#include "store/list_kinds.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/test_data.h"

namespace sauatty::store {
namespace {

using testing::shared_data;
using testing::slurp;

struct RealList {
  ListKind kind;
  const char* file;
  std::size_t min_entries;
};

const RealList kRealLists[] = {
    {ListKind::kFilters, "filters/easyprivacy-2026-07.txt", 50000},
    {ListKind::kFilters, "filters/easylist-2026-07.txt", 50000},
    {ListKind::kFilters, "filters/easyprivacy-2019-02.txt", 14000},
    {ListKind::kFilters, "filters/easylist-2019-02-network.txt", 35000},
    {ListKind::kDisconnect, "trackers/disconnect/services.json", 1000},
    {ListKind::kDisconnect, "trackers/disconnect/services.gplv3-2020-06.json", 1000},
    {ListKind::kOpenSources, "credibility/opensources/sources.json", 700},
    {ListKind::kBsDetector, "credibility/bs-detector/data.dev.json", 500},
    {ListKind::kCred1, "credibility/cred1/cred1_current.json", 1000},
    {ListKind::kLin2023, "credibility/lin2023-domain-quality/domain_pc1.csv", 4000},
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
    if (l.kind == ListKind::kFilters) {
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
    auto entries = verify_list(ListKind::kHosts, text);
    ASSERT_TRUE(entries) << entries.error();
    EXPECT_GE(*entries, 3u);
  }
}

TEST(ListKindsTest, WhatIsNotAListOfItsKindIsRefused) {
  std::string prose;
  for (int i = 0; i < 30; ++i) prose += "The service is unavailable; please try again later.\n";
  std::string mostly_prose = prose + "||a.example^\n||b.example^\n";
  struct Case {
    ListKind kind;
    std::string bytes;
    const char* says;
  };
  const Case cases[] = {
      {ListKind::kFilters, "<!DOCTYPE html>\n<html><body>Sign in</body></html>\n",
       "HTML or XML page"},
      {ListKind::kFilters, "\n  <?xml version=\"1.0\"?>\n<error/>\n", "HTML or XML page"},
      {ListKind::kHosts, "<html>\nads.example\n</html>\n", "HTML or XML page"},
      {ListKind::kFilters, std::string("||a.example^\n\0\0\0", 16),
       "control byte 0x00 at offset 13"},
      {ListKind::kFilters, "\xFF\xFE|\0|\0", "UTF-16"},
      {ListKind::kFilters, "||a.example^\n\x1b[2J\n", "control byte 0x1b"},
      {ListKind::kFilters, prose,
       "only 0% of its 30 lines are filter lines (at least 90% must be)"},
      {ListKind::kFilters, mostly_prose, "only 6% of its 32 lines are filter lines"},
      {ListKind::kHosts, prose, "only 0% of its 30 lines are hosts lines"},
      {ListKind::kHosts, "0.0.0.0 <script>\nads.example\n",
       "only 50% of its 2 lines are hosts lines"},
      {ListKind::kDisconnect, "[]", "not a JSON object"},
      {ListKind::kDisconnect,
       R"({"categories": {"Ads": [{"X": {"https://x/": ["a b", "c d", "e f", "ads.example"]}}]}})",
       "only 25% of its 4 domains are host names"},
      {ListKind::kOpenSources, "[1, 2]", ""},
      {ListKind::kOpenSources,
       R"({"a.example": {"type": "bias"}, "b.example": {"type": "nonsense"}, "c.example": {"type": "junk"}})",
       "rows are usable"},
      {ListKind::kTrackers, "x", "'trackers' is not a list to download"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.bytes.substr(0, 60));
    auto entries = verify_list(c.kind, c.bytes);
    ASSERT_FALSE(entries) << *entries << " entries";
    EXPECT_NE(entries.error().find(c.says), std::string::npos) << entries.error();
  }
}

// Every kind has one name, read back as the same kind; only the kinds a
// reader verifies can be imported, by their exact name.
TEST(ListKindsTest, EachKindHasOneNameAndOnlyImportableNamesImport) {
  std::set<std::string_view> names;
  for (int i = 0; i <= static_cast<int>(ListKind::kReputable); ++i) {
    const auto kind = static_cast<ListKind>(i);
    const std::string_view name = list_kind_name(kind);
    SCOPED_TRACE(name);
    EXPECT_TRUE(names.insert(name).second);
    EXPECT_EQ(list_kind(name), kind);
    EXPECT_EQ(import_kind(name).has_value(), importable(kind));
    EXPECT_EQ(import_kind_names().find(name) != std::string_view::npos, importable(kind));
  }
  EXPECT_EQ(names.size(), 13u);
  for (std::string_view other :
       {"trackers", "credibility", "reputable", "Filters", "filters ", "", "tracker_radar"}) {
    EXPECT_FALSE(import_kind(other).has_value()) << other;
  }
  EXPECT_EQ(list_family(ListKind::kCred1), ListFamily::kCredibility);
  EXPECT_EQ(list_family(ListKind::kTrackerDb), ListFamily::kTrackers);
}

}  // namespace
}  // namespace sauatty::store
