#include "credibility/brand_words.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace sauatty::credibility {
namespace {

// Sorted (binary search). The new generic endings with the most abuse in
// Spamhaus' and Interisle's yearly reports, and the news-sounding ones
// impostors of outlets pick.
constexpr std::array<std::string_view, 50> kImpostorEndings = {
    "asia",    "biz",     "bond",  "buzz",  "cc",    "cf",  "cfd",     "click",   "club",  "co",
    "cyou",    "digital", "email", "fun",   "ga",    "gq",  "icu",     "in",      "info",  "life",
    "link",    "live",    "lol",   "ltd",   "media", "ml",  "monster", "network", "news",  "one",
    "online",  "pm",      "press", "pro",   "rest",  "sbs", "shop",    "site",    "space", "store",
    "support", "tech",    "tk",    "today", "top",   "vip", "website", "work",    "ws",    "xyz",
};

// Words impostors put beside a brand. Chosen narrow on purpose: each was
// seen in a reported impostor or phishing name (news sites: -news, -24,
// -live, -today, -online; phishing: -login, -secure, -bonus, -pay, my-),
// and none is a word that makes a different real name with a brand
// (cnnmoney, bloombergtax and reutersagency are not combos).
constexpr std::array<std::string_view, 58> kWords = {
    "24",      "365",         "account",  "app",          "auth",     "bonus",    "breaking",
    "cabinet", "client",      "daily",    "delivery",     "gift",     "help",     "id",
    "info",    "kabinet",     "latest",   "live",         "lk",       "login",    "media",
    "mobile",  "my",          "news",     "novosti",      "now",      "official", "online",
    "pay",     "payment",     "payments", "portal",       "press",    "prize",    "promo",
    "qr",      "real",        "report",   "secure",       "security", "service",  "services",
    "signin",  "site",        "support",  "today",        "top",      "track",    "tv",
    "update",  "updates",     "user",     "verification", "verify",   "web",      "world",
    "www",     "zhanalyqtar",
};

// The country words: Kazakhstan's in Latin spellings, and the codes of the
// languages and countries whose readers we serve.
constexpr std::array<std::string_view, 15> kCountryWords = {
    "almaty", "astana", "kaz",       "kazakh", "kazakhstan", "kazakstan", "kg", "kz",
    "qaz",    "qazaq",  "qazaqstan", "ru",     "rus",        "russia",    "uz",
};
static_assert(std::is_sorted(kImpostorEndings.begin(), kImpostorEndings.end()));
static_assert(std::is_sorted(kWords.begin(), kWords.end()));
static_assert(std::is_sorted(kCountryWords.begin(), kCountryWords.end()));

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

// kWords and kCountryWords together, filed by first byte: the words that
// may start at a position of a token are the few of its byte.
struct Word {
  std::string_view text;
  bool country = false;
};
constexpr std::size_t kAllWords = kWords.size() + kCountryWords.size();
constexpr std::array<Word, kAllWords> kByFirst = [] {
  std::array<Word, kAllWords> out{};
  std::size_t n = 0;
  for (int c = 0; c < 256; ++c) {
    for (std::string_view w : kWords)
      if (static_cast<unsigned char>(w.front()) == c) out[n++] = {w, false};
    for (std::string_view w : kCountryWords)
      if (static_cast<unsigned char>(w.front()) == c) out[n++] = {w, true};
  }
  return out;
}();
constexpr std::array<std::uint8_t, 257> kFirstBegin = [] {
  std::array<std::uint8_t, 257> out{};
  std::size_t n = 0;
  for (int c = 0; c < 256; ++c) {
    out[c] = static_cast<std::uint8_t>(n);
    while (n < kAllWords && static_cast<unsigned char>(kByFirst[n].text.front()) == c) ++n;
  }
  out[256] = static_cast<std::uint8_t>(n);
  return out;
}();
static_assert(kAllWords < 256);

// One token (no '-') as a concatenation of words: "newskz" = news + kz.
bool is_word_run(std::string_view token, bool countries_only) {
  constexpr std::size_t kMaxToken = 63;
  if (token.empty() || token.size() > kMaxToken) return false;
  std::array<bool, kMaxToken + 1> reach{};  // reach[i]: token[0, i) is words
  reach[0] = true;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (!reach[i]) continue;
    auto c = static_cast<unsigned char>(token[i]);
    std::string_view rest = token.substr(i);
    for (std::size_t w = kFirstBegin[c]; w < kFirstBegin[c + 1]; ++w) {
      const Word& word = kByFirst[w];
      if ((word.country || !countries_only) && rest.starts_with(word.text))
        reach[i + word.text.size()] = true;
    }
  }
  return reach[token.size()];
}

}  // namespace

bool is_impostor_ending(std::string_view suffix) {
  auto dot = suffix.rfind('.');
  return contains(kImpostorEndings,
                  dot == std::string_view::npos ? suffix : suffix.substr(dot + 1));
}

bool is_combo_words(std::string_view text, bool countries_only) {
  if (text.empty() || text.size() > 63) return false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t dash = text.find('-', start);
    std::size_t end = dash == std::string_view::npos ? text.size() : dash;
    if (!is_word_run(text.substr(start, end - start), countries_only)) return false;
    if (dash == std::string_view::npos) return true;
    start = dash + 1;
  }
  return false;
}

}  // namespace sauatty::credibility
