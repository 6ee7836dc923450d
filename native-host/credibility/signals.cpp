#include "credibility/signals.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "credibility/text_format.h"

namespace sauatty::credibility {

struct SignalDetector::Language {
  std::string lang;
  // All patterns of the language as one alternation (GetRE2(0)), with RE2's
  // analysis of the strings a match must contain.
  std::unique_ptr<re2::FilteredRE2> re;
  std::uint64_t bit;  // the language's bit in PreCheck masks; 0 past 64 languages
};

// The pre-check strings of every language, case-folded (fold_rune), found
// in the folded title. Strings of 4 bytes or more are found by their 4-byte
// grams, Wu-Manber style: with `step` = the shortest such string's length
// minus 3, every occurrence covers a gram that starts at a multiple of
// `step`, so only those positions are looked up (a bitmap of hashed grams,
// then the sorted list); each string is filed under its grams at offsets
// 0 to step-1. Shorter strings ("!", "?!") are found with memchr.
// Built at the first title, not at start-up (RE2's analysis costs about
// as much as compiling the patterns).
struct SignalDetector::PreCheck {
  static constexpr unsigned kFilterBits = 14;  // 2 KiB of bitmap

  std::once_flag once;
  std::uint64_t checked = 0;  // the languages that have a pre-check

  struct Needle {
    std::string text;
    std::uint64_t langs;  // the languages whose pre-check it is
  };
  struct Gram {
    std::uint32_t key;  // four bytes of the needle
    std::uint32_t needle;
    std::uint32_t offset;  // where in the needle
  };
  std::vector<Needle> long_needles, short_needles;
  std::vector<Gram> grams;                 // sorted by key
  std::string short_first;                 // the first bytes of short_needles, each once
  std::vector<std::uint64_t> short_langs;  // the languages of each of those bytes' needles
  std::size_t step = 1;
  std::array<std::uint64_t, (1u << kFilterBits) / 64> filter{};

  static std::uint32_t load32(const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static std::uint32_t slot(std::uint32_t key) { return (key * 0x9E3779B1u) >> (32 - kFilterBits); }

  void add(std::string text, std::uint64_t langs) {
    std::vector<Needle>& list = text.size() >= 4 ? long_needles : short_needles;
    for (Needle& n : list) {
      if (n.text == text) {
        n.langs |= langs;
        return;
      }
    }
    list.push_back(Needle{std::move(text), langs});
  }

  void seal() {
    std::size_t shortest = 0;
    for (const Needle& n : long_needles) {
      if (shortest == 0 || n.text.size() < shortest) shortest = n.text.size();
    }
    step = shortest == 0 ? 1 : shortest - 3;
    for (std::uint32_t i = 0; i < long_needles.size(); ++i) {
      for (std::uint32_t off = 0; off < step; ++off) {
        std::uint32_t key = load32(long_needles[i].text.data() + off);
        grams.push_back(Gram{key, i, off});
        filter[slot(key) / 64] |= std::uint64_t{1} << (slot(key) % 64);
      }
    }
    std::sort(grams.begin(), grams.end(),
              [](const Gram& a, const Gram& b) { return a.key < b.key; });
    for (const Needle& n : short_needles) {
      std::size_t at = short_first.find(n.text[0]);
      if (at == std::string::npos) {
        at = short_first.size();
        short_first += n.text[0];
        short_langs.push_back(0);
      }
      short_langs[at] |= n.langs;
    }
  }

  // The languages among `wanted` one of whose strings is in `folded`.
  std::uint64_t found(std::string_view folded, std::uint64_t wanted) const {
    std::uint64_t hit = 0;
    const char* p = folded.data();
    const std::size_t n = folded.size();
    for (std::size_t f = 0; f < short_first.size(); ++f) {
      if (!(short_langs[f] & wanted)) continue;
      const char first = short_first[f];
      for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, first, p + n - q)));
           ++q) {
        for (const Needle& s : short_needles) {
          if ((s.langs & wanted & ~hit) && s.text.size() <= static_cast<std::size_t>(p + n - q) &&
              std::memcmp(q, s.text.data(), s.text.size()) == 0) {
            hit |= s.langs & wanted;
          }
        }
        if (hit == wanted) return hit;
      }
    }
    for (std::size_t pos = 0; pos + 4 <= n; pos += step) {
      std::uint32_t key = load32(p + pos), h = slot(key);
      if (!((filter[h / 64] >> (h % 64)) & 1)) continue;
      auto it = std::lower_bound(grams.begin(), grams.end(), key,
                                 [](const Gram& g, std::uint32_t k) { return g.key < k; });
      for (; it != grams.end() && it->key == key; ++it) {
        const Needle& nd = long_needles[it->needle];
        if (!(nd.langs & wanted & ~hit) || it->offset > pos) continue;
        std::size_t at = pos - it->offset;
        if (nd.text.size() <= n - at && std::memcmp(p + at, nd.text.data(), nd.text.size()) == 0) {
          hit |= nd.langs & wanted;
        }
      }
      if (hit == wanted) break;
    }
    return hit;
  }
};

namespace {

constexpr char32_t fold_code_point(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  if (c >= 0x400 && c <= 0x52F) {
    if (c <= 0x40F) return c + 0x50;  // Ѐ–Џ
    if (c <= 0x42F) return c + 0x20;  // А–Я
    if (c <= 0x45F) return c;
    if (c == 0x4C0) return 0x4CF;  // Ӏ
    if (c >= 0x4C1 && c <= 0x4CE) return (c & 1) ? c + 1 : c;
    if (c >= 0x482 && c <= 0x489) return c;  // signs, no case
    return c | 1;                            // pairs: capital even, small odd
  }
  switch (c) {
    case 0x17F:
      return 's';  // long s
    case 0x212A:
      return 'k';  // Kelvin sign
    case 0x1C80:
      return 0x432;  // rounded в
    case 0x1C81:
      return 0x434;  // long-legged д
    case 0x1C82:
      return 0x43E;  // narrow о
    case 0x1C83:
      return 0x441;  // wide с
    case 0x1C84:
    case 0x1C85:
      return 0x442;  // tall and three-legged т
    case 0x1C86:
      return 0x44A;  // tall ъ
    case 0x1C87:
      return 0x463;  // tall ѣ
    default:
      return c;
  }
}

// The fold of every two-byte sequence 110xxxxx 10xxxxxx, indexed by its 11
// bits: the folded bytes as a little-endian load would read them (lead
// byte low), or the ASCII character it folds to (long s). The overlong
// leads C0 and C1 are kept as they are: RE2 reads no character there.
constexpr std::array<std::uint16_t, 32 * 64> kFoldTwoBytes = [] {
  std::array<std::uint16_t, 32 * 64> t{};
  for (char32_t c = 0; c < 32 * 64; ++c) {
    char32_t f = c < 0x80 ? c : fold_code_point(c);
    t[c] = c >= 0x80 && f < 0x80
               ? static_cast<std::uint16_t>(f)
               : static_cast<std::uint16_t>((0x80 | (f & 0x3F)) << 8 | (0xC0 | f >> 6));
  }
  return t;
}();

// The length of the UTF-8 sequence at s[0] (n bytes available) and its code
// point, or 0 when it is not a valid one (overlong, surrogate, past
// U+10FFFF, cut short).
std::size_t decode_utf8(const unsigned char* s, std::size_t n, char32_t& out) {
  auto cont = [&](std::size_t i) { return i < n && (s[i] & 0xC0) == 0x80; };
  unsigned char b = s[0];
  if (b < 0x80) {
    out = b;
    return 1;
  }
  if (b >= 0xC2 && b <= 0xDF) {
    if (!cont(1)) return 0;
    out = (char32_t{b} & 0x1F) << 6 | (s[1] & 0x3F);
    return 2;
  }
  if (b >= 0xE0 && b <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if ((b == 0xE0 && s[1] < 0xA0) || (b == 0xED && s[1] >= 0xA0)) return 0;
    out = (char32_t{b} & 0x0F) << 12 | (char32_t{s[1]} & 0x3F) << 6 | (s[2] & 0x3F);
    return 3;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if ((b == 0xF0 && s[1] < 0x90) || (b == 0xF4 && s[1] >= 0x90)) return 0;
    out = (char32_t{b} & 0x07) << 18 | (char32_t{s[1]} & 0x3F) << 12 |
          (char32_t{s[2]} & 0x3F) << 6 | (s[3] & 0x3F);
    return 4;
  }
  return 0;
}

// Folds `text` with fold_rune into `out`, which has room for text.size()
// bytes (no character folds to a longer one); returns the folded length.
// ASCII goes eight bytes at a time, two-byte characters through
// kFoldTwoBytes. Invalid bytes are copied as they are, one at a time, so
// the next valid character is read where RE2 reads it.
std::size_t fold_text(std::string_view text, char* out) {
  static_assert(std::endian::native == std::endian::little,
                "the two-byte path loads little-endian");
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t k = 0;
  for (std::size_t i = 0; i < n;) {
    if (n - i >= 8) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080u) == 0) {
        // A byte's high bit: set by +0x3F from 'A' up, by +0x25 past 'Z'.
        std::uint64_t upper =
            (w + 0x3F3F3F3F3F3F3F3Fu) & ~(w + 0x2525252525252525u) & 0x8080808080808080u;
        w |= upper >> 2;
        std::memcpy(out + k, &w, 8);
        k += 8;
        i += 8;
        continue;
      }
    }
    unsigned char b = s[i];
    if (b < 0x80) {
      out[k++] = static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
      ++i;
      continue;
    }
    // Two-byte characters, one after another (Cyrillic text).
    while (n - i >= 2) {
      std::uint16_t two;
      std::memcpy(&two, s + i, 2);
      // 110xxxxx 10xxxxxx, the lead byte first (little-endian load).
      if ((two & 0xC0E0) != 0x80C0) break;
      std::uint16_t f = kFoldTwoBytes[(two & 0x1F) << 6 | (two >> 8 & 0x3F)];
      std::memcpy(out + k, &f, 2);
      k += f < 0x80 ? 1 : 2;
      i += 2;
    }
    if (i >= n || s[i] < 0x80) continue;
    b = s[i];
    char32_t r = 0;
    std::size_t len = decode_utf8(s + i, n - i, r);
    if (len == 0) {
      out[k++] = static_cast<char>(b);
      ++i;
      continue;
    }
    char32_t f = fold_code_point(r);
    if (f == r) {
      std::memcpy(out + k, s + i, len);
      k += len;
    } else if (f < 0x80) {  // the Kelvin sign
      out[k++] = static_cast<char>(f);
    } else {  // the rounded Cyrillic forms
      out[k++] = static_cast<char>(0xC0 | (f >> 6));
      out[k++] = static_cast<char>(0x80 | (f & 0x3F));
    }
    i += len;
  }
  return k;
}

// The strings one of which every match of `filter`'s one regex contains,
// folded, or nothing when some match needs none (or a string has a
// character the fold is not exact for). RE2 gives atoms and a tree of
// AND / OR over them; the shortest atoms are dropped first as long as the
// regex still cannot match without those kept, so "don'?t" leaves
// " want you to know" rather than "t".
std::optional<std::vector<std::string>> pre_check_strings(const re2::FilteredRE2& filter,
                                                          const std::vector<std::string>& atoms) {
  std::vector<int> potential;
  filter.AllPotentials({}, &potential);
  if (!potential.empty() || atoms.empty()) return std::nullopt;
  std::vector<int> order(atoms.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return atoms[a].size() < atoms[b].size(); });
  std::vector<bool> kept(atoms.size(), true);
  std::vector<int> present;
  for (int a : order) {
    kept[a] = false;
    present.clear();
    for (std::size_t i = 0; i < atoms.size(); ++i) {
      if (!kept[i]) present.push_back(static_cast<int>(i));
    }
    filter.AllPotentials(present, &potential);
    if (!potential.empty()) kept[a] = true;  // needed: without it a match could go unseen
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    if (!kept[i]) continue;
    const std::string& atom = atoms[i];
    if (atom.empty()) return std::nullopt;
    const auto* s = reinterpret_cast<const unsigned char*>(atom.data());
    for (std::size_t j = 0; j < atom.size();) {
      char32_t r = 0;
      std::size_t len = decode_utf8(s + j, atom.size() - j, r);
      if (len == 0 || !fold_is_exact(fold_rune(r))) return std::nullopt;
      j += len;
    }
    out.push_back(fold_for_pre_check(atom));
  }
  return out;
}

}  // namespace

char32_t fold_rune(char32_t c) { return fold_code_point(c); }

std::string fold_for_pre_check(std::string_view text) {
  std::string out(text.size(), '\0');
  out.resize(fold_text(text, out.data()));
  return out;
}

SignalDetector::SignalDetector() = default;
SignalDetector::~SignalDetector() = default;
SignalDetector::SignalDetector(SignalDetector&&) noexcept = default;
SignalDetector& SignalDetector::operator=(SignalDetector&&) noexcept = default;

std::expected<SignalDetector, std::string> SignalDetector::build(
    std::span<const ClickbaitPattern> patterns) {
  std::map<std::string, std::string> by_lang;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    std::string& alt = by_lang[patterns[i].lang];
    if (!alt.empty()) alt += '|';
    alt += "(?:" + patterns[i].re + ")";
  }
  SignalDetector d;
  d.pre_check_ = std::make_unique<PreCheck>();
  for (auto& [lang, alt] : by_lang) {
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    auto filter = std::make_unique<re2::FilteredRE2>(1);
    int id = 0;
    if (filter->Add(alt, options, &id) != RE2::NoError) {
      RE2 refused(alt, options);  // for RE2's own words
      return std::unexpected(strformat("clickbait patterns for '{}': {}", lang, refused.error()));
    }
    std::size_t index = d.languages_.size();
    d.languages_.push_back(
        Language{lang, std::move(filter), index < 64 ? std::uint64_t{1} << index : 0});
  }
  return d;
}

const SignalDetector::PreCheck& SignalDetector::pre_check() const {
  PreCheck& pc = *pre_check_;
  std::call_once(pc.once, [&] {
    for (const Language& l : languages_) {
      std::vector<std::string> atoms;
      l.re->Compile(&atoms);
      auto strings = pre_check_strings(*l.re, atoms);
      if (l.bit == 0 || !strings) continue;
      for (std::string& s : *strings) pc.add(std::move(s), l.bit);
      pc.checked |= l.bit;
    }
    pc.seal();
  });
  return pc;
}

bool SignalDetector::clickbait(std::string_view title, std::string_view lang) const {
  if (title.empty() || languages_.empty()) return false;
  if (title.size() > kMaxTitleBytes) {
    title = title.substr(0, kMaxTitleBytes);
    // Do not cut a UTF-8 sequence in half.
    while (!title.empty() && (static_cast<unsigned char>(title.back()) & 0xC0) == 0x80) {
      title.remove_suffix(1);
    }
    if (!title.empty() && static_cast<unsigned char>(title.back()) >= 0xC0) title.remove_suffix(1);
  }
  std::size_t cut = 0;
  while (cut < lang.size() && lang[cut] != '-' && lang[cut] != '_') ++cut;
  const std::string_view primary = lang.substr(0, cut);
  auto is_primary = [&](const Language& l) {
    if (l.lang.size() != primary.size()) return false;
    for (std::size_t i = 0; i < primary.size(); ++i) {
      if (l.lang[i] != primary[i]) return false;
    }
    return true;
  };
  bool known = std::any_of(languages_.begin(), languages_.end(), is_primary);
  const PreCheck& pc = pre_check();
  std::uint64_t wanted = 0;
  for (const Language& l : languages_) {
    if (known && !is_primary(l)) continue;
    if (l.bit & pc.checked) {
      wanted |= l.bit;
    } else if (RE2::PartialMatch(title, l.re->GetRE2(0))) {
      return true;
    }
  }
  if (wanted == 0) return false;
  char folded[kMaxTitleBytes];
  std::uint64_t hit = pc.found({folded, fold_text(title, folded)}, wanted);
  for (const Language& l : languages_) {
    if ((hit & l.bit) && RE2::PartialMatch(title, l.re->GetRE2(0))) return true;
  }
  return false;
}

std::uint8_t SignalDetector::detect(const PageMeta& meta, std::string_view page_registrable,
                                    std::string_view canonical_registrable,
                                    const LookalikeDetector& targets) const {
  std::uint8_t signals = 0;
  if (meta.og_type == "article") {
    if (meta.author.empty()) signals |= kNoAuthor;
    if (meta.published.empty() && meta.modified.empty()) signals |= kNoDate;
  }
  if (clickbait(meta.title, meta.lang)) signals |= kClickbaitTitle;
  if (!meta.site_name.empty() && targets.claimed_elsewhere(meta.site_name, page_registrable)) {
    signals |= kSiteNameMismatch;
  }
  if (!canonical_registrable.empty() && canonical_registrable != page_registrable) {
    signals |= kCanonicalMismatch;
  }
  return signals;
}

}  // namespace sauatty::credibility
