// The generator behind generate.sh: asks ICU, code point by code point,
// what the host needs to compute UTS #39 skeletons and Unicode default case
// folding without ICU (store/unicode_tables.h), and writes it as our own
// compact tables, native-host/store/unicode-data/unicode_data.inc:
//
//   - the canonical combining class of every code point (ranges),
//   - the full canonical decomposition (NFD) of every code point that has
//     one, Hangul syllables left out (store/ decomposes them by Unicode's
//     algorithm; this program checks that ICU agrees),
//   - the confusable prototype of every code point that NFD leaves alone,
//     as ICU's skeleton of that one code point (NFD of the prototype of
//     confusables.txt) where it differs from the code point,
//   - the default case folding of every code point where it changes it
//     (u_strFoldCase with U_FOLD_CASE_DEFAULT).
//
//   sauatty-unicode-data-generate [OUTPUT]     (standard output without OUTPUT)
//
// The output depends on ICU's data alone (its version is written in it), so
// two runs with the same ICU give the same bytes (the test
// unicode_data_test's GeneratorGivesTheCommittedFile checks that).
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr char32_t kHangulFirst = 0xAC00, kHangulLast = 0xD7A3;

bool is_surrogate(char32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

[[noreturn]] void die(const std::string& why) {
  std::cerr << "sauatty-unicode-data-generate: " << why << "\n";
  std::exit(1);
}

std::u16string utf16(const std::u32string& s) {
  std::u16string out;
  for (char32_t c : s) {
    if (c < 0x10000) {
      out += static_cast<char16_t>(c);
    } else {
      out += static_cast<char16_t>(U16_LEAD(c));
      out += static_cast<char16_t>(U16_TRAIL(c));
    }
  }
  return out;
}

std::u32string utf32(const std::u16string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    UChar32 c;
    U16_NEXT(s.data(), i, s.size(), c);
    out += static_cast<char32_t>(c);
  }
  return out;
}

// An ICU call of the shape f(src, n, dest, capacity, &status) on one code
// point, into a UTF-32 string.
template <class Call>
std::u32string ask(char32_t c, Call call) {
  const std::u16string in = utf16(std::u32string(1, c));
  std::u16string out(64, u'\0');
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = call(reinterpret_cast<const UChar*>(in.data()), static_cast<int32_t>(in.size()),
                   reinterpret_cast<UChar*>(out.data()), static_cast<int32_t>(out.size()), &status);
  if (U_FAILURE(status))
    die("ICU failed on U+" + std::to_string(static_cast<unsigned>(c)) + ": " + u_errorName(status));
  out.resize(static_cast<std::size_t>(n));
  return utf32(out);
}

std::string utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    char buf[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(c));
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::string hex(std::uint32_t v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*X", digits, v);
  return buf;
}

// A code point as a u8"" literal writes it: letters and digits as they are,
// other ASCII as a three-digit octal escape (it cannot run on into the next
// character), the rest as \u or \U (never a control character: C1 controls
// map to nothing here, and are written as octal bytes should one ever).
std::string literal(char32_t c) {
  char buf[16];
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
    return std::string(1, static_cast<char>(c));
  }
  if (c < 0xA0) {
    std::string out;
    for (unsigned char b : utf8(std::u32string(1, c))) {
      std::snprintf(buf, sizeof buf, "\\%03o", b);
      out += buf;
    }
    return out;
  }
  std::snprintf(buf, sizeof buf, c < 0x10000 ? "\\u%04X" : "\\U%08X", static_cast<unsigned>(c));
  return buf;
}

// One table: code point → a string, sorted by code point, written as
//   k<Name>Keys: code point << 8 | length of the UTF-8 value in bytes,
//   k<Name>At:   where the value starts in k<Name>Text,
//   k<Name>Text: the values one after the other (UTF-8).
struct Table {
  std::string name, what;
  std::vector<std::pair<char32_t, std::u32string>> rows;
};

void write_table(std::ostream& out, const Table& t) {
  std::vector<std::uint32_t> keys, at;
  std::string text_literal;
  std::uint32_t bytes = 0;
  std::size_t line = 0;
  for (const auto& [c, value] : t.rows) {
    const std::size_t n = utf8(value).size();
    if (n > 0xFF) die(t.name + ": a value longer than 255 bytes");
    keys.push_back(static_cast<std::uint32_t>(c) << 8 | static_cast<std::uint32_t>(n));
    at.push_back(bytes);
    bytes += static_cast<std::uint32_t>(n);
    std::string piece;
    for (char32_t v : value) piece += literal(v);
    if (line + piece.size() > 96) {
      text_literal += "\"\n    u8\"";
      line = 0;
    }
    text_literal += piece;
    line += piece.size();
  }
  if (bytes > 0xFFFF) die(t.name + ": more than 64 KiB of values");
  out << "\n// " << t.what << " (" << t.rows.size() << " code points, " << bytes
      << " bytes of UTF-8).\n";
  out << "inline constexpr std::uint32_t k" << t.name << "Keys[] = {";
  for (std::size_t i = 0; i < keys.size(); ++i)
    out << (i % 8 == 0 ? "\n    " : " ") << hex(keys[i], 8) << ",";
  out << "\n};\n";
  out << "inline constexpr std::uint16_t k" << t.name << "At[] = {";
  for (std::size_t i = 0; i < at.size(); ++i) out << (i % 12 == 0 ? "\n    " : " ") << at[i] << ",";
  out << "\n};\n";
  out << "inline constexpr char8_t k" << t.name << "Text[] =\n    u8\"" << text_literal << "\";\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2) die("usage: sauatty-unicode-data-generate [OUTPUT]");
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfd = unorm2_getNFDInstance(&status);
  if (U_FAILURE(status)) die(std::string("no NFD normalizer: ") + u_errorName(status));
  USpoofChecker* spoof = uspoof_open(&status);
  if (U_FAILURE(status)) die(std::string("no spoof checker: ") + u_errorName(status));

  // Combining classes as ranges: from each start on, the class given.
  std::vector<std::uint32_t> combining;
  int last_class = -1;
  Table decompositions{"Decomposition",
                       "Full canonical decomposition of each code point that has one, Hangul "
                       "syllables left out",
                       {}};
  Table confusables{"Confusable",
                    "Skeleton of each code point that NFD leaves alone, where it is not the code "
                    "point itself: NFD of its confusables.txt prototype",
                    {}};
  Table folds{"Folding", "Default case folding of each code point it changes", {}};

  for (char32_t c = 0; c <= kMaxCodePoint; ++c) {
    const int klass = u_getCombiningClass(static_cast<UChar32>(c));
    if (klass != last_class) {
      combining.push_back(static_cast<std::uint32_t>(c) << 8 | static_cast<std::uint32_t>(klass));
      last_class = klass;
    }
    if (is_surrogate(c)) continue;  // never the result of decoding UTF-8
    const std::u32string self(1, c);

    const std::u32string decomposed =
        ask(c, [&](const UChar* s, int32_t n, UChar* d, int32_t cap, UErrorCode* st) {
          return unorm2_normalize(nfd, s, n, d, cap, st);
        });
    if (c >= kHangulFirst && c <= kHangulLast) {
      // Unicode's algorithm (Unicode 15.0, section 3.12), as store/ runs it.
      const char32_t s = c - kHangulFirst;
      std::u32string expected{0x1100 + s / 588, 0x1161 + (s % 588) / 28};
      if (s % 28 != 0) expected += static_cast<char32_t>(0x11A7 + s % 28);
      if (decomposed != expected) die("ICU decomposes a Hangul syllable otherwise");
    } else if (decomposed != self) {
      decompositions.rows.emplace_back(c, decomposed);
    }

    if (decomposed == self) {
      const std::u32string skeleton =
          ask(c, [&](const UChar* s, int32_t n, UChar* d, int32_t cap, UErrorCode* st) {
            return uspoof_getSkeleton(spoof, 0, s, n, d, cap, st);
          });
      if (skeleton != self) confusables.rows.emplace_back(c, skeleton);
    }

    const std::u32string folded =
        ask(c, [](const UChar* s, int32_t n, UChar* d, int32_t cap, UErrorCode* st) {
          return u_strFoldCase(d, cap, s, n, U_FOLD_CASE_DEFAULT, st);
        });
    if (folded != self) folds.rows.emplace_back(c, folded);
  }
  uspoof_close(spoof);

  std::ostringstream out;
  out << "// Generated by scripts/unicode-data/generate.sh (generate.cpp) from ICU " U_ICU_VERSION
         " (Unicode " U_UNICODE_VERSION
         "). Do not edit: run the script.\n"
         "// The data is Unicode's (confusables.txt, UnicodeData.txt, CaseFolding.txt as ICU\n"
         "// carries them), under the Unicode License v3: see README.md and LICENSE beside this\n"
         "// file. The layout is store/unicode_tables.cpp's to read (store/unicode_tables.h).\n"
         "// clang-format off\n"
         "namespace sauatty::store::unicode_data {\n\n"
         "inline constexpr char kIcuVersion[] = \"" U_ICU_VERSION
         "\";\n"
         "inline constexpr char kUnicodeVersion[] = \"" U_UNICODE_VERSION "\";\n";
  out << "\n// Canonical combining class: each element is a code point << 8 | its class,\n"
         "// which holds from there up to the next element's code point ("
      << combining.size() << " ranges).\n";
  out << "inline constexpr std::uint32_t kCombiningClass[] = {";
  for (std::size_t i = 0; i < combining.size(); ++i)
    out << (i % 8 == 0 ? "\n    " : " ") << hex(combining[i], 8) << ",";
  out << "\n};\n";
  write_table(out, decompositions);
  write_table(out, confusables);
  write_table(out, folds);
  out << "\n}  // namespace sauatty::store::unicode_data\n// clang-format on\n";

  if (argc == 2) {
    std::ofstream file(argv[1], std::ios::binary);
    file << out.str();
    if (!file.flush()) die(std::string("cannot write ") + argv[1]);
  } else {
    std::cout << out.str();
  }
  return 0;
}
