// Shared helpers for the credibility tests: read files, load the embedded
// rules (rules/credibility/ via $SAUATTY_RULES_DIR) and the real datasets
// ($SAUATTY_SHARED_DATA/credibility), and parse URLs.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "credibility/load.h"
#include "store/unicode_tables.h"
#include "url/url.h"

namespace sauatty::credibility::testing {

inline std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::filesystem::path rules_dir() {
  const char* dir = std::getenv("SAUATTY_RULES_DIR");
  return dir ? std::filesystem::path(dir) : std::filesystem::path("rules");
}

// $SAUATTY_SHARED_DATA/credibility/<relative>, or nullopt when absent.
inline std::optional<std::filesystem::path> shared_file(const std::string& relative) {
  const char* dir = std::getenv("SAUATTY_SHARED_DATA");
  if (!dir) return std::nullopt;
  std::filesystem::path p = std::filesystem::path(dir) / "credibility" / relative;
  if (!std::filesystem::exists(p)) return std::nullopt;
  return p;
}

// Every rules/credibility/*.json, sorted by name.
struct OwnFiles {
  std::vector<std::string> names, contents;
  std::vector<RuleFile> files() const {
    std::vector<RuleFile> out;
    for (std::size_t i = 0; i < names.size(); ++i) out.push_back({names[i], contents[i]});
    return out;
  }
};

inline OwnFiles own_files() {
  OwnFiles own;
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(rules_dir() / "credibility")) {
    if (e.path().extension() == ".json") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    own.names.push_back("credibility/" + p.filename().string());
    own.contents.push_back(read_text(p).value_or(""));
  }
  return own;
}

// The host's Unicode tables, as the host hands them in
// (store/unicode_tables.h: ICU 72's answers).
inline const UnicodeLibrary* unicode() { return &store::unicode_tables(); }

// The embedded default rules, loaded once per test binary.
inline std::shared_ptr<const Assessor> embedded_assessor() {
  static std::shared_ptr<const Assessor> assessor = [] {
    OwnFiles own = own_files();
    auto files = own.files();
    auto loaded = load(files, {}, unicode());
    EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error());
    return loaded ? loaded->assessor : nullptr;
  }();
  return assessor;
}

inline url::Url parse_url(const std::string& text) {
  auto u = url::parse(text);
  EXPECT_TRUE(u.has_value()) << text;
  return u.value_or(url::Url{});
}

}  // namespace sauatty::credibility::testing
