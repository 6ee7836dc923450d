// Few<T> (credibility/few.h), the list an Entry keeps its rarely given items
// in: it reads as the std::vector it was given, copies deeply, frees its
// items when set empty, and costs one pointer while empty.
#include "credibility/few.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "credibility/list.h"

namespace sauatty::credibility {
namespace {

TEST(Few, ReadsAsTheVectorItWasGiven) {
  Few<std::string> few;
  EXPECT_TRUE(few.empty());
  EXPECT_EQ(few.size(), 0u);
  EXPECT_EQ(few.begin(), few.end());
  EXPECT_TRUE(few.get().empty());

  few.push_back("a");
  few.emplace_back(3, 'b');
  const std::vector<std::string> want{"a", "bbb"};
  EXPECT_FALSE(few.empty());
  ASSERT_EQ(few.size(), 2u);
  EXPECT_EQ(few[1], "bbb");
  EXPECT_EQ(few.front(), "a");
  EXPECT_EQ(few.back(), "bbb");
  EXPECT_EQ(few, want);
  EXPECT_EQ(std::vector<std::string>(few.begin(), few.end()), want);
  const std::vector<std::string>& as_vector = few;
  EXPECT_EQ(as_vector, want);
}

TEST(Few, CopiesAreDeepAndSettingNothingFreesTheItems) {
  Few<std::string> a{"x", "y"};
  Few<std::string> b = a;
  b.push_back("z");
  EXPECT_EQ(a, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(b, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_FALSE(a == b);
  a = b;
  EXPECT_EQ(a, b);
  b.set({});
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b, Few<std::string>());
  EXPECT_EQ(a.size(), 3u);  // a kept its own copy
  Few<std::string> moved = std::move(a);
  EXPECT_EQ(moved.size(), 3u);
  moved.clear();
  EXPECT_TRUE(moved.empty());
  // An empty list given is no list: the shared empty vector is read.
  Few<std::string> none(std::vector<std::string>{});
  EXPECT_EQ(&none.get(), &Few<std::string>().get());
}

TEST(Few, AnEntryKeepsItsSevenRareListsInAPointerEach) {
  static_assert(sizeof(Few<std::string>) == sizeof(void*));
  // Was 400 bytes with std::vectors and the small fields apart; a dataset
  // of thousands of rows keeps one Entry each (docs/BENCHMARKS.md).
  EXPECT_LE(sizeof(Entry), 264u);
}

}  // namespace
}  // namespace sauatty::credibility
