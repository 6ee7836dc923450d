// Unicode for credibility/: the credibility::UnicodeLibrary that store/
// hands to the lookalike index it builds (credibility/confusables.h says
// what is asked). Its answers are ICU 72's (Debian 12's libicu72), byte for
// byte, but come from our own tables compiled into the host, so that no
// process maps ICU (~3 MB resident once loaded) nor waits for it:
//
//   unicode-data/unicode_data.inc   generated from ICU by
//                                   scripts/unicode-data/generate.sh (its
//                                   README.md and LICENSE beside it: the data
//                                   is Unicode's, under the Unicode License v3)
//
// The tables, per code point: the canonical combining class (sorted ranges),
// the full canonical decomposition (Hangul syllables by Unicode's
// algorithm), the confusable prototype of each code point NFD leaves alone
// (already in NFD), and the default case folding; each mapping a sorted
// array of keys (code point << 8 | UTF-8 length) searched by bisection, and
// the values' UTF-8 side by side. ~85 KB of read-only data, of which a
// question touches a few pages.
//
//   skeleton(X)  = NFD(concatenation of prototype(c) for each c of NFD(X)),
//                  UTS #39 section 4 as ICU's uspoof_getSkeletonUTF8 computes
//                  it (NFD: full decomposition, then canonical ordering by
//                  combining class);
//   fold_case(X) = concatenation of folding(c) for each c of X (Unicode's
//                  default full case folding, ICU's U_FOLD_CASE_DEFAULT).
//
// Invalid UTF-8 is read as ICU reads it (UnicodeString::fromUTF8): each
// maximal ill-formed subpart becomes one U+FFFD, which the answer keeps; a
// text over INT_MAX / 8 bytes gets no skeleton (false), as ICU's
// int32_t-sized call gave. unicode_data_test compares every code point,
// reordering, Hangul, invalid UTF-8 and every name of the rules with ICU.
#pragma once

#include <string>
#include <string_view>

#include "credibility/confusables.h"

namespace sauatty::store {

// The process's tables (nothing to load: unavailable() is always empty).
// Thread-safe.
const credibility::UnicodeLibrary& unicode_tables();

// The ICU and Unicode versions the tables were generated from ("72.1",
// "15.0").
std::string_view unicode_tables_icu_version();
std::string_view unicode_tables_unicode_version();

// Appends `c` (≤ U+10FFFF) to `out` in UTF-8. Not checked: a surrogate gets
// its three bytes, which are ill-formed UTF-8 (tests use that).
void append_utf8(char32_t c, std::string& out);

}  // namespace sauatty::store
