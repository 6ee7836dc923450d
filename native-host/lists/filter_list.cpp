#include "lists/filter_list.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace sauatty::lists {
namespace {

// Calls visit(line) for each line of `text`, without its line ending.
template <class Visit>
void for_each_line(std::string_view text, Visit&& visit) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty()) {
    const void* nl = std::memchr(text.data(), '\n', text.size());
    std::size_t len = nl ? static_cast<const char*>(nl) - text.data() : text.size();
    std::string_view line = text.substr(0, len);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    visit(line);
    text.remove_prefix(nl ? len + 1 : len);
  }
}

void count_skip(ListReport& report, const engine::ParseSkip& skip) {
  ++report.skipped[static_cast<std::size_t>(skip.reason)];
  if (!skip.detail.empty()) ++report.skipped_options[std::string(skip.detail)];
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

}  // namespace

std::size_t ListReport::skipped_total(bool with_comments) const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    auto reason = static_cast<engine::SkipReason>(i);
    if (!with_comments && (reason == engine::SkipReason::kEmpty ||
                           reason == engine::SkipReason::kComment)) {
      continue;
    }
    total += skipped[i];
  }
  return total;
}

std::vector<std::string> ListReport::warnings() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    auto reason = static_cast<engine::SkipReason>(i);
    if (skipped[i] == 0 || reason == engine::SkipReason::kEmpty ||
        reason == engine::SkipReason::kComment || reason == engine::SkipReason::kCosmetic ||
        reason == engine::SkipReason::kUnsupportedOption) {
      continue;
    }
    out.push_back(name + ": " + std::string(engine::skip_reason_name(reason)) + ": " +
                  std::to_string(skipped[i]));
  }
  for (const auto& [line, text] : bad_regexes) {
    out.push_back(name + ":" + std::to_string(line) + ": regex refused by RE2");
  }
  return out;
}

std::string ListReport::summary() const {
  std::string out = name;
  out += ": ";
  out += std::to_string(lines);
  out += " lines, ";
  out += std::to_string(filters);
  out += " filters; skipped:";
  bool any = false;
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    auto reason = static_cast<engine::SkipReason>(i);
    if (skipped[i] == 0 || reason == engine::SkipReason::kEmpty ||
        reason == engine::SkipReason::kComment) {
      continue;
    }
    out += any ? ", " : " ";
    any = true;
    out += engine::skip_reason_name(reason);
    out += ' ';
    out += std::to_string(skipped[i]);
  }
  if (!any) out += " none";
  if (!skipped_options.empty()) {
    out += "; by option:";
    for (const auto& [option, n] : skipped_options) {
      out += ' ';
      out += option;
      out += ' ';
      out += std::to_string(n);
    }
  }
  return out;
}

ListReport read_filter_list(engine::EngineBuilder& builder, std::string_view name,
                            std::string_view text) {
  ListReport report;
  report.name = name;
  report.kind = "filters";
  engine::ListId list = builder.add_list(name);
  // Room for one filter per line (an upper bound: no regrowth while
  // parsing); the builder trims what is left over.
  std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  builder.reserve(lines, text.size());
  for_each_line(text, [&](std::string_view line) {
    ++report.lines;
    auto added = builder.add_line(line, list);
    if (added) {
      ++report.filters;
      return;
    }
    count_skip(report, added.error());
    if (added.error().reason == engine::SkipReason::kBadRegex &&
        report.bad_regexes.size() < kMaxReportedBadRegexes) {
      report.bad_regexes.emplace_back(report.lines, std::string(line.substr(0, 200)));
    }
  });
  return report;
}

ListReport read_hosts_list(engine::EngineBuilder& builder, std::string_view name,
                           std::string_view text) {
  ListReport report;
  report.name = name;
  report.kind = "hosts";
  engine::ListId list = builder.add_list(name);
  std::string host;
  for_each_line(text, [&](std::string_view line) {
    ++report.lines;
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    // Fields split on blanks; "ADDRESS HOST…" or a lone HOST.
    std::vector<std::string_view> fields;
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      std::size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      if (j > i) fields.push_back(line.substr(i, j - i));
      i = j;
    }
    if (fields.empty()) {
      ++report.skipped[static_cast<std::size_t>(engine::SkipReason::kEmpty)];
      return;
    }
    std::size_t first = fields.size() > 1 ? 1 : 0;
    for (std::size_t f = first; f < fields.size(); ++f) {
      host.assign(fields[f]);
      for (char& c : host) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      while (!host.empty() && host.back() == '.') host.pop_back();
      bool valid = !host.empty() && host.size() <= 253 && host.find('.') != std::string::npos &&
                   host.front() != '.' &&
                   std::all_of(host.begin(), host.end(), is_host_char);
      if (!valid || host == "localhost.localdomain" || host.starts_with("0.0.0.0")) {
        ++report.skipped[static_cast<std::size_t>(engine::SkipReason::kBadOption)];
        continue;
      }
      if (builder.add_line("||" + host + "^", list)) ++report.filters;
    }
  });
  return report;
}

std::expected<std::string, std::string> read_text_file(const std::filesystem::path& path,
                                                        std::size_t max_bytes) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return std::unexpected(path.string() + ": cannot open: " + std::strerror(errno));
  std::string data;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    if (data.size() + n > max_bytes) {
      return std::unexpected(path.string() + ": larger than " + std::to_string(max_bytes) +
                             " bytes");
    }
    data.append(buffer, n);
  }
  if (std::ferror(file.get())) return std::unexpected(path.string() + ": read error");
  return data;
}

std::expected<ListReport, std::string> load_filter_file(engine::EngineBuilder& builder,
                                                        const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return std::unexpected(text.error());
  return read_filter_list(builder, path.filename().string(), *text);
}

}  // namespace sauatty::lists
