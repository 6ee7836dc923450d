#include "credibility/typo.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sauatty::credibility {
namespace {

TEST(Typo, EditDistance) {
  struct {
    const char* a;
    const char* b;
    int limit;
    int expected;
  } const cases[] = {
      {"reuters", "reuters", 1, 0},
      {"reuters", "reuterss", 1, 1},
      {"reuters", "reuetrs", 1, 1},
      {"reuters", "routers", 1, 1},
      {"abc", "cbc", 1, 1},
      {"cnn", "cnbc", 2, 2},
      {"", "abc", 3, 3},
      {"kitten", "sitting", 5, 3},
      {"ab", "ba", 1, 1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(edit_distance(c.a, c.b, c.limit), c.expected) << c.a << " " << c.b;
  }
}

TEST(Typo, TypoDistanceOnlySubstitutesNeighbouringKeys) {
  EXPECT_EQ(edit_distance("reuters", "routers", 1, true), 2);  // e→o: far apart
  EXPECT_EQ(edit_distance("reuters", "reutwrs", 1, true), 1);  // e→w: neighbours
  EXPECT_EQ(edit_distance("reuters", "reuterss", 1, true), 1);
  EXPECT_EQ(edit_distance("reuters", "reuetrs", 1, true), 1);
  EXPECT_TRUE(keyboard_neighbours('e', 'r'));
  EXPECT_TRUE(keyboard_neighbours('e', 'd'));
  EXPECT_TRUE(keyboard_neighbours('e', '3'));
  EXPECT_TRUE(keyboard_neighbours('z', 's'));
  EXPECT_FALSE(keyboard_neighbours('e', 'o'));
  EXPECT_FALSE(keyboard_neighbours('e', 'f'));
  EXPECT_FALSE(keyboard_neighbours('a', 'a'));
  EXPECT_FALSE(keyboard_neighbours('a', '.'));
}

// The O(n) check agrees with the distance it stands for, on every pair of
// a set of names and their one- and two-edit mutations.
TEST(Typo, OneTypoApartAgreesWithEditDistance) {
  std::vector<std::string> words;
  for (std::string w : {"reuters", "nytimes", "tengrinews", "abc", "cnbc", "aab", "kazinform"}) {
    words.push_back(w);
    for (std::size_t i = 0; i < w.size(); ++i) {
      std::string del = w;
      del.erase(i, 1);
      words.push_back(del);
      for (char c : {'a', 'e', 'w', 'q', '0'}) {
        std::string sub = w;
        sub[i] = c;
        words.push_back(sub);
        std::string ins = w;
        ins.insert(i, 1, c);
        words.push_back(ins);
      }
      if (i + 1 < w.size()) {
        std::string swap = w;
        std::swap(swap[i], swap[i + 1]);
        words.push_back(swap);
      }
    }
  }
  for (const auto& a : words) {
    for (const auto& b : words) {
      ASSERT_EQ(one_typo_apart(a, b), edit_distance(a, b, 1, true) == 1) << a << " " << b;
    }
  }
}

// What the detector counts as a typo of a brand: one edit, the same first
// letter, no digit edited.
TEST(Typo, IsTypoOf) {
  struct {
    const char* label;
    const char* brand;
    bool typo;
  } const cases[] = {
      {"reuterss", "reuters", true},  // insertion
      {"reuers", "reuters", true},    // deletion
      {"reutres", "reuters", true},   // swap
      {"reutwrs", "reuters", true},   // substitution by a neighbouring key
      {"tengrinwes", "tengrinews", true},
      {"kaspii", "kaspi", true},
      {"routers", "reuters", false},    // far keys: another word
      {"atimes", "latimes", false},     // first letter
      {"france2", "france24", false},   // a digit deleted
      {"france25", "france24", false},  // a digit changed
      {"france42", "france24", false},  // digits swapped
      {"reuters", "reuters", false},    // the same
      {"", "reuters", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(is_typo_of(c.label, c.brand), c.typo) << c.label << " / " << c.brand;
  }
}

}  // namespace
}  // namespace sauatty::credibility
