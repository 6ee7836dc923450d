#include "annotate/privacy_json.h"

namespace sauatty::annotate {

void write_json(const VerdictView& verdict, protocol::JsonWriter& out) {
  out.raw("{\"registrable_domain\":");
  out.string(verdict.registrable_domain);
  out.raw(",\"third_party\":");
  out.boolean(verdict.third_party);
  out.raw(",\"tracker\":");
  if (!verdict.tracker) {
    out.raw("null}");
    return;
  }
  const TrackerHitView& hit = *verdict.tracker;
  out.raw("{\"category\":");
  out.string(hit.category);
  out.raw(",\"country\":");
  if (hit.country.empty()) {
    out.null();
  } else {
    out.string(hit.country);
  }
  out.raw(",\"entity\":");
  out.string(hit.entity);
  out.raw(",\"exception\":");
  out.boolean(hit.exception);
  out.raw(",\"list\":");
  out.string(hit.list);
  out.raw(",\"rule\":");
  out.string(hit.rule);
  out.raw("}}");
}

void write_json(const RequestVerdict& verdict, protocol::JsonWriter& out) {
  write_json(view_of(verdict), out);
}

void write_json(const TabSummary& summary, protocol::JsonWriter& out) {
  out.raw("{\"by_category\":{");
  bool first = true;
  for (const TabSummary::Named& category : summary.by_category()) {
    if (!first) out.raw(",");
    first = false;
    out.key(category.name);
    out.unsigned_integer(category.count);
  }
  out.raw("},\"by_entity\":{");
  first = true;
  for (const TabSummary::EntityCount& entity : summary.by_entity()) {
    if (!first) out.raw(",");
    first = false;
    out.key(entity.name);
    out.raw("{\"categories\":[");
    for (std::size_t i = 0; i < entity.category_count; ++i) {
      if (i > 0) out.raw(",");
      out.string(entity.categories[i].name);
    }
    out.raw("],\"count\":");
    out.unsigned_integer(entity.count);
    out.raw(",\"country\":");
    if (entity.country.empty()) {
      out.null();
    } else {
      out.string(entity.country);
    }
    out.raw("}");
  }
  out.raw("},\"requests\":");
  out.unsigned_integer(summary.requests());
  out.raw(",\"third_party\":");
  out.unsigned_integer(summary.third_party());
  out.raw(",\"trackers\":");
  out.unsigned_integer(summary.trackers());
  out.raw("}");
}

}  // namespace sauatty::annotate
