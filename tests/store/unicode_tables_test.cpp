// The Unicode tables (store/unicode_tables.h) give ICU's answers byte for
// byte: uspoof_getSkeletonUTF8 and UnicodeString::foldCase (the calls the
// host made of ICU before) for every code point, for sequences that need
// canonical reordering and Hangul, for invalid UTF-8, and for every string
// of the credibility rules (rules/credibility/) and of the real datasets
// ($SAUATTY_SHARED_DATA/credibility, the 8,276 request vectors). And the
// generator (scripts/unicode-data/), run again, writes the committed file
// byte for byte, so the tables cannot drift from their script.
#include "store/unicode_tables.h"

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/test_data.h"
#include "support/subprocess.h"

namespace sauatty::store {
namespace {

using testing::shared_data;
using testing::slurp;

// ICU, called as the host's confusables module called it.
class Icu {
 public:
  Icu() {
    UErrorCode status = U_ZERO_ERROR;
    checker_ = uspoof_open(&status);
    if (U_FAILURE(status)) checker_ = nullptr;
  }
  ~Icu() {
    if (checker_ != nullptr) uspoof_close(checker_);
  }
  Icu(const Icu&) = delete;
  Icu& operator=(const Icu&) = delete;

  bool skeleton(std::string_view text, std::string& out) const {
    if (checker_ == nullptr || text.size() > INT_MAX / 8) return false;
    out.assign(text.size() * 4 + 16, '\0');
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeletonUTF8(checker_, 0, text.data(), static_cast<int32_t>(text.size()),
                                       out.data(), static_cast<int32_t>(out.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out.assign(static_cast<std::size_t>(n) + 1, '\0');
      status = U_ZERO_ERROR;
      n = uspoof_getSkeletonUTF8(checker_, 0, text.data(), static_cast<int32_t>(text.size()),
                                 out.data(), static_cast<int32_t>(out.size()), &status);
    }
    if (U_FAILURE(status) || n < 0) return false;
    out.resize(static_cast<std::size_t>(n));
    return true;
  }
  static std::string fold_case(std::string_view text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    u.foldCase();
    std::string out;
    u.toUTF8String(out);
    return out;
  }

 private:
  USpoofChecker* checker_ = nullptr;
};

std::string utf8(char32_t c) {  // surrogates too: ill-formed, as a test input
  std::string out;
  append_utf8(c, out);
  return out;
}

std::string escaped(std::string_view s) {
  std::ostringstream out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F) {
      out << c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out << buf;
    }
  }
  return out.str();
}

// Compares skeleton() and fold_case() of each text with ICU's; the number
// of texts that differ, with the first few described in `report`.
class Comparison {
 public:
  void check(std::string_view text) {
    ++checked_;
    std::string ours, theirs;
    const bool ours_ok = unicode_tables().skeleton(text, ours);
    const bool theirs_ok = icu_.skeleton(text, theirs);
    if (ours_ok != theirs_ok || ours != theirs) {
      note("skeleton(\"" + escaped(text) + "\"): tables \"" + escaped(ours) + "\" (" +
           (ours_ok ? "true" : "false") + "), ICU \"" + escaped(theirs) + "\" (" +
           (theirs_ok ? "true" : "false") + ")");
    }
    std::string folded;
    const bool folded_ok = unicode_tables().fold_case(text, folded);
    const std::string icu_folded = Icu::fold_case(text);
    if (!folded_ok || folded != icu_folded) {
      note("fold_case(\"" + escaped(text) + "\"): tables \"" + escaped(folded) + "\", ICU \"" +
           escaped(icu_folded) + "\"");
    }
  }
  int differences() const { return differences_; }
  int checked() const { return checked_; }
  const std::string& report() const { return report_; }

 private:
  void note(const std::string& what) {
    if (++differences_ <= 20) report_ += what + "\n";
  }
  Icu icu_;
  int differences_ = 0, checked_ = 0;
  std::string report_;
};

// The tables are compared with the ICU this test is built against, which
// must be the one they were generated from (Debian 12's ICU 72.1); with
// another (vcpkg's, a newer distribution's) the comparisons say nothing
// about the tables and are skipped, saying so.
#define SKIP_UNLESS_THE_TABLES_ICU()                                                          \
  if (unicode_tables_icu_version() != std::string_view(U_ICU_VERSION))                        \
  GTEST_SKIP() << "the tables are ICU " << unicode_tables_icu_version() << "'s, this is ICU " \
               << U_ICU_VERSION                                                               \
               << ": regenerate them with scripts/unicode-data/generate.sh "                  \
                  "to compare"

TEST(UnicodeTables, AreThoseOfTheIcuTheyAreComparedWith) {
  SKIP_UNLESS_THE_TABLES_ICU();
  EXPECT_EQ(unicode_tables_icu_version(), U_ICU_VERSION);
  EXPECT_EQ(unicode_tables_unicode_version(), U_UNICODE_VERSION);
  EXPECT_TRUE(unicode_tables().unavailable().empty());
}

// Each code point alone, U+0000..U+10FFFF; a surrogate's three bytes are
// ill-formed UTF-8 (each byte a U+FFFD for ICU).
TEST(UnicodeTables, EveryCodePointAsIcu) {
  SKIP_UNLESS_THE_TABLES_ICU();
  Comparison compare;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) compare.check(utf8(c));
  EXPECT_EQ(compare.checked(), 0x110000);
  EXPECT_EQ(compare.differences(), 0) << compare.report();
}

// Letters, combining marks of many classes, Hangul syllables and jamo,
// confusable and case-folded letters, in random sequences: NFD's canonical
// ordering before and after the prototypes, Hangul's algorithm, prototypes
// that are themselves marks.
TEST(UnicodeTables, SequencesThatReorderAndHangulAsIcu) {
  SKIP_UNLESS_THE_TABLES_ICU();
  std::vector<char32_t> pool;
  for (char32_t c = 0x20; c < 0x250; ++c) pool.push_back(c);         // Latin
  for (char32_t c = 0x300; c < 0x370; ++c) pool.push_back(c);        // combining marks
  for (char32_t c = 0x370; c < 0x530; ++c) pool.push_back(c);        // Greek, Cyrillic
  for (char32_t c = 0x591; c < 0x5C8; ++c) pool.push_back(c);        // Hebrew points
  for (char32_t c = 0x610; c < 0x670; ++c) pool.push_back(c);        // Arabic marks
  for (char32_t c = 0x900; c < 0x980; ++c) pool.push_back(c);        // Devanagari
  for (char32_t c = 0xF70; c < 0xF90; ++c) pool.push_back(c);        // Tibetan vowels
  for (char32_t c = 0x1100; c < 0x1200; ++c) pool.push_back(c);      // jamo
  for (char32_t c = 0x1E00; c < 0x2000; ++c) pool.push_back(c);      // precomposed Latin, Greek
  for (char32_t c = 0x20D0; c < 0x20F1; ++c) pool.push_back(c);      // marks for symbols
  for (char32_t c = 0x3099; c < 0x309B; ++c) pool.push_back(c);      // kana voicing
  for (char32_t c = 0xAC00; c < 0xD7A4; c += 97) pool.push_back(c);  // Hangul syllables
  for (char32_t c = 0xFB00; c < 0xFB50; ++c) pool.push_back(c);      // ligatures
  for (char32_t c = 0xFF00; c < 0xFF70; ++c) pool.push_back(c);      // full width
  for (char32_t c = 0x1D400; c < 0x1D500; ++c) pool.push_back(c);    // mathematical letters
  for (char32_t c = 0x1D165; c < 0x1D16A; ++c) pool.push_back(c);    // musical marks
  for (char32_t c : {0x0130, 0x0345, 0x1E9E, 0x00DF, 0x0390, 0xFB03}) pool.push_back(c);

  Comparison compare;
  // Two marks in both orders after each base: the canonical ordering.
  const char32_t marks[] = {0x0300, 0x0315, 0x0316, 0x031B, 0x0321, 0x0323, 0x0327,
                            0x0334, 0x0345, 0x035C, 0x0360, 0x05B0, 0x064B, 0x0F71};
  for (char32_t base : {U'a', U'o', U'u', U'\u00F4', U'\u1EA1', U'\u03B1', U'\u0430', U'\uAC00'})
    for (char32_t m : marks)
      for (char32_t n : marks) compare.check(utf8(base) + utf8(m) + utf8(n));
  // Hangul: syllables with and without a final, and the same as jamo.
  for (const char* s : {"\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4",  // 한국어
                        "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB",  // 한 as jamo
                        "\xEA\xB0\x80\xEA\xB0\x81\xED\x9E\xA3"}) {
    compare.check(s);
  }
  std::mt19937 random(18);
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<int> length(1, 8);
  for (int i = 0; i < 200000; ++i) {
    std::string text;
    for (int k = length(random); k > 0; --k) text += utf8(pool[pick(random)]);
    compare.check(text);
  }
  EXPECT_GT(compare.checked(), 200000);
  EXPECT_EQ(compare.differences(), 0) << compare.report();
}

// Ill-formed UTF-8: every one- and two-byte string, and random bytes
// weighted towards lead and trail bytes, as ICU reads them (a U+FFFD per
// maximal ill-formed subpart).
TEST(UnicodeTables, InvalidUtf8AsIcu) {
  SKIP_UNLESS_THE_TABLES_ICU();
  Comparison compare;
  for (int a = 0; a < 256; ++a) {
    compare.check(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 256; ++b) {
      const char two[] = {static_cast<char>(a), static_cast<char>(b)};
      compare.check(std::string_view(two, 2));
    }
  }
  const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                       0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                       0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF};
  std::mt19937 random(18);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(interesting) - 1);
  std::uniform_int_distribution<int> any(0, 255), length(1, 10);
  for (int i = 0; i < 300000; ++i) {
    std::string text;
    for (int k = length(random); k > 0; --k)
      text += static_cast<char>(i % 2 == 0 ? interesting[pick(random)] : any(random));
    compare.check(text);
  }
  EXPECT_EQ(compare.differences(), 0) << compare.report();
}

// Every string of a JSON document (keys too), every line and every comma-
// separated field of a text.
void strings_of(const nlohmann::json& j, std::set<std::string>& out) {
  if (j.is_string()) {
    out.insert(j.get<std::string>());
  } else if (j.is_structured()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (j.is_object()) out.insert(it.key());
      strings_of(*it, out);
    }
  }
}
void strings_of_file(const std::filesystem::path& file, std::set<std::string>& out) {
  const std::string text = slurp(file);
  if (file.extension() == ".json") {
    strings_of(nlohmann::json::parse(text), out);
    return;
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    out.insert(line);
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) out.insert(field);
  }
}

int non_ascii(const std::set<std::string>& strings) {
  return static_cast<int>(std::count_if(strings.begin(), strings.end(), [](const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  }));
}

TEST(UnicodeTables, EveryStringOfTheCredibilityRulesAsIcu) {
  SKIP_UNLESS_THE_TABLES_ICU();
  const char* rules = std::getenv("SAUATTY_RULES_DIR");
  ASSERT_NE(rules, nullptr);
  std::set<std::string> strings;
  for (const auto& file :
       std::filesystem::directory_iterator(std::filesystem::path(rules) / "credibility")) {
    if (file.path().extension() == ".json") strings_of_file(file.path(), strings);
  }
  ASSERT_GT(strings.size(), 3000u);
  EXPECT_GT(non_ascii(strings), 150) << "the rules' names in Cyrillic and Kazakh";
  Comparison compare;
  for (const std::string& s : strings) compare.check(s);
  EXPECT_EQ(compare.differences(), 0) << compare.report();
}

TEST(UnicodeTables, EveryStringOfTheRealDatasetsAsIcu) {
  SKIP_UNLESS_THE_TABLES_ICU();
  const auto credibility = shared_data("credibility");
  const auto vectors = shared_data("vectors/matching-test-requests.json");
  if (!credibility || !vectors)
    GTEST_SKIP() << "needs $SAUATTY_SHARED_DATA/credibility and vectors (the real datasets)";
  std::set<std::string> strings;
  for (const auto& file : std::filesystem::recursive_directory_iterator(*credibility)) {
    const auto ext = file.path().extension();
    if (file.is_regular_file() && (ext == ".json" || ext == ".csv"))
      strings_of_file(file.path(), strings);
  }
  strings_of_file(*vectors, strings);
  ASSERT_GT(strings.size(), 30000u);
  EXPECT_GT(non_ascii(strings), 10);
  Comparison compare;
  for (const std::string& s : strings) compare.check(s);
  EXPECT_EQ(compare.differences(), 0) << compare.report();
}

// The committed tables are what the generator writes now, byte for byte.
TEST(UnicodeTables, GeneratorGivesTheCommittedFile) {
  SKIP_UNLESS_THE_TABLES_ICU();
  const testing::Completed run = testing::run_command({SAUATTY_UNICODE_DATA_GENERATOR});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string committed = slurp(SAUATTY_UNICODE_DATA_FILE);
  ASSERT_GT(committed.size(), 100000u);
  EXPECT_TRUE(run.out == committed)
      << "native-host/store/unicode-data/unicode_data.inc is not what "
         "scripts/unicode-data/generate.sh writes: run it and commit the result";
}

}  // namespace
}  // namespace sauatty::store
