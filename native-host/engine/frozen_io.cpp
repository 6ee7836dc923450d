#include "engine/frozen_io.h"

#include <re2/re2.h>

#include <algorithm>
#include <bit>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "engine/engine_internal.h"
#include "engine/filter_regex.h"

namespace sauatty::engine {

// Generous bounds on what one index may hold (each far above EasyList +
// EasyPrivacy: ~110,000 filters, 5 MiB of filter text), so that a count in
// a hostile file cannot ask for more than the file itself could fill anyway.
namespace {
constexpr std::size_t kMaxRecords = 1u << 26;
constexpr std::size_t kMaxLists = 1u << 16;
constexpr std::size_t kMaxNameBytes = 1u << 16;
constexpr std::size_t kMaxStringBytes = 1u << 30;
constexpr std::uint32_t kMagicEngine = 0x454e4731;    // "ENG1"
constexpr std::uint32_t kMagicEntities = 0x454e5431;  // "ENT1"
}  // namespace

std::uint64_t frozen_layout() {
  std::uint64_t h = kEngineFormatVersion;
  auto fold = [&](std::uint64_t v) { h = h * 0x100000001b3ull ^ v; };
  fold(std::endian::native == std::endian::little ? 1 : 2);
  fold(sizeof(void*));
  fold(sizeof(std::size_t));
  return h;
}

void prepare_pages(void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  if (p == nullptr || bytes < (64u << 10)) return;
  static const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
  const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(page - 1);
  // An old kernel says EINVAL: the fill then faults the pages in, as before.
  if (end > begin)
    (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
  (void)p;
  (void)bytes;
#endif
}

FrozenReader::FrozenReader(Source source, std::uint64_t size)
    : source_(std::move(source)), size_(size), buffer_(64 * 1024) {}

bool FrozenReader::raw(void* dst, std::size_t n) {
  if (n == 0) return ok();  // dst may be null then (an empty vector's data())
  char* out = static_cast<char*>(dst);
  if (!ok()) {
    std::memset(out, 0, n);
    return false;
  }
  if (n > remaining()) {
    std::memset(out, 0, n);
    fail("truncated");
    return false;
  }
  consumed_ += n;
  std::size_t from_buffer = std::min(n, end_ - begin_);
  std::memcpy(out, buffer_.data() + begin_, from_buffer);
  begin_ += from_buffer;
  out += from_buffer;
  n -= from_buffer;
  // Large reads go straight to their destination; small ones refill the buffer.
  while (n >= buffer_.size()) {
    std::size_t got = source_(out, n);
    if (got == 0 || got > n) {
      std::memset(out, 0, n);
      fail("truncated");
      return false;
    }
    out += got;
    n -= got;
  }
  while (n > 0) {
    std::size_t got = source_(buffer_.data(), buffer_.size());
    if (got == 0 || got > buffer_.size()) {
      std::memset(out, 0, n);
      fail("truncated");
      return false;
    }
    begin_ = 0;
    end_ = got;
    std::size_t take = std::min(n, got);
    std::memcpy(out, buffer_.data(), take);
    begin_ = take;
    out += take;
    n -= take;
  }
  return true;
}

bool FrozenReader::str(std::string& out, std::size_t max) {
  const std::uint64_t n = u64();
  if (!ok()) return false;
  if (n > max || n > remaining()) {
    fail("a string of " + std::to_string(n) + " bytes is more than allowed");
    return false;
  }
  if (n > out.capacity()) {
    out.clear();
    out.reserve(static_cast<std::size_t>(n));
    prepare_pages(out.data(), out.capacity());
  }
  out.resize(static_cast<std::size_t>(n));
  return raw(out.data(), out.size());
}

bool FrozenReader::strings(std::vector<std::string>& out, std::size_t max_count,
                           std::size_t max_each) {
  // Each string costs at least its 8-byte length.
  const std::uint64_t n = count(max_count, 8);
  if (!ok()) return false;
  out.resize(static_cast<std::size_t>(n));
  for (std::string& s : out) {
    if (!str(s, max_each)) return false;
  }
  return true;
}

// The one place that reads and writes the private parts of the index.
struct FrozenAccess {
  template <class Payload>
  static void write_hash(const BasicHashIndex<Payload>& index, FrozenWriter& out) {
    out.array(index.slots_);
    out.array(index.bloom_);
    out.u64(index.keys_);
  }

  // Reads a hash index and checks its structure; its values are checked by
  // check(), which knows what they point into.
  template <class Payload>
  static void read_hash(BasicHashIndex<Payload>& index, FrozenReader& in, std::string_view what) {
    using Index = BasicHashIndex<Payload>;
    Index h;
    in.array(h.slots_, kMaxRecords);
    in.array(h.bloom_, kMaxRecords);
    h.keys_ = static_cast<std::size_t>(in.u64());
    if (!in.ok()) return;
    auto bad = [&](std::string_view why) {
      in.fail("bad index: " + std::string(what) + " " + std::string(why));
    };
    if (h.bloom_.empty() || !std::has_single_bit(h.bloom_.size())) return bad("bit filter size");
    h.bloom_mask_ = h.bloom_.size() - 1;
    h.slot_count_ = h.slots_.size();
    std::size_t used = 0;
    for (const auto& slot : h.slots_) used += slot.value != Index::kMissing;
    // A lookup walks slots until an empty one: there must be one. With no
    // slots at all, the bit filter must let nothing through.
    if (h.slot_count_ != 0 && used == h.slot_count_) return bad("has no empty slot");
    if (h.slot_count_ == 0 &&
        std::any_of(h.bloom_.begin(), h.bloom_.end(), [](std::uint64_t w) { return w != 0; }))
      return bad("bit filter without slots");
    if (h.keys_ != used) return bad("key count");
    index = std::move(h);
  }

  // True when ok(slot) holds for every filled slot.
  template <class Payload, class Ok>
  static bool all_values(const BasicHashIndex<Payload>& index, Ok ok) {
    for (const auto& slot : index.slots_) {
      if (slot.value != BasicHashIndex<Payload>::kMissing && !ok(slot)) return false;
    }
    return true;
  }

  static void write_index(const Engine::Index* index, FrozenWriter& out) {
    out.u8(index != nullptr);
    if (!index) return;
    write_hash(index->hosts, out);
    write_hash(index->tokens, out);
    write_hash(index->domains, out);
    write_hash(index->domain_tails, out);
    out.u8(index->any_tail);
    out.u32(index->fallback_begin);
    out.u32(index->fallback_end);
  }

  static void read_index(std::unique_ptr<Engine::Index>& index, FrozenReader& in) {
    if (in.u8() == 0 || !in.ok()) return;
    index = std::make_unique<Engine::Index>();
    read_hash(index->hosts, in, "hosts");
    read_hash(index->tokens, in, "tokens");
    read_hash(index->domains, in, "domains");
    read_hash(index->domain_tails, in, "domain tails");
    index->any_tail = in.u8() != 0;
    index->fallback_begin = in.u32();
    index->fallback_end = in.u32();
  }

  // RE2's options as bits, in this order.
  static std::uint32_t option_bits(const RE2::Options& o) {
    std::uint32_t bits = 0;
    int i = 0;
    for (bool b : {o.posix_syntax(), o.longest_match(), o.literal(), o.never_nl(), o.dot_nl(),
                   o.never_capture(), o.case_sensitive(), o.perl_classes(), o.word_boundary(),
                   o.one_line()}) {
      bits |= std::uint32_t{b} << i++;
    }
    return bits;
  }
  static RE2::Options options_from(std::uint32_t bits, std::uint64_t max_mem,
                                   std::uint8_t encoding) {
    auto bit = [&](int i) { return ((bits >> i) & 1) != 0; };
    RE2::Options o;
    o.set_log_errors(false);
    o.set_max_mem(static_cast<std::int64_t>(std::min<std::uint64_t>(max_mem, kRegexMaxMem)));
    o.set_encoding(encoding == RE2::Options::EncodingLatin1 ? RE2::Options::EncodingLatin1
                                                            : RE2::Options::EncodingUTF8);
    o.set_posix_syntax(bit(0));
    o.set_longest_match(bit(1));
    o.set_literal(bit(2));
    o.set_never_nl(bit(3));
    o.set_dot_nl(bit(4));
    o.set_never_capture(bit(5));
    o.set_case_sensitive(bit(6));
    o.set_perl_classes(bit(7));
    o.set_word_boundary(bit(8));
    o.set_one_line(bit(9));
    return o;
  }

  static void write(const Engine& e, FrozenWriter& out) {
    out.u32(kMagicEngine);
    out.array(e.filters_);
    out.array(e.quick_);
    write_hash(e.other_keys_, out);
    out.array(e.host_filters_);
    out.str(e.patterns_);
    out.array(e.domain_hashes_);
    out.u64(e.regexes_.size());
    for (const auto& re : e.regexes_) {
      out.str(re->pattern());
      out.u64(static_cast<std::uint64_t>(re->options().max_mem()));
      out.u8(static_cast<std::uint8_t>(re->options().encoding()));
      out.u32(option_bits(re->options()));
    }
    out.str(e.texts_);
    out.array(e.text_offsets_);
    out.u64(e.list_runs_.size());
    for (const auto& [id, list] : e.list_runs_) {
      out.u32(id);
      out.u32(list);
    }
    out.strings(e.lists_);
    write_index(e.important_.get(), out);
    write_index(e.block_.get(), out);
    write_index(e.exception_.get(), out);
    out.array(e.token_filter_);
    out.u64(e.token_filter_mask_);
    out.u8(e.http_tokens_indexed_);
    const EngineStats& s = e.stats_;
    for (std::size_t v :
         {s.filters, s.indexed, s.host_table, s.token_index, s.bad_token, s.domain_index,
          s.fallback, s.regex, s.badfilter, s.cancelled, s.memory_bytes}) {
      out.u64(v);
    }
  }

  static std::expected<Engine, std::string> read(FrozenReader& in) {
    Engine e;
    if (in.u32() != kMagicEngine) in.fail("not an engine");
    in.array(e.filters_, kMaxRecords);
    in.array(e.quick_, kMaxRecords);
    read_hash(e.other_keys_, in, "other keys");
    in.array(e.host_filters_, kMaxRecords);
    in.str(e.patterns_, kMaxStringBytes);
    in.array(e.domain_hashes_, kMaxRecords);
    // A regex: its pattern's length, max_mem, encoding and option bits.
    const std::uint64_t regexes = in.count(kMaxRegexFilters, 8 + 8 + 1 + 4);
    for (std::uint64_t i = 0; in.ok() && i < regexes; ++i) {
      std::string pattern;
      in.str(pattern, kMaxNameBytes);
      const std::uint64_t max_mem = in.u64();
      const std::uint8_t encoding = in.u8();
      const std::uint32_t bits = in.u32();
      if (!in.ok()) break;
      // Compiled at its first match (engine/filter_regex.h).
      e.regexes_.push_back(
          std::make_unique<FilterRegex>(std::move(pattern), options_from(bits, max_mem, encoding)));
    }
    in.str(e.texts_, kMaxStringBytes);
    in.array(e.text_offsets_, kMaxRecords);
    const std::uint64_t runs = in.count(kMaxRecords, 8);
    for (std::uint64_t i = 0; in.ok() && i < runs; ++i) {
      const FilterId id = in.u32();
      const std::uint32_t list = in.u32();
      if (list > 0xffff) in.fail("bad index: list id");
      e.list_runs_.emplace_back(id, static_cast<ListId>(list));
    }
    in.strings(e.lists_, kMaxLists, kMaxNameBytes);
    read_index(e.important_, in);
    read_index(e.block_, in);
    read_index(e.exception_, in);
    in.array(e.token_filter_, kMaxRecords);
    e.token_filter_mask_ = in.u64();
    e.http_tokens_indexed_ = in.u8() != 0;
    EngineStats& s = e.stats_;
    for (std::size_t* v :
         {&s.filters, &s.indexed, &s.host_table, &s.token_index, &s.bad_token, &s.domain_index,
          &s.fallback, &s.regex, &s.badfilter, &s.cancelled, &s.memory_bytes}) {
      *v = static_cast<std::size_t>(in.u64());
    }
    if (!in.ok()) return std::unexpected(in.error());
    if (auto why = check(e); !why.empty()) return std::unexpected("bad index: " + why);
    return e;
  }

  // What match(), for_each_match(), work() and the report calls rely on,
  // checked on a read engine: empty when all holds, else what does not.
  static std::string check(const Engine& e) {
    const bool any_index = e.important_ || e.block_ || e.exception_;
    if (any_index && !(e.important_ && e.block_ && e.exception_)) return "indexes missing";
    const std::vector<std::uint32_t>& offsets = e.text_offsets_;
    for (std::size_t i = 1; i < offsets.size(); ++i) {
      if (offsets[i] <= offsets[i - 1]) return "text offsets out of order";  // no empty text
    }
    if (!offsets.empty() && offsets.back() > e.texts_.size()) return "text offsets past the texts";
    const std::size_t ids = e.size();
    // Bucket walks end at a record flagged last: the last record must be.
    if (e.filters_.size() != e.quick_.size()) return "quick records";
    if (!e.quick_.empty() && !(e.quick_.back().bits & kQuickLast)) return "last bucket open";
    if (!e.host_filters_.empty() && !(e.host_filters_.back().flags & kHostLast))
      return "last host bucket open";
    for (const Engine::Compiled& f : e.filters_) {
      if (f.id >= ids) return "filter id";
      if (f.kind == PatternKind::kGlob &&
          std::uint64_t{f.pattern} + f.pattern_len > e.patterns_.size())
        return "pattern offset";
      if (f.kind == PatternKind::kRegex && f.pattern >= e.regexes_.size()) return "regex number";
      const std::uint64_t n = std::uint64_t{f.n_include} + f.n_exclude + f.n_deny;
      if (std::uint64_t{f.domains} + n > e.domain_hashes_.size()) return "domain list offset";
    }
    for (const Engine::HostRecord& h : e.host_filters_) {
      if ((h.flags & kHostFull) ? h.id >= e.filters_.size() : h.id >= ids) return "host record id";
    }
    const std::size_t records = e.filters_.size();
    for (const Engine::Index* index : {e.important_.get(), e.block_.get(), e.exception_.get()}) {
      if (!index) continue;
      if (index->fallback_begin > index->fallback_end || index->fallback_end > records)
        return "fallback range";
      if (!all_values(index->hosts, [&](const HashIndex::Slot& s) {
            return host_value_inline(s.value) ? host_inline_id(s.value) < ids
                                              : s.value < e.host_filters_.size();
          }))
        return "host table value";
      // A token slot's copy of its bucket's first record must be that record
      // (bucket() walks on from the copy's kQuickLast bit).
      if (!all_values(index->tokens, [&](const BasicHashIndex<Engine::QuickRecord>::Slot& s) {
            if (s.value >= records) return false;
            const Engine::QuickRecord& q = e.quick_[s.value];
            return q.bits == s.payload.bits && q.from_token == s.payload.from_token &&
                   q.bytes == s.payload.bytes;
          }))
        return "token table value";
      if (!all_values(index->domains, [&](const HashIndex::Slot& s) { return s.value < records; }))
        return "domain table value";
    }
    // Context tests a token's bit as token_filter_[bit >> 6], bit = h & mask.
    if (!e.token_filter_.empty() && (!std::has_single_bit(e.token_filter_.size()) ||
                                     e.token_filter_mask_ != e.token_filter_.size() * 64 - 1))
      return "token filter size";
    return {};
  }

  static void write_entities(const EntityMap& m, FrozenWriter& out) {
    out.u32(kMagicEntities);
    out.u64(m.entities_.size());
    for (const Entity& entity : m.entities_) {
      out.str(entity.name);
      out.str(entity.country);
      out.str(entity.source);
    }
    out.strings(m.domains_);
    out.array(m.domain_entity_);
    out.strings(m.categories_);
    out.array(m.domain_category_);
    write_hash(m.index_, out);
  }

  static std::expected<EntityMap, std::string> read_entities(FrozenReader& in) {
    EntityMap m;
    if (in.u32() != kMagicEntities) in.fail("not an entity map");
    const std::uint64_t n = in.count(kMaxRecords, 24);  // three strings' lengths
    // Room for all at once (a vector grown by doubling held up to twice the
    // entities' 96 bytes each), for no more than the bytes left could hold
    // at an Entity's size in memory.
    m.entities_.reserve(
        static_cast<std::size_t>(std::min<std::uint64_t>(n, in.remaining() / sizeof(Entity))));
    for (std::uint64_t i = 0; in.ok() && i < n; ++i) {
      Entity entity;
      in.str(entity.name, kMaxNameBytes);
      in.str(entity.country, kMaxNameBytes);
      in.str(entity.source, kMaxNameBytes);
      m.entities_.push_back(std::move(entity));
    }
    in.strings(m.domains_, kMaxRecords, kMaxNameBytes);
    in.array(m.domain_entity_, kMaxRecords);
    in.strings(m.categories_, 256, kMaxNameBytes);
    in.array(m.domain_category_, kMaxRecords);
    read_hash(m.index_, in, "entities");
    if (!in.ok()) return std::unexpected(in.error());
    const std::size_t domains = m.domains_.size();
    if (m.domain_entity_.size() != domains || m.domain_category_.size() != domains)
      return std::unexpected("bad index: entity map arrays differ in length");
    for (std::size_t i = 0; i < domains; ++i) {
      if (m.domain_entity_[i] >= m.entities_.size() ||
          m.domain_category_[i] >= m.categories_.size())
        return std::unexpected("bad index: entity map entry out of range");
    }
    if (!all_values(m.index_, [&](const HashIndex::Slot& s) { return s.value < domains; }))
      return std::unexpected("bad index: entity map value");
    return m;
  }
};

void write_engine(const Engine& engine, FrozenWriter& out) { FrozenAccess::write(engine, out); }

std::expected<Engine, std::string> read_engine(FrozenReader& in) { return FrozenAccess::read(in); }

void write_entity_map(const EntityMap& map, FrozenWriter& out) {
  FrozenAccess::write_entities(map, out);
}

std::expected<EntityMap, std::string> read_entity_map(FrozenReader& in) {
  return FrozenAccess::read_entities(in);
}

}  // namespace sauatty::engine
