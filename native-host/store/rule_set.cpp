#include "store/rule_set.h"

#include <nlohmann/json.hpp>

#include "credibility/importers.h"
#include "credibility/load.h"
#include "lists/filter_list.h"
#include "store/compiled_cache.h"
#include "store/unicode_tables.h"

namespace sauatty::store {
namespace {

// Why a load failed; `optional_import` names the optional import at fault,
// which load_rule_set() then leaves out (empty: the load fails).
struct LoadFailure {
  std::string message;
  std::filesystem::path optional_import;
};

std::unexpected<LoadFailure> fail(std::string message) {
  return std::unexpected(LoadFailure{std::move(message), {}});
}

template <class Import>
std::unexpected<LoadFailure> fail(const Import& import, std::string message) {
  return std::unexpected(
      LoadFailure{std::move(message), import.optional ? import.path : std::filesystem::path()});
}

// After credibility::load() failed: the first optional import that fails on
// its own, as the failure to report.
std::unexpected<LoadFailure> credibility_failure(const LoadOptions& options,
                                                 const std::vector<std::string>& texts,
                                                 std::string message) {
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto& import = options.credibility_imports[i];
    if (!import.optional) continue;
    auto imported = credibility::import_list(*import_format(import.kind),
                                             import.path.filename().string(), texts[i]);
    if (!imported) return fail(import, imported.error());
  }
  return fail(std::move(message));
}

// The credibility rules (parsed, or from the compiled cache) into `set`.
void add_credibility(RuleSet& set, std::shared_ptr<const credibility::Assessor> assessor,
                     std::vector<std::string> warnings) {
  for (std::string& w : warnings) set.warnings.push_back(std::move(w));
  for (const credibility::List& list : assessor->lists()) {
    bool targets = list.purpose == credibility::ListPurpose::kLookalikeTargets;
    set.lists.push_back({list.name, targets ? ListKind::kReputable : ListKind::kCredibility,
                         list.entries.size(), list.attribution, list.license});
  }
  set.credibility = std::move(assessor);
}

// rules/credibility/*.json: our lists, the reputable (lookalike-target)
// list and the clickbait patterns, routed by their "format" field; then
// the imported datasets named in options.credibility_imports.
std::expected<void, LoadFailure> load_credibility(const LoadOptions& options, RuleSet& set) {
  std::vector<std::string> names;
  if (options.rules) names = options.rules->list("credibility", ".json");
  std::vector<std::string> texts;
  texts.reserve(names.size());
  for (const std::string& name : names) {
    auto text = options.rules->read(name);
    if (!text) return fail(text.error());
    texts.push_back(std::move(*text));
  }
  std::vector<credibility::RuleFile> files;
  for (std::size_t i = 0; i < names.size(); ++i) files.push_back({names[i], texts[i]});
  std::vector<std::string> import_texts;
  std::vector<credibility::ImportFile> imports;
  import_texts.reserve(options.credibility_imports.size());
  for (const auto& import : options.credibility_imports) {
    if (!import_format(import.kind)) {
      return fail("'" + std::string(list_kind_name(import.kind)) +
                  "' is not a credibility list kind");
    }
    auto text = lists::read_text_file(import.path, credibility::kMaxImportBytes);
    if (!text) return fail(import, text.error());
    import_texts.push_back(std::move(*text));
  }
  for (std::size_t i = 0; i < import_texts.size(); ++i) {
    const auto& import = options.credibility_imports[i];
    imports.push_back(
        {*import_format(import.kind), import.path.filename().string(), import_texts[i]});
  }
  auto loaded = credibility::load(files, imports, &unicode_tables());
  if (!loaded) return credibility_failure(options, import_texts, loaded.error());
  add_credibility(set, std::move(loaded->assessor), std::move(loaded->warnings));
  return {};
}

// Whether a JSON file of a rules folder's trackers/ is Disconnect's
// services.json rather than our entities format: its top-level object has
// a "categories" key and its "format" does not name ours. Read by a SAX
// pass that stops at a top-level "format" naming ours (our files' first
// key), so that our own files cost a few bytes' scan.
bool is_disconnect_services(std::string_view text) {
  struct Peek final : nlohmann::json::json_sax_t {
    int depth = 0;
    bool format_next = false;
    bool categories = false;
    bool ours = false;
    bool value() {
      format_next = false;
      return true;
    }
    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool string(string_t& s) override {
      if (format_next && s.starts_with("sauatty-entities/")) {
        ours = true;
        return false;  // decided
      }
      return value();
    }
    bool key(string_t& name) override {
      if (depth == 1) {
        format_next = name == "format";
        categories = categories || name == "categories";
      }
      return true;
    }
    bool start_object(std::size_t) override {
      ++depth;
      return value();
    }
    bool start_array(std::size_t) override {
      ++depth;
      return value();
    }
    bool end_object() override {
      --depth;
      return true;
    }
    bool end_array() override {
      --depth;
      return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) override {
      return false;
    }
  } peek;
  nlohmann::json::sax_parse(text, &peek);
  return peek.categories && !peek.ours;
}

// rules/trackers/: *entities.json in our format (a JSON file with a
// "categories" object is read as Disconnect's services.json), *.txt as
// Adblock Plus lists, *.hosts as hosts files; then the imported (downloaded)
// lists; then each --filters file.
std::expected<void, LoadFailure> load_trackers(const LoadOptions& options, RuleSet& set) {
  lists::TrackerRulesBuilder builder;
  if (options.rules) {
    for (const std::string& name : options.rules->list("trackers", ".json")) {
      auto text = options.rules->read(name);
      if (!text) return fail(text.error());
      auto report = is_disconnect_services(*text) ? builder.add_disconnect_json(name, *text)
                                                  : builder.add_entities_json(*text);
      if (!report) return fail(name + ": " + report.error());
    }
    for (const std::string& name : options.rules->list("trackers", ".txt")) {
      auto text = options.rules->read(name);
      if (!text) return fail(text.error());
      builder.add_filter_text(name, *text);
    }
    for (const std::string& name : options.rules->list("trackers", ".hosts")) {
      auto text = options.rules->read(name);
      if (!text) return fail(text.error());
      builder.add_hosts_text(name, *text);
    }
  }
  for (const auto& import : options.tracker_imports) {
    if (!importable(import.kind) || list_family(import.kind) != ListFamily::kTrackers) {
      return fail("'" + std::string(list_kind_name(import.kind)) + "' is not a tracker list kind");
    }
    if (import.kind == ListKind::kFilters) {
      // Streamed: an Adblock Plus list is never in memory whole.
      if (auto report = builder.add_filter_file(import.path); !report)
        return fail(import, report.error());
      continue;
    }
    auto text = lists::read_text_file(import.path, lists::kMaxListFileBytes);
    if (!text) return fail(import, text.error());
    std::string name = import.path.filename().string();
    std::expected<lists::ListReport, std::string> report;
    switch (import.kind) {
      case ListKind::kDisconnect:  // the error names the file
        report = builder.add_disconnect_json(name, *text);
        break;
      case ListKind::kTrackerRadar:
      case ListKind::kDisconnectEntities:
      case ListKind::kTrackerDb:
        report = builder.add_entity_data(list_kind_name(import.kind), name, *text);
        break;
      case ListKind::kHosts:
        builder.add_hosts_text(name, *text);
        break;
      default:
        break;  // filters: streamed above; the rest are not tracker kinds
    }
    if (!report) return fail(import, report.error());
  }
  for (const auto& file : options.filter_files) {
    if (auto report = builder.add_filter_file(file); !report) return fail(report.error());
  }
  auto trackers = std::make_shared<lists::TrackerRules>(builder.finish());
  for (const lists::ListReport& report : trackers->reports) {
    // The readers of lists/ name their kind as list_kind_name() does.
    auto kind = list_kind(report.kind);
    if (!kind) return fail(report.name + ": a list of unknown kind '" + report.kind + "'");
    // Entity data adds no filters: its entries are domains.
    set.lists.push_back({report.name, *kind, report.filters > 0 ? report.filters : report.domains});
    for (std::string& warning : report.warnings()) set.warnings.push_back(std::move(warning));
  }
  set.trackers = std::move(trackers);
  return {};
}

// How many of a set's lists and warnings are the tracker lists' (they come
// first): the parts a compiled cache keeps apart.
struct TrackerPart {
  std::size_t lists = 0;
  std::size_t warnings = 0;
};

// `compiled`: the rules read from the compiled cache, used instead of
// parsing the lists (the credibility lists too, when it holds them).
std::expected<std::shared_ptr<RuleSet>, LoadFailure> load_all(const LoadOptions& options,
                                                              const CompiledRules* compiled,
                                                              TrackerPart& tracker_part) {
  auto set = std::make_shared<RuleSet>();
  set->source = options.rules ? options.rules->describe() : "none";
  if (compiled) {
    set->trackers = compiled->trackers;
    set->lists = compiled->lists;
    set->warnings = compiled->warnings;
  } else if (auto loaded = load_trackers(options, *set); !loaded) {
    return std::unexpected(loaded.error());
  }
  tracker_part = {set->lists.size(), set->warnings.size()};
  if (compiled && compiled->credibility) {
    add_credibility(*set, compiled->credibility, compiled->credibility_warnings);
  } else if (options.rules || !options.credibility_imports.empty()) {
    if (auto loaded = load_credibility(options, *set); !loaded)
      return std::unexpected(loaded.error());
  }
  return set;
}

// The parts of a loaded `set` a compiled cache keeps.
CompiledRules compiled_part(const RuleSet& set, const TrackerPart& part) {
  CompiledRules out;
  out.trackers = set.trackers;
  out.lists.assign(set.lists.begin(), set.lists.begin() + part.lists);
  out.warnings.assign(set.warnings.begin(), set.warnings.begin() + part.warnings);
  if (set.credibility) {
    out.credibility = set.credibility;
    out.credibility_warnings.assign(set.warnings.begin() + part.warnings, set.warnings.end());
  }
  return out;
}

}  // namespace

bool add_import(LoadOptions& options, ListKind kind, const std::filesystem::path& path,
                bool optional) {
  if (!importable(kind)) return false;
  if (list_family(kind) == ListFamily::kTrackers) {
    options.tracker_imports.push_back({kind, path, optional});
  } else {
    options.credibility_imports.push_back({kind, path, optional});
  }
  return true;
}

std::expected<std::shared_ptr<const RuleSet>, std::string> load_rule_set(
    const LoadOptions& options) {
  std::optional<CompiledRules> compiled;
  std::string cache_note;
  bool refused = false;
  if (!options.compiled_cache.empty() && options.rebuild_compiled_cache) {
    cache_note = "parsed the lists: rebuild asked for";
  } else if (!options.compiled_cache.empty()) {
    auto read = read_compiled_cache(options.compiled_cache, options);
    if (read) {
      compiled = std::move(*read);
    } else if (options.compiled_cache_only) {
      return std::unexpected("compiled cache " + options.compiled_cache.string() + ": " +
                             read.error());
    } else {
      refused = read.error() != kNoCompiledCache && read.error() != kCacheOfOtherSources;
      cache_note = "parsed the lists: " + read.error();
    }
  }
  LoadOptions remaining = options;
  std::vector<std::string> left_out;
  for (;;) {
    TrackerPart part;
    auto set = load_all(remaining, compiled ? &*compiled : nullptr, part);
    if (set) {
      (*set)->left_out = std::move(left_out);
      if (compiled) {
        (*set)->compiled_cache = "used";
      } else if (!options.compiled_cache.empty()) {
        // Keyed by the sources asked for, as the next start will ask.
        auto written =
            write_compiled_cache(options.compiled_cache, options, compiled_part(**set, part));
        cache_note += written ? ", written" : ", not written: " + written.error();
        (*set)->compiled_cache = std::move(cache_note);
        (*set)->compiled_cache_refused = refused;
      }
      return std::shared_ptr<const RuleSet>(std::move(*set));
    }
    const std::filesystem::path& at_fault = set.error().optional_import;
    if (at_fault.empty()) return std::unexpected(set.error().message);
    // Load everything again without it: the builders may hold part of it.
    left_out.push_back(set.error().message);
    auto is_it = [&](const auto& import) { return import.path == at_fault; };
    std::erase_if(remaining.tracker_imports, is_it);
    std::erase_if(remaining.credibility_imports, is_it);
  }
}

}  // namespace sauatty::store
