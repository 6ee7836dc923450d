#include "engine/tokens.h"

#include <algorithm>
#include <array>

#include "engine/filter.h"

namespace sauatty::engine {
namespace {

// Tokens found in more than 5% of the 8,276 real request URLs of
// vectors/matching-test-requests.json (Brave's corpus), measured by
// `sauatty-token-frequency` (bench/token_frequency.cpp; table in
// docs/ENGINE.md): https 80.7%, com 60.4%, www 28.6%, http 19.3%, js 16.0%,
// net 13.6%, ads 9.3%, google 7.9%, cdn 7.5%, content 6.4%, wp 6.1%,
// plugins 5.8%, ad 5.7%, static 5.1%. Left out: "notebookcheck" (7.2%, one
// site that the corpus happens to visit often). A filter is filed under one
// of these only when it has no other token and no $domain= to be filed
// under. Sorted for binary search.
constexpr std::array<std::string_view, 14> kBadTokens = {
    "ad",    "ads", "cdn", "com",     "content", "google", "http",
    "https", "js",  "net", "plugins", "static",  "wp",     "www",
};

}  // namespace

bool is_bad_token(std::string_view token) {
  return std::binary_search(kBadTokens.begin(), kBadTokens.end(), token);
}

std::vector<std::string_view> pattern_tokens(std::string_view pattern, std::uint16_t flags) {
  std::vector<std::string_view> tokens;
  const std::size_t n = pattern.size();
  std::size_t i = 0;
  while (i < n) {
    if (!is_token_char(pattern[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && is_token_char(pattern[j])) ++j;
    bool left = i > 0 ? pattern[i - 1] != '*' : (flags & (kFlagLeftAnchor | kFlagHostAnchor)) != 0;
    bool right = j < n ? pattern[j] != '*' : (flags & kFlagRightAnchor) != 0;
    right = right || j - i >= kTokenHashChars;
    if (left && right) tokens.push_back(pattern.substr(i, j - i));
    i = j;
  }
  return tokens;
}

namespace {

// One element of a regex at the top level, for regex_tokens().
struct RegexAtom {
  enum Kind : std::uint8_t { kLiteralToken, kLiteralOther, kOther } kind;
  char c;
  bool optional;  // followed by ?, * or {0,…}: may be absent
};

bool quantifier_allows_zero(std::string_view rest) {
  if (rest.empty()) return false;
  if (rest.front() == '?' || rest.front() == '*') return true;
  return rest.front() == '{' && rest.size() > 1 && rest[1] == '0';
}

}  // namespace

std::vector<std::string_view> regex_tokens(std::string_view regex) {
  std::vector<std::string_view> tokens;
  // Top-level alternation: no token is mandatory. Checked first, with group
  // and class depth, so that "(a|b)" does not count.
  {
    int depth = 0;
    bool in_class = false;
    for (std::size_t i = 0; i < regex.size(); ++i) {
      char c = regex[i];
      if (c == '\\') {
        ++i;
      } else if (in_class) {
        if (c == ']') in_class = false;
      } else if (c == '[') {
        in_class = true;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      } else if (c == '|' && depth == 0) {
        return tokens;
      }
    }
  }
  // Atoms at depth 0, each with its position in the regex.
  std::vector<std::pair<RegexAtom, std::size_t>> atoms;
  int depth = 0;
  for (std::size_t i = 0; i < regex.size();) {
    char c = regex[i];
    std::size_t next = i + 1;
    RegexAtom atom{RegexAtom::kOther, c, false};
    if (c == '[') {
      // Skip the class; "[]…]" and "[^]…]" start with a literal ']'.
      std::size_t k = i + 1;
      if (k < regex.size() && regex[k] == '^') ++k;
      if (k < regex.size() && regex[k] == ']') ++k;
      while (k < regex.size() && regex[k] != ']') k += regex[k] == '\\' ? 2 : 1;
      next = std::min(k + 1, regex.size());
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '\\' && i + 1 < regex.size()) {
      char e = regex[i + 1];
      next = i + 2;
      // \d \w \s \b … are classes or assertions; an escaped punctuation
      // character is itself.
      if (!is_token_char(e)) atom = {RegexAtom::kLiteralOther, e, false};
    } else if (is_token_char(c)) {
      atom = {RegexAtom::kLiteralToken, c, false};
    } else if (c == '^' && i == 0) {
      atom = {RegexAtom::kLiteralOther, c, false};  // start of URL bounds a token
    } else if (c == '/' || c == '-' || c == '=' || c == '&' || c == ',' || c == ':' || c == '%' ||
               c == '_' || c == ';' || c == '@' || c == '!' || c == '~' || c == '\'' || c == '"' ||
               c == '<' || c == '>' || c == '#') {
      atom = {RegexAtom::kLiteralOther, c, false};
    }
    atom.optional = quantifier_allows_zero(regex.substr(next));
    bool repeated = next < regex.size() && regex[next] == '+';
    if (depth == 0 && c != ')') {
      if (repeated && atom.kind == RegexAtom::kLiteralToken) atom.kind = RegexAtom::kOther;
      atoms.push_back({atom, i});
    } else {
      atoms.push_back({{RegexAtom::kOther, c, false}, i});
    }
    i = next;
  }
  // A run of mandatory token literals between two mandatory non-token
  // literals is a token of every match.
  for (std::size_t a = 0; a < atoms.size();) {
    if (atoms[a].first.kind != RegexAtom::kLiteralToken) {
      ++a;
      continue;
    }
    std::size_t b = a;
    std::size_t mandatory = a;  // end of the run's mandatory prefix
    while (b < atoms.size() && atoms[b].first.kind == RegexAtom::kLiteralToken) {
      if (mandatory == b && !atoms[b].first.optional) ++mandatory;
      ++b;
    }
    bool left = a > 0 && atoms[a - 1].first.kind == RegexAtom::kLiteralOther &&
                !atoms[a - 1].first.optional;
    bool right = mandatory == b && b < atoms.size() &&
                 atoms[b].first.kind == RegexAtom::kLiteralOther && !atoms[b].first.optional;
    std::size_t end = right ? b : mandatory;
    if (left && (right || end - a >= kTokenHashChars)) {
      std::size_t from = atoms[a].second;
      tokens.push_back(regex.substr(from, atoms[end - 1].second + 1 - from));
    }
    a = b;
  }
  return tokens;
}

}  // namespace sauatty::engine
