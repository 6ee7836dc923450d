#include "annotate/credibility_json.h"

#include <cmath>

namespace sauatty::annotate {

using credibility::Assessment;
using credibility::FlaggedLink;

namespace {

using Json = nlohmann::json;

Json rating_json(const Assessment& a) {
  return a.rating ? Json(std::string(rating_name(*a.rating))) : Json(nullptr);
}

Json lookalike_of(const Assessment& a) {
  return a.imitated ? Json(a.imitated->domain) : Json(nullptr);
}

Json reasons_json(const Assessment& a) {
  Json out = Json::array();
  for (std::string_view r : reason_codes(a)) out.push_back(std::string(r));
  return out;
}

// {"ru": "https://…", "kk": "https://…"}: the citation in other languages
// ({} when the entry gives none; "citation" is the default).
Json citations_json(const credibility::Entry& e) {
  Json out = Json::object();
  for (const credibility::Citation& c : e.citations) out[c.lang] = c.url;
  return out;
}

Json source_json(const Assessment& a) {
  if (!a.entry) return nullptr;
  Json notes = Json::object();
  for (const credibility::Note& n : a.entry->notes) notes[n.lang] = n.text;
  std::string_view reviewed = a.list->reviewed_of(*a.entry);
  Json out = {{"list", a.list->name},
              {"entry", a.entry->pattern()},
              {"citation", std::string(a.list->citation_of(*a.entry))},
              {"citations", citations_json(*a.entry)},
              {"rated_by", std::string(a.list->rated_by_of(*a.entry))},
              {"reviewed", reviewed.empty() ? Json(nullptr) : Json(std::string(reviewed))},
              {"notes", notes}};
  if (a.entry->score >= 0)
    out["score"] = std::round(static_cast<double>(a.entry->score) * 1000) / 1000;
  return out;
}

Json lookalike_json(const Assessment& a) {
  if (!a.imitated) return nullptr;
  std::string_view kind = lookalike_reason(a.lookalike);
  kind.remove_prefix(std::string_view("lookalike_").size());
  Json out = {{"kind", std::string(kind)},
              {"of", a.imitated->domain},
              {"sector", std::string(sector_name(a.imitated->sector))},
              {"list", a.imitated->list->name},
              {"citation", a.imitated->entry->citation},
              {"citations", citations_json(*a.imitated->entry)}};
  if (!a.substitution.written.empty()) {
    out["substitution"] = {{"written", std::string(a.substitution.written)},
                           {"instead_of", std::string(a.substitution.instead_of)}};
  }
  return out;
}

template <typename NameFn>
Json bits_json(std::uint8_t bits, int count, NameFn name) {
  Json out = Json::array();
  for (int i = 0; i < count; ++i) {
    if (bits & (1u << i)) out.push_back(std::string(name(i)));
  }
  return out;
}

}  // namespace

Json assessment_json(const Assessment& a) {
  return {{"level", std::string(level_name(a.level))},
          {"rating", rating_json(a)},
          {"reasons", reasons_json(a)},
          {"lookalike_of", lookalike_of(a)},
          {"lookalike", lookalike_json(a)},
          {"source", source_json(a)},
          {"next_steps",
           bits_json(a.next_steps, credibility::kNextStepCount, credibility::next_step_name)},
          {"signals", bits_json(a.signals, credibility::kSignalCount, credibility::signal_name)}};
}

Json flagged_link_json(const FlaggedLink& link) {
  return {{"index", link.index},
          {"level", std::string(level_name(link.assessment.level))},
          {"rating", rating_json(link.assessment)},
          {"lookalike_of", lookalike_of(link.assessment)},
          {"reasons", reasons_json(link.assessment)}};
}

}  // namespace sauatty::annotate
