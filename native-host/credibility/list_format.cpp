#include "credibility/list_format.h"

#include <re2/re2.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "credibility/text_format.h"
#include "url/url.h"

namespace sauatty::credibility {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kListFormat = "sauatty-credibility";
constexpr std::string_view kClickbaitFormat = "sauatty-clickbait";
constexpr int kVersion = 1;
// Bounds on a lookalike target's lists (the most any outlet needs is a
// handful; a list of thousands is a mistake, not an outlet).
constexpr std::size_t kMaxBrands = 16;
constexpr std::size_t kMaxAlso = 64;
// Languages in one entry's "citations" (we write ru and kk).
constexpr std::size_t kMaxCitationLanguages = 16;

// The single place JSON exceptions are caught for our own files.
std::expected<Json, std::string> decode(std::string_view file_name, std::string_view bytes) {
  if (bytes.size() > kMaxListBytes) {
    return std::unexpected(strformat("{}: file over {} bytes", file_name, kMaxListBytes));
  }
  try {
    return Json::parse(bytes);
  } catch (const Json::parse_error& e) {
    // Turn the byte offset into line:column for the reader.
    std::size_t offset = std::min<std::size_t>(e.byte, bytes.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < offset; ++i) {
      if (bytes[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    return std::unexpected(strformat("{}:{}:{}: invalid JSON: {}", file_name, line, column, what));
  } catch (const Json::exception&) {  // e.g. out_of_range: a number too large for a double
    return std::unexpected(strformat("{}: invalid JSON: a value out of range", file_name));
  }
}

bool is_code(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_list_name(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool is_http_url(std::string_view s) {
  if (!s.starts_with("https://") && !s.starts_with("http://")) return false;
  // Read once, on a thread that answers no requests (url::has_host).
  return url::has_host(s);
}

bool is_lang(std::string_view s) {
  return s.size() >= 2 && s.size() <= 8 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

// Collects the messages for entries left out, at most kMaxSkippedReports
// one by one, then one line counting the rest.
class Skipped {
 public:
  Skipped(std::string_view file_name, std::string_view what) : file_name_(file_name), what_(what) {}

  void add(std::string message) {
    if (out_.size() < kMaxSkippedReports) {
      out_.push_back(std::move(message));
    } else {
      ++more_;
    }
  }

  std::vector<std::string> finish() && {
    if (more_ > 0) {
      out_.push_back(strformat("{}: … and {} more {} left out", file_name_, more_, what_));
    }
    return std::move(out_);
  }

 private:
  std::string_view file_name_, what_;
  std::vector<std::string> out_;
  std::size_t more_ = 0;
};

// "'rt.com' " for an entry whose domain, host or url_prefix is a short
// printable string, so a message names the entry a reader looks for; ""
// otherwise.
std::string entry_label(const Json& j) {
  if (!j.is_object()) return {};
  for (const char* key : {"domain", "host", "url_prefix"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) continue;
    const auto& s = it->get_ref<const std::string&>();
    bool printable = !s.empty() && s.size() <= 253 && std::none_of(s.begin(), s.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == '\'' || c == 0x7f;
    });
    return printable ? "'" + s + "' " : std::string();
  }
  return {};
}

// Reads one entry; `at` is "<file>: entries[i]".
class EntryReader {
 public:
  // `list_gives_source`: the list names rated_by and citation for all its
  // entries (a dataset), so an entry may leave them out.
  EntryReader(const Json& j, std::string at, ListPurpose purpose, bool list_gives_source)
      : j_(j), at_(std::move(at)), purpose_(purpose), list_gives_source_(list_gives_source) {}

  std::expected<Entry, std::string> read() {
    if (!j_.is_object()) return fail("", "not an object");
    static const std::set<std::string, std::less<>> kRatingFields = {
        "domain",   "host",      "url_prefix", "rating", "reasons", "rated_by",
        "citation", "citations", "reviewed",   "notes",  "score"};
    static const std::set<std::string, std::less<>> kTargetFields = {
        "domain", "host",   "name",     "names",    "typo",      "brands",   "word_brands",
        "also",   "sector", "rated_by", "citation", "citations", "reviewed", "notes"};
    const auto& known = purpose_ == ListPurpose::kRatings ? kRatingFields : kTargetFields;
    for (const auto& [key, value] : j_.items()) {
      if (!known.contains(key)) return fail(key, "unknown field");
    }
    Entry e;
    if (auto r = read_pattern(e); !r) return std::unexpected(r.error());
    if (purpose_ == ListPurpose::kRatings) {
      auto rating = string_field("rating", true);
      if (!rating) return std::unexpected(rating.error());
      e.rating = parse_rating(*rating);
      if (!e.rating) return fail("rating", strformat("unknown rating '{}'", *rating));
      if (auto r = read_codes("reasons", e.reasons); !r) return std::unexpected(r.error());
      if (auto it = j_.find("score"); it != j_.end()) {
        if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1) {
          return fail("score", "not a number in [0, 1]");
        }
        e.score = it->get<float>();
      }
    } else {
      if (auto r = read_target_fields(e); !r) return std::unexpected(r.error());
    }
    auto rated_by =
        string_field("rated_by", purpose_ == ListPurpose::kRatings && !list_gives_source_);
    if (!rated_by) return std::unexpected(rated_by.error());
    e.rated_by = *rated_by;
    auto citation = string_field("citation", !list_gives_source_);
    if (!citation) return std::unexpected(citation.error());
    if (!citation->empty() && !is_http_url(*citation)) {
      return fail("citation", "not an http(s) URL");
    }
    e.citation = *citation;
    if (auto r = read_citations(e); !r) return std::unexpected(r.error());
    auto reviewed = string_field("reviewed", false);
    if (!reviewed) return std::unexpected(reviewed.error());
    if (!reviewed->empty() && !is_date(*reviewed)) return fail("reviewed", "not a YYYY-MM-DD date");
    e.reviewed = *reviewed;
    if (auto r = read_notes(e); !r) return std::unexpected(r.error());
    return e;
  }

 private:
  std::unexpected<std::string> fail(std::string_view field, std::string_view what) const {
    if (field.empty()) return std::unexpected(strformat("{}: {}", at_, what));
    return std::unexpected(strformat("{}.{}: {}", at_, field, what));
  }

  // A string field; "" when absent and not required.
  std::expected<std::string, std::string> string_field(std::string_view key, bool required) const {
    auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) return fail(key, "missing");
      return std::string();
    }
    if (!it->is_string()) return fail(key, "not a string");
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > kMaxFieldBytes) return fail(key, "too long");
    if (required && s.empty()) return fail(key, "empty");
    return s;
  }

  std::expected<void, std::string> read_pattern(Entry& e) const {
    int count = j_.contains("domain") + j_.contains("host") + j_.contains("url_prefix");
    if (count != 1) return fail("", "needs exactly one of domain, host, url_prefix");
    std::string key = j_.contains("domain") ? "domain"
                      : j_.contains("host") ? "host"
                                            : "url_prefix";
    auto text = string_field(key, true);
    if (!text) return std::unexpected(text.error());
    std::string_view host_part = *text;
    if (key == "url_prefix") {
      auto slash = host_part.find('/');
      if (slash == std::string_view::npos || slash + 1 == host_part.size()) {
        return fail(key, "needs a host and a path: 'example.com/section'");
      }
      e.kind = PatternKind::kSection;
      e.path = std::string(host_part.substr(slash));
      if (e.path.find_first_of("?# ") != std::string::npos)
        return fail(key, "path has '?', '#' or ' '");
      host_part = host_part.substr(0, slash);
    } else {
      e.kind = key == "domain" ? PatternKind::kDomain : PatternKind::kHost;
    }
    auto host = normalize_host(host_part);
    if (!host) return fail(key, strformat("not a host name: '{}'", host_part));
    if (*host != host_part && !host_part.starts_with("xn--")) {
      // Accept Unicode (converted) but not upper case or a trailing dot:
      // our own files are written in the canonical form.
      bool unicode = std::any_of(host_part.begin(), host_part.end(),
                                 [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
      if (!unicode) return fail(key, strformat("write the host in lower case: '{}'", *host));
    }
    e.host = *host;
    return {};
  }

  std::expected<void, std::string> read_codes(std::string_view key, Few<std::string>& out) const {
    auto it = j_.find(key);
    if (it == j_.end()) return {};
    if (!it->is_array()) return fail(key, "not an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const Json& v = (*it)[i];
      if (!v.is_string() || !is_code(v.get_ref<const std::string&>())) {
        return fail(strformat("{}[{}]", key, i), "not a code ([a-z0-9_]+)");
      }
      out.push_back(v.get<std::string>());
    }
    return {};
  }

  std::expected<void, std::string> read_target_fields(Entry& e) const {
    auto name = string_field("name", false);
    if (!name) return std::unexpected(name.error());
    if (!name->empty() && !is_brand_label(*name))
      return fail("name", "not a lower-case ASCII label");
    e.name = *name;
    if (auto it = j_.find("names"); it != j_.end()) {
      if (!it->is_array()) return fail("names", "not an array");
      for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& v = (*it)[i];
        if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
            v.get_ref<const std::string&>().size() > 200) {
          return fail(strformat("names[{}]", i), "not a non-empty string");
        }
        e.names.push_back(v.get<std::string>());
      }
    }
    if (auto it = j_.find("typo"); it != j_.end()) {
      if (!it->is_boolean()) return fail("typo", "not true or false");
      e.typo = it->get<bool>();
    }
    if (auto r = read_labels("brands", e.brands); !r) return r;
    if (auto r = read_labels("word_brands", e.word_brands); !r) return r;
    if (auto it = j_.find("also"); it != j_.end()) {
      if (!it->is_array() || it->size() > kMaxAlso) return fail("also", "not an array of domains");
      for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& v = (*it)[i];
        auto host = v.is_string() ? normalize_host(v.get_ref<const std::string&>()) : std::nullopt;
        if (!host || *host != v.get_ref<const std::string&>() || is_ipv4(*host)) {
          return fail(strformat("also[{}]", i), "not a lower-case domain");
        }
        e.also.push_back(*host);
      }
    }
    auto sector = string_field("sector", false);
    if (!sector) return std::unexpected(sector.error());
    if (!sector->empty()) {
      auto parsed = parse_sector(*sector);
      if (!parsed) return fail("sector", strformat("unknown sector '{}'", *sector));
      e.sector = *parsed;
    }
    return {};
  }

  static bool is_brand_label(std::string_view s) {
    return !s.empty() && s.size() <= 63 && std::all_of(s.begin(), s.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
  }

  std::expected<void, std::string> read_labels(std::string_view key, Few<std::string>& out) const {
    auto it = j_.find(key);
    if (it == j_.end()) return {};
    if (!it->is_array() || it->size() > kMaxBrands) return fail(key, "not an array of labels");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const Json& v = (*it)[i];
      if (!v.is_string() || !is_brand_label(v.get_ref<const std::string&>())) {
        return fail(strformat("{}[{}]", key, i), "not a lower-case ASCII label");
      }
      out.push_back(v.get<std::string>());
    }
    return {};
  }

  // "citations": {"ru": "https://…", …}: the citation in other languages,
  // only beside the entry's own default citation.
  std::expected<void, std::string> read_citations(Entry& e) const {
    auto it = j_.find("citations");
    if (it == j_.end()) return {};
    if (!it->is_object() || it->size() > kMaxCitationLanguages) {
      return fail("citations", strformat("not an object {lang: https URL} of at most {} languages",
                                         kMaxCitationLanguages));
    }
    if (e.citation.empty()) return fail("citations", "given without the entry's own citation");
    for (const auto& [lang, url] : it->items()) {
      const CitationFault fault =
          citation_fault(lang, url.is_string() ? std::string_view(url.get_ref<const std::string&>())
                                               : std::string_view());
      if (fault == CitationFault::kLanguage) {
        return fail("citations", strformat("'{}' is not a language code", lang));
      }
      if (!url.is_string() || fault == CitationFault::kUrl) {
        return fail(strformat("citations.{}", lang), "not an https URL");
      }
      e.citations.push_back({lang, url.get<std::string>()});
    }
    return {};
  }

  std::expected<void, std::string> read_notes(Entry& e) const {
    auto it = j_.find("notes");
    if (it == j_.end()) return {};
    if (!it->is_object()) return fail("notes", "not an object {lang: text}");
    for (const auto& [lang, text] : it->items()) {
      if (!is_lang(lang)) return fail("notes", strformat("'{}' is not a language code", lang));
      if (!text.is_string() || text.get_ref<const std::string&>().size() > kMaxFieldBytes) {
        return fail(strformat("notes.{}", lang), "not a string (at most 4096 bytes)");
      }
      e.notes.push_back({lang, text.get<std::string>()});
    }
    return {};
  }

  const Json& j_;
  std::string at_;
  ListPurpose purpose_;
  bool list_gives_source_;
};

std::expected<void, std::string> check_header(const Json& j, std::string_view file_name,
                                              std::string_view format) {
  if (!j.is_object()) return std::unexpected(strformat("{}: not a JSON object", file_name));
  auto f = j.find("format");
  if (f == j.end() || !f->is_string() || f->get_ref<const std::string&>() != format) {
    return std::unexpected(strformat("{}: format: expected \"{}\"", file_name, format));
  }
  auto v = j.find("version");
  if (v == j.end() || !v->is_number_integer() || v->get<int>() != kVersion) {
    return std::unexpected(strformat("{}: version: expected {}", file_name, kVersion));
  }
  return {};
}

}  // namespace

CitationFault citation_fault(std::string_view lang, std::string_view url) {
  if (!is_lang(lang)) return CitationFault::kLanguage;
  if (url.size() > kMaxFieldBytes || !url.starts_with("https://") || !is_http_url(url)) {
    return CitationFault::kUrl;
  }
  return CitationFault::kNone;
}

bool is_citation_url(std::string_view url) { return is_http_url(url); }

bool is_language_code(std::string_view lang) { return is_lang(lang); }

std::expected<ParsedList, std::string> parse_list(std::string_view file_name,
                                                  std::string_view bytes) {
  auto decoded = decode(file_name, bytes);
  if (!decoded) return std::unexpected(decoded.error());
  const Json& j = *decoded;
  if (auto r = check_header(j, file_name, kListFormat); !r) return std::unexpected(r.error());
  static const std::set<std::string, std::less<>> kTop = {
      "format",   "version",  "name",     "purpose",     "origin",  "description",
      "rated_by", "citation", "reviewed", "attribution", "license", "entries"};
  for (const auto& [key, value] : j.items()) {
    if (!kTop.contains(key))
      return std::unexpected(strformat("{}: {}: unknown field", file_name, key));
  }
  List list;
  list.source = std::string(file_name);
  auto name = j.find("name");
  if (name == j.end() || !name->is_string() || !is_list_name(name->get_ref<const std::string&>())) {
    return std::unexpected(strformat("{}: name: missing or not [a-z0-9_-]+", file_name));
  }
  list.name = name->get<std::string>();
  // A top-level text field, `fallback` when absent; another JSON type is an
  // error (nlohmann's value() would throw).
  auto text_field = [&](std::string_view key,
                        const char* fallback) -> std::expected<std::string, std::string> {
    auto it = j.find(key);
    if (it == j.end()) return fallback;
    if (!it->is_string()) return std::unexpected(strformat("{}: {}: not a string", file_name, key));
    return it->get<std::string>();
  };
  auto purpose = text_field("purpose", "ratings");
  auto origin = text_field("origin", "curated");
  auto description = text_field("description", "");
  auto rated_by = text_field("rated_by", "");
  auto citation = text_field("citation", "");
  auto reviewed = text_field("reviewed", "");
  auto attribution = text_field("attribution", "");
  auto license = text_field("license", "");
  for (const auto* field :
       {&purpose, &origin, &description, &rated_by, &citation, &reviewed, &attribution, &license}) {
    if (!*field) return std::unexpected(field->error());
    if ((*field)->size() > kMaxFieldBytes) {
      return std::unexpected(
          strformat("{}: a top-level text is over {} bytes", file_name, kMaxFieldBytes));
    }
  }
  if (rated_by->empty() != citation->empty()) {
    return std::unexpected(
        strformat("{}: rated_by and citation: give both for the whole list or neither", file_name));
  }
  if (!citation->empty() && !is_http_url(*citation)) {
    return std::unexpected(strformat("{}: citation: not an http(s) URL", file_name));
  }
  if (!reviewed->empty() && !is_date(*reviewed)) {
    return std::unexpected(strformat("{}: reviewed: not a YYYY-MM-DD date", file_name));
  }
  list.rated_by = std::move(*rated_by);
  list.citation = std::move(*citation);
  list.reviewed = std::move(*reviewed);
  list.attribution = std::move(*attribution);
  list.license = std::move(*license);
  if (*purpose == "ratings") {
    list.purpose = ListPurpose::kRatings;
  } else if (*purpose == "lookalike-targets") {
    list.purpose = ListPurpose::kLookalikeTargets;
  } else {
    return std::unexpected(
        strformat("{}: purpose: expected \"ratings\" or \"lookalike-targets\"", file_name));
  }
  if (*origin == "curated") {
    list.origin = ListOrigin::kCurated;
  } else if (*origin == "dataset") {
    list.origin = ListOrigin::kDataset;
  } else {
    return std::unexpected(strformat("{}: origin: expected \"curated\" or \"dataset\"", file_name));
  }
  list.description = std::move(*description);
  auto entries = j.find("entries");
  if (entries == j.end() || !entries->is_array()) {
    return std::unexpected(strformat("{}: entries: missing or not an array", file_name));
  }
  // An entry at fault is left out and reported; the first of two with the
  // same pattern stays.
  Skipped skipped(file_name, "entries");
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const Json& item = (*entries)[i];
    EntryReader reader(item, strformat("{}: entries[{}]", file_name, i), list.purpose,
                       !list.citation.empty());
    auto entry = reader.read();
    if (!entry) {
      skipped.add(strformat("{} (entry {}left out)", entry.error(), entry_label(item)));
      continue;
    }
    if (!seen.insert(entry->pattern()).second) {
      skipped.add(strformat("{}: entries[{}]: '{}' is listed twice (entry left out)", file_name, i,
                            entry->pattern()));
      continue;
    }
    list.entries.push_back(std::move(*entry));
  }
  return ParsedList{std::move(list), std::move(skipped).finish()};
}

namespace {

// One clickbait pattern; `at` is "<file>: patterns[i]".
std::expected<ClickbaitPattern, std::string> read_clickbait_pattern(const Json& p,
                                                                    const std::string& at) {
  if (!p.is_object()) return std::unexpected(at + ": not an object");
  for (const auto& [key, value] : p.items()) {
    if (key != "lang" && key != "re" && key != "example") {
      return std::unexpected(strformat("{}.{}: unknown field", at, key));
    }
  }
  auto lang = p.find("lang");
  auto re = p.find("re");
  if (lang == p.end() || !lang->is_string() || !is_lang(lang->get_ref<const std::string&>())) {
    return std::unexpected(at + ".lang: missing or not a language code");
  }
  if (re == p.end() || !re->is_string() || re->get_ref<const std::string&>().empty() ||
      re->get_ref<const std::string&>().size() > kMaxFieldBytes) {
    return std::unexpected(at + ".re: missing or not a pattern");
  }
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  RE2 compiled(re->get<std::string>(), options);
  if (!compiled.ok()) {
    return std::unexpected(strformat("{}.re: RE2 refuses it: {}", at, compiled.error()));
  }
  if (auto ex = p.find("example"); ex != p.end()) {
    if (!ex->is_string() || !RE2::PartialMatch(ex->get<std::string>(), compiled)) {
      return std::unexpected(at + ".example: the pattern does not match its own example");
    }
  }
  return ClickbaitPattern{lang->get<std::string>(), re->get<std::string>()};
}

}  // namespace

std::expected<ParsedClickbait, std::string> parse_clickbait(std::string_view file_name,
                                                            std::string_view bytes) {
  auto decoded = decode(file_name, bytes);
  if (!decoded) return std::unexpected(decoded.error());
  const Json& j = *decoded;
  if (auto r = check_header(j, file_name, kClickbaitFormat); !r) return std::unexpected(r.error());
  auto patterns = j.find("patterns");
  if (patterns == j.end() || !patterns->is_array()) {
    return std::unexpected(strformat("{}: patterns: missing or not an array", file_name));
  }
  ParsedClickbait out;
  Skipped skipped(file_name, "patterns");
  for (std::size_t i = 0; i < patterns->size(); ++i) {
    auto pattern =
        read_clickbait_pattern((*patterns)[i], strformat("{}: patterns[{}]", file_name, i));
    if (pattern) {
      out.patterns.push_back(std::move(*pattern));
    } else {
      skipped.add(pattern.error() + " (pattern left out)");
    }
  }
  out.skipped = std::move(skipped).finish();
  return out;
}

std::string sniff_format(std::string_view bytes) {
  if (bytes.size() > kMaxListBytes) return {};
  Json j = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return {};
  auto f = j.find("format");
  return f != j.end() && f->is_string() ? f->get<std::string>() : std::string();
}

}  // namespace sauatty::credibility
