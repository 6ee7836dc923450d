// The workshop page's files, compiled into the host (native-host/dashboard/
// CMakeLists.txt embeds web/ and the pinned graph library with .incbin), so
// that the same page is served from whatever folder the host runs in and
// nothing is read from disk.
#pragma once

#include <span>
#include <string_view>

namespace sauatty::dashboard {

struct Asset {
  std::string_view path;          // "/app.js": the URL path it is served at
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
};

std::span<const Asset> assets();

// The asset served at exactly `path`, or null (no other path is served).
const Asset* find_asset(std::string_view path);

}  // namespace sauatty::dashboard
