#include "annotate/privacy_json.h"

#include <cstring>

namespace sauatty::annotate {
namespace {

// The verdict's JSON, written once for three sinks: Measure adds up its
// size, Copy writes it into room of that size (when every string is
// plain), Escape writes it through the JsonWriter (when one is not).
template <class Out>
void emit(const VerdictView& verdict, Out& out) {
  out.raw("{\"registrable_domain\":");
  out.string(verdict.registrable_domain);
  out.raw(",\"third_party\":");
  verdict.third_party ? out.raw("true") : out.raw("false");
  out.raw(",\"tracker\":");
  if (!verdict.tracker) {
    out.raw("null}");
    return;
  }
  const TrackerHitView& hit = *verdict.tracker;
  out.raw("{\"category\":");
  out.string(hit.category);
  out.raw(",\"country\":");
  hit.country.empty() ? out.raw("null") : out.string(hit.country);
  out.raw(",\"entity\":");
  out.string(hit.entity);
  out.raw(",\"exception\":");
  hit.exception ? out.raw("true") : out.raw("false");
  out.raw(",\"list\":");
  out.string(hit.list);
  out.raw(",\"rule\":");
  out.string(hit.rule);
  out.raw("}}");
}

struct Measure {
  std::size_t size = 0;
  template <std::size_t N>
  void raw(const char (&)[N]) {
    size += N - 1;
  }
  void string(std::string_view text) { size += text.size() + 2; }
};

struct Copy {
  char* at;
  template <std::size_t N>
  void raw(const char (&text)[N]) {
    std::memcpy(at, text, N - 1);
    at += N - 1;
  }
  void string(std::string_view text) {
    *at++ = '"';
    std::memcpy(at, text.data(), text.size());
    at += text.size();
    *at++ = '"';
  }
};

struct Escape {
  protocol::JsonWriter& out;
  void raw(std::string_view text) { out.raw(text); }
  void string(std::string_view text) { out.string(text); }
};

bool all_plain(const VerdictView& verdict) {
  using protocol::JsonWriter;
  if (!JsonWriter::plain(verdict.registrable_domain)) return false;
  if (!verdict.tracker) return true;
  const TrackerHitView& hit = *verdict.tracker;
  return JsonWriter::plain(hit.category) && JsonWriter::plain(hit.country) &&
         JsonWriter::plain(hit.entity) && JsonWriter::plain(hit.list) &&
         JsonWriter::plain(hit.rule);
}

}  // namespace

void write_json(const VerdictView& verdict, protocol::JsonWriter& out) {
  if (!all_plain(verdict)) {
    Escape escape{out};
    emit(verdict, escape);
    return;
  }
  Measure measure;
  emit(verdict, measure);
  out.append_exact(measure.size, [&](char* at) {
    Copy copy{at};
    emit(verdict, copy);
  });
}

void write_json(const RequestVerdict& verdict, protocol::JsonWriter& out) {
  write_json(view_of(verdict), out);
}

}  // namespace sauatty::annotate
