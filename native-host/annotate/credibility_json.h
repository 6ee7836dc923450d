// An Assessment → the JSON shapes of docs/PROTOCOL.md (`page`'s
// "credibility", `links`' "flagged" items) and of `check --json`'s
// "credibility" (README.md, "Command line"). One function per shape, so the
// three answers cannot drift apart; the notes a list left out are filled by
// fill_notes() (annotate/credibility.h).
#pragma once

#include <nlohmann/json.hpp>

#include "credibility/assessor.h"

namespace sauatty::annotate {

// {"level", "rating", "reasons", "lookalike_of", "lookalike", "source",
//  "next_steps", "signals"}. "source" is null when no list rated the site;
// "lookalike" ({"kind", "of", "sector", "list", "citation", "citations"}
// and, for a letter swap, "substitution") is null when the site imitates
// nothing. "citations" (in "source" too) maps a language to the citation's
// version in it ({} when none): a reader of another language gets "citation".
// `signals` is [] for `check` (no page was read).
nlohmann::json assessment_json(const credibility::Assessment& a);

// {"index", "level", "rating", "lookalike_of", "reasons"} for one flagged link.
nlohmann::json flagged_link_json(const credibility::FlaggedLink& link);

}  // namespace sauatty::annotate
