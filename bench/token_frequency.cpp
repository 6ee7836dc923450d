// The measurement behind the engine's bad-token list (engine/tokens.cpp):
// in how many of the corpus's real request URLs does each token occur? A
// token found in a large share of URLs makes a poor index key: every filter
// filed under it becomes a candidate for that share of all requests.
//
//   sauatty-token-frequency [--data DIR] [--top N]
//
// Prints the top N tokens (default 60) by share of URLs containing them.
#include <cstdio>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bench/bench_common.h"
#include "engine/tokens.h"

int main(int argc, char** argv) {
  using namespace sauatty;
  std::filesystem::path data = bench::default_data_dir();
  std::size_t top = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--data") data = argv[i + 1];
    else if (a == "--top") top = std::stoul(argv[i + 1]);
  }
  auto corpus = bench::load_corpus(data / "vectors/matching-test-requests.json");
  std::unordered_map<std::string, std::size_t> urls_with;
  for (const auto& r : corpus) {
    std::string url = r.url;
    for (char& c : url) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < url.size();) {
      if (!engine::is_token_char(url[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < url.size() && engine::is_token_char(url[j])) ++j;
      seen.insert(url.substr(i, j - i));
      i = j;
    }
    for (const auto& t : seen) ++urls_with[t];
  }
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& [t, n] : urls_with) ranked.emplace_back(n, t);
  std::sort(ranked.rbegin(), ranked.rend());
  std::printf("%zu URLs, %zu distinct tokens\n%-16s %8s %8s %s\n", corpus.size(), ranked.size(),
              "token", "urls", "share", "bad?");
  for (std::size_t i = 0; i < ranked.size() && i < top; ++i) {
    std::printf("%-16s %8zu %7.2f%% %s\n", ranked[i].second.c_str(), ranked[i].first,
                100.0 * ranked[i].first / corpus.size(),
                engine::is_bad_token(ranked[i].second) ? "bad" : "");
  }
  return 0;
}
