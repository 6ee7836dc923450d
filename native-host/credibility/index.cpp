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
  // Order within a key: see the header. Sorting everything by that order
  // and adding in sequence keeps it per key (the table is stable per key).
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
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
    builder.add(item.indexed.entry->host, static_cast<std::uint32_t>(index.entries_.size()));
    index.entries_.push_back(item.indexed);
  }
  index.table_ = builder.finish();
  return index;
}

const IndexedEntry* Index::lookup(std::string_view host, std::string_view path) const {
  if (entries_.empty()) return nullptr;
  const IndexedEntry* curated = nullptr;
  const IndexedEntry* dataset = nullptr;
  bool whole = true;
  std::string_view key = host;
  while (!key.empty() && curated == nullptr) {
    for (std::uint32_t i : table_.find(key)) {
      const IndexedEntry& ie = entries_[i];
      switch (ie.entry->kind) {
        case PatternKind::kHost:
          if (!whole) continue;
          break;
        case PatternKind::kSection:
          if (!section_matches(ie.entry->path, path)) continue;
          break;
        case PatternKind::kDomain:
          break;
      }
      if (ie.list->origin == ListOrigin::kCurated) {
        curated = &ie;
        break;
      }
      if (dataset == nullptr) dataset = &ie;
    }
    auto dot = key.find('.');
    if (dot == std::string_view::npos) break;
    key.remove_prefix(dot + 1);
    whole = false;
  }
  if (curated == nullptr || dataset == nullptr) return curated ? curated : dataset;
  Rating ours = *curated->entry->rating, theirs = *dataset->entry->rating;
  return !is_positive(ours) && level_for(theirs) > level_for(ours) ? dataset : curated;
}

}  // namespace sauatty::credibility
