#include "store/unicode_tables.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <span>

#include "store/unicode-data/unicode_data.inc"

namespace sauatty::store {
namespace {

namespace data = unicode_data;

constexpr char32_t kReplacement = 0xFFFD;

// UTF-8 → code points as ICU's UnicodeString::fromUTF8 reads it: a
// well-formed sequence (Unicode 15.0, table 3-7) is its code point; a
// maximal ill-formed subpart (a lead byte and the trail bytes that still
// fit it, or one byte that starts nothing) is one U+FFFD.
void decode(std::string_view text, std::u32string& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned b = s[i++];
    if (b < 0x80) {
      out += static_cast<char32_t>(b);
      continue;
    }
    int trail;
    unsigned low = 0x80, high = 0xBF;  // the range of the first trail byte
    char32_t c;
    if (b >= 0xC2 && b <= 0xDF) {
      trail = 1, c = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      trail = 2, c = b & 0x0F;
      if (b == 0xE0) low = 0xA0;
      if (b == 0xED) high = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      trail = 3, c = b & 0x07;
      if (b == 0xF0) low = 0x90;
      if (b == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
      out += kReplacement;  // a trail byte, C0, C1 or F5..FF
      continue;
    }
    bool whole = true;
    for (int k = 0; k < trail; ++k, low = 0x80, high = 0xBF) {
      if (i >= n || s[i] < low || s[i] > high) {
        whole = false;
        break;
      }
      c = c << 6 | (s[i++] & 0x3F);
    }
    out += whole ? c : kReplacement;
  }
}

void encode(std::u32string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (char32_t c : text) append_utf8(c, out);
}

// One generated mapping (see unicode_data.inc).
struct Mapping {
  std::span<const std::uint32_t> keys;  // code point << 8 | UTF-8 length
  std::span<const std::uint16_t> at;
  const char8_t* text;

  // Appends what `c` maps to, or `c` itself when it is not in the table.
  void append(char32_t c, std::u32string& out) const {
    const std::uint32_t probe = static_cast<std::uint32_t>(c) << 8 | 0xFF;
    auto it = std::upper_bound(keys.begin(), keys.end(), probe);
    if (it == keys.begin() || (*(it - 1) >> 8) != c) {
      out += c;
      return;
    }
    const std::size_t k = static_cast<std::size_t>(it - 1 - keys.begin());
    const std::size_t length = keys[k] & 0xFF;
    // The generator wrote well-formed UTF-8.
    decode(std::string_view(reinterpret_cast<const char*>(text + at[k]), length), out);
  }
};

constexpr Mapping kDecompositions{data::kDecompositionKeys, data::kDecompositionAt,
                                  data::kDecompositionText};
constexpr Mapping kConfusables{data::kConfusableKeys, data::kConfusableAt, data::kConfusableText};
constexpr Mapping kFoldings{data::kFoldingKeys, data::kFoldingAt, data::kFoldingText};

unsigned combining_class(char32_t c) {
  if (c < 0x300) return 0;  // the first combining mark
  const std::uint32_t probe = static_cast<std::uint32_t>(c) << 8 | 0xFF;
  auto it =
      std::upper_bound(std::begin(data::kCombiningClass), std::end(data::kCombiningClass), probe);
  return *(it - 1) & 0xFF;  // kCombiningClass starts at U+0000
}

// NFD of `in` into `out`: each code point's full canonical decomposition
// (Hangul syllables by Unicode 15.0 section 3.12), then the canonical
// ordering (a stable sort of each run of non-zero combining classes).
void nfd(std::u32string_view in, std::u32string& out) {
  out.clear();
  for (char32_t c : in) {
    if (c < 0xC0) {
      out += c;  // nothing below U+00C0 decomposes
    } else if (c >= 0xAC00 && c <= 0xD7A3) {
      const char32_t s = c - 0xAC00;
      out += static_cast<char32_t>(0x1100 + s / 588);
      out += static_cast<char32_t>(0x1161 + (s % 588) / 28);
      if (s % 28 != 0) out += static_cast<char32_t>(0x11A7 + s % 28);
    } else {
      kDecompositions.append(c, out);
    }
  }
  for (std::size_t i = 1; i < out.size(); ++i) {
    const unsigned klass = combining_class(out[i]);
    if (klass == 0) continue;
    for (std::size_t j = i; j > 0; --j) {
      const unsigned before = combining_class(out[j - 1]);
      if (before <= klass) break;  // a starter (0) or in order
      std::swap(out[j - 1], out[j]);
    }
  }
}

class Tables final : public credibility::UnicodeLibrary {
 public:
  bool skeleton(std::string_view text, std::string& out) const override {
    if (text.size() > INT_MAX / 8) return false;
    // The thread's buffers: a question allocates only while they grow.
    thread_local std::u32string code_points, normal, mapped;
    code_points.clear(), mapped.clear();
    decode(text, code_points);
    nfd(code_points, normal);
    for (char32_t c : normal) kConfusables.append(c, mapped);
    nfd(mapped, normal);
    encode(normal, out);
    return true;
  }
  bool fold_case(std::string_view text, std::string& out) const override {
    thread_local std::u32string code_points, folded;
    code_points.clear(), folded.clear();
    decode(text, code_points);
    for (char32_t c : code_points) kFoldings.append(c, folded);
    encode(folded, out);
    return true;
  }
  std::string_view unavailable() const override { return {}; }
};

}  // namespace

void append_utf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

const credibility::UnicodeLibrary& unicode_tables() {
  static const Tables tables;
  return tables;
}

std::string_view unicode_tables_icu_version() { return data::kIcuVersion; }
std::string_view unicode_tables_unicode_version() { return data::kUnicodeVersion; }

}  // namespace sauatty::store
