// One network filter in Adblock Plus / EasyList syntax, parsed but not yet
// indexed, and the parser that produces it from one line of a list.
//
// Supported: `||host` and `|` anchors, `^`, `*`, `@@` exceptions, `/regex/`
// (compiled later, by the builder, with RE2), and the options
// $third-party/$3p/~third-party/$first-party/$1p, $domain=/$from= (with ~ and
// "entity.*" forms), resource types and their negations, $all, $important,
// $match-case, $badfilter, $denyallow=, and $redirect=/$empty/$mp4 (which
// block like a plain filter). Cosmetic rules and filters whose effect the
// engine cannot reproduce ($popup, $csp, $removeparam, $generichide, …) come
// back as a ParseSkip with the reason, so that readers count them.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "engine/host_hash.h"
#include "engine/request.h"

namespace sauatty::engine {

// A list line longer than this is skipped (kTooLong). The longest network
// filter in EasyList + EasyPrivacy 2026-07 is about 4 KiB (a $domain= list of
// hundreds of sites); 16 KiB leaves room and bounds the parser's work.
inline constexpr std::size_t kMaxFilterLength = 16 * 1024;

// Bits of NetworkFilter::flags.
enum FilterFlag : std::uint16_t {
  kFlagException = 1u << 0,    // @@
  kFlagImportant = 1u << 1,    // $important
  kFlagMatchCase = 1u << 2,    // $match-case: pattern kept in its case
  kFlagRegex = 1u << 3,        // /pattern/ (RE2 syntax)
  kFlagHostAnchor = 1u << 4,   // ||
  kFlagLeftAnchor = 1u << 5,   // |
  kFlagRightAnchor = 1u << 6,  // trailing |
  kFlagBadFilter = 1u << 7,    // $badfilter: cancels the filter it names
};

// Bits of NetworkFilter::party.
enum PartyBit : std::uint8_t { kPartyFirst = 1u << 0, kPartyThird = 1u << 1 };
inline constexpr std::uint8_t kPartyAny = kPartyFirst | kPartyThird;

struct NetworkFilter {
  std::string text;     // the line as written, trimmed: what reports name
  std::string pattern;  // between the anchors, '*' trimmed at both ends,
                        // lower case unless kFlagMatchCase; the regex body for
                        // kFlagRegex
  std::uint16_t flags = 0;
  TypeMask types = kDefaultTypes;
  std::uint8_t party = kPartyAny;
  // host_hash() of each $domain= entry; "example.*" entries hash as written.
  std::vector<std::uint64_t> include_domains;
  // For each include entry, tail_key() of it, or kAnyTail for an entry of
  // one label or an "example.*" form: a page can match the entry only if its
  // own tail is the same.
  std::vector<std::uint64_t> include_tails;
  std::vector<std::uint64_t> exclude_domains;
  std::vector<std::uint64_t> denyallow;  // $denyallow= request hosts
};

inline constexpr std::uint64_t kAnyTail = 0;
// tail_key() (engine/host_hash.h) of a host is never kAnyTail.

// Why a line is not a network filter the engine acts on. Stable names (see
// skip_reason_name) appear in parse reports and docs/ENGINE.md.
enum class SkipReason : std::uint8_t {
  kEmpty,
  kComment,            // "! …" or "[Adblock Plus 2.0]"
  kCosmetic,           // ##, #@#, #?#, #$#, #%#, $$ (element hiding, scriptlets)
  kTooLong,            // over kMaxFilterLength
  kUnsupportedOption,  // an option whose effect is not blocking ($popup, $csp, …)
  kUnknownOption,      // an option nobody documents
  kBadOption,          // a known option with a malformed value ($domain= empty)
  kNoType,             // type options that leave no request type ($~script,script)
  kEmptyPattern,       // no pattern and no $domain=: would match every request
  kBadRegex,           // RE2 refused the /regex/ (reported by the builder)
  kTooManyRegexes,     // over engine::kMaxRegexFilters (reported by the builder)
  kUnindexedRegex,     // over engine::kMaxUnindexedRegexes (reported by the builder)
  kCount,
};

std::string_view skip_reason_name(SkipReason reason);

struct ParseSkip {
  SkipReason reason;
  std::string_view detail;  // the option at fault (a view into the line), or empty
};

// Parses one line of a filter list. Never throws, never crashes on any input;
// what is not a usable network filter comes back as a ParseSkip.
std::expected<NetworkFilter, ParseSkip> parse_filter(std::string_view line);

// Same, into `out`, reusing its buffers (readers parse many lines into one).
// On a skip, `out` holds no usable filter.
std::expected<void, ParseSkip> parse_filter_into(std::string_view line, NetworkFilter& out);

}  // namespace sauatty::engine
