// The folder of verified downloads ($XDG_CACHE_HOME/sauatty/lists): each
// list NAME beside its record .NAME.verified, which `rules update` writes
// when it swaps a verified copy in:
//   {"format": "sauatty-verified/1", "kind": "filters",
//    "bytes": 2034811, "sha256": "…64 hex digits…",
//    "checksum": "…16 hex digits…", "entries": 55498}
// At start-up a copy is used only when its size and checksum
// (store/checksum.h) are the ones recorded and its kind is the one
// sources.json names, so a truncated,
// emptied or overwritten copy is left out on its own. List names never
// start with '.', so every hidden file here is ours: records, and the
// temporaries of a write in progress (".NAME.tmp-PID…", which an update that
// was killed leaves behind).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace sauatty::store {

struct CacheRecord {
  std::string kind;  // as sources.json named it when the copy was verified
  std::uint64_t bytes = 0;
  std::string sha256;          // lower-case hex, of the download (for the record)
  std::uint64_t checksum = 0;  // content_checksum() of the bytes, checked at start-up
  std::size_t entries = 0;     // what the verifier counted
};

// Writes the record as .NAME.verified.next, then `bytes` as dir/name, each
// atomically (a new file renamed over the old), then renames the record over
// .NAME.verified. A crash at any point leaves a copy that matches one of the
// two records (check_cached_list() accepts either), so a list is never lost.
// Creates `dir` when missing.
std::expected<void, std::string> store_list(const std::filesystem::path& dir, std::string_view name,
                                            std::string_view bytes, const CacheRecord& record);

// A record file over this size is refused unread (a record is ~200 bytes).
inline constexpr std::size_t kMaxRecordBytes = 4096;

// A record's text → the record; any field missing or of another type, or
// another format, is the error "its record of verification is damaged …".
std::expected<CacheRecord, std::string> parse_record(std::string_view text);

// The record of dir/name once the file is checked against it (or, after an
// update stopped between the copy and its record, against the pending one):
// the kind must
// be `kind`, the size and checksum (the file is read 64 KiB at a time;
// ~0.3 ms a MiB) the ones recorded. The error says what differs, for a warning that
// names the list: "no record of its verification (…)", "637 bytes where 1275
// were verified (…)", "its checksum is not the one verified (…)", ….
std::expected<CacheRecord, std::string> check_cached_list(const std::filesystem::path& dir,
                                                          std::string_view name,
                                                          std::string_view kind);

// Temporaries a write older than `min_age` left in `dir` (".NAME.tmp-" and
// digits or '-' to the end: nothing else matches) are removed; a running
// update's own are younger. Returns how many were removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir,
                                     std::chrono::seconds min_age);

}  // namespace sauatty::store
