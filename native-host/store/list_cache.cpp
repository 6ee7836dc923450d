#include "store/list_cache.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <system_error>

#include "lists/text_file.h"
#include "store/atomic_file.h"
#include "store/sha256.h"

namespace sauatty::store {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRecordFormat = "sauatty-verified/1";
constexpr std::string_view kTempMarker = ".tmp-";
// Lists and records are readable by all (they hold nothing private) and
// written by their owner only.
constexpr unsigned kFileMode = 0644;

fs::path record_path(const fs::path& dir, std::string_view name) {
  return dir / ("." + std::string(name) + ".verified");
}

std::expected<CacheRecord, std::string> read_record(const fs::path& dir, std::string_view name) {
  std::error_code ec;
  fs::path path = record_path(dir, name);
  if (!fs::exists(path, ec)) {
    return std::unexpected("no record of its verification (`rules update` writes one)");
  }
  auto text = lists::read_text_file(path, 4096);
  auto json = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  CacheRecord record;
  if (json.is_object() && json.value("format", "") == kRecordFormat) {
    record.kind = json.value("kind", "");
    record.bytes = json.value("bytes", std::uint64_t{0});
    record.sha256 = json.value("sha256", "");
    record.entries = json.value("entries", std::size_t{0});
  }
  if (record.kind.empty() || record.sha256.size() != 64) {
    return std::unexpected(
        "its record of verification is damaged (`rules update` writes a new one)");
  }
  return record;
}

std::expected<std::string, std::string> file_sha256(const fs::path& path) {
  auto file = lists::TextFile::open(path);
  if (!file) return std::unexpected(file.error());
  Sha256 hash;
  std::unique_ptr<char[]> buffer(new char[lists::kFileChunkBytes]);
  for (;;) {
    auto piece = file->read(std::span<char>(buffer.get(), lists::kFileChunkBytes));
    if (!piece) return std::unexpected(piece.error());
    if (piece->empty()) return hash.hex_digest();
    hash.update(*piece);
  }
}

bool is_stale_temporary_name(std::string_view name) {
  std::size_t marker = name.rfind(kTempMarker);
  if (!name.starts_with('.') || marker == std::string_view::npos || marker == 0) return false;
  std::string_view tail = name.substr(marker + kTempMarker.size());
  return !tail.empty() && tail.find_first_not_of("0123456789-") == std::string_view::npos;
}

}  // namespace

std::expected<void, std::string> store_list(const fs::path& dir, std::string_view name,
                                            std::string_view bytes, const CacheRecord& record) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::unexpected(dir.string() + ": " + ec.message());
  if (auto stored = write_file_atomically(dir / std::string(name), bytes, kFileMode); !stored) {
    return stored;
  }
  nlohmann::json json = {{"format", kRecordFormat},
                         {"kind", record.kind},
                         {"bytes", record.bytes},
                         {"sha256", record.sha256},
                         {"entries", record.entries}};
  return write_file_atomically(record_path(dir, name), json.dump() + "\n", kFileMode);
}

std::expected<CacheRecord, std::string> check_cached_list(const fs::path& dir,
                                                          std::string_view name,
                                                          std::string_view kind) {
  auto record = read_record(dir, name);
  if (!record) return record;
  if (record->kind != kind) {
    return std::unexpected("verified as " + record->kind + " but sources.json now says " +
                           std::string(kind) + " (`rules update` fetches it again)");
  }
  fs::path path = dir / std::string(name);
  std::error_code ec;
  std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return std::unexpected(path.string() + ": " + ec.message());
  if (size != record->bytes) {
    return std::unexpected(std::to_string(size) + " bytes where " + std::to_string(record->bytes) +
                           " were verified (truncated or damaged since)");
  }
  auto hash = file_sha256(path);
  if (!hash) return std::unexpected(hash.error());
  if (*hash != record->sha256) {
    return std::unexpected("its SHA-256 is not the one verified (damaged since)");
  }
  return record;
}

std::size_t remove_stale_temporaries(const fs::path& dir, std::chrono::seconds min_age) {
  std::size_t removed = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::error_code entry_ec;
    if (!is_stale_temporary_name(it->path().filename().string()) ||
        !it->is_regular_file(entry_ec)) {
      continue;
    }
    auto written = it->last_write_time(entry_ec);
    if (!entry_ec && now - written >= min_age && fs::remove(it->path(), entry_ec)) ++removed;
  }
  return removed;
}

}  // namespace sauatty::store
