// One-edit typos of a brand name: the comparisons the lookalike detector
// (lookalike.h) runs against distinctive brands. Pure functions on short
// ASCII byte strings; no allocation.
#pragma once

#include <string_view>

namespace sauatty::credibility {

// Damerau–Levenshtein distance (optimal string alignment) of two short
// byte strings (≤ 63 bytes each, else `limit + 1`), or `limit + 1` as soon
// as it exceeds `limit`. With `substitute_neighbours_only`, substituting a
// character that is not a keyboard neighbour costs 2 (a typo slips to the
// next key; a substitution far away is usually another word:
// reuters/routers).
int edit_distance(std::string_view a, std::string_view b, int limit,
                  bool substitute_neighbours_only = false);

// True when `a` and `b` are exactly one typo apart: one insertion or
// deletion, one swap of neighbouring characters, or one substitution by a
// keyboard neighbour. Equals edit_distance(a, b, 1, true) == 1, in O(length).
bool one_typo_apart(std::string_view a, std::string_view b);

// True when `label` is a typo of `brand` as the detector counts them:
// one_typo_apart, the same first character (atimes.com, Asia Times, is not
// latimes.com), and no digit among the characters edited — numbers are
// names, not slips: france2 is not france24, 34.kz is not 24.kz.
bool is_typo_of(std::string_view label, std::string_view brand);

// True for two different keys next to each other on a QWERTY keyboard.
bool keyboard_neighbours(char a, char b);

}  // namespace sauatty::credibility
