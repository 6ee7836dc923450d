// The compiled cache's credibility part (store/compiled_credibility.h), read
// at every host start from a file anyone who can write the cache folder
// controls: any bytes give an Assessor that answers addresses and pages
// without reading out of bounds, or an error that says why; never a crash.
// (As for fuzz_compiled_cache, the header and checksum come first; a hostile
// file gets past them, so this part must hold on its own.)
#include <vector>

#include "fuzz/fuzz_driver.h"
#include "store/compiled_credibility.h"
#include "url/url.h"

namespace sauatty::fuzz {
namespace {

// The sample addresses, parsed once: the Assessor is what is fuzzed here
// (url::parse has its own target), and parsing them again for every input
// was 7% of each run in the ASan build (perf).
const std::vector<url::Url>& sample_urls() {
  static const std::vector<url::Url> urls = [] {
    std::vector<url::Url> parsed;
    for (const char* text :
         {"https://rt.com/news/1", "https://www.bbc-news.co/", "https://kaspl.kz/",
          "https://nytirnes.com/", "https://cato.org/blog/x", "https://a.b.c.example.top/",
          "https://tengrinevvs.kz/", "http://192.0.2.1/"}) {
      auto url = url::parse(text);
      check(url.has_value(), "a sample address parses");
      parsed.push_back(*url);
    }
    return parsed;
  }();
  return urls;
}

}  // namespace

void fuzz_one(std::string_view input) {
  engine::FrozenReader in = engine::FrozenReader::of(input);
  auto read = store::read_credibility(in);
  if (!read) {
    check(!read.error().empty(), "a refusal says why");
    return;
  }
  const credibility::Assessor& assessor = *read->assessor;
  const credibility::PageMeta meta{.title = "Shocking: you won't believe it",
                                   .canonical = "https://reuters.com/x",
                                   .site_name = "Reuters",
                                   .og_type = "article"};
  for (const url::Url& url : sample_urls()) {
    credibility::Assessment a = assessor.assess(url);
    check(a.entry == nullptr || a.list != nullptr, "a rated entry comes with its list");
    check(a.lookalike == credibility::LookalikeKind::kNone || a.imitated != nullptr,
          "a lookalike names what it imitates");
    (void)credibility::reason_codes(assessor.assess_page(url, meta));
  }
}

}  // namespace sauatty::fuzz
