#include "credibility/dataset_bundle.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

namespace sauatty::credibility {
namespace {

using Json = nlohmann::json;

std::string compact(const Json& j) { return j.dump(-1, ' ', false); }

}  // namespace

bool held_out(std::string_view host) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : host) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h % kHeldOutOneIn == 0;
}

std::string write_bundle(const List& imported, const BundleInfo& info) {
  std::vector<const Entry*> entries;
  for (const Entry& e : imported.entries) {
    if (e.rating && level_for(*e.rating) >= info.min_level && !held_out(e.host)) {
      entries.push_back(&e);
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry* a, const Entry* b) { return a->pattern() < b->pattern(); });
  std::string out = "{\n";
  auto field = [&](std::string_view key, std::string_view value) {
    out +=
        "  " + compact(Json(std::string(key))) + ": " + compact(Json(std::string(value))) + ",\n";
  };
  field("format", "sauatty-credibility");
  out += "  \"version\": 1,\n";
  field("name", info.name);
  field("purpose", "ratings");
  field("origin", "dataset");
  field("description", info.description);
  field("rated_by", imported.rated_by);
  field("citation", imported.citation);
  if (!info.reviewed.empty()) field("reviewed", info.reviewed);
  field("attribution", imported.attribution);
  field("license", imported.license);
  out += "  \"entries\": [";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = *entries[i];
    Json j = Json::object();
    switch (e.kind) {
      case PatternKind::kDomain:
        j["domain"] = e.host;
        break;
      case PatternKind::kHost:
        j["host"] = e.host;
        break;
      case PatternKind::kSection:
        j["url_prefix"] = e.pattern();
        break;
    }
    j["rating"] = std::string(rating_name(*e.rating));
    if (!e.reasons.empty()) j["reasons"] = e.reasons;
    // Three decimals are what the datasets publish (CRED-1) or more than
    // the notes show (Lin et al.: two).
    if (e.score >= 0) j["score"] = std::round(static_cast<double>(e.score) * 1000) / 1000;
    if (!e.notes.empty()) {
      Json notes = Json::object();
      for (const Note& n : e.notes) notes[n.lang] = n.text;
      j["notes"] = notes;
    }
    out += (i == 0 ? "\n    " : ",\n    ") + compact(j);
  }
  out += "\n  ]\n}\n";
  return out;
}

}  // namespace sauatty::credibility
