// Assessment → the JSON shapes of docs/PROTOCOL.md (`page`'s "credibility",
// `links`' "flagged" items) and DESIGN.md (`check --json` "credibility").
// One function per shape, so the three answers cannot drift apart.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

#include "credibility/assessor.h"

namespace sauatty::credibility {

// {"level", "rating", "reasons", "lookalike_of", "lookalike", "source",
//  "next_steps", "signals"}. "source" is null when no list rated the site;
// "lookalike" ({"kind", "of", "list", "citation"}) is null when the site
// imitates nothing. `signals` is [] for `check` (no page was read).
nlohmann::json to_json(const Assessment& a);

// {"index", "level", "rating", "lookalike_of", "reasons"} for one flagged link.
nlohmann::json to_json(const FlaggedLink& link);

}  // namespace sauatty::credibility
