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

}  // namespace sauatty::annotate
