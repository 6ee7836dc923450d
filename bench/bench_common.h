// Shared by the benchmark programs: the corpus, clocks and process figures.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sauatty::bench {

struct CorpusRequest {
  std::string url;
  std::string source;
  std::string type;  // webRequest name: xhr/fetch → xmlhttprequest, subdocument → sub_frame
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(3);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::string webrequest_type(const std::string& t) {
  if (t == "xhr" || t == "fetch") return "xmlhttprequest";
  if (t == "subdocument") return "sub_frame";
  return t;
}

inline std::vector<CorpusRequest> load_corpus(const std::filesystem::path& vectors) {
  auto json = nlohmann::json::parse(slurp(vectors));
  std::vector<CorpusRequest> out;
  out.reserve(json.size());
  for (const auto& v : json) {
    out.push_back({v["url"].get<std::string>(), v["sourceUrl"].get<std::string>(),
                   webrequest_type(v["type"].get<std::string>())});
  }
  return out;
}

// Resident set size and its peak, from /proc/self/status (kB).
inline long proc_status_kb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  std::size_t n = std::char_traits<char>::length(field);
  while (std::getline(in, line)) {
    if (line.compare(0, n, field) == 0) return std::atol(line.c_str() + n + 1);
  }
  return -1;
}

inline double quantile(std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  std::size_t i = std::min(sorted.size() - 1, static_cast<std::size_t>(q * sorted.size()));
  return sorted[i];
}

inline std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("SAUATTY_SHARED_DATA"); env != nullptr && *env) return env;
  return SAUATTY_DEFAULT_SHARED_DATA;
}

}  // namespace sauatty::bench
