#include "credibility/index.h"

#include <algorithm>

namespace sauatty::credibility {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// "/blog" matches "/blog", "/blog/x", "/blog?x" and "/blog#x", not "/blogs".
// Paths compare ASCII-case-insensitively: lists write sections by hand.
bool section_matches(std::string_view prefix, std::string_view path) {
  if (path.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(prefix[i]) != lower(path[i])) return false;
  }
  if (path.size() == prefix.size() || prefix.back() == '/') return true;
  char next = path[prefix.size()];
  return next == '/' || next == '?' || next == '#';
}

int kind_rank(PatternKind kind) {
  switch (kind) {
    case PatternKind::kSection:
      return 0;
    case PatternKind::kHost:
      return 1;
    case PatternKind::kDomain:
      return 2;
  }
  return 3;
}

}  // namespace

Index Index::build(std::span<const List> lists) {
  struct Item {
    IndexedEntry indexed;
    std::size_t list_order;
  };
  std::vector<Item> items;
  for (std::size_t l = 0; l < lists.size(); ++l) {
    if (lists[l].purpose != ListPurpose::kRatings) continue;
    for (const Entry& e : lists[l].entries) {
      if (e.rating) items.push_back({{&e, &lists[l]}, l});
    }
  }
  // Order within a key: see the header. Sorting everything by key, then by
  // that order, and adding in sequence keeps it per key (the table is
  // stable per key) and puts a key's entries side by side.
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.indexed.entry->host != b.indexed.entry->host)
      return a.indexed.entry->host < b.indexed.entry->host;
    int ka = kind_rank(a.indexed.entry->kind), kb = kind_rank(b.indexed.entry->kind);
    if (ka != kb) return ka < kb;
    if (ka == 0 && a.indexed.entry->path.size() != b.indexed.entry->path.size()) {
      return a.indexed.entry->path.size() > b.indexed.entry->path.size();
    }
    return a.list_order < b.list_order;
  });
  Index index;
  StringTable::Builder builder;
  for (const Item& item : items) {
    const Entry& e = *item.indexed.entry;
    builder.add(e.host, static_cast<std::uint32_t>(index.entries_.size()));
    Slot slot{item.indexed, e.kind};
    if (e.kind == PatternKind::kSection && !e.path.empty()) {
      slot.path_size = static_cast<std::uint32_t>(e.path.size());
      slot.path_last = lower(e.path.back());
    }
    index.entries_.push_back(slot);
  }
  index.table_ = builder.finish();
  return index;
}

const IndexedEntry* Index::lookup(std::string_view host, std::string_view path) const {
  if (entries_.empty()) return nullptr;
  const IndexedEntry* curated = nullptr;
  const IndexedEntry* dataset = nullptr;
  std::size_t curated_key = 0, dataset_key = 0;  // length of the key each was found at
  bool whole = true;
  std::string_view key = host;
  while (!key.empty() && curated == nullptr) {
    for (std::uint32_t i : table_.find(key)) {
      const Slot& slot = entries_[i];
      const IndexedEntry& ie = slot.indexed;
      switch (slot.kind) {
        case PatternKind::kHost:
          if (!whole) continue;
          break;
        case PatternKind::kSection:
          if (slot.path_size > path.size() ||
              (slot.path_size > 0 && lower(path[slot.path_size - 1]) != slot.path_last) ||
              !section_matches(ie.entry->path, path)) {
            continue;
          }
          break;
        case PatternKind::kDomain:
          break;
      }
      if (ie.list->origin == ListOrigin::kCurated) {
        curated = &ie;
        curated_key = key.size();
        break;
      }
      // Two datasets on the same key: the louder (independent raters; the
      // quieter one's silence is not evidence of quality).
      if (dataset == nullptr ||
          (dataset_key == key.size() &&
           level_for(*ie.entry->rating) > level_for(*dataset->entry->rating))) {
        dataset = &ie;
        dataset_key = key.size();
      }
    }
    auto dot = key.find('.');
    if (dot == std::string_view::npos) break;
    key.remove_prefix(dot + 1);
    whole = false;
  }
  if (curated == nullptr || dataset == nullptr) return curated ? curated : dataset;
  Rating ours = *curated->entry->rating, theirs = *dataset->entry->rating;
  if (is_positive(ours) || level_for(theirs) <= level_for(ours)) return curated;
  // A platform of others' content is never rated as a whole by a dataset;
  // one author's part of it (a blog's host, an account's section) may be.
  if (ours == Rating::kUserContent) {
    const Entry& d = *dataset->entry;
    const Entry& c = *curated->entry;
    bool narrower = dataset_key > curated_key ||
                    (dataset_key == curated_key &&
                     (kind_rank(d.kind) < kind_rank(c.kind) ||
                      (d.kind == PatternKind::kSection && c.kind == PatternKind::kSection &&
                       d.path.size() > c.path.size())));
    if (!narrower) return curated;
  }
  return dataset;
}

}  // namespace sauatty::credibility
