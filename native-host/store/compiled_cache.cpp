#include "store/compiled_cache.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <utility>

#include "engine/frozen_io.h"
#include "modules/module.h"
#include "store/atomic_file.h"
#include "store/checksum.h"
#include "store/compiled_credibility.h"
#include "store/embedded_rules.h"
#include "store/list_kinds.h"

// After our own headers: windows.h defines macros (far, near, min, max)
// that would rewrite their names.
#if defined(_WIN32)
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace sauatty::store {
namespace {

constexpr char kMagic[8] = {'S', 'A', 'U', 'A', 'T', 'T', 'Y', 'C'};

// The fixed header before the body. The body is two parts, each with its
// checksum: the tracker part (the lists, their reports, the engine and the
// entity map) and after it the credibility part (a flag, then
// store/compiled_credibility.h's part), so that a start can read the two at
// once (LoadOptions::read_beside).
struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t reserved;
  std::uint64_t layout;  // engine::frozen_layout()
  std::uint64_t key;     // sources_key()
  std::uint64_t body_bytes;
  std::uint64_t tracker_bytes;  // the tracker part's; the credibility part is the rest
  std::uint64_t tracker_checksum;
  std::uint64_t credibility_checksum;
};
static_assert(sizeof(Header) == 64);

constexpr std::size_t kMaxListCount = 1u << 16;
constexpr std::size_t kMaxWarnings = 1u << 20;
constexpr std::size_t kMaxText = 1u << 16;

// The cache file, opened once and checked on its open descriptor: a
// symbolic link at the path is not followed, and anything but a regular
// file (a FIFO, a device, a folder) is refused before a byte is read, so
// nothing can be swapped in between the check and the reads. The errors are
// read_compiled_cache()'s.
class CacheFile {
 public:
  static std::expected<CacheFile, std::string> open(const std::filesystem::path& path);
  CacheFile(CacheFile&& other) noexcept
      : handle_(std::exchange(other.handle_, kClosed)), size_(other.size_) {}
  CacheFile& operator=(CacheFile&&) = delete;
  ~CacheFile();

  // Its size when it was opened.
  std::uint64_t size() const { return size_; }
  // Up to `n` bytes from `offset` into `dst`; how many, 0 at the end of the
  // file or on an error (a FrozenReader then says "truncated"). Two threads
  // may read at once (no file position is shared).
  std::size_t read_at(char* dst, std::size_t n, std::uint64_t offset) const;

 private:
#if defined(_WIN32)
  using Handle = HANDLE;
  static inline const Handle kClosed = INVALID_HANDLE_VALUE;
#else
  using Handle = int;
  static constexpr Handle kClosed = -1;
#endif
  explicit CacheFile(Handle handle) : handle_(handle) {}
  Handle handle_;
  std::uint64_t size_ = 0;
};

constexpr std::string_view kNotRegular = "not a regular file";

#if defined(_WIN32)
std::expected<CacheFile, std::string> CacheFile::open(const std::filesystem::path& path) {
  // FILE_FLAG_OPEN_REPARSE_POINT opens a symbolic link or junction itself,
  // which the attributes below then refuse.
  HANDLE h = CreateFileW(
      path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
      OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_SEQUENTIAL_SCAN, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    const DWORD error = GetLastError();
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) {
      return std::unexpected(std::string(kNoCompiledCache));
    }
    return std::unexpected("cannot be read (error " + std::to_string(error) + ")");
  }
  CacheFile file(h);
  BY_HANDLE_FILE_INFORMATION info{};
  if (GetFileType(h) != FILE_TYPE_DISK || !GetFileInformationByHandle(h, &info) ||
      (info.dwFileAttributes & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY)) != 0) {
    return std::unexpected(std::string(kNotRegular));
  }
  file.size_ = (std::uint64_t{info.nFileSizeHigh} << 32) | info.nFileSizeLow;
  return file;
}

CacheFile::~CacheFile() {
  if (handle_ != kClosed) CloseHandle(handle_);
}

std::size_t CacheFile::read_at(char* dst, std::size_t n, std::uint64_t offset) const {
  DWORD got = 0;
  const DWORD want = static_cast<DWORD>(std::min<std::size_t>(n, 1u << 30));
  OVERLAPPED at{};
  at.Offset = static_cast<DWORD>(offset);
  at.OffsetHigh = static_cast<DWORD>(offset >> 32);
  if (!ReadFile(handle_, dst, want, &got, &at)) return 0;
  return got;
}
#else
std::expected<CacheFile, std::string> CacheFile::open(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO does not wait for a writer (it is refused
  // below); it changes nothing for a regular file.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::unexpected(std::string(kNoCompiledCache));
    if (errno == ELOOP) return std::unexpected(std::string(kNotRegular) + " (a symbolic link)");
    return std::unexpected("cannot be read (" + std::string(std::strerror(errno)) + ")");
  }
  CacheFile file(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return std::unexpected("cannot be read (" + std::string(std::strerror(errno)) + ")");
  }
  if (!S_ISREG(st.st_mode)) return std::unexpected(std::string(kNotRegular));
  file.size_ = static_cast<std::uint64_t>(st.st_size);
  return file;
}

CacheFile::~CacheFile() {
  if (handle_ != kClosed) ::close(handle_);
}

std::size_t CacheFile::read_at(char* dst, std::size_t n, std::uint64_t offset) const {
  for (;;) {
    const ssize_t got = ::pread(handle_, dst, n, static_cast<off_t>(offset));
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) return 0;
  }
}
#endif

// The file's size and modification time (and, where there is one, its
// inode: a file replaced by another of the same size within one tick), for
// the key ("-" when missing).
void describe_file(std::string& out, const std::filesystem::path& path) {
  out += path.string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const auto written =
      ec ? std::filesystem::file_time_type() : std::filesystem::last_write_time(path, ec);
  if (ec) {
    out += "\t-\n";
    return;
  }
  out += '\t' + std::to_string(size) + '\t' + std::to_string(written.time_since_epoch().count());
#if !defined(_WIN32)
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) out += '\t' + std::to_string(st.st_ino);
#endif
  out += '\n';
}

// The embedded tracker and credibility rules: each file's name and size,
// and the executable that holds them (its path, size, modification time
// and inode), which changes whenever they are built into it again. Their
// contents are not read: summing them cost ~0.2 ms at every start and kept
// ~0.9 MB of the executable resident that a compiled start never reads
// otherwise. Without the executable's path (a system that does not say),
// the contents after all.
std::string embedded_rules_key() {
  static const std::string value = [] {
    std::string out;
    const auto executable = modules::running_executable();
    ContentChecksum sum;
    for (const EmbeddedFile& f : embedded_files()) {
      if (!f.path.starts_with("trackers/") && !f.path.starts_with("credibility/")) continue;
      out.append(f.path).append(1, '\t').append(std::to_string(f.contents.size())).append(1, '\n');
      if (!executable) sum.update(f.contents);
    }
    if (executable) {
      describe_file(out, *executable);
    } else {
      out += "contents " + std::to_string(sum.value()) + '\n';
    }
    return out;
  }();
  return value;
}

void write_tracker_part(const CompiledRules& rules, std::string& body) {
  engine::FrozenWriter out(body);
  out.u64(rules.lists.size());
  for (const ListInfo& list : rules.lists) {
    out.str(list.name);
    out.str(list_kind_name(list.kind));
    out.u64(list.entries);
  }
  out.strings(rules.warnings);
  const lists::TrackerRules& trackers = *rules.trackers;
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

void write_credibility_part(const CompiledRules& rules, std::string& body) {
  engine::FrozenWriter out(body);
  out.u8(rules.credibility != nullptr);
  if (rules.credibility) write_credibility(*rules.credibility, rules.credibility_warnings, out);
}

// The tracker part: CompiledRules without its credibility rules.
std::expected<CompiledRules, std::string> read_tracker_part(engine::FrozenReader& in) {
  CompiledRules out;
  const std::uint64_t n = in.count(kMaxListCount, 24);
  for (std::uint64_t i = 0; in.ok() && i < n; ++i) {
    ListInfo list;
    in.str(list.name, kMaxText);
    std::string kind;
    in.str(kind, kMaxText);
    if (auto known = list_kind(kind)) {
      list.kind = *known;
    } else {
      in.fail("bad list kind");
    }
    list.entries = static_cast<std::size_t>(in.u64());
    out.lists.push_back(std::move(list));
  }
  in.strings(out.warnings, kMaxWarnings, kMaxText);
  auto trackers = std::make_shared<lists::TrackerRules>();
  const std::uint64_t reports = in.count(kMaxListCount, 32);
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

// The credibility part: none (a null assessor) or the rules.
std::expected<CompiledCredibility, std::string> read_credibility_part(engine::FrozenReader& in) {
  if (in.u8() == 0) {
    if (!in.ok()) return std::unexpected(in.error());
    return CompiledCredibility{};
  }
  return read_credibility(in);
}

// One part of the body: where it starts in the file, its length and its
// checksum.
struct Part {
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
  std::uint64_t checksum = 0;
};

// `read` over `part` of `file`, summing its bytes as they come (at most
// 64 KiB a read, summed while they are still in the CPU's cache; a whole
// array read at once would be summed from memory). The checksum is known
// once every byte was read: a damaged part that still parsed is refused
// then, and a part read whole with bytes left after it.
template <class Read>
auto read_part(const CacheFile& file, const Part& part, Read read)
    -> decltype(read(std::declval<engine::FrozenReader&>())) {
  WideChecksum sum;
  std::uint64_t at = part.offset;
  const std::uint64_t end = part.offset + part.bytes;
  engine::FrozenReader in(
      [&](char* dst, std::size_t n) {
        n = static_cast<std::size_t>(std::min<std::uint64_t>({n, 64u << 10, end - at}));
        const std::size_t got = file.read_at(dst, n, at);
        at += got;
        sum.update(std::string_view(dst, got));
        return got;
      },
      part.bytes);
  auto out = read(in);
  if (out && in.remaining() != 0) return std::unexpected("bytes after the index (damaged)");
  if (in.remaining() == 0 && sum.value() != part.checksum) {
    return std::unexpected("checksum mismatch (damaged)");
  }
  return out;
}

// `task` run on the thread LoadOptions::read_beside starts, or here, at
// wait(), when there is none (or it could not start one). `task` must not
// throw. It uses the caller's frame: it has ended once wait() returned, and
// so whenever this is destroyed.
class Beside {
 public:
  Beside(const ReadBeside& start, std::function<void()> task) : task_(std::move(task)) {
    if (!start) return;
    started_ = start([state = state_, task = &task_] {
      (*task)();
      std::lock_guard lock(state->mutex);
      state->done = true;
      state->cv.notify_all();
    });
  }
  ~Beside() { wait(); }
  Beside(const Beside&) = delete;
  Beside& operator=(const Beside&) = delete;

  void wait() {
    if (!started_) {
      if (task_) std::exchange(task_, nullptr)();
      return;
    }
    std::unique_lock lock(state_->mutex);
    state_->cv.wait(lock, [&] { return state_->done; });
  }

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
  };
  std::function<void()> task_;
  std::shared_ptr<State> state_ = std::make_shared<State>();
  bool started_ = false;
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
    text += "rules: embedded\n" + embedded_rules_key();
  } else {
    text += "rules: " + options.rules->describe() + "\n";
    for (const char* suffix : {".json", ".txt", ".hosts"}) {
      for (const std::string& name : options.rules->list("trackers", suffix)) {
        describe_file(text, std::filesystem::path(options.rules->describe()) / name);
      }
    }
    for (const std::string& name : options.rules->list("credibility", ".json")) {
      describe_file(text, std::filesystem::path(options.rules->describe()) / name);
    }
  }
  for (const auto& import : options.credibility_imports) {
    text += "credibility " + std::string(list_kind_name(import.kind)) +
            (import.optional ? " optional\t" : "\t");
    describe_file(text, import.path);
  }
  for (const auto& import : options.tracker_imports) {
    text += "import " + std::string(list_kind_name(import.kind)) +
            (import.optional ? " optional\t" : "\t");
    describe_file(text, import.path);
  }
  for (const auto& file : options.filter_files) {
    text += "filters\t";
    describe_file(text, file);
  }
  return content_checksum(text);
}

std::expected<CompiledRules, std::string> read_compiled_cache(const std::filesystem::path& file,
                                                              const LoadOptions& options) {
  auto opened = CacheFile::open(file);
  if (!opened) return std::unexpected(opened.error());
  CacheFile& in_file = *opened;
  const std::uint64_t size = in_file.size();
  if (size > kMaxCompiledCacheBytes) return std::unexpected("larger than any cache (damaged)");
  Header header{};
  if (size < sizeof header ||
      in_file.read_at(reinterpret_cast<char*>(&header), sizeof header, 0) != sizeof header) {
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
  if (header.tracker_bytes > header.body_bytes) return std::unexpected("truncated");
  const Part tracker_part{sizeof header, header.tracker_bytes, header.tracker_checksum};
  const Part credibility_part{sizeof header + header.tracker_bytes,
                              header.body_bytes - header.tracker_bytes,
                              header.credibility_checksum};
  // The credibility part beside the tracker part when the caller gives a
  // thread for it, else after it. Nothing of either is used unless both
  // were read whole and both checksums hold.
  std::expected<CompiledCredibility, std::string> credibility = std::unexpected("not read");
  std::exception_ptr thrown;  // by the credibility part's read (no memory)
  Beside beside(options.read_beside, [&]() noexcept {
    try {
      credibility = read_part(in_file, credibility_part, read_credibility_part);
    } catch (...) {
      thrown = std::current_exception();
    }
  });
  auto rules = read_part(in_file, tracker_part, read_tracker_part);
  beside.wait();
  if (thrown) std::rethrow_exception(thrown);
  if (!rules) return std::unexpected(rules.error());
  if (!credibility) return std::unexpected(credibility.error());
  rules->credibility = std::move(credibility->assessor);
  rules->credibility_warnings = std::move(credibility->warnings);
  return rules;
}

std::expected<void, std::string> write_compiled_cache(const std::filesystem::path& file,
                                                      const LoadOptions& options,
                                                      const CompiledRules& rules) {
  if (!rules.trackers) return std::unexpected("no tracker rules to write");
  std::string bytes(sizeof(Header), '\0');
  write_tracker_part(rules, bytes);
  const std::size_t tracker_end = bytes.size();
  write_credibility_part(rules, bytes);
  const std::string_view written(bytes);
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.version = kCompiledCacheVersion;
  header.layout = engine::frozen_layout();
  header.key = sources_key(options);
  header.body_bytes = bytes.size() - sizeof header;
  header.tracker_bytes = tracker_end - sizeof header;
  header.tracker_checksum = wide_checksum(written.substr(sizeof header, header.tracker_bytes));
  header.credibility_checksum = wide_checksum(written.substr(tracker_end));
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
