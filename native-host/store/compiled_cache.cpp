#include "store/compiled_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cstring>
#include <system_error>

#include "engine/frozen_io.h"
#include "store/atomic_file.h"
#include "store/checksum.h"
#include "store/embedded_rules.h"
#include "store/list_kinds.h"

namespace sauatty::store {
namespace {

constexpr char kMagic[8] = {'S', 'A', 'U', 'A', 'T', 'T', 'Y', 'C'};

// The fixed header before the body; the checksum is of the body.
struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t reserved;
  std::uint64_t layout;  // engine::frozen_layout()
  std::uint64_t key;     // sources_key()
  std::uint64_t body_bytes;
  std::uint64_t body_checksum;
};
static_assert(sizeof(Header) == 48);

constexpr std::size_t kMaxListCount = 1u << 16;
constexpr std::size_t kMaxWarnings = 1u << 20;
constexpr std::size_t kMaxText = 1u << 16;

// The file's size and modification time, for the key ("-" when missing).
void describe_file(std::string& out, const std::filesystem::path& path) {
  out += path.string();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    out += "\t-\n";
    return;
  }
  out += '\t' + std::to_string(st.st_size) + '\t' + std::to_string(st.st_mtim.tv_sec) + '.' +
         std::to_string(st.st_mtim.tv_nsec) + '\t' + std::to_string(st.st_ino) + '\n';
}

// The embedded tracker rules by their contents: computed once, ~0.1 ms.
std::uint64_t embedded_trackers_checksum() {
  static const std::uint64_t value = [] {
    ContentChecksum sum;
    for (const EmbeddedFile& f : embedded_files()) {
      if (!f.path.starts_with("trackers/")) continue;
      sum.update(f.path);
      sum.update(std::string_view("\0", 1));
      sum.update(f.contents);
      sum.update(std::to_string(f.contents.size()));
    }
    return sum.value();
  }();
  return value;
}

void write_body(const LoadOptions& options, const RuleSet& set, std::string& body) {
  (void)options;
  engine::FrozenWriter out(body);
  out.u64(set.lists.size());
  for (const ListInfo& list : set.lists) {
    out.str(list.name);
    out.str(list.kind);
    out.u64(list.entries);
  }
  out.strings(set.warnings);
  const lists::TrackerRules& trackers = *set.trackers;
  out.u64(trackers.reports.size());
  for (const lists::ListReport& report : trackers.reports) {
    out.str(report.name);
    out.str(report.kind);
    out.u64(report.lines);
    out.u64(report.filters);
  }
  out.u64(std::bit_cast<std::uint64_t>(trackers.build_ms));
  engine::write_engine(trackers.engine, out);
  engine::write_entity_map(trackers.entities, out);
}

std::expected<CompiledTrackers, std::string> read_body(engine::FrozenReader& in) {
  CompiledTrackers out;
  const std::uint64_t n = in.u64();
  if (in.ok() && (n > kMaxListCount || n > in.remaining() / 24)) in.fail("truncated");
  for (std::uint64_t i = 0; in.ok() && i < n; ++i) {
    ListInfo list;
    in.str(list.name, kMaxText);
    in.str(list.kind, kMaxText);
    list.entries = static_cast<std::size_t>(in.u64());
    out.lists.push_back(std::move(list));
  }
  in.strings(out.warnings, kMaxWarnings, kMaxText);
  auto trackers = std::make_shared<lists::TrackerRules>();
  const std::uint64_t reports = in.u64();
  if (in.ok() && (reports > kMaxListCount || reports > in.remaining() / 32)) in.fail("truncated");
  for (std::uint64_t i = 0; in.ok() && i < reports; ++i) {
    lists::ListReport report;
    in.str(report.name, kMaxText);
    in.str(report.kind, kMaxText);
    report.lines = static_cast<std::size_t>(in.u64());
    report.filters = static_cast<std::size_t>(in.u64());
    trackers->reports.push_back(std::move(report));
  }
  trackers->build_ms = std::bit_cast<double>(in.u64());
  if (!in.ok()) return std::unexpected(in.error());
  auto engine = engine::read_engine(in);
  if (!engine) return std::unexpected(engine.error());
  trackers->engine = std::move(*engine);
  auto entities = engine::read_entity_map(in);
  if (!entities) return std::unexpected(entities.error());
  trackers->entities = std::move(*entities);
  out.trackers = std::move(trackers);
  return out;
}

// Closes a descriptor on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::filesystem::path compiled_cache_file(const std::filesystem::path& list_cache_dir) {
  return list_cache_dir / ".compiled-rules";
}

std::uint64_t sources_key(const LoadOptions& options) {
  std::string text = "sauatty-compiled/" + std::to_string(kCompiledCacheVersion) + "/" +
                     std::to_string(engine::frozen_layout()) + "\n";
  if (!options.rules) {
    text += "rules: none\n";
  } else if (options.rules->describe() == "embedded") {
    text += "rules: embedded " + std::to_string(embedded_trackers_checksum()) + "\n";
  } else {
    text += "rules: " + options.rules->describe() + "\n";
    for (const char* suffix : {".json", ".txt", ".hosts"}) {
      for (const std::string& name : options.rules->list("trackers", suffix)) {
        describe_file(text, std::filesystem::path(options.rules->describe()) / name);
      }
    }
  }
  for (const auto& import : options.tracker_imports) {
    text += "import " + import.kind + (import.optional ? " optional\t" : "\t");
    describe_file(text, import.path);
  }
  for (const auto& file : options.filter_files) {
    text += "filters\t";
    describe_file(text, file);
  }
  return content_checksum(text);
}

std::expected<CompiledTrackers, std::string> read_compiled_cache(const std::filesystem::path& file,
                                                                 const LoadOptions& options) {
  Fd fd{::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
  if (fd.fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::unexpected(std::string(kNoCompiledCache));
    return std::unexpected(std::string("cannot be read (") + std::strerror(errno) + ")");
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return std::unexpected("not a regular file");
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > kMaxCompiledCacheBytes) return std::unexpected("larger than any cache (damaged)");
  Header header{};
  if (size < sizeof header ||
      ::pread(fd.fd, &header, sizeof header, 0) != static_cast<ssize_t>(sizeof header)) {
    return std::unexpected("truncated");
  }
  if (std::memcmp(header.magic, kMagic, sizeof kMagic) != 0) {
    return std::unexpected("not a compiled cache");
  }
  if (header.version != kCompiledCacheVersion || header.layout != engine::frozen_layout()) {
    return std::unexpected("written by format " + std::to_string(header.version) +
                           " (this host reads " + std::to_string(kCompiledCacheVersion) + ")");
  }
  if (header.key != sources_key(options)) return std::unexpected(std::string(kCacheOfOtherSources));
  if (header.body_bytes > size - sizeof header) return std::unexpected("truncated");
  if (header.body_bytes < size - sizeof header) {
    return std::unexpected("bytes after the index (damaged)");
  }
  if (::lseek(fd.fd, sizeof header, SEEK_SET) < 0) return std::unexpected("cannot be read");
  ContentChecksum sum;
  engine::FrozenReader in(
      [&](char* dst, std::size_t n) -> std::size_t {
        ssize_t got;
        do {
          got = ::read(fd.fd, dst, n);
        } while (got < 0 && errno == EINTR);
        if (got <= 0) return 0;
        sum.update(std::string_view(dst, static_cast<std::size_t>(got)));
        return static_cast<std::size_t>(got);
      },
      header.body_bytes);
  auto body = read_body(in);
  // The checksum is known once every byte was read: a damaged file that
  // still parsed is refused here.
  if (body && in.remaining() != 0) return std::unexpected("bytes after the index (damaged)");
  if (in.remaining() == 0 && sum.value() != header.body_checksum) {
    return std::unexpected("checksum mismatch (damaged)");
  }
  if (!body) return std::unexpected(body.error());
  return body;
}

std::expected<void, std::string> write_compiled_cache(const std::filesystem::path& file,
                                                      const LoadOptions& options,
                                                      const RuleSet& set) {
  if (!set.trackers) return std::unexpected("no tracker rules to write");
  std::string bytes(sizeof(Header), '\0');
  write_body(options, set, bytes);
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.version = kCompiledCacheVersion;
  header.layout = engine::frozen_layout();
  header.key = sources_key(options);
  header.body_bytes = bytes.size() - sizeof header;
  header.body_checksum = content_checksum(std::string_view(bytes).substr(sizeof header));
  std::memcpy(bytes.data(), &header, sizeof header);
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  return write_file_atomically(file, bytes, 0644);
}

std::expected<CompileOutcome, std::string> rebuild_compiled_cache(
    const LoadOptions& base, const std::vector<ListSource>& sources,
    const std::filesystem::path& list_cache_dir) {
  LoadOptions options = base;
  CachedLists cached = cached_lists(sources, list_cache_dir);
  for (const auto& [kind, path] : cached.lists) add_import(options, kind, path, true);
  CompileOutcome outcome;
  outcome.file = compiled_cache_file(list_cache_dir);
  options.compiled_cache = outcome.file;
  options.rebuild_compiled_cache = true;
  auto set = load_rule_set(options);
  if (!set) return std::unexpected(set.error());
  if (auto at = (*set)->compiled_cache.find(", not written: "); at != std::string::npos) {
    return std::unexpected((*set)->compiled_cache.substr(at + 15));
  }
  outcome.left_out = std::move(cached.left_out);
  for (const std::string& why : (*set)->left_out) outcome.left_out.push_back(why);
  std::error_code ec;
  outcome.bytes = std::filesystem::file_size(outcome.file, ec);
  return outcome;
}

}  // namespace sauatty::store
