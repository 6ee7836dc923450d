// HAR 1.2 reading (the HTTP Archive format Chrome's and Firefox's DevTools
// save): the requests of a recording, in order, each with the page it was
// made from, its resource type and when it started. Only what a replay needs
// is kept; response bodies are dropped while parsing. Input is untrusted:
// every failure is an error value naming the entry (never its URL), sizes
// are bounded, nothing is logged.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sauatty::har {

// A file over this size is refused before it is parsed (a DevTools save of
// an hour's browsing without bodies is a few MiB; with bodies, tens).
inline constexpr std::size_t kMaxHarBytes = 64u << 20;
// At most this many entries (requests) in one recording.
inline constexpr std::size_t kMaxHarEntries = 100'000;

struct Entry {
  std::string url;       // the request's URL (http or https)
  std::string page_url;  // the page it was made from (the page's first request, its document)
  std::string type;      // webRequest-style type: main_frame, script, image, xmlhttprequest, …
  double offset_ms = 0;  // start time after the recording's first request (never negative)
};

struct Limits {
  std::size_t max_bytes = kMaxHarBytes;
  std::size_t max_entries = kMaxHarEntries;
};

// Parses HAR text. Errors: "not JSON (…at byte N; truncated?)",
// "not a HAR file: …", "more than N entries", "entry N: …" (1-based, in
// file order) for an entry whose request or URL is missing, not a string,
// or not http(s).
std::expected<std::vector<Entry>, std::string> parse_har(std::string_view text,
                                                         const Limits& limits = {});

// Reads `path` (bounded by limits.max_bytes) and parses it; errors name the file.
std::expected<std::vector<Entry>, std::string> read_har_file(const std::filesystem::path& path,
                                                             const Limits& limits = {});

}  // namespace sauatty::har
