// The frozen rating index: host (and path) → the most specific rated entry.
//
// Matching is on label boundaries only, never on substrings (B.S. Detector
// once flagged deviantART.com as RT.com): a host is looked up whole, then
// with its first label removed, and so on ("a.b.rt.com", "b.rt.com",
// "rt.com", "com"). The first key that has an applicable entry wins, so a
// subdomain or section entry overrides its parent domain's.
//
// Within one key, entries are tried in this order: sections (longest path
// first), exact-host entries, domain entries; ties go to the list given
// first to build(), so our own lists override imported ones; between two
// datasets on one key the louder wins.
//
// Curation wins (ListOrigin): the walk finds the most specific curated
// entry and the most specific dataset entry at least as specific. A curated
// label covers its subdomains unless a curated entry for the subdomain says
// otherwise, and a dataset never lowers it: the dataset's entry is the
// answer only when no curated entry applies, or when it is strictly louder
// (level_for) than a curated entry that is not positive. So with Lin et al.
// imported, az.sputniknews.ru stays state-controlled (our sputniknews.ru),
// not "reliable" (Lin's exact entry for it). A curated `user-content` entry
// (a platform: youtube.com, dzen.ru) is replaced only by a dataset entry
// narrower than it (one author's blog host or account section), never by a
// rating of the platform as a whole.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "credibility/list.h"
#include "credibility/string_table.h"

namespace sauatty::credibility {

struct IndexedEntry {
  const Entry* entry = nullptr;
  const List* list = nullptr;
};

class Index {
 public:
  Index() = default;

  // Indexes every entry of every ratings list (lookalike-target lists are
  // skipped). `lists` must outlive the index and must not change: the index
  // points into it.
  static Index build(std::span<const List> lists);

  // The most specific entry for an ASCII lower-case host and a path ("/x?y";
  // may be empty), or nullptr. Does not allocate; ~1 hash probe per label.
  const IndexedEntry* lookup(std::string_view host, std::string_view path) const;

  std::size_t size() const { return entries_.size(); }

 private:
  // An entry with what rejects most candidates of a key without reading
  // the entry (a cache miss each): its kind and, for a section, its path's
  // length and last byte (lower case).
  struct Slot {
    IndexedEntry indexed;
    PatternKind kind = PatternKind::kDomain;
    std::uint32_t path_size = 0;
    char path_last = 0;
  };
  StringTable table_;          // host or domain → indices into entries_
  std::vector<Slot> entries_;  // one key's entries side by side, in its order
};

}  // namespace sauatty::credibility
