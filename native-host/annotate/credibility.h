// Credibility annotations for a page and for the links on it: the
// assessor's answer as the JSON of docs/PROTOCOL.md (`page`, `links`) and of
// `check --json`'s "credibility" (README.md, "Command line"), with the notes
// a list left out written from templates in en, ru and kk.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "credibility/assessor.h"
#include "url/url.h"

namespace sauatty::annotate {

using Json = nlohmann::json;

// Fills what a flagged entry's notes lack of "en", "ru" and "kk" from
// templates: the kind of problem (satire in its own words), who rated it,
// what a dataset's reason codes add, its score in words and the date.
// Notes the list wrote are kept as written. Nothing for level none.
void fill_notes(Json& source, const credibility::Assessment& a);

// assessment_json() (annotate/credibility_json.h) of `page`, with
// source.notes in en, ru and kk for every flagged entry (fill_notes).
// `meta` is null for `check` (no page was read). With no assessor (no
// credibility rules loaded) the answer is neutral: level none.
Json judge_page(const credibility::Assessor* assessor, const url::Url& page,
                const credibility::PageMeta* meta);

// One entry {"index", "level", "rating", "lookalike_of", "reasons"} for
// each link at level caution or warning; `links[i]` is null where the URL
// did not parse. Links on `page`'s own registrable domain are left out (the
// page's own answer covers them); `page` may be null. [] with no assessor.
Json judge_links(const credibility::Assessor* assessor, const std::vector<const url::Url*>& links,
                 const url::Url* page = nullptr);

}  // namespace sauatty::annotate
