#include "credibility/brand_words.h"

#include <gtest/gtest.h>

namespace sauatty::credibility {
namespace {

TEST(BrandWords, ImpostorEndings) {
  struct {
    const char* suffix;
    bool impostor;
  } const cases[] = {
      {"ltd", true},  {"top", true},    {"pro", true},    {"click", true},  {"cfd", true},
      {"work", true}, {"xyz", true},    {"online", true}, {"site", true},   {"shop", true},
      {"co", true},   {"pm", true},     {"in", true},     {"com.co", true}, {"co.in", true},
      {"com", false}, {"net", false},   {"org", false},   {"kz", false},    {"es", false},
      {"de", false},  {"co.uk", false}, {"ru", false},    {"", false},
  };
  for (const auto& c : cases) EXPECT_EQ(is_impostor_ending(c.suffix), c.impostor) << c.suffix;
}

TEST(BrandWords, ComboWords) {
  struct {
    const char* text;
    bool countries_only;
    bool words;
  } const cases[] = {
      {"news", false, true},
      {"kz", false, true},
      {"newskz", false, true},
      {"kz-news", false, true},
      {"official-site", false, true},
      {"bonus", false, true},
      {"24", false, true},
      {"login-secure", false, true},
      {"kz", true, true},
      {"qazaq", true, true},
      {"news", true, false},
      {"money", false, false},
      {"agency", false, false},
      {"tax", false, false},
      {"newsx", false, false},
      {"-news", false, false},
      {"news-", false, false},
      {"news--kz", false, false},
      {"", false, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(is_combo_words(c.text, c.countries_only), c.words)
        << c.text << (c.countries_only ? " (countries only)" : "");
  }
}

}  // namespace
}  // namespace sauatty::credibility
