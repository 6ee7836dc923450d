// Readers that turn published lists into engine filters, each with a report
// of what it read and what it skipped and why. Bad lines are counted, never
// fatal; only a file that cannot be read fails.
#pragma once

#include <array>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "engine/filter.h"
#include "lists/text_file.h"

namespace sauatty::lists {

// The first this-many problem lines of a list are kept with their line
// numbers (EasyList and EasyPrivacy 2026-07 have none; a broken list has
// thousands, and 50 say enough).
inline constexpr std::size_t kMaxReportedProblems = 50;
// Bytes of a problem line kept for the report.
inline constexpr std::size_t kMaxProblemText = 200;

// A skipped line that suggests something is wrong with the list (a skip
// that is not a blank line, a comment, a cosmetic rule or an option skipped
// by design).
struct LineProblem {
  std::size_t line = 0;  // from 1; 0 for an entry of a JSON list
  engine::SkipReason reason = engine::SkipReason::kEmpty;
  std::string why;   // the option at fault, RE2's reason, "not a host name", …; may be empty
  std::string text;  // the line's first kMaxProblemText bytes as read (raw: print with printable())
  bool operator==(const LineProblem&) const = default;
};

struct ListReport {
  std::string name;  // list name filters report ("easyprivacy-2026-07.txt", "sauatty-trackers")
  std::string kind;  // "filters", "trackers", "hosts", "disconnect"
  std::size_t lines = 0;
  std::size_t filters = 0;  // added to the engine
  std::size_t domains =
      0;  // filed in the entity map (entity data: ours, Disconnect, Tracker Radar, …)
  std::array<std::size_t, static_cast<std::size_t>(engine::SkipReason::kCount)> skipped{};
  std::map<std::string, std::size_t> skipped_options;  // option name → filters skipped for it
  std::vector<LineProblem> problems;                   // the first kMaxReportedProblems

  // Counts a skip for `reason`, and keeps it in `problems` when it is a
  // warning and there is room (`line` 0: a JSON entry, which has none).
  void count_skip(engine::SkipReason reason, std::size_t line, std::string_view why = {},
                  std::string_view text = {});
  std::size_t skipped_total(bool with_comments = false) const;
  // Skips that say something may be wrong with the list, one line each with
  // the file, the line number and why: "easylist.txt:120: bad_regex
  // (invalid perl operator: (?<): /(?<=x)y/"; past kMaxReportedProblems, one
  // line says how many more. Blank lines, comments, cosmetic rules and
  // options we skip by design (unsupported_option: $popup, $csp, …) are not
  // warnings. The text is as read: print it with printable().
  std::vector<std::string> warnings() const;
  // The whole report on one line, for `rules verify` and logs:
  // "easylist.txt: 80370 lines, 52558 filters; skipped: cosmetic 24322,
  // unsupported_option 3214; by option: csp 3 generichide 167 popup 3037 …".
  std::string summary() const;
};

// Reads an Adblock Plus / EasyList text into `builder` under list `name`.
// Lines may end in "\n" or "\r\n"; a UTF-8 BOM is ignored; a line over
// engine::kMaxFilterLength is skipped as kTooLong.
ListReport read_filter_list(engine::EngineBuilder& builder, std::string_view name,
                            std::string_view text);

// The same for a file (bounded by kMaxListFileBytes) under the file's name,
// streamed `chunk_bytes` at a time: the file is never in memory whole, a
// line over engine::kMaxFilterLength is dropped as it is read, and the
// report and the filters added are those read_filter_list gives for the
// file's text, whatever `chunk_bytes` is (it is a parameter for tests).
// The error names the file (see TextFile); after one, `builder` may hold
// part of the list and is to be discarded.
std::expected<ListReport, std::string> load_filter_file(engine::EngineBuilder& builder,
                                                        const std::filesystem::path& path,
                                                        std::size_t chunk_bytes = kFileChunkBytes);

// Reads a hosts file ("0.0.0.0 host", "127.0.0.1 host …") or a plain domain
// list (one host a line), '#' comments, into `||host^` filters.
ListReport read_hosts_list(engine::EngineBuilder& builder, std::string_view name,
                           std::string_view text);

}  // namespace sauatty::lists
