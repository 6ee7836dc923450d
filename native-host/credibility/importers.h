// Importers for credibility datasets that others publish. Each maps its
// source's vocabulary onto ours by one table (kept in importers.cpp and
// reproduced in docs/CREDIBILITY.md "Importers"). They read bytes that the
// caller got from a path or a download at run time; nothing is copied into
// the repository.
//
// Importers are lenient where our own format is strict: a real dataset has
// typos and stray keys, and one bad row must not lose the other thousands.
// Every row that is skipped is reported in ImportResult::skipped; the
// import fails only when the file is not of its format at all.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credibility/list.h"

namespace sauatty::credibility {

enum class ImportFormat : std::uint8_t {
  kOpenSources,  // OpenSources sources.json (Zimdars et al. 2017)
  kBsDetector,   // B.S. Detector data.json (same shape, 2019 vocabulary)
  kCred1,        // CRED-1 cred1_current.json (Loth 2026)
  kLin2023,      // Lin et al. 2023 domain_pc1.csv or domain_ratings.csv
};

// "opensources", "bs-detector", "cred1", "lin2023".
std::optional<ImportFormat> parse_import_format(std::string_view name);
std::string_view import_format_name(ImportFormat format);

struct ImportResult {
  List list;                         // named after the format ("opensources", …)
  std::vector<std::string> skipped;  // "<file>: '<key>': <why>", one per skipped row
};

// Input over this size is refused (the largest real file, Lin et al.'s
// domain_ratings.csv, is 2.8 MB).
inline constexpr std::size_t kMaxImportBytes = 64u << 20;

std::expected<ImportResult, std::string> import_list(ImportFormat format,
                                                     std::string_view file_name,
                                                     std::string_view bytes);

// The OpenSources / B.S. Detector type mapping, exposed for tests and docs:
// a cleaned type ("fake ", "Fake" and "fake news" all clean to the same) →
// our rating; nullopt for types we do not import ("unknown", "blog").
std::optional<Rating> map_opensources_type(std::string_view type);

}  // namespace sauatty::credibility
