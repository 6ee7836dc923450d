#include "lists/filter_list.h"

#include <algorithm>

namespace sauatty::lists {
namespace {

// Calls visit(line) for each line of `text`, without its line ending.
template <class Visit>
void for_each_line(std::string_view text, Visit&& visit) {
  LineSplitter lines;
  auto each = [&](std::string_view line, bool) { visit(line); };
  lines.feed(text, each);
  lines.finish(each);
}

bool is_warning(engine::SkipReason reason) {
  using engine::SkipReason;
  return reason != SkipReason::kEmpty && reason != SkipReason::kComment &&
         reason != SkipReason::kCosmetic && reason != SkipReason::kUnsupportedOption;
}

// RE2's reason for refusing the /regex/ of `line` (add() reports only that
// it did).
std::string regex_refusal_of_line(std::string_view line) {
  auto filter = engine::parse_filter(line);
  if (!filter || (filter->flags & engine::kFlagRegex) == 0) return {};
  return engine::regex_refusal(filter->pattern, (filter->flags & engine::kFlagMatchCase) != 0);
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

// One Adblock Plus list going into a builder, a line at a time, with its
// report; lines come from memory or a streamed file alike.
class FilterListReader {
 public:
  FilterListReader(engine::EngineBuilder& builder, std::string_view name)
      : builder_(builder), list_(builder.add_list(name)) {
    report_.name = name;
    report_.kind = "filters";
  }

  // A line as LineSplitter gives it; `too_long` when it was over
  // engine::kMaxFilterLength (and not kept), which the parser would refuse
  // as kTooLong.
  void operator()(std::string_view line, bool too_long) {
    ++report_.lines;
    if (too_long) {
      report_.count_skip(engine::SkipReason::kTooLong, report_.lines,
                         "over " + std::to_string(engine::kMaxFilterLength) + " bytes");
      return;
    }
    auto added = builder_.add_line(line, list_);
    if (added) {
      ++report_.filters;
      return;
    }
    const engine::ParseSkip& skip = added.error();
    if (!skip.detail.empty()) ++report_.skipped_options[std::string(skip.detail)];
    bool regex = skip.reason == engine::SkipReason::kBadRegex &&
                 report_.problems.size() < kMaxReportedProblems;
    report_.count_skip(skip.reason, report_.lines,
                       regex ? regex_refusal_of_line(line) : std::string(skip.detail), line);
  }

  ListReport take_report() { return std::move(report_); }

 private:
  engine::EngineBuilder& builder_;
  engine::ListId list_;
  ListReport report_;
};

// Filter lists average ~26 bytes a line (EasyList, EasyPrivacy 2026-07); a
// streamed file's line count is estimated from its size with fewer bytes a
// line, so that the estimate is rarely short.
constexpr std::size_t kReserveBytesPerLine = 20;

}  // namespace

void ListReport::count_skip(engine::SkipReason reason, std::size_t line, std::string_view why,
                            std::string_view text) {
  ++skipped[static_cast<std::size_t>(reason)];
  if (is_warning(reason) && problems.size() < kMaxReportedProblems) {
    problems.push_back(
        {line, reason, std::string(why), std::string(text.substr(0, kMaxProblemText))});
  }
}

std::size_t ListReport::skipped_total(bool with_comments) const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    auto reason = static_cast<engine::SkipReason>(i);
    if (!with_comments &&
        (reason == engine::SkipReason::kEmpty || reason == engine::SkipReason::kComment)) {
      continue;
    }
    total += skipped[i];
  }
  return total;
}

std::vector<std::string> ListReport::warnings() const {
  std::vector<std::string> out;
  std::size_t total = 0;
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    if (is_warning(static_cast<engine::SkipReason>(i))) total += skipped[i];
  }
  for (const LineProblem& p : problems) {
    std::string line = p.line == 0 ? name + ": " : name + ":" + std::to_string(p.line) + ": ";
    line += engine::skip_reason_name(p.reason);
    if (!p.why.empty()) line += " (" + p.why + ")";
    if (!p.text.empty()) line += ": " + p.text;
    out.push_back(std::move(line));
  }
  if (total > problems.size()) {
    out.push_back(name + ": " + std::to_string(total - problems.size()) +
                  " more lines skipped for these reasons (the first " +
                  std::to_string(problems.size()) + " are listed)");
  }
  return out;
}

std::string ListReport::summary() const {
  std::string out = name;
  out += ": ";
  out += std::to_string(lines);
  out += " lines, ";
  out += std::to_string(filters);
  out += " filters";
  if (domains > 0) out += ", " + std::to_string(domains) + " entity domains";
  out += "; skipped:";
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
  FilterListReader reader(builder, name);
  // Room for one filter per line (an upper bound: no regrowth while
  // parsing); the builder trims what is left over.
  std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  builder.reserve(lines, text.size());
  LineSplitter splitter(engine::kMaxFilterLength);
  splitter.feed(text, reader);
  splitter.finish(reader);
  return reader.take_report();
}

std::expected<ListReport, std::string> load_filter_file(engine::EngineBuilder& builder,
                                                        const std::filesystem::path& path,
                                                        std::size_t chunk_bytes) {
  auto file = TextFile::open(path);
  if (!file) return std::unexpected(file.error());
  FilterListReader reader(builder, path.filename().string());
  if (std::size_t size = file->size_hint(); size > 0) {
    builder.reserve(size / kReserveBytesPerLine + 1, size);
  }
  auto read = for_each_line_of_file(*file, engine::kMaxFilterLength, chunk_bytes, reader);
  if (!read) return std::unexpected(read.error());
  return reader.take_report();
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
                   host.front() != '.' && std::all_of(host.begin(), host.end(), is_host_char);
      if (!valid || host == "localhost.localdomain" || host.starts_with("0.0.0.0")) {
        report.count_skip(engine::SkipReason::kBadOption, report.lines, "not a host name",
                          fields[f]);
        continue;
      }
      if (builder.add_line("||" + host + "^", list)) ++report.filters;
    }
  });
  return report;
}

}  // namespace sauatty::lists
