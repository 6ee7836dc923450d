#include "store/compiled_credibility.h"

#include <algorithm>
#include <bit>

#include "credibility/list.h"
#include "credibility/list_format.h"
#include "store/unicode_tables.h"

namespace sauatty::store {
namespace {

using credibility::Entry;
using credibility::List;

constexpr std::uint32_t kMagic = 0x43524432;  // "CRD2": entries carry per-language citations
// Far above our lists and the bundled datasets (~3,300 entries, 400 KiB).
constexpr std::size_t kMaxLists = 1u << 10;
constexpr std::size_t kMaxEntries = 1u << 22;
constexpr std::size_t kMaxItems = 1u << 12;  // reasons, notes, names, brands, also of one entry
constexpr std::size_t kMaxText = 1u << 16;
constexpr std::size_t kMaxPatterns = 1u << 14;
constexpr std::size_t kMaxWarnings = 1u << 20;

// Checked as the list reader checks them: the cache is only as trusted as
// its checksum, and a citation is a link the extension shows.
const char* citation_fault(std::string_view lang, std::string_view url) {
  switch (credibility::citation_fault(lang, url)) {
    case credibility::CitationFault::kNone:
      return nullptr;
    case credibility::CitationFault::kLanguage:
      return "bad credibility part: a citation's language is not a language code";
    case credibility::CitationFault::kUrl:
      return "bad credibility part: a citation is not an https URL";
  }
  return nullptr;
}

void write_entry(const Entry& e, engine::FrozenWriter& out) {
  out.u8(static_cast<std::uint8_t>(e.kind));
  out.str(e.host);
  out.str(e.path);
  out.u8(e.rating ? static_cast<std::uint8_t>(*e.rating) + 1 : 0);
  out.strings(e.reasons);
  out.str(e.rated_by);
  out.str(e.citation);
  out.str(e.reviewed);
  out.u64(e.notes.size());
  for (const credibility::Note& note : e.notes) {
    out.str(note.lang);
    out.str(note.text);
  }
  out.u64(e.citations.size());
  for (const credibility::Citation& citation : e.citations) {
    out.str(citation.lang);
    out.str(citation.url);
  }
  out.u32(std::bit_cast<std::uint32_t>(e.score));
  out.str(e.name);
  out.strings(e.names);
  out.u8(e.typo);
  out.strings(e.brands);
  out.strings(e.word_brands);
  out.strings(e.also);
  out.u8(static_cast<std::uint8_t>(e.sector));
}

void read_entry(Entry& e, engine::FrozenReader& in) {
  const std::uint8_t kind = in.u8();
  if (kind > static_cast<std::uint8_t>(credibility::PatternKind::kSection))
    in.fail("bad credibility part: pattern kind");
  // The lists an entry rarely has are allocated only when it has items
  // (credibility/few.h).
  auto read_few = [&in](credibility::Few<std::string>& out, std::size_t max_each) {
    std::vector<std::string> items;
    in.strings(items, kMaxItems, max_each);
    out.set(std::move(items));
  };
  e.kind = static_cast<credibility::PatternKind>(kind);
  in.str(e.host, 253);
  in.str(e.path, kMaxText);
  const std::uint8_t rating = in.u8();
  if (rating > credibility::kRatingCount) in.fail("bad credibility part: rating");
  if (rating != 0) e.rating = static_cast<credibility::Rating>(rating - 1);
  read_few(e.reasons, kMaxText);
  in.str(e.rated_by, kMaxText);
  in.str(e.citation, kMaxText);
  if (in.ok() && !e.citation.empty() && !credibility::is_citation_url(e.citation))
    in.fail("bad credibility part: an entry's citation is not an http(s) URL");
  in.str(e.reviewed, kMaxText);
  const std::uint64_t notes = in.count(kMaxItems, 16);
  for (std::uint64_t i = 0; in.ok() && i < notes; ++i) {
    credibility::Note note;
    in.str(note.lang, kMaxText);
    in.str(note.text, kMaxText);
    if (in.ok() && !credibility::is_language_code(note.lang))
      in.fail("bad credibility part: a note's language is not a language code");
    e.notes.push_back(std::move(note));
  }
  const std::uint64_t citations = in.count(kMaxItems, 16);
  for (std::uint64_t i = 0; in.ok() && i < citations; ++i) {
    credibility::Citation citation;
    in.str(citation.lang, kMaxText);
    in.str(citation.url, kMaxText);
    if (const char* fault = in.ok() ? citation_fault(citation.lang, citation.url) : nullptr)
      in.fail(fault);
    e.citations.push_back(std::move(citation));
  }
  e.score = std::bit_cast<float>(in.u32());
  in.str(e.name, kMaxText);
  read_few(e.names, kMaxText);
  e.typo = in.u8() != 0;
  read_few(e.brands, kMaxText);
  read_few(e.word_brands, kMaxText);
  read_few(e.also, 253);
  const std::uint8_t sector = in.u8();
  if (sector > static_cast<std::uint8_t>(credibility::Sector::kOrganisation))
    in.fail("bad credibility part: sector");
  e.sector = static_cast<credibility::Sector>(sector);
  if (!in.ok()) return;
  // The index and the detector rely on these (index.cpp's section_matches
  // reads a section's last byte; hosts are compared label by label).
  // Hosts as parse_list() and the importers store them (is_normal_host).
  if (!credibility::is_normal_host(e.host) ||
      !std::all_of(e.also.begin(), e.also.end(), [](const auto& h) {
        return credibility::is_normal_host(h) && !credibility::is_ipv4(h);
      }))
    in.fail("bad credibility part: a host is not a host name");
  if (e.kind == credibility::PatternKind::kSection && !e.path.starts_with('/'))
    in.fail("bad credibility part: a section without a path");
}

void write_list(const List& list, engine::FrozenWriter& out) {
  out.str(list.name);
  out.str(list.source);
  out.u8(static_cast<std::uint8_t>(list.purpose));
  out.u8(static_cast<std::uint8_t>(list.origin));
  out.str(list.description);
  out.str(list.rated_by);
  out.str(list.citation);
  out.str(list.reviewed);
  out.str(list.attribution);
  out.str(list.license);
  out.u64(list.entries.size());
  for (const Entry& e : list.entries) write_entry(e, out);
}

void read_list(List& list, engine::FrozenReader& in) {
  in.str(list.name, kMaxText);
  in.str(list.source, kMaxText);
  const std::uint8_t purpose = in.u8(), origin = in.u8();
  if (purpose > 1 || origin > 1) in.fail("bad credibility part: list purpose or origin");
  list.purpose = static_cast<credibility::ListPurpose>(purpose);
  list.origin = static_cast<credibility::ListOrigin>(origin);
  in.str(list.description, kMaxText);
  in.str(list.rated_by, kMaxText);
  in.str(list.citation, kMaxText);
  if (in.ok() && !list.citation.empty() && !credibility::is_citation_url(list.citation))
    in.fail("bad credibility part: a list's citation is not an http(s) URL");
  in.str(list.reviewed, kMaxText);
  in.str(list.attribution, kMaxText);
  in.str(list.license, kMaxText);
  // An entry takes at least 108 bytes (its lengths and flags).
  const std::uint64_t n = in.count(kMaxEntries, 108);
  if (!in.ok()) return;
  // One entry at a time: memory follows what was read, never a count the
  // bytes merely claim (an Entry in memory is several times its 108 bytes).
  // Room is made at once for as many as the bytes left could hold at an
  // Entry's size in memory, so that a real list does not move its entries
  // at every doubling (about 7% of a compiled start's CPU before).
  list.entries.clear();
  list.entries.reserve(
      static_cast<std::size_t>(std::min<std::uint64_t>(n, in.remaining() / sizeof(Entry))));
  engine::prepare_pages(list.entries.data(), list.entries.capacity() * sizeof(Entry));
  for (std::uint64_t i = 0; i < n; ++i) {
    Entry& e = list.entries.emplace_back();
    read_entry(e, in);
    if (!in.ok()) return;
    // A ratings list rates every entry; a targets list none (index.h).
    if (e.rating.has_value() != (list.purpose == credibility::ListPurpose::kRatings))
      return in.fail("bad credibility part: a rating where none belongs");
  }
}

}  // namespace

void write_credibility(const credibility::Assessor& assessor,
                       const std::vector<std::string>& warnings, engine::FrozenWriter& out) {
  out.u32(kMagic);
  out.u64(assessor.lists().size());
  for (const List& list : assessor.lists()) write_list(list, out);
  out.u64(assessor.clickbait().size());
  for (const credibility::ClickbaitPattern& p : assessor.clickbait()) {
    out.str(p.lang);
    out.str(p.re);
  }
  out.strings(warnings);
}

std::expected<CompiledCredibility, std::string> read_credibility(engine::FrozenReader& in) {
  if (in.u32() != kMagic) in.fail("bad credibility part: not one");
  const std::uint64_t n = in.count(kMaxLists, 64);
  std::vector<List> lists;
  for (std::uint64_t i = 0; in.ok() && i < n; ++i) {
    read_list(lists.emplace_back(), in);
  }
  const std::uint64_t patterns = in.count(kMaxPatterns, 16);
  std::vector<credibility::ClickbaitPattern> clickbait;
  for (std::uint64_t i = 0; in.ok() && i < patterns; ++i) {
    credibility::ClickbaitPattern p;
    in.str(p.lang, kMaxText);
    in.str(p.re, kMaxText);
    clickbait.push_back(std::move(p));
  }
  CompiledCredibility out;
  in.strings(out.warnings, kMaxWarnings, kMaxText);
  if (!in.ok()) return std::unexpected(in.error());
  auto assessor = credibility::Assessor::build(std::move(lists), clickbait,
                                               credibility::Confusables(&unicode_tables()));
  if (!assessor) return std::unexpected("bad credibility part: " + assessor.error());
  out.assessor = std::move(*assessor);
  return out;
}

}  // namespace sauatty::store
