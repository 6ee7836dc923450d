#include "har/har.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "lists/text_file.h"

namespace sauatty::har {
namespace {

using Json = nlohmann::json;

// Milliseconds since 1970 of an ISO 8601 date-time as HAR writes it
// ("2026-07-01T09:00:00.123Z", "…+06:00"); nullopt when it is not one.
std::optional<double> parse_time_ms(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  auto hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' || *month < 1 || *month > 12 ||
      *day < 1 || *day > 31)
    return std::nullopt;
  std::size_t i = 19;
  double fraction = 0, scale = 0.1;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10)
      fraction += (s[i] - '0') * scale;
  }
  int offset_minutes = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    auto oh = digits(i + 1, 2), om = digits(i + 4, 2);
    if (!oh || !om) return std::nullopt;
    offset_minutes = (*oh * 60 + *om) * (s[i] == '+' ? 1 : -1);
  } else if (i >= s.size() || s[i] != 'Z') {
    return std::nullopt;
  }
  // Days from the civil date (proleptic Gregorian).
  int y = *year - (*month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (*month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + *day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  const double seconds = static_cast<double>(days) * 86400 + *hour * 3600 + *minute * 60 + *second +
                         fraction - offset_minutes * 60;
  return seconds * 1000;
}

// webRequest's type names from Chrome's `_resourceType`, or from the
// response's MIME type (Firefox writes no resource type).
std::string type_of(const Json& entry) {
  if (auto it = entry.find("_resourceType"); it != entry.end() && it->is_string()) {
    static const std::map<std::string, std::string, std::less<>> kChrome = {
        {"document", "sub_frame"},
        {"stylesheet", "stylesheet"},
        {"script", "script"},
        {"image", "image"},
        {"font", "font"},
        {"xhr", "xmlhttprequest"},
        {"fetch", "xmlhttprequest"},
        {"media", "media"},
        {"texttrack", "media"},
        {"websocket", "websocket"},
        {"ping", "ping"},
        {"csp_violation_report", "csp_report"}};
    auto found = kChrome.find(it->get_ref<const std::string&>());
    return found == kChrome.end() ? "other" : found->second;
  }
  std::string mime;
  if (auto r = entry.find("response"); r != entry.end() && r->is_object())
    if (auto c = r->find("content"); c != r->end() && c->is_object())
      if (auto m = c->find("mimeType"); m != c->end() && m->is_string()) mime = *m;
  if (mime.starts_with("text/html") || mime.starts_with("application/xhtml")) return "sub_frame";
  if (mime.find("javascript") != std::string::npos || mime.find("ecmascript") != std::string::npos)
    return "script";
  if (mime.starts_with("text/css")) return "stylesheet";
  if (mime.starts_with("image/")) return "image";
  if (mime.starts_with("font/") || mime.find("font") != std::string::npos) return "font";
  if (mime.starts_with("audio/") || mime.starts_with("video/")) return "media";
  if (mime.find("json") != std::string::npos || mime.find("xml") != std::string::npos)
    return "xmlhttprequest";
  return "other";
}

bool is_http(std::string_view url) {
  auto lower_starts = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (static_cast<char>(std::tolower(static_cast<unsigned char>(url[i]))) != prefix[i])
        return false;
    return true;
  };
  return lower_starts("http://") || lower_starts("https://");
}

std::string entry_error(std::size_t index, std::string_view what) {
  return "entry " + std::to_string(index + 1) + ": " + std::string(what);
}

}  // namespace

std::expected<std::vector<Entry>, std::string> parse_har(std::string_view text,
                                                         const Limits& limits) {
  if (text.size() > limits.max_bytes)
    return std::unexpected("larger than " + std::to_string(limits.max_bytes) + " bytes");
  // Bodies, headers and cookies are never needed: dropped as they are parsed,
  // so a recording with bodies costs little more memory than one without.
  const auto drop_unneeded = [](int, Json::parse_event_t event, Json& parsed) {
    if (event != Json::parse_event_t::key) return true;
    const auto& key = parsed.get_ref<const std::string&>();
    return key != "text" && key != "headers" && key != "cookies" && key != "queryString" &&
           key != "postData" && key != "_initiator" && key != "timings" && key != "cache";
  };
  Json doc;
  try {
    doc = Json::parse(text, drop_unneeded);
  } catch (const Json::parse_error& e) {
    return std::unexpected("not JSON (error at byte " + std::to_string(e.byte) +
                           (e.byte >= text.size() ? "; truncated?)" : ")"));
  } catch (const Json::exception&) {  // e.g. a number too large for a double
    return std::unexpected("not JSON (a value out of range)");
  }
  if (!doc.is_object() || !doc.contains("log") || !doc["log"].is_object())
    return std::unexpected("not a HAR file: no \"log\" object");
  const Json& log = doc["log"];
  if (!log.contains("entries") || !log["entries"].is_array())
    return std::unexpected("not a HAR file: no \"log.entries\" array");
  const Json& entries = log["entries"];
  if (entries.size() > limits.max_entries)
    return std::unexpected("more than " + std::to_string(limits.max_entries) + " entries (" +
                           std::to_string(entries.size()) + ")");

  // A page's URL is that of its first request (its document); Chrome also
  // writes it as the page's title.
  std::map<std::string, std::string, std::less<>> page_urls;
  if (auto pages = log.find("pages"); pages != log.end() && pages->is_array()) {
    for (const auto& page : *pages) {
      if (!page.is_object()) continue;
      auto id = page.find("id"), title = page.find("title");
      if (id != page.end() && id->is_string() && title != page.end() && title->is_string() &&
          is_http(title->get_ref<const std::string&>()))
        page_urls.emplace(id->get<std::string>(), title->get<std::string>());
    }
  }

  std::vector<Entry> out;
  out.reserve(entries.size());
  std::optional<double> first_ms;
  double last_offset = 0;
  std::string last_document;
  std::map<std::string, std::string, std::less<>> first_of_page;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Json& e = entries[i];
    if (!e.is_object()) return std::unexpected(entry_error(i, "not an object"));
    auto request = e.find("request");
    if (request == e.end() || !request->is_object())
      return std::unexpected(entry_error(i, "no \"request\" object"));
    auto url = request->find("url");
    if (url == request->end() || !url->is_string())
      return std::unexpected(entry_error(i, "no \"request.url\" string"));
    const auto& url_text = url->get_ref<const std::string&>();
    if (!is_http(url_text))
      return std::unexpected(entry_error(i, "request.url is not an http or https URL"));
    Entry entry;
    entry.url = url_text;
    entry.type = type_of(e);

    std::string pageref;
    if (auto ref = e.find("pageref"); ref != e.end() && ref->is_string()) pageref = *ref;
    if (!pageref.empty()) {
      auto [first, inserted] = first_of_page.emplace(pageref, entry.url);
      // The page's first request is its document (when it is one).
      if (inserted && entry.type == "sub_frame") entry.type = "main_frame";
      auto titled = page_urls.find(pageref);
      entry.page_url = titled != page_urls.end() ? titled->second : first->second;
    } else if (entry.type == "sub_frame" && last_document.empty()) {
      entry.type = "main_frame";
    }
    if (entry.type == "main_frame") last_document = entry.url;
    if (entry.page_url.empty()) entry.page_url = last_document.empty() ? entry.url : last_document;

    std::optional<double> ms;
    if (auto started = e.find("startedDateTime"); started != e.end() && started->is_string())
      ms = parse_time_ms(started->get_ref<const std::string&>());
    if (ms && !first_ms) first_ms = ms;
    // An entry without a readable time starts when the one before it did.
    entry.offset_ms = ms ? std::max(0.0, *ms - *first_ms) : last_offset;
    last_offset = entry.offset_ms;
    out.push_back(std::move(entry));
  }
  // DevTools writes entries in start order; a file edited by hand may not be.
  std::stable_sort(out.begin(), out.end(),
                   [](const Entry& a, const Entry& b) { return a.offset_ms < b.offset_ms; });
  return out;
}

std::expected<std::vector<Entry>, std::string> read_har_file(const std::filesystem::path& path,
                                                             const Limits& limits) {
  auto text = lists::read_text_file(path, limits.max_bytes);
  if (!text) return std::unexpected(text.error());
  auto entries = parse_har(*text, limits);
  if (!entries) return std::unexpected(path.string() + ": " + entries.error());
  return entries;
}

}  // namespace sauatty::har
