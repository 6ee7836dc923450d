// EngineBuilder's host table: the `||host^` filters, laid out once every
// filter is in (see builder_internal.h for the records they arrive as).
#include <algorithm>
#include <tuple>

#include "engine/builder_internal.h"
#include "engine/engine.h"
#include "engine/engine_internal.h"

namespace sauatty::engine {

// The host table: host items sorted by (index, host, FilterId), one run of
// host_filters_ per bucket, or the filter inline in the table's value when
// it is alone, plain and of the default types (engine_internal.h).
void EngineBuilder::lay_out_host_table(const std::unordered_set<std::string_view>& cancelled,
                                       std::unique_ptr<Engine::Index> (&indexes)[kIndexKinds],
                                       std::vector<std::uint64_t>& other_keys) {
  Pending& p = *pending_;
  Engine& e = p.engine;
  EngineStats& stats = e.stats_;
  auto filter_id = [&](const Pending::HostItem& h) {
    return (h.bits & kHostItemFull) ? p.items[h.id].compiled.id : h.id;
  };
  std::size_t before = p.hosts.size();
  if (!cancelled.empty()) {
    std::erase_if(p.hosts, [&](const Pending::HostItem& h) {
      return !(h.bits & kHostItemFull) && cancelled.contains(e.filter_text(h.id));
    });
  }
  std::size_t full = 0;
  std::vector<Pending::HostItem> important;  // copies for the important index
  for (const Pending::HostItem& h : p.hosts) {
    full += (h.bits & kHostItemFull) != 0;
    if ((h.bits & kHostItemImportant) && (h.bits & kHostItemIndexMask) == slot(IndexKind::kBlock)) {
      important.push_back(h);
      important.back().bits &= static_cast<std::uint8_t>(~kHostItemIndexMask);  // kImportant
    }
  }
  stats.cancelled += before - p.hosts.size();
  stats.indexed += p.hosts.size() - full;
  stats.host_table = p.hosts.size();
  for (std::vector<Pending::HostItem>* run : {&p.hosts, &important}) {
    std::vector<Pending::HostItem>& v = *run;
    auto order = [&](const Pending::HostItem& h) {
      return std::tuple(h.bits & kHostItemIndexMask, h.key, filter_id(h));
    };
    std::sort(v.begin(), v.end(),
              [&](const auto& a, const auto& b) { return order(a) < order(b); });
    auto same_bucket = [&](std::size_t a, std::size_t b) {
      return (v[a].bits & kHostItemIndexMask) == (v[b].bits & kHostItemIndexMask) &&
             v[a].key == v[b].key;
    };
    // The tables are sized from the bucket counts and filled directly (no
    // list of 95k entries beside them at the peak).
    std::size_t buckets[kIndexKinds] = {};
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (k == 0 || !same_bucket(k - 1, k)) ++buckets[v[k].bits & kHostItemIndexMask];
    }
    for (int i = 0; i < kIndexKinds; ++i) {
      if (buckets[i] != 0) indexes[i]->hosts = HashIndex(buckets[i]);
    }
    for (std::size_t k = 0; k < v.size(); ++k) {
      const Pending::HostItem& h = v[k];
      const int index = h.bits & kHostItemIndexMask;
      const bool first = k == 0 || !same_bucket(k - 1, k);
      const bool last = k + 1 == v.size() || !same_bucket(k, k + 1);
      const bool is_full = (h.bits & kHostItemFull) != 0;
      const FilterId id = filter_id(h);
      HashIndex& table = indexes[index]->hosts;
      if (first && index != slot(IndexKind::kBlock)) other_keys.push_back(h.key);
      if (first && last && !is_full && h.types == kDefaultTypes && id <= kHostInlineMaxId) {
        table.insert_mixed(h.key, host_inline_value(id, h.party));
        continue;
      }
      if (first) table.insert_mixed(h.key, static_cast<std::uint32_t>(e.host_filters_.size()));
      Engine::HostRecord record;
      record.id = id;
      record.types = h.types;
      record.party = h.party;
      if (is_full) {
        record.id = static_cast<std::uint32_t>(e.filters_.size());
        record.flags |= kHostFull;
        // Checked on its own by host_bucket(): a bucket of one.
        const Engine::Compiled& c = p.items[h.id].compiled;
        e.filters_.push_back(c);
        e.quick_.push_back({static_cast<std::uint16_t>(c.types | kQuickLast), kNoQuick, 0});
      }
      if (last) record.flags |= kHostLast;
      e.host_filters_.push_back(record);
    }
  }
  std::vector<Pending::HostItem>().swap(p.hosts);
}

}  // namespace sauatty::engine
