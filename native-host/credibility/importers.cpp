#include "credibility/importers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "credibility/text_format.h"

namespace sauatty::credibility {
namespace {

using Json = nlohmann::json;

// OpenSources and B.S. Detector types → our rating. Partisan lean ("bias",
// "political") is kept apart from credibility: it maps to kMixed, whose
// level is info, and carries its own reason code. Typos seen in the real
// files are listed as such.
struct TypeRow {
  std::string_view type;
  Rating rating;
  std::string_view reason;  // extra reason code, "" for none
};
constexpr std::array<TypeRow, 20> kTypeTable = {{
    {"fake", Rating::kFabricated, ""},
    {"fake news", Rating::kFabricated, ""},
    {"satire", Rating::kSatire, ""},
    {"satirical", Rating::kSatire, ""},
    {"parody", Rating::kSatire, ""},
    {"conspiracy", Rating::kConspiracy, ""},
    {"conpiracy", Rating::kConspiracy, ""},  // typo in B.S. Detector
    {"state", Rating::kStateControlled, ""},
    {"junksci", Rating::kJunkScience, ""},
    {"junkscience", Rating::kJunkScience, ""},
    {"hate", Rating::kHate, ""},
    {"clickbait", Rating::kClickbait, ""},
    {"rumor", Rating::kUnreliable, "rumor_mill"},
    {"unreliable", Rating::kUnreliable, ""},
    {"unrealiable", Rating::kUnreliable, ""},  // typo in OpenSources
    {"bias", Rating::kMixed, "partisan_bias"},
    {"bais", Rating::kMixed, "partisan_bias"},  // typo in B.S. Detector
    {"political", Rating::kMixed, "political_viewpoint"},
    {"reliable", Rating::kReliable, ""},
    {"credible", Rating::kReliable, ""},
}};

std::string clean_type(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  std::string out(t);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

const TypeRow* find_type(std::string_view cleaned) {
  for (const TypeRow& row : kTypeTable) {
    if (row.type == cleaned) return &row;
  }
  return nullptr;
}

struct Source {
  std::string_view list_name;
  std::string_view rated_by;
  std::string_view citation;
  std::string_view description;
  std::string_view attribution;  // what the licence asks to be shown
  std::string_view license;
};

constexpr Source kOpenSources = {"opensources",
                                 "OpenSources (Zimdars et al.)",
                                 "https://github.com/OpenSourcesGroup/opensources",
                                 "OpenSources.co list of news sources (2017), LGPL-3.0",
                                 "OpenSources.co, Melissa Zimdars et al.",
                                 "LGPL-3.0"};
constexpr Source kBsDetector = {"bs-detector",
                                "B.S. Detector",
                                "https://github.com/selfagency/bs-detector",
                                "B.S. Detector extension data (2019), LGPL-3.0",
                                "B.S. Detector, github.com/selfagency/bs-detector",
                                "LGPL-3.0"};
constexpr Source kCred1 = {
    "cred1",
    "CRED-1 (Alexander Loth)",
    "https://github.com/aloth/cred-1",
    "CRED-1 credibility dataset, CC BY 4.0",
    "CRED-1 by Alexander Loth (doi:10.5281/zenodo.18769460), built from OpenSources.co "
    "(Zimdars et al.) and the Iffy.news index",
    "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/"};
constexpr Source kLin = {
    "lin2023",
    "Lin et al. 2023 (PNAS Nexus)",
    "https://doi.org/10.1093/pnasnexus/pgad286",
    "Lin et al. 2023 aggregate news-domain quality (pc1)",
    "Lin, Lasser, Lewandowsky, Cole, Gully, Rand & Pennycook (2023), High level of agreement "
    "across different news domain quality ratings, PNAS Nexus, doi:10.1093/pnasnexus/pgad286",
    "reuse permitted with citation (github.com/hauselin/domain-quality-ratings)"};

// Rated_by and citation are the list's, once, not each entry's: a dataset
// has thousands of rows from one publisher (List::rated_by_of).
List empty_list(const Source& s, std::string_view file_name) {
  List list;
  list.name = std::string(s.list_name);
  list.source = std::string(file_name);
  list.purpose = ListPurpose::kRatings;
  list.origin = ListOrigin::kDataset;
  list.description = std::string(s.description);
  list.rated_by = std::string(s.rated_by);
  list.citation = std::string(s.citation);
  list.attribution = std::string(s.attribution);
  list.license = std::string(s.license);
  return list;
}

Entry base_entry(const Source&) { return Entry{}; }

// Turns a dataset key ("AmmoLand.com", "www.x.com", "cato.org/blog",
// "anews24.org/", "Silver-Coin-Investor. com") into an entry's pattern.
std::expected<void, std::string> set_pattern(Entry& e, std::string_view key) {
  std::string k;
  for (char c : key) {
    if (c != ' ' && c != '\t') k += c;
  }
  for (std::string_view scheme : {"https://", "http://"}) {
    if (std::string_view(k).starts_with(scheme)) k.erase(0, scheme.size());
  }
  // A fragment or query is not part of a section ("x.org/#articles" is x.org).
  if (auto cut = k.find_first_of("?#"); cut != std::string::npos) k.resize(cut);
  while (!k.empty() && k.back() == '/') k.pop_back();
  std::string path;
  if (auto slash = k.find('/'); slash != std::string::npos) {
    path = k.substr(slash);
    k.resize(slash);
  }
  auto host = normalize_host(k);
  if (!host) return std::unexpected("not a host name");
  if (host->starts_with("www.")) host->erase(0, 4);
  e.host = *host;
  if (!path.empty()) {
    e.kind = PatternKind::kSection;
    e.path = path;
  } else {
    e.kind = is_ipv4(*host) ? PatternKind::kHost : PatternKind::kDomain;
  }
  return {};
}

void add_unique(ImportResult& out, std::set<std::string>& seen, Entry e, std::string_view file_name,
                std::string_view key) {
  if (!seen.insert(e.pattern()).second) {
    out.skipped.push_back(strformat("{}: '{}': duplicate of an earlier key", file_name, key));
    return;
  }
  out.list.entries.push_back(std::move(e));
}

std::expected<Json, std::string> decode_object(std::string_view file_name, std::string_view bytes) {
  Json j = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::unexpected(strformat("{}: invalid JSON", file_name));
  if (!j.is_object()) return std::unexpected(strformat("{}: not a JSON object", file_name));
  return j;
}

// OpenSources and B.S. Detector share one shape:
// {domain: {type, "2nd type", "3rd type", "Source Notes (things to know?)"}}.
std::expected<ImportResult, std::string> import_opensources_like(const Source& s,
                                                                 std::string_view file_name,
                                                                 std::string_view bytes) {
  auto j = decode_object(file_name, bytes);
  if (!j) return std::unexpected(j.error());
  ImportResult out{empty_list(s, file_name), {}};
  std::set<std::string> seen;
  for (const auto& [key, value] : j->items()) {
    if (!value.is_object()) {
      out.skipped.push_back(strformat("{}: '{}': not an object", file_name, key));
      continue;
    }
    // The most severe tag is the rating (a "bias" + "fake" site is rated
    // fabricated); the other tags become reason codes.
    std::vector<const TypeRow*> rows;
    std::string unknown;
    for (const char* field : {"type", "2nd type", "3rd type"}) {
      auto it = value.find(field);
      if (it == value.end() || !it->is_string()) continue;
      std::string t = clean_type(it->get<std::string>());
      if (t.empty() || t == "unknown" || t == "blog") continue;
      if (const TypeRow* row = find_type(t)) {
        if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
      } else if (unknown.empty()) {
        unknown = t;
      }
    }
    if (rows.empty()) {
      out.skipped.push_back(
          strformat("{}: '{}': {}", file_name, key,
                    unknown.empty() ? "no type we import" : "unknown type '" + unknown + "'"));
      continue;
    }
    std::stable_sort(rows.begin(), rows.end(), [](const TypeRow* a, const TypeRow* b) {
      return level_for(a->rating) > level_for(b->rating);
    });
    Entry e = base_entry(s);
    if (auto r = set_pattern(e, key); !r) {
      out.skipped.push_back(strformat("{}: '{}': {}", file_name, key, r.error()));
      continue;
    }
    e.rating = rows.front()->rating;
    for (const TypeRow* row : rows) {
      if (row != rows.front() && row->rating != *e.rating) {
        e.reasons.emplace_back(rating_reason(row->rating));
      }
      if (!row->reason.empty()) e.reasons.emplace_back(row->reason);
    }
    auto notes = value.find("Source Notes (things to know?)");
    if (notes != value.end() && notes->is_string()) {
      std::string text = notes->get<std::string>();
      if (text.find_first_not_of(" \t") != std::string::npos && text.size() <= 4096) {
        e.notes.push_back({"en", text});
      }
    }
    add_unique(out, seen, std::move(e), file_name, key);
  }
  return out;
}

// CRED-1 categories → our rating. "unreliable" in CRED-1 merges Iffy.news
// ratings of very different strength, so its Iffy factual grade decides:
// very low / low stay unreliable, mixed or better become kMixed (info).
std::optional<Rating> map_cred1(std::string_view category, std::string_view factual, double score,
                                std::string& reason) {
  if (category == "fake") return Rating::kFabricated;
  if (category == "satire") return Rating::kSatire;
  if (category == "conspiracy") return Rating::kConspiracy;
  if (category == "reliable") return Rating::kReliable;
  if (category == "mixed") return Rating::kMixed;
  if (category == "rumor") {
    reason = "rumor_mill";
    return Rating::kUnreliable;
  }
  if (category != "unreliable") return std::nullopt;
  if (factual == "VL") {
    reason = "factual_very_low";
    return Rating::kUnreliable;
  }
  if (factual == "L") {
    reason = "factual_low";
    return Rating::kUnreliable;
  }
  if (!factual.empty()) {
    reason = "factual_mixed";
    return Rating::kMixed;
  }
  // No Iffy grade: CRED-1's own score, on its scale where 0.15 separates
  // its low-factual rows (≤ 0.135) from its mixed ones (≥ 0.173).
  return score <= 0.15 ? Rating::kUnreliable : Rating::kMixed;
}

std::expected<ImportResult, std::string> import_cred1(std::string_view file_name,
                                                      std::string_view bytes) {
  auto j = decode_object(file_name, bytes);
  if (!j) return std::unexpected(j.error());
  ImportResult out{empty_list(kCred1, file_name), {}};
  std::set<std::string> seen;
  for (const auto& [key, value] : j->items()) {
    if (!value.is_object() || !value.contains("category") || !value["category"].is_string()) {
      out.skipped.push_back(strformat("{}: '{}': no category", file_name, key));
      continue;
    }
    std::string category = value["category"].get<std::string>();
    std::string factual = value.contains("iffy_factual") && value["iffy_factual"].is_string()
                              ? value["iffy_factual"].get<std::string>()
                              : std::string();
    double score = value.contains("credibility_score") && value["credibility_score"].is_number()
                       ? value["credibility_score"].get<double>()
                       : 0.0;
    std::string reason;
    auto rating = map_cred1(category, factual, score, reason);
    if (!rating) {
      out.skipped.push_back(strformat("{}: '{}': unknown category '{}'", file_name, key, category));
      continue;
    }
    Entry e = base_entry(kCred1);
    if (auto r = set_pattern(e, key); !r) {
      out.skipped.push_back(strformat("{}: '{}': {}", file_name, key, r.error()));
      continue;
    }
    e.rating = rating;
    if (!reason.empty()) e.reasons.push_back(reason);
    if (value.contains("credibility_score") && score >= 0 && score <= 1) {
      e.score = static_cast<float>(score);
    }
    add_unique(out, seen, std::move(e), file_name, key);
  }
  return out;
}

// Lin et al. 2023 pc1 (0 = lowest quality, 1 = highest) → our rating.
// Only the tails are imported; the middle is left unrated (neutral), since
// pc1 there separates ordinary outlets from each other, not from junk.
std::optional<Rating> map_lin(double pc1) {
  if (pc1 < 0.2) return Rating::kUnreliable;
  if (pc1 < 0.4) return Rating::kMixed;
  if (pc1 >= 0.8) return Rating::kReliable;
  return std::nullopt;
}

std::vector<std::string_view> split_csv_line(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = line.find(',', start);
    cells.push_back(line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return cells;
}

std::expected<ImportResult, std::string> import_lin(std::string_view file_name,
                                                    std::string_view bytes) {
  ImportResult out{empty_list(kLin, file_name), {}};
  std::size_t pos = 0, line_no = 0;
  int domain_col = -1, pc1_col = -1;
  std::set<std::string> seen;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    std::string_view line =
        bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto cells = split_csv_line(line);
    if (domain_col < 0) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i] == "domain") domain_col = static_cast<int>(i);
        if (cells[i] == "pc1") pc1_col = static_cast<int>(i);
      }
      if (domain_col < 0 || pc1_col < 0) {
        return std::unexpected(
            strformat("{}:1: header has no 'domain' and 'pc1' columns", file_name));
      }
      continue;
    }
    if (cells.size() <= static_cast<std::size_t>(std::max(domain_col, pc1_col))) {
      out.skipped.push_back(strformat("{}:{}: too few columns", file_name, line_no));
      continue;
    }
    std::string_view key = cells[domain_col];
    std::string_view pc1_text = cells[pc1_col];
    double pc1 = 0;
    auto [ptr, ec] = std::from_chars(pc1_text.data(), pc1_text.data() + pc1_text.size(), pc1);
    if (ec != std::errc() || ptr != pc1_text.data() + pc1_text.size() || pc1 < 0 || pc1 > 1) {
      out.skipped.push_back(strformat("{}:{}: pc1 is not a number in [0, 1]", file_name, line_no));
      continue;
    }
    auto rating = map_lin(pc1);
    if (!rating) continue;  // the unrated middle: not an error
    Entry e = base_entry(kLin);
    if (auto r = set_pattern(e, key); !r) {
      out.skipped.push_back(strformat("{}:{}: '{}': {}", file_name, line_no, key, r.error()));
      continue;
    }
    e.rating = rating;
    if (*rating != Rating::kReliable) e.reasons.emplace_back("low_quality_score");
    e.score = static_cast<float>(pc1);
    add_unique(out, seen, std::move(e), file_name, key);
  }
  if (domain_col < 0) return std::unexpected(strformat("{}: empty file", file_name));
  return out;
}

}  // namespace

std::optional<ImportFormat> parse_import_format(std::string_view name) {
  for (ImportFormat f : {ImportFormat::kOpenSources, ImportFormat::kBsDetector,
                         ImportFormat::kCred1, ImportFormat::kLin2023}) {
    if (import_format_name(f) == name) return f;
  }
  return std::nullopt;
}

std::string_view import_format_name(ImportFormat format) {
  switch (format) {
    case ImportFormat::kOpenSources:
      return "opensources";
    case ImportFormat::kBsDetector:
      return "bs-detector";
    case ImportFormat::kCred1:
      return "cred1";
    case ImportFormat::kLin2023:
      return "lin2023";
  }
  return "";
}

std::optional<Rating> map_opensources_type(std::string_view type) {
  const TypeRow* row = find_type(clean_type(type));
  return row ? std::optional<Rating>(row->rating) : std::nullopt;
}

std::expected<ImportResult, std::string> import_list(ImportFormat format,
                                                     std::string_view file_name,
                                                     std::string_view bytes) {
  if (bytes.size() > kMaxImportBytes) {
    return std::unexpected(strformat("{}: file over {} bytes", file_name, kMaxImportBytes));
  }
  switch (format) {
    case ImportFormat::kOpenSources:
      return import_opensources_like(kOpenSources, file_name, bytes);
    case ImportFormat::kBsDetector:
      return import_opensources_like(kBsDetector, file_name, bytes);
    case ImportFormat::kCred1:
      return import_cred1(file_name, bytes);
    case ImportFormat::kLin2023:
      return import_lin(file_name, bytes);
  }
  return std::unexpected("unknown import format");
}

}  // namespace sauatty::credibility
