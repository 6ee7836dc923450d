// Requests the list targets decide once a list is built: a third-party
// tracker-like one, a first-party script, and one with no page.
#pragma once

#include "engine/engine.h"
#include "engine/request.h"
#include "fuzz/fuzz_driver.h"

namespace sauatty::fuzz {

inline constexpr engine::Request kSampleRequests[] = {
    {"https://stats.tracker.com/pixel.gif?id=1", "https://stats.tracker.com/pixel.gif?id=1",
     "stats.tracker.com", "tracker.com", "www.news.kz", "news.kz", engine::kTypeImage,
     engine::Party::kThird},
    {"https://ads.example.com/x", "https://ads.example.com/x", "ads.example.com", "example.com",
     "news.kz", "news.kz", engine::kTypeScript, engine::Party::kThird},
    {"https://news.kz/a/b.js", "https://news.kz/a/b.js", "news.kz", "news.kz", "news.kz", "news.kz",
     engine::kTypeScript, engine::Party::kFirst},
    {"http://a/", "http://a/", "a", "a", "", "", engine::kTypeOther, engine::Party::kUnknown},
};

// Decides each sample request; a deciding filter must have a text.
inline void decide_sample_requests(const engine::Engine& engine) {
  for (const engine::Request& request : kSampleRequests) {
    const engine::Decision decision = engine.match(request);
    check(!decision.matched() || !engine.filter_text(decision.filter).empty(),
          "a deciding filter has a text");
  }
}

}  // namespace sauatty::fuzz
