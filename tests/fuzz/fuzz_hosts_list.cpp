// Hosts files and plain domain lists → `||host^` filters.
#include "engine/engine.h"
#include "fuzz/fuzz_driver.h"
#include "lists/filter_list.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  engine::EngineBuilder builder;
  const lists::ListReport report = lists::read_hosts_list(builder, "hosts", input);
  check(report.filters <= report.lines, "no more filters than lines");
  const engine::Engine engine = builder.finish();
  const engine::Request request{"https://ads.example.com/x", "https://ads.example.com/x",
                                "ads.example.com", "example.com", "news.kz", "news.kz",
                                engine::kTypeScript, engine::Party::kThird};
  (void)engine.match(request);
}

}  // namespace sauatty::fuzz
