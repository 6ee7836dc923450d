#include "soak/traffic.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

namespace sauatty::soak {
namespace {

using nlohmann::json;

std::string webrequest_type(const std::string& t) {
  if (t == "xhr" || t == "fetch") return "xmlhttprequest";
  if (t == "subdocument") return "sub_frame";
  return t;
}

bool is_document_url(const std::string& url) {
  // The vectors give "http://" or "https://" alone when the page is unknown.
  auto scheme_end = url.find("://");
  return scheme_end != std::string::npos && url.size() > scheme_end + 3;
}

// One in kRefusedEvery messages is one the host must refuse.
constexpr std::uint64_t kRefusedEvery = 997;

const char* const kTitles[] = {"City council meets today",
                               "Markets close higher",
                               "Кітапхана жаңа сағаттарын жариялады",
                               "You won't believe what happened next",
                               "Weather: rain expected",
                               "Interview with the mayor"};
const char* const kLangs[] = {"en", "kk", "ru", "de", "fr"};

}  // namespace

UrlPool load_vectors(const std::string& path) {
  UrlPool pool;
  std::ifstream in(path, std::ios::binary);
  if (!in) return pool;
  json vectors = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!vectors.is_array()) return pool;
  std::set<std::string> pages;
  for (const auto& v : vectors) {
    if (!v.is_object() || !v.value("url", json()).is_string()) continue;
    pool.requests.push_back(
        {v["url"].get<std::string>(), webrequest_type(v.value("type", "other"))});
    std::string source = v.value("sourceUrl", "");
    if (is_document_url(source)) pages.insert(source);
  }
  pool.pages.assign(pages.begin(), pages.end());
  return pool;
}

UrlPool generate_pool(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  UrlPool pool;
  const char* const kinds[] = {"script",     "image",     "xmlhttprequest",
                               "stylesheet", "sub_frame", "font"};
  const char* const paths[] = {"/analytics.js",   "/pixel.gif?id=",       "/collect?v=1&tid=",
                               "/static/app.css", "/embed/frame.html?u=", "/fonts/sans.woff2"};
  for (int site = 0; site < 400; ++site) {
    pool.pages.push_back("https://www.news-" + std::to_string(site) + ".example/");
  }
  for (int i = 0; i < 8000; ++i) {
    int k = static_cast<int>(rng() % 6);
    std::string host = (i % 3 == 0) ? "cdn.news-" + std::to_string(rng() % 400) + ".example"
                                    : "t" + std::to_string(rng() % 300) + ".tracker-" +
                                          std::to_string(rng() % 60) + ".example";
    std::string url = "https://" + host + paths[k];
    if (url.back() == '=') url += std::to_string(rng());
    pool.requests.push_back({url, kinds[k]});
  }
  return pool;
}

Traffic::Traffic(UrlPool pool, std::uint64_t seed) : pool_(std::move(pool)), rng_(seed) {}

std::string Traffic::page_url() {
  const std::string& base = pool_.pages[rng_() % pool_.pages.size()];
  std::string url = base;
  if (url.back() != '/') url += '/';
  url += "article/" + std::to_string(rng_() % 100000) + "?ref=" + std::to_string(rng_() % 1000);
  return url;
}

void Traffic::plan_visit() {
  const std::int64_t tab = next_tab_++;  // browsers never reuse a tab id
  const std::string page = page_url();
  json meta = {{"title", kTitles[rng_() % std::size(kTitles)]},
               {"lang", kLangs[rng_() % std::size(kLangs)]}};
  if (rng_() % 2 == 0) meta["author"] = "A. Reporter";
  if (rng_() % 2 == 0) meta["published"] = "2026-07-01T09:00:00Z";
  if (rng_() % 3 == 0) meta["canonical"] = page.substr(0, page.find('?'));
  queue_.push_back(
      {0, json{{"type", "page"}, {"tab", tab}, {"url", page}, {"meta", meta}}.dump(), ""});

  // 10–150 sub-resources: full batches of 50 and a remainder, as the
  // Batcher sends them.
  std::size_t total = 10 + rng_() % 141;
  while (total > 0) {
    std::size_t n = std::min<std::size_t>(total, rng_() % 4 == 0 ? 1 + rng_() % 10 : 50);
    total -= n;
    json items = json::array();
    for (std::size_t i = 0; i < n; ++i) {
      const SubRequest& r = pool_.requests[rng_() % pool_.requests.size()];
      items.push_back({{"url", r.url}, {"type", r.type}});
    }
    queue_.push_back(
        {0, json{{"type", "requests"}, {"tab", tab}, {"page", page}, {"requests", items}}.dump(),
         ""});
  }

  // 20–300 links: other pages and, as on real pages, ad and share links.
  json links = json::array();
  std::size_t link_count = 20 + rng_() % 281;
  for (std::size_t i = 0; i < link_count; ++i) {
    links.push_back(rng_() % 4 == 0 ? pool_.requests[rng_() % pool_.requests.size()].url
                                    : page_url());
  }
  queue_.push_back({0, json{{"type", "links"}, {"page", page}, {"links", links}}.dump(), ""});
}

Message Traffic::next() {
  Message m;
  if (static_cast<std::uint64_t>(next_id_) % kRefusedEvery == 0) {
    bool bad_url = rng_() % 2 == 0;
    m.body = bad_url ? json{{"type", "page"}, {"tab", 1}, {"url", "not a url"}}.dump()
                     : json{{"type", "no-such-message"}}.dump();
    m.expected_error = bad_url ? "invalid_url" : "unknown_type";
  } else {
    if (queue_.empty()) plan_visit();
    m = std::move(queue_.front());
    queue_.pop_front();
  }
  m.id = next_id_++;
  // The id goes first, as the extension writes it.
  m.body = "{\"id\":" + std::to_string(m.id) + "," + m.body.substr(1);
  return m;
}

}  // namespace sauatty::soak
