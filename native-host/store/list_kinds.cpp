#include "store/list_kinds.h"

#include <iterator>
#include <string>

#include "credibility/importers.h"
#include "lists/text_file.h"
#include "lists/tracker_rules.h"

namespace sauatty::store {
namespace {

// The share of a list's entries that must look like its kind. Real lists
// are almost only such lines; a captive-portal page, an error page or prose
// has few. Measured on the real lists with their headers taken off
// (list_kinds_test): filter lines are 99.998% of EasyList 2026-07, 99.996%
// of EasyPrivacy 2026-07, ≥ 99.7% of the 2019 lists (the rest: $csp= values
// with blanks in them).
constexpr std::size_t kMinLikePercent = 90;

// How one line of a text list reads.
enum class Look { kNeither, kLike, kUnlike };  // kNeither: blank or comment

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool has_blank(std::string_view s) { return s.find_first_of(" \t") != std::string_view::npos; }

// Adblock Plus syntax: a comment or header, a cosmetic rule (which may hold
// blanks, in its selector), or a network filter (which has none and never
// opens with '<', as every line of an HTML page does).
Look filter_look(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() == '!' || line.front() == '[' || line == "#" ||
      line.starts_with("# ")) {
    return Look::kNeither;
  }
  for (std::string_view cosmetic : {"##", "#@#", "#?#", "#$#", "#%#", "#@?#", "#@$#", "$$"}) {
    if (line.find(cosmetic) != std::string_view::npos) return Look::kLike;
  }
  return has_blank(line) || line.front() == '<' ? Look::kUnlike : Look::kLike;
}

// A host name or a label ("localhost"), as hosts files name them.
bool name_like(std::string_view s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return !s.empty();
}

// An IPv4 or IPv6 address, as hosts files open their lines ("0.0.0.0",
// "::1", "fe80::1%lo0").
bool address_like(std::string_view s) {
  if (s.empty() || !((s.front() >= '0' && s.front() <= '9') || s.front() == ':')) return false;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '.' || c == ':' || c == '%';
    if (!ok) return false;
  }
  return true;
}

// Hosts syntax: "ADDRESS NAME…" or a lone domain, '#' comments. Lines the
// reader skips ("127.0.0.1 localhost") still read as hosts lines.
Look hosts_look(std::string_view line) {
  line = trim(line.substr(0, line.find('#')));
  if (line.empty()) return Look::kNeither;
  if (!has_blank(line)) {
    return name_like(line) && line.find('.') != std::string_view::npos ? Look::kLike
                                                                       : Look::kUnlike;
  }
  std::size_t end = line.find_first_of(" \t");
  if (!address_like(line.substr(0, end))) return Look::kUnlike;
  for (std::size_t i = end; i < line.size();) {
    i = line.find_first_not_of(" \t", i);
    if (i == std::string_view::npos) break;
    end = std::min(line.find_first_of(" \t", i), line.size());
    if (!name_like(line.substr(i, end - i))) return Look::kUnlike;
    i = end;
  }
  return Look::kLike;
}

// At least kMinLikePercent of `all` must be `like`: "only 12% of its 40
// lines are filter lines (at least 90% must be)".
std::expected<void, std::string> check_share(std::size_t like, std::size_t all,
                                             std::string_view what) {
  if (like * 100 >= kMinLikePercent * all) return {};
  return std::unexpected("only " + std::to_string(like * 100 / all) + "% of its " +
                         std::to_string(all) + " " + std::string(what) + " (at least " +
                         std::to_string(kMinLikePercent) + "% must be)");
}

// Every kind is text: no control bytes but blanks and line breaks (NUL
// padding, binary data and UTF-16 text have them), and not an HTML or XML
// page.
std::expected<void, std::string> check_text(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return std::unexpected("UTF-16 text (a byte order mark opens it); lists are UTF-8");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) {
      return std::unexpected(std::string("has a control byte 0x") + kHex[c >> 4] + kHex[c & 0xF] +
                             " at offset " + std::to_string(i) +
                             " (binary data or UTF-16 text, not a list)");
    }
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::size_t first = bytes.find_first_not_of(" \t\r\n\f\v");
  if (first != std::string_view::npos && bytes[first] == '<') {
    return std::unexpected("looks like an HTML or XML page (a captive portal or an error page?)");
  }
  return {};
}

// The share of a text list's lines that look like its kind; an Adblock
// Plus list that opens with its "[Adblock Plus …]" header needs no count.
std::expected<void, std::string> check_lines(bool filters, std::string_view bytes) {
  if (filters &&
      trim(bytes.substr(bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0)).starts_with("[Adblock")) {
    return {};
  }
  std::size_t like = 0, all = 0;
  lists::LineSplitter lines;
  auto visit = [&](std::string_view line, bool) {
    Look look = filters ? filter_look(line) : hosts_look(line);
    like += look == Look::kLike;
    all += look != Look::kNeither;
  };
  lines.feed(bytes, visit);
  lines.finish(visit);
  return check_share(like, all, filters ? "lines are filter lines" : "lines are hosts lines");
}

}  // namespace

namespace {

struct KindName {
  ListKind kind;
  std::string_view name;
};

// In the enum's order (list_kind_name indexes it).
constexpr KindName kKindNames[] = {
    {ListKind::kFilters, "filters"},
    {ListKind::kHosts, "hosts"},
    {ListKind::kDisconnect, "disconnect"},
    {ListKind::kTrackerRadar, "tracker-radar"},
    {ListKind::kDisconnectEntities, "disconnect-entities"},
    {ListKind::kTrackerDb, "trackerdb"},
    {ListKind::kOpenSources, "opensources"},
    {ListKind::kBsDetector, "bs-detector"},
    {ListKind::kCred1, "cred1"},
    {ListKind::kLin2023, "lin2023"},
    {ListKind::kTrackers, "trackers"},
    {ListKind::kCredibility, "credibility"},
    {ListKind::kReputable, "reputable"},
};

constexpr bool names_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kKindNames); ++i) {
    if (static_cast<std::size_t>(kKindNames[i].kind) != i) return false;
  }
  return static_cast<std::size_t>(ListKind::kReputable) + 1 == std::size(kKindNames);
}
static_assert(names_in_enum_order());

}  // namespace

std::string_view list_kind_name(ListKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)].name;
}

std::optional<ListKind> list_kind(std::string_view name) {
  for (const KindName& k : kKindNames) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

bool importable(ListKind kind) { return kind < ListKind::kTrackers; }

std::optional<ListKind> import_kind(std::string_view name) {
  auto kind = list_kind(name);
  if (!kind || !importable(*kind)) return std::nullopt;
  return kind;
}

std::string_view import_kind_names() {
  static const std::string names = [] {
    std::string out;
    for (const KindName& k : kKindNames) {
      if (!importable(k.kind)) continue;
      if (!out.empty()) out += ", ";
      out += k.name;
    }
    return out;
  }();
  return names;
}

ListFamily list_family(ListKind kind) {
  switch (kind) {
    case ListKind::kOpenSources:
    case ListKind::kBsDetector:
    case ListKind::kCred1:
    case ListKind::kLin2023:
    case ListKind::kCredibility:
    case ListKind::kReputable:
      return ListFamily::kCredibility;
    default:
      return ListFamily::kTrackers;
  }
}

std::optional<credibility::ImportFormat> import_format(ListKind kind) {
  switch (kind) {
    case ListKind::kOpenSources:
      return credibility::ImportFormat::kOpenSources;
    case ListKind::kBsDetector:
      return credibility::ImportFormat::kBsDetector;
    case ListKind::kCred1:
      return credibility::ImportFormat::kCred1;
    case ListKind::kLin2023:
      return credibility::ImportFormat::kLin2023;
    default:
      return std::nullopt;
  }
}

std::expected<std::size_t, std::string> verify_list(ListKind kind, std::string_view bytes) {
  if (!importable(kind)) {
    return std::unexpected("'" + std::string(list_kind_name(kind)) + "' is not a list to download");
  }
  if (auto text = check_text(bytes); !text) return std::unexpected(text.error());
  const std::string_view name = list_kind_name(kind);
  lists::TrackerRulesBuilder builder;
  if (auto format = import_format(kind)) {
    auto imported = credibility::import_list(*format, name, bytes);
    if (!imported) return std::unexpected(imported.error());
    std::size_t entries = imported->list.entries.size();
    auto shape = check_share(entries, entries + imported->skipped.size(), "rows are usable");
    if (!shape) return std::unexpected(shape.error());
    return entries;
  }
  switch (kind) {
    case ListKind::kDisconnect: {
      auto report = builder.add_disconnect_json(name, bytes);
      if (!report) return std::unexpected(report.error());
      auto shape = check_share(report->filters, report->lines, "domains are host names");
      if (!shape) return std::unexpected(shape.error());
      return report->filters;
    }
    case ListKind::kTrackerRadar:
    case ListKind::kDisconnectEntities:
    case ListKind::kTrackerDb: {
      auto report = builder.add_entity_data(name, name, bytes);
      if (!report) return std::unexpected(report.error());
      // Left out by design (public suffixes, no company name) is not a fault.
      std::size_t by_design =
          report->skipped[static_cast<std::size_t>(engine::SkipReason::kUnsupportedOption)];
      auto shape =
          check_share(report->domains, report->lines - by_design, "domains are host names");
      if (!shape) return std::unexpected(shape.error());
      return report->domains;
    }
    case ListKind::kFilters:
    case ListKind::kHosts: {
      bool filters = kind == ListKind::kFilters;
      if (auto lines = check_lines(filters, bytes); !lines) return std::unexpected(lines.error());
      return (filters ? builder.add_filter_text(name, bytes) : builder.add_hosts_text(name, bytes))
          .filters;
    }
    default:
      return std::unexpected("'" + std::string(name) + "' has no reader");
  }
}

}  // namespace sauatty::store
