// The words the lookalike detector (lookalike.h) knows besides brands:
// domain endings impostors register on, and the common words and country
// names they pair a brand with (bbc-news.co, tengrinews-kz.com,
// kaspi-bonus.top). Fixed tables; pure lookups that do not allocate.
#pragma once

#include <string_view>

namespace sauatty::credibility {

// True when the last label of a public suffix ("ltd", "co" of "com.co",
// "in" of "co.in") is an ending impostors use: cheap new generic endings
// (.ltd .top .pro .click .cfd .work .xyz .online .site .shop …, the
// endings of the 2024 "Doppelganger" campaign among them) and the often
// abused .co, .pm, .in, .cc, .ws. Country and classic generic endings
// (.com .net .org .kz .es .de …) are not: the same name there is usually an
// established site of its own (abc.es is the Spanish daily ABC).
bool is_impostor_ending(std::string_view suffix);

// True when `text` (lower-case ASCII, ≤ 63 bytes) is a run of one or more
// combo words ("news", "kz", "online", "bonus", "24", …) in tokens separated
// by single '-': "news", "kz-news", "newskz", "official-site". With
// `countries_only`, only the words for the country and its neighbours'
// languages count ("kz", "qazaq", "ru", …): the combos allowed for a brand
// that is an ordinary word (inform-kz.com, not inform-news.com).
bool is_combo_words(std::string_view text, bool countries_only);

}  // namespace sauatty::credibility
