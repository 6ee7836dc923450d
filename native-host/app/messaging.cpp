#include "app/messaging.h"

#include "annotate/credibility.h"
#include "annotate/privacy.h"
#include "annotate/privacy_json.h"
#include "app/version.h"
#include "lists/tracker_rules.h"
#include "url/url.h"

namespace sauatty::app {
namespace {

using protocol::Error;
using protocol::ErrorCode;
using protocol::Json;

ErrorCode url_error_code(url::UrlError error) {
  return error == url::UrlError::kTooLong ? ErrorCode::kUrlTooLong : ErrorCode::kInvalidUrl;
}

// The message of url_error(), into `out`'s buffer.
void url_error_message(std::string_view field, url::UrlError error, std::string& out) {
  out.assign("field '").append(field).append("': ").append(url::error_message(error));
}

Error url_error(std::string_view field, url::UrlError error) {
  Error out{url_error_code(error), {}};
  url_error_message(field, error, out.message);
  return out;
}

// A URL field that must name a web page (http or https).
std::expected<url::Url, Error> page_url_field(const Json& request, std::string_view field) {
  auto text = protocol::string_field(request, field);
  if (!text) return std::unexpected(text.error());
  auto parsed = url::parse(*text);
  if (!parsed) return std::unexpected(url_error(field, parsed.error()));
  if (parsed->scheme != "http" && parsed->scheme != "https") {
    return std::unexpected(Error{
        ErrorCode::kInvalidUrl, "field '" + std::string(field) + "' must be an http or https URL"});
  }
  return std::move(*parsed);
}

Json error_json(const Error& error) {
  return {{"error", {{"code", protocol::code_name(error.code)}, {"message", error.message}}}};
}

// The name a user knows a list by: the publisher's title for the lists
// sources.json names by default and ours, else the list's own name.
std::string_view list_title(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTitles[] = {
      {"easylist", "EasyList"},
      {"easyprivacy", "EasyPrivacy"},
      {"ruadlist", "RU AdList"},
      {"tracker-radar", "DuckDuckGo Tracker Radar"},
      {"disconnect", "Disconnect"},
      {"disconnect-entities", "Disconnect entities"},
      {"trackerdb", "Ghostery TrackerDB"},
      {"sauatty-trackers", "Sauatty trackers"},
  };
  for (auto [key, title] : kTitles) {
    if (name == key) return title;
  }
  return name;
}

// What the popup's footer shows (docs/PROTOCOL.md `hello`): the totals of
// what really loaded, and each list by the name a user knows.
std::expected<Json, Error> hello(MessagingContext& context, const Json&) {
  Json by_kind = Json::object();
  std::size_t filters = 0, entity_domains = 0, credibility = 0;
  Json lists = Json::array();
  for (const auto& list : context.rules->lists) {
    const std::string kind(store::list_kind_name(list.kind));
    by_kind[kind] = by_kind.value(kind, std::size_t{0}) + list.entries;
    if (lists::is_entity_data_kind(kind)) {
      entity_domains += list.entries;
    } else if (store::list_family(list.kind) == store::ListFamily::kCredibility) {
      credibility += list.entries;
    } else {
      filters += list.entries;
    }
    lists.push_back({{"name", list.name},
                     {"title", list_title(list.name)},
                     {"kind", kind},
                     {"entries", list.entries}});
  }
  return Json{{"host", "sauatty-host"},
              {"version", kVersion},
              {"protocol", kProtocolVersion},
              {"rules", std::move(by_kind)},
              {"loaded",
               {{"tracker_filters", filters},
                {"entity_domains", entity_domains},
                {"credibility_entries", credibility}}},
              {"lists", std::move(lists)}};
}

// The page's metadata as views into `request`, which must outlive it.
std::expected<credibility::PageMeta, Error> read_meta(const Json& request) {
  auto meta = protocol::optional_object_field(request, "meta");
  if (!meta) return std::unexpected(meta.error());
  credibility::PageMeta out;
  const std::pair<const char*, std::string_view*> fields[] = {{"title", &out.title},
                                                              {"lang", &out.lang},
                                                              {"canonical", &out.canonical},
                                                              {"site_name", &out.site_name},
                                                              {"og_type", &out.og_type},
                                                              {"author", &out.author},
                                                              {"published", &out.published},
                                                              {"modified", &out.modified},
                                                              {"description", &out.description}};
  for (auto [key, target] : fields) {
    auto value = protocol::optional_string_field(**meta, key);
    if (!value) return std::unexpected(Error{value.error().code, "meta." + value.error().message});
    *target = value->substr(0, 4096);  // bound what is read of free text
  }
  return out;
}

std::expected<Json, Error> page(MessagingContext& context, const Json& request) {
  auto tab = protocol::integer_field(request, "tab");
  if (!tab) return std::unexpected(tab.error());
  auto page_url = page_url_field(request, "url");
  if (!page_url) return std::unexpected(page_url.error());
  auto meta = read_meta(request);
  if (!meta) return std::unexpected(meta.error());
  ++context.counters.pages;
  return Json{
      {"tab", *tab},
      {"registrable_domain", page_url->registrable_domain},
      {"credibility", annotate::judge_page(context.rules->credibility.get(), *page_url, &*meta)}};
}

std::expected<Json, Error> requests(MessagingContext& context, const Json& request) {
  auto tab = protocol::integer_field(request, "tab");
  if (!tab) return std::unexpected(tab.error());
  auto page_url = page_url_field(request, "page");
  if (!page_url) return std::unexpected(page_url.error());
  auto items = protocol::array_field(request, "requests", kMaxRequestsPerBatch);
  if (!items) return std::unexpected(items.error());

  Json results = Json::array();
  LiveBatch live = context.dashboard.batch(*page_url);
  for (const Json& item : **items) {
    if (!item.is_object()) {
      results.push_back(error_json(Error{ErrorCode::kWrongType, "each request must be an object"}));
      continue;
    }
    auto text = protocol::string_field(item, "url");
    auto type = protocol::optional_string_field(item, "type");
    if (!text || !type) {
      results.push_back(error_json(!text ? text.error() : type.error()));
      continue;
    }
    auto parsed = url::parse(*text);
    if (!parsed) {
      results.push_back(error_json(url_error("url", parsed.error())));
      continue;
    }
    auto verdict = annotate::judge_request(*context.rules, *parsed, *page_url, *type);
    live.add(verdict);
    results.push_back(annotate::to_json(verdict));
    ++context.counters.requests_decided;
  }
  live.send();
  return Json{{"tab", *tab}, {"part", "results"}, {"results", std::move(results)}};
}

// What write_requests() keeps from one message to the next, so that a
// steady stream of messages allocates nothing.
struct RequestsScratch {
  url::Url page;
  url::Url request;  // parsed into again for each request
  annotate::RequestJudge judge;
  std::string error_message;
};

// The `requests` answer for a plain message (protocol::RequestsWriter),
// written straight into `out`: byte for byte what requests() and the
// session answer, envelope included (keys in nlohmann's order). Declines
// whatever requests() refuses and an answer over one frame, so that those
// go the DOM way (and are split or refused there).
bool write_requests(MessagingContext& context, RequestsScratch& scratch,
                    const protocol::RequestsMessage& request, std::string& out) {
  if (request.size() > kMaxRequestsPerBatch) return false;
  const url::Url& page_url = scratch.page;
  if (!url::parse_into(request.page(), scratch.page) ||
      (page_url.scheme != "http" && page_url.scheme != "https")) {
    return false;
  }
  protocol::JsonWriter writer(out);
  writer.raw("{\"id\":");
  const Json& id = request.id();
  if (id.is_string()) {
    writer.string(id.get_ref<const std::string&>());
  } else if (id.is_number_unsigned()) {
    writer.unsigned_integer(id.get<std::uint64_t>());
  } else {
    writer.integer(id.get<std::int64_t>());
  }
  writer.raw(",\"ok\":true,\"part\":\"results\",\"results\":[");
  std::uint64_t decided = 0;
  LiveBatch live = context.dashboard.batch(page_url);  // sent only with this answer
  for (std::size_t i = 0; i < request.size(); ++i) {
    if (i > 0) writer.raw(",");
    auto item = request.item(i);
    auto parsed = url::parse_into(item.url, scratch.request);
    if (!parsed) {
      url_error_message("url", parsed.error(), scratch.error_message);
      writer.raw("{\"error\":{\"code\":");
      writer.string(protocol::code_name(url_error_code(parsed.error())));
      writer.raw(",\"message\":");
      writer.string(scratch.error_message);
      writer.raw("}}");
      continue;
    }
    annotate::VerdictView verdict =
        scratch.judge.judge(*context.rules, scratch.request, page_url, item.type);
    if (context.dashboard.running()) live.add(annotate::owned(verdict));
    annotate::write_json(verdict, writer);
    ++decided;
  }
  writer.raw("],\"tab\":");
  writer.integer(request.tab());
  writer.raw(",\"type\":\"requests\"}");
  if (out.size() > protocol::kMaxOutputFrame) return false;
  context.counters.requests_decided += decided;
  live.send();
  return true;
}

std::expected<Json, Error> links(MessagingContext& context, const Json& request) {
  auto page_url = page_url_field(request, "page");
  if (!page_url) return std::unexpected(page_url.error());
  auto items = protocol::array_field(request, "links", kMaxLinksPerBatch);
  if (!items) return std::unexpected(items.error());
  std::vector<std::optional<url::Url>> parsed;
  parsed.reserve((*items)->size());
  for (const Json& item : **items) {
    std::optional<url::Url> link;
    if (item.is_string()) {
      if (auto u = url::parse(item.get_ref<const std::string&>());
          u && u->kind != url::HostKind::kNone) {
        link = std::move(*u);
      }
    }
    parsed.push_back(std::move(link));
  }
  std::vector<const url::Url*> pointers;
  pointers.reserve(parsed.size());
  for (const auto& link : parsed) pointers.push_back(link ? &*link : nullptr);
  context.counters.links += parsed.size();
  return Json{
      {"part", "flagged"},
      {"flagged", annotate::judge_links(context.rules->credibility.get(), pointers, &*page_url)}};
}

std::expected<Json, Error> dashboard(MessagingContext& context, const Json& request) {
  return context.dashboard.handle(request, context.rules);
}

std::expected<Json, Error> stats(MessagingContext& context, const Json&) {
  return Json{{"frames_in", context.session.frames_in},
              {"frames_out", context.session.frames_out},
              {"errors", context.session.errors},
              {"requests_decided", context.counters.requests_decided},
              {"pages", context.counters.pages},
              {"links", context.counters.links}};
}

std::expected<Json, Error> settings(MessagingContext& context, const Json&) {
  Json lists = Json::array();
  for (const auto& list : context.rules->lists) {
    lists.push_back({{"name", list.name},
                     {"kind", store::list_kind_name(list.kind)},
                     {"entries", list.entries}});
    if (!list.attribution.empty()) {
      lists.back()["attribution"] = list.attribution;
      lists.back()["license"] = list.license;
    }
  }
  return Json{{"rules_source", context.rules->source},
              {"lists", std::move(lists)},
              {"max_frame", context.max_frame}};
}

}  // namespace

std::vector<protocol::HandlerEntry> make_handlers(MessagingContext& context) {
  using Fn = std::expected<Json, Error> (*)(MessagingContext&, const Json&);
  static constexpr std::pair<std::string_view, Fn> kTable[] = {
      {"hello", hello}, {"page", page},         {"requests", requests},   {"links", links},
      {"stats", stats}, {"settings", settings}, {"dashboard", dashboard},
  };
  std::vector<protocol::HandlerEntry> handlers;
  for (auto [type, fn] : kTable) {
    handlers.push_back(
        {type, [&context, fn](const Json& request) { return fn(context, request); }});
  }
  // Plain `requests` messages, the most frequent, are answered without a DOM.
  for (auto& entry : handlers) {
    if (entry.type != "requests") continue;
    entry.write_requests = [&context, scratch = std::make_shared<RequestsScratch>()](
                               const protocol::RequestsMessage& request, std::string& out) {
      return write_requests(context, *scratch, request, out);
    };
  }
  return handlers;
}

}  // namespace sauatty::app
