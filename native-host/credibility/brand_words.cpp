#include "credibility/brand_words.h"

#include <algorithm>
#include <array>

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

bool is_word(std::string_view w, bool countries_only) {
  return contains(kCountryWords, w) || (!countries_only && contains(kWords, w));
}

// Bytes that start a word of kWords or kCountryWords: a position whose byte
// starts none needs no search (most of a hostname's bytes).
constexpr std::array<bool, 256> starts_of_words() {
  std::array<bool, 256> out{};
  for (std::string_view w : kWords) out[static_cast<unsigned char>(w.front())] = true;
  for (std::string_view w : kCountryWords) out[static_cast<unsigned char>(w.front())] = true;
  return out;
}
constexpr std::array<bool, 256> kWordStarts = starts_of_words();

// One token (no '-') as a concatenation of words: "newskz" = news + kz.
bool is_word_run(std::string_view token, bool countries_only) {
  constexpr std::size_t kMaxToken = 63, kMaxWord = 12;
  if (token.empty() || token.size() > kMaxToken) return false;
  std::array<bool, kMaxToken + 1> reach{};  // reach[i]: token[0, i) is words
  reach[0] = true;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (!reach[i] || !kWordStarts[static_cast<unsigned char>(token[i])]) continue;
    for (std::size_t len = 2; len <= kMaxWord && i + len <= token.size(); ++len) {
      if (is_word(token.substr(i, len), countries_only)) reach[i + len] = true;
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
