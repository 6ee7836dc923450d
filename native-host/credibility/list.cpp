#include "credibility/list.h"

#include <algorithm>

#include "url/url.h"

namespace sauatty::credibility {

bool is_ipv4(std::string_view host) {
  int parts = 0;
  std::size_t i = 0;
  while (i <= host.size()) {
    std::size_t dot = host.find('.', i);
    std::string_view part =
        host.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
    if (part.empty() || part.size() > 3) return false;
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    i = dot + 1;
  }
  return parts == 4;
}

namespace {

// At least two labels of lower-case ASCII letters, digits, '-' and '_',
// each 1–63 bytes.
bool has_host_labels(std::string_view host) {
  int labels = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = host.find('.', start);
    std::size_t end = dot == std::string_view::npos ? host.size() : dot;
    std::size_t len = end - start;
    if (len == 0 || len > 63) return false;
    for (std::size_t i = start; i < end; ++i) {
      char c = host[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return false;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

}  // namespace

std::optional<std::string> normalize_host(std::string_view text) {
  if (text.empty() || text.size() > 253 * 4) return std::nullopt;
  if (text.back() == '.') text.remove_suffix(1);
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string host;
  if (ascii) {
    host.assign(text);
    std::transform(host.begin(), host.end(), host.begin(), [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
  } else {
    host = url::to_ascii(text);
  }
  if (host.empty() || host.size() > 253) return std::nullopt;
  if (is_ipv4(host) || has_host_labels(host)) return host;
  return std::nullopt;
}

bool is_normal_host(std::string_view host) {
  return host.size() <= 253 && (is_ipv4(host) || has_host_labels(host));
}

}  // namespace sauatty::credibility
