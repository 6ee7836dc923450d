// Layout of a built Engine, shared by the builder and the matcher. Not part
// of the engine's interface.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/engine.h"

namespace sauatty::engine {

// How a filter's pattern is checked, decided at build time.
enum class PatternKind : std::uint8_t {
  kHostOnly,  // ||host^ : the host table lookup is the whole check
  kGlob,      // match_pattern()
  kRegex,     // RE2
  kNone,      // empty pattern: options decide
};

struct Engine::Compiled {
  std::uint32_t text_begin = 0;  // in strings_
  std::uint32_t pattern_begin = 0;
  std::uint16_t text_len = 0;
  std::uint16_t pattern_len = 0;
  std::uint16_t flags = 0;
  TypeMask types = 0;
  std::uint32_t domains_begin = 0;  // include, then exclude, then denyallow, each sorted
  std::uint16_t n_include = 0;
  std::uint16_t n_exclude = 0;
  std::uint16_t n_deny = 0;
  std::uint8_t party = kPartyAny;
  PatternKind kind = PatternKind::kNone;
  ListId list = 0;
  std::uint32_t regex = 0;  // index in regexes_ when kind is kRegex
};

struct Engine::Index {
  HashIndex hosts;    // kHostOnly filters by host_hash(host)
  HashIndex tokens;   // by token_hash of their chosen token
  HashIndex domains;  // by host_hash of each $domain= include entry
  std::vector<std::uint32_t> fallback;
};

// Most labels of a host that the host table and $domain= checks look at;
// deeper hosts have only their last kMaxLabels suffixes looked up.
inline constexpr int kMaxLabels = 24;

// What match() derives once per request.
struct Engine::Context {
  std::size_t host_begin = 0;  // host's place in request.url
  std::size_t host_end = 0;
  int n_host = 0;
  int n_page = 0;
  std::uint64_t host_suffixes[kMaxLabels];      // shortest first
  std::uint64_t page_suffixes[2 * kMaxLabels];  // longest first; then "entity.*" forms

  explicit Context(const Request& r) noexcept;
};

}  // namespace sauatty::engine
