// Credibility annotations for a page and for the links on it. The JSON
// shapes are the contracts in docs/PROTOCOL.md (`page`, `links`) and
// DESIGN.md (`check --json` "credibility").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "credibility/assessor.h"
#include "store/rule_set.h"
#include "url/url.h"

namespace sauatty::annotate {

using Json = nlohmann::json;

// Page metadata the content script reads (all optional; empty = absent).
struct PageMeta {
  std::string title, lang, canonical, site_name, og_type, author, published, modified, description;
};

// {"level", "rating", "reasons", "lookalike_of", "source", "next_steps", "signals"}.
// `meta` is null for `check` (no page was read). source.notes has en, ru
// and kk for every flagged entry (fill_notes).
// Fills what a flagged entry's notes lack of "en", "ru" and "kk" from
// templates: the kind of problem (satire in its own words), who rated it,
// what a dataset's reason codes add, its score in words and the date.
// Notes the list wrote are kept as written. Nothing for level none.
void fill_notes(Json& source, const credibility::Assessment& a);

Json judge_page(const store::RuleSet& rules, const url::Url& page, const PageMeta* meta);

// One entry {"index", "level", "rating", "lookalike_of", "reasons"} for
// each link at level caution or warning; `links[i]` is null where the URL
// did not parse. Links on `page`'s own registrable domain are left out (the
// page's own answer covers them); `page` may be null.
Json judge_links(const store::RuleSet& rules, const std::vector<const url::Url*>& links,
                 const url::Url* page = nullptr);

}  // namespace sauatty::annotate
