#include "engine/pattern.h"

#include <algorithm>
#include <cstring>

#include "engine/filter.h"

namespace sauatty::engine {
namespace {

constexpr std::size_t kNoMatch = std::string_view::npos;

// End of `seg` matched at `pos`, or kNoMatch. With `end_caret` a final '^'
// may match the end of the URL.
std::size_t match_at(std::string_view seg, std::string_view url, std::size_t pos, bool end_caret) {
  const std::size_t n = seg.size();
  if (pos > url.size()) return kNoMatch;
  const std::size_t avail = url.size() - pos;
  for (std::size_t i = 0; i < n; ++i) {
    char c = seg[i];
    if (i == avail) {
      return (end_caret && c == '^' && i + 1 == n) ? url.size() : kNoMatch;
    }
    char u = url[pos + i];
    if (c == '^' ? !is_separator(u) : c != u) return kNoMatch;
  }
  return pos + n;
}

// End of the leftmost match of `seg` at or after `pos`, or kNoMatch.
std::size_t find_from(std::string_view seg, std::string_view url, std::size_t pos, bool end_caret) {
  if (seg.empty()) return pos;
  std::size_t caret = seg.find('^');
  if (caret == std::string_view::npos) {
    std::size_t at = url.find(seg, pos);
    return at == std::string_view::npos ? kNoMatch : at + seg.size();
  }
  if (caret > 0) {
    // Look for the literal head, then check the rest in place.
    std::string_view head = seg.substr(0, caret);
    for (std::size_t at = url.find(head, pos); at != std::string_view::npos;
         at = url.find(head, at + 1)) {
      std::size_t end = match_at(seg, url, at, end_caret);
      if (end != kNoMatch) return end;
    }
    return kNoMatch;
  }
  for (std::size_t at = pos; at <= url.size(); ++at) {
    std::size_t end = match_at(seg, url, at, end_caret);
    if (end != kNoMatch) return end;
  }
  return kNoMatch;
}

// Matches the '*'-separated segments of `rest` from `pos` on.
bool match_rest(std::string_view rest, std::string_view url, std::size_t pos, bool right_anchor) {
  while (true) {
    std::size_t star = rest.find('*');
    std::string_view seg = rest.substr(0, star);
    if (star == std::string_view::npos) {
      if (right_anchor) {
        if (url.size() < seg.size() || url.size() - seg.size() < pos) return false;
        return match_at(seg, url, url.size() - seg.size(), false) == url.size();
      }
      return find_from(seg, url, pos, true) != kNoMatch;
    }
    pos = find_from(seg, url, pos, false);
    if (pos == kNoMatch) return false;
    rest = rest.substr(star + 1);
  }
}

}  // namespace

bool match_pattern(std::string_view pattern, std::uint16_t flags, std::string_view url,
                   std::size_t host_begin, std::size_t host_end) {
  const bool right = (flags & kFlagRightAnchor) != 0;
  if (flags & kFlagHostAnchor) {
    std::size_t star = pattern.find('*');
    std::string_view first = pattern.substr(0, star);
    bool single = star == std::string_view::npos;
    std::string_view rest = single ? std::string_view{} : pattern.substr(star + 1);
    auto match_from = [&](std::size_t p) {
      if (single) {
        if (right) {
          return url.size() >= first.size() && url.size() - first.size() == p &&
                 match_at(first, url, p, false) == url.size();
        }
        return match_at(first, url, p, true) != kNoMatch;
      }
      std::size_t end = match_at(first, url, p, false);
      return end != kNoMatch && match_rest(rest, url, end, right);
    };
    if (!first.empty() && first.front() != '^') {
      // A literal first character: only where it occurs (memchr) can the
      // pattern start, instead of at every label of the host.
      const std::size_t limit = std::min(host_end + 1, url.size());
      for (std::size_t p = host_begin; p < limit; ++p) {
        const void* hit = std::memchr(url.data() + p, first.front(), limit - p);
        if (hit == nullptr) return false;
        p = static_cast<std::size_t>(static_cast<const char*>(hit) - url.data());
        if (p != host_begin && url[p - 1] != '.') continue;
        if (match_from(p)) return true;
      }
      return false;
    }
    for (std::size_t p = host_begin; p <= host_end && p <= url.size(); ++p) {
      if (p != host_begin && url[p - 1] != '.') continue;
      if (match_from(p)) return true;
    }
    return false;
  }
  if (flags & kFlagLeftAnchor) {
    std::size_t star = pattern.find('*');
    if (star == std::string_view::npos) {
      if (right)
        return pattern.size() == url.size() && match_at(pattern, url, 0, false) == url.size();
      return match_at(pattern, url, 0, true) != kNoMatch;
    }
    std::size_t end = match_at(pattern.substr(0, star), url, 0, false);
    return end != kNoMatch && match_rest(pattern.substr(star + 1), url, end, right);
  }
  return match_rest(pattern, url, 0, right);
}

bool match_pattern_at(std::string_view pattern, std::uint16_t flags, std::string_view url,
                      std::size_t pos, std::size_t host_begin, std::size_t host_end) {
  if (flags & kFlagHostAnchor) {
    if (pos < host_begin || pos > host_end || (pos != host_begin && url[pos - 1] != '.')) {
      return false;
    }
  } else if ((flags & kFlagLeftAnchor) && pos != 0) {
    return false;
  }
  const bool right = (flags & kFlagRightAnchor) != 0;
  std::size_t star = pattern.find('*');
  if (star != std::string_view::npos) {
    std::size_t end = match_at(pattern.substr(0, star), url, pos, false);
    return end != kNoMatch && match_rest(pattern.substr(star + 1), url, end, right);
  }
  if (right) {
    return pattern.size() <= url.size() && pos == url.size() - pattern.size() &&
           match_at(pattern, url, pos, false) == url.size();
  }
  return match_at(pattern, url, pos, true) != kNoMatch;
}

}  // namespace sauatty::engine
