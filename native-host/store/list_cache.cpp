#include "store/list_cache.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <system_error>

#include "lists/text_file.h"
#include "store/atomic_file.h"
#include "store/checksum.h"

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

// The record of a copy being swapped in: written before the copy, renamed
// over the record after it (store_list).
fs::path pending_record_path(const fs::path& dir, std::string_view name) {
  return dir / ("." + std::string(name) + ".verified.next");
}

std::expected<CacheRecord, std::string> read_record(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return std::unexpected("no record of its verification (`rules update` writes one)");
  }
  auto text = lists::read_text_file(path, kMaxRecordBytes);
  if (!text) return std::unexpected(text.error());
  return parse_record(*text);
}

std::string checksum_hex(std::uint64_t sum) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(sum));
  return hex;
}

std::expected<std::uint64_t, std::string> file_checksum(const fs::path& path) {
  auto file = lists::TextFile::open(path);
  if (!file) return std::unexpected(file.error());
  return store::file_checksum(*file);
}

bool is_stale_temporary_name(std::string_view name) {
  std::size_t marker = name.rfind(kTempMarker);
  if (!name.starts_with('.') || marker == std::string_view::npos || marker == 0) return false;
  std::string_view tail = name.substr(marker + kTempMarker.size());
  return !tail.empty() && tail.find_first_not_of("0123456789-") == std::string_view::npos;
}

}  // namespace

std::expected<CacheRecord, std::string> parse_record(std::string_view text) {
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto damaged = std::unexpected(
      std::string("its record of verification is damaged (`rules update` writes a new one)"));
  if (!json.is_object()) return damaged;
  auto field = [&](const char* key) -> const nlohmann::json* {
    auto it = json.find(key);
    return it == json.end() ? nullptr : &*it;
  };
  const auto *format = field("format"), *kind = field("kind"), *bytes = field("bytes"),
             *sha256 = field("sha256"), *checksum = field("checksum"), *entries = field("entries");
  for (const auto* text_field : {format, kind, sha256, checksum}) {
    if (text_field == nullptr || !text_field->is_string()) return damaged;
  }
  for (const auto* number : {bytes, entries}) {
    if (number == nullptr || !number->is_number_unsigned()) return damaged;
  }
  CacheRecord record;
  record.kind = kind->get<std::string>();
  record.bytes = bytes->get<std::uint64_t>();
  record.sha256 = sha256->get<std::string>();
  record.entries = entries->get<std::size_t>();
  const auto& hex = checksum->get_ref<const std::string&>();
  char* end = nullptr;
  record.checksum = std::strtoull(hex.c_str(), &end, 16);
  if (format->get_ref<const std::string&>() != kRecordFormat || record.kind.empty() ||
      record.sha256.size() != 64 || hex.size() != 16 || end != hex.c_str() + hex.size()) {
    return damaged;
  }
  return record;
}

std::expected<void, std::string> store_list(const fs::path& dir, std::string_view name,
                                            std::string_view bytes, const CacheRecord& record) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::unexpected(dir.string() + ": " + ec.message());
  nlohmann::json json = {{"format", kRecordFormat},
                         {"kind", record.kind},
                         {"bytes", record.bytes},
                         {"sha256", record.sha256},
                         {"checksum", checksum_hex(record.checksum)},
                         {"entries", record.entries}};
  // Record first (as pending), then the copy, then the record in place: a
  // crash at any point leaves a copy that matches one of the two records.
  const fs::path pending = pending_record_path(dir, name);
  if (auto written = write_file_atomically(pending, json.dump() + "\n", kFileMode); !written) {
    return written;
  }
  if (auto stored = write_file_atomically(dir / std::string(name), bytes, kFileMode); !stored) {
    fs::remove(pending, ec);
    return stored;
  }
  fs::rename(pending, record_path(dir, name), ec);
  if (ec) return std::unexpected(record_path(dir, name).string() + ": " + ec.message());
  return {};
}

namespace {

std::expected<CacheRecord, std::string> check_against(const fs::path& dir, std::string_view name,
                                                      std::string_view kind,
                                                      const fs::path& record_file) {
  auto record = read_record(record_file);
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
  auto sum = file_checksum(path);
  if (!sum) return std::unexpected(sum.error());
  if (*sum != record->checksum) {
    return std::unexpected("its checksum is not the one verified (damaged since)");
  }
  return record;
}

}  // namespace

std::expected<CacheRecord, std::string> check_cached_list(const fs::path& dir,
                                                          std::string_view name,
                                                          std::string_view kind) {
  auto checked = check_against(dir, name, kind, record_path(dir, name));
  std::error_code ec;
  if (checked || !fs::exists(pending_record_path(dir, name), ec)) return checked;
  // An update stopped after swapping the copy in, before its record.
  auto pending = check_against(dir, name, kind, pending_record_path(dir, name));
  return pending ? pending : checked;
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
