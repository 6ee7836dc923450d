// Adblock Plus / EasyList text → engine: any bytes are a list whose bad
// lines are skipped; the engine built from it decides requests.
#include "engine/engine.h"
#include "fuzz/fuzz_driver.h"
#include "lists/filter_list.h"

namespace sauatty::fuzz {

namespace {

constexpr engine::Request kRequests[] = {
    {"https://stats.tracker.com/pixel.gif?id=1", "https://stats.tracker.com/pixel.gif?id=1",
     "stats.tracker.com", "tracker.com", "www.news.kz", "news.kz", engine::kTypeImage,
     engine::Party::kThird},
    {"https://news.kz/a/b.js", "https://news.kz/a/b.js", "news.kz", "news.kz", "news.kz", "news.kz",
     engine::kTypeScript, engine::Party::kFirst},
    {"http://a/", "http://a/", "a", "a", "", "", engine::kTypeOther, engine::Party::kUnknown},
};

}  // namespace

void fuzz_one(std::string_view input) {
  engine::EngineBuilder builder;
  const lists::ListReport report = lists::read_filter_list(builder, "fuzz.txt", input);
  check(report.filters <= report.lines, "no more filters than lines");
  const engine::Engine engine = builder.finish();
  check(engine.stats().regex <= engine::kMaxRegexFilters, "regex filters bounded");
  for (const engine::Request& request : kRequests) {
    const engine::Decision decision = engine.match(request);
    check(!decision.matched() || !engine.filter_text(decision.filter).empty(),
          "a deciding filter has a text");
  }
}

}  // namespace sauatty::fuzz
