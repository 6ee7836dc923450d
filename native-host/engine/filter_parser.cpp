// Parser for one Adblock Plus / EasyList network filter line.
#include <algorithm>
#include <array>

#include "engine/filter.h"

namespace sauatty::engine {
namespace {

enum class OptionKind : std::uint8_t {
  kType,        // a resource type; `bits` says which
  kThirdParty,  // third-party / 3p (negated: first party)
  kFirstParty,  // first-party / 1p (negated: third party)
  kDomain,      // domain= / from=
  kDenyAllow,   // denyallow=
  kImportant,
  kMatchCase,
  kBadFilter,
  kAll,
  kBlockAlias,   // redirect=, empty, mp4: blocks like a plain filter
  kIgnored,      // no effect on a block decision ($_, $reason=, strict3p…)
  kUnsupported,  // changes something other than blocking: skip the filter
};

struct OptionSpec {
  std::string_view name;
  OptionKind kind;
  TypeMask bits = 0;
};

// Names as uBlock Origin and Adblock Plus accept them (uBO aliases included).
constexpr std::array kOptions = {
    OptionSpec{"third-party", OptionKind::kThirdParty},
    OptionSpec{"3p", OptionKind::kThirdParty},
    OptionSpec{"first-party", OptionKind::kFirstParty},
    OptionSpec{"1p", OptionKind::kFirstParty},
    OptionSpec{"script", OptionKind::kType, kTypeScript},
    OptionSpec{"image", OptionKind::kType, kTypeImage},
    OptionSpec{"stylesheet", OptionKind::kType, kTypeStylesheet},
    OptionSpec{"css", OptionKind::kType, kTypeStylesheet},
    OptionSpec{"object", OptionKind::kType, kTypeObject},
    OptionSpec{"object-subrequest", OptionKind::kType, kTypeObject},
    OptionSpec{"xmlhttprequest", OptionKind::kType, kTypeXhr},
    OptionSpec{"xhr", OptionKind::kType, kTypeXhr},
    OptionSpec{"subdocument", OptionKind::kType, kTypeSubdocument},
    OptionSpec{"frame", OptionKind::kType, kTypeSubdocument},
    OptionSpec{"ping", OptionKind::kType, kTypePing},
    OptionSpec{"beacon", OptionKind::kType, kTypePing},
    OptionSpec{"media", OptionKind::kType, kTypeMedia},
    OptionSpec{"font", OptionKind::kType, kTypeFont},
    OptionSpec{"websocket", OptionKind::kType, kTypeWebsocket},
    OptionSpec{"other", OptionKind::kType, kTypeOther},
    OptionSpec{"document", OptionKind::kType, kTypeDocument},
    OptionSpec{"doc", OptionKind::kType, kTypeDocument},
    OptionSpec{"popup", OptionKind::kType, kTypePopup},
    OptionSpec{"domain", OptionKind::kDomain},
    OptionSpec{"from", OptionKind::kDomain},
    OptionSpec{"denyallow", OptionKind::kDenyAllow},
    OptionSpec{"important", OptionKind::kImportant},
    OptionSpec{"match-case", OptionKind::kMatchCase},
    OptionSpec{"badfilter", OptionKind::kBadFilter},
    OptionSpec{"all", OptionKind::kAll},
    OptionSpec{"redirect", OptionKind::kBlockAlias},
    OptionSpec{"empty", OptionKind::kBlockAlias},
    OptionSpec{"mp4", OptionKind::kBlockAlias},
    OptionSpec{"_", OptionKind::kIgnored},
    OptionSpec{"reason", OptionKind::kIgnored},
    OptionSpec{"strict3p", OptionKind::kThirdParty},
    OptionSpec{"strict1p", OptionKind::kFirstParty},
    OptionSpec{"popunder", OptionKind::kUnsupported},
    OptionSpec{"csp", OptionKind::kUnsupported},
    OptionSpec{"removeparam", OptionKind::kUnsupported},
    OptionSpec{"queryprune", OptionKind::kUnsupported},
    OptionSpec{"redirect-rule", OptionKind::kUnsupported},
    OptionSpec{"rewrite", OptionKind::kUnsupported},
    OptionSpec{"generichide", OptionKind::kUnsupported},
    OptionSpec{"ghide", OptionKind::kUnsupported},
    OptionSpec{"elemhide", OptionKind::kUnsupported},
    OptionSpec{"collapse", OptionKind::kIgnored},  // old ABP: hide the element too
    OptionSpec{"ehide", OptionKind::kUnsupported},
    OptionSpec{"specifichide", OptionKind::kUnsupported},
    OptionSpec{"shide", OptionKind::kUnsupported},
    OptionSpec{"genericblock", OptionKind::kUnsupported},
    OptionSpec{"inline-script", OptionKind::kUnsupported},
    OptionSpec{"inline-font", OptionKind::kUnsupported},
    OptionSpec{"webrtc", OptionKind::kUnsupported},
    OptionSpec{"sitekey", OptionKind::kUnsupported},
    OptionSpec{"method", OptionKind::kUnsupported},
    OptionSpec{"header", OptionKind::kUnsupported},
    OptionSpec{"to", OptionKind::kUnsupported},
    OptionSpec{"cname", OptionKind::kUnsupported},
    OptionSpec{"permissions", OptionKind::kUnsupported},
    OptionSpec{"replace", OptionKind::kUnsupported},
    OptionSpec{"urlskip", OptionKind::kUnsupported},
    OptionSpec{"ipaddress", OptionKind::kUnsupported},
    OptionSpec{"uritransform", OptionKind::kUnsupported},
    OptionSpec{"urltransform", OptionKind::kUnsupported},
};

const OptionSpec* find_option(std::string_view name) {
  for (const auto& spec : kOptions) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// Element hiding, extended CSS, scriptlets and HTML filters all carry one of
// these separators; no network filter in EasyList does.
bool is_cosmetic(std::string_view line) {
  for (std::size_t i = line.find('#'); i != std::string_view::npos; i = line.find('#', i + 1)) {
    if (i + 1 >= line.size()) break;
    char next = line[i + 1];
    if (next == '#') return true;
    if ((next == '@' || next == '?' || next == '$' || next == '%') &&
        line.find('#', i + 2) != std::string_view::npos) {
      std::string_view rest = line.substr(i + 1);
      if (rest.starts_with("@#") || rest.starts_with("?#") || rest.starts_with("$#") ||
          rest.starts_with("%#") || rest.starts_with("@$#") || rest.starts_with("@?#") ||
          rest.starts_with("@%#")) {
        return true;
      }
    }
  }
  std::size_t dollar = line.find("$$");
  if (dollar != std::string_view::npos && dollar > 0) return true;
  return line.find("$@$") != std::string_view::npos;
}

// tail_key() of a $domain= entry, or kAnyTail for an entry of one label or an
// "example.*" form (NetworkFilter::include_tails).
std::uint64_t domain_tail(std::string_view host) {
  if (host.ends_with(".*")) return kAnyTail;
  std::size_t last = host.rfind('.');
  if (last == std::string_view::npos || last == 0) return kAnyTail;
  return tail_key(host);
}

// Splits `value` on '|' into hashed include / exclude host lists (and the
// include entries' tails, when `tails` is given).
bool parse_domain_list(std::string_view value, std::vector<std::uint64_t>& include,
                       std::vector<std::uint64_t>* exclude,
                       std::vector<std::uint64_t>* tails = nullptr) {
  std::string buffer;
  while (!value.empty()) {
    std::size_t bar = value.find('|');
    std::string_view item = value.substr(0, bar);
    value = bar == std::string_view::npos ? std::string_view{} : value.substr(bar + 1);
    bool negated = !item.empty() && item.front() == '~';
    if (negated) item.remove_prefix(1);
    if (item.empty()) continue;
    // A regex domain (uBO "/…/") cannot be hashed: refuse the filter.
    if (item.front() == '/') return false;
    buffer.assign(item);
    for (char& c : buffer) c = lower(c);
    std::vector<std::uint64_t>* target = negated ? exclude : &include;
    if (target == nullptr) return false;  // denyallow= takes no negations
    target->push_back(host_hash(buffer));
    if (!negated && tails != nullptr) tails->push_back(domain_tail(buffer));
  }
  return !include.empty() || (exclude != nullptr && !exclude->empty());
}

// Applies the options in `options` (the text after '$') to `filter`.
std::expected<void, ParseSkip> parse_options(std::string_view options, NetworkFilter& filter) {
  TypeMask allowed = 0;   // types named positively
  TypeMask excluded = 0;  // types named with ~
  bool all = false;
  while (!options.empty()) {
    std::size_t comma = options.find(',');
    std::string_view option = options.substr(0, comma);
    options = comma == std::string_view::npos ? std::string_view{} : options.substr(comma + 1);
    if (option.empty()) continue;
    bool negated = option.front() == '~';
    if (negated) option.remove_prefix(1);
    std::string_view value;
    if (std::size_t eq = option.find('='); eq != std::string_view::npos) {
      value = option.substr(eq + 1);
      option = option.substr(0, eq);
    }
    const OptionSpec* spec = find_option(option);
    if (spec == nullptr) return std::unexpected(ParseSkip{SkipReason::kUnknownOption, option});
    switch (spec->kind) {
      case OptionKind::kType:
        (negated ? excluded : allowed) |= spec->bits;
        break;
      case OptionKind::kThirdParty:
        filter.party = negated ? kPartyFirst : kPartyThird;
        break;
      case OptionKind::kFirstParty:
        filter.party = negated ? kPartyThird : kPartyFirst;
        break;
      case OptionKind::kDomain:
        if (negated || !parse_domain_list(value, filter.include_domains, &filter.exclude_domains,
                                          &filter.include_tails)) {
          return std::unexpected(ParseSkip{SkipReason::kBadOption, option});
        }
        break;
      case OptionKind::kDenyAllow:
        if (negated || !parse_domain_list(value, filter.denyallow, nullptr)) {
          return std::unexpected(ParseSkip{SkipReason::kBadOption, option});
        }
        break;
      case OptionKind::kImportant:
        filter.flags |= kFlagImportant;
        break;
      case OptionKind::kMatchCase:
        filter.flags |= kFlagMatchCase;
        break;
      case OptionKind::kBadFilter:
        filter.flags |= kFlagBadFilter;
        break;
      case OptionKind::kAll:
        all = true;
        break;
      case OptionKind::kBlockAlias:
        // "$redirect=" on an exception only cancels the redirect: not ours.
        if (filter.flags & kFlagException) {
          return std::unexpected(ParseSkip{SkipReason::kUnsupportedOption, option});
        }
        break;
      case OptionKind::kIgnored:
        break;
      case OptionKind::kUnsupported:
        return std::unexpected(ParseSkip{SkipReason::kUnsupportedOption, option});
    }
  }
  if (all) allowed |= kAllTypes;
  if (allowed != 0) {
    filter.types = allowed & ~excluded;
  } else if (excluded != 0) {
    filter.types = kDefaultTypes & ~excluded;
  }
  // A filter for popups only never applies to a request; one for popups and
  // more keeps the rest.
  if (filter.types == kTypePopup && !all) {
    return std::unexpected(ParseSkip{SkipReason::kUnsupportedOption, "popup"});
  }
  if ((filter.types & ~kTypePopup) == 0) {
    return std::unexpected(ParseSkip{SkipReason::kNoType, {}});
  }
  return {};
}

// Index of the '$' that starts the options, or npos. The last '$' counts,
// unless what follows it cannot be options (a regex's end-of-line "$/").
std::size_t options_start(std::string_view line) {
  std::size_t dollar = line.rfind('$');
  if (dollar == std::string_view::npos) return dollar;
  std::string_view after = line.substr(dollar + 1);
  if (line.front() == '/' && after.find('/') != std::string_view::npos &&
      after.find('=') == std::string_view::npos) {
    return std::string_view::npos;
  }
  return dollar;
}

}  // namespace

std::string_view skip_reason_name(SkipReason reason) {
  switch (reason) {
    case SkipReason::kEmpty:
      return "empty";
    case SkipReason::kComment:
      return "comment";
    case SkipReason::kCosmetic:
      return "cosmetic";
    case SkipReason::kTooLong:
      return "too_long";
    case SkipReason::kUnsupportedOption:
      return "unsupported_option";
    case SkipReason::kUnknownOption:
      return "unknown_option";
    case SkipReason::kBadOption:
      return "bad_option";
    case SkipReason::kNoType:
      return "no_type";
    case SkipReason::kEmptyPattern:
      return "empty_pattern";
    case SkipReason::kBadRegex:
      return "bad_regex";
    case SkipReason::kTooManyRegexes:
      return "too_many_regexes";
    case SkipReason::kUnindexedRegex:
      return "unindexed_regex";
    case SkipReason::kCount:
      break;
  }
  return "unknown";
}

std::expected<void, ParseSkip> parse_filter_into(std::string_view line, NetworkFilter& filter) {
  if (line.size() > kMaxFilterLength) return std::unexpected(ParseSkip{SkipReason::kTooLong, {}});
  line = trim(line);
  if (line.empty()) return std::unexpected(ParseSkip{SkipReason::kEmpty, {}});
  if (line.front() == '!' || line.front() == '[') {
    return std::unexpected(ParseSkip{SkipReason::kComment, {}});
  }
  if (is_cosmetic(line)) return std::unexpected(ParseSkip{SkipReason::kCosmetic, {}});

  filter.flags = 0;
  filter.types = kDefaultTypes;
  filter.party = kPartyAny;
  filter.include_domains.clear();
  filter.include_tails.clear();
  filter.exclude_domains.clear();
  filter.denyallow.clear();
  std::string_view body = line;
  if (body.starts_with("@@")) {
    filter.flags |= kFlagException;
    body.remove_prefix(2);
  }
  if (std::size_t dollar = body.empty() ? std::string_view::npos : options_start(body);
      dollar != std::string_view::npos) {
    if (auto ok = parse_options(body.substr(dollar + 1), filter); !ok) {
      return std::unexpected(ok.error());
    }
    body = body.substr(0, dollar);
  }

  if (body.size() >= 2 && body.front() == '/' && body.back() == '/') {
    filter.flags |= kFlagRegex;
    body = body.substr(1, body.size() - 2);
  } else {
    if (body.starts_with("||")) {
      filter.flags |= kFlagHostAnchor;
      body.remove_prefix(2);
    } else if (body.starts_with("|")) {
      filter.flags |= kFlagLeftAnchor;
      body.remove_prefix(1);
    }
    if (body.ends_with("|")) {
      filter.flags |= kFlagRightAnchor;
      body.remove_suffix(1);
    }
    // Leading and trailing '*' match anything and so drop the anchor they
    // touch.
    if (body.starts_with("*")) {
      filter.flags &= ~(kFlagHostAnchor | kFlagLeftAnchor);
      while (body.starts_with("*")) body.remove_prefix(1);
    }
    if (body.ends_with("*")) {
      filter.flags &= ~kFlagRightAnchor;
      while (body.ends_with("*")) body.remove_suffix(1);
    }
  }
  if (body.empty() && filter.include_domains.empty() && filter.types == kDefaultTypes &&
      filter.denyallow.empty()) {
    return std::unexpected(ParseSkip{SkipReason::kEmptyPattern, {}});
  }
  filter.text.assign(line);
  filter.pattern.assign(body);
  // A regex keeps its case ("\D" is not "\d"): RE2 ignores case instead.
  if (!(filter.flags & (kFlagMatchCase | kFlagRegex))) {
    for (char& c : filter.pattern) c = lower(c);
  }
  return {};
}

std::expected<NetworkFilter, ParseSkip> parse_filter(std::string_view line) {
  NetworkFilter filter;
  if (auto ok = parse_filter_into(line, filter); !ok) return std::unexpected(ok.error());
  return filter;
}

}  // namespace sauatty::engine
