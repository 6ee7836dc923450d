// The compiled cache: the frozen rules of a RuleSet written as one file, so
// that a host start reads them back instead of parsing EasyList +
// EasyPrivacy and the credibility lists again: the tracker part (engine,
// entity map, list reports; engine/frozen_io.h) and the credibility part
// (the lists and clickbait patterns; store/compiled_credibility.h).
//
// It lives beside the verified downloads it was built from (a hidden file of
// the list cache folder, so `--cache DIR` moves both) and is used only when
//   - its header says this format (kCompiledCacheVersion, the engine's
//     kEngineFormatVersion, this machine's byte order and record sizes),
//   - it is a regular file (a symbolic link, a FIFO or a device at its path
//     is refused, checked on the open file),
//   - the checksums (store::WideChecksum) of its two parts, the tracker part
//     and the credibility part, are those of their bytes, and
//   - the key of its sources is that of the sources now named (sources_key()).
// Every count and offset in it is checked against the file's size and the
// index's own bounds before it is used, so a damaged or hostile file is
// refused with a reason, never crashes, and the lists are parsed from their
// sources instead; the load then writes a good cache.
//
// The checksum notices damage, not malice: whoever can write the cache can
// write the lists it was built from too.
//
// A start reads the two parts at once, the credibility part on a second
// thread (LoadOptions::read_beside), each from the one open file at its own
// offsets (the file is read with pread, never mapped: a file truncated while
// mapped would end the host with SIGBUS). Nothing of either part is used
// unless both were read whole and both checksums hold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/list_update.h"
#include "store/rule_set.h"

namespace sauatty::store {

// Changes whenever the layout of the cache file changes (2: the
// credibility part; 3: its entries' per-language citations; 4: the body's
// checksum is store::WideChecksum; 5: no ICU answers in the credibility
// part, the host has its own Unicode tables; 6: the body in two parts, each
// with its checksum, that a start reads at once).
inline constexpr std::uint32_t kCompiledCacheVersion = 6;

// Largest cache file read (EasyList + EasyPrivacy compile to 5.3 MiB).
inline constexpr std::uint64_t kMaxCompiledCacheBytes = 256ull << 20;

// The compiled cache of the lists kept in `list_cache_dir`.
std::filesystem::path compiled_cache_file(const std::filesystem::path& list_cache_dir);

// A key of every source `options` names: the rules (the embedded copy's
// tracker and credibility files by name and size and by the executable that
// holds them; a --rules folder's, each --filters and --import file and each
// cached download by path, size, modification time and inode) and the
// format versions. Equal keys: the cache was built from these sources.
std::uint64_t sources_key(const LoadOptions& options);

// What a compiled cache holds.
struct CompiledRules {
  // The tracker rules, with the lists and warnings they reported.
  std::shared_ptr<const lists::TrackerRules> trackers;
  std::vector<ListInfo> lists;
  std::vector<std::string> warnings;
  // The credibility rules and the warnings their parse gave; null when the
  // cache holds none (no rules folder).
  std::shared_ptr<const credibility::Assessor> credibility;
  std::vector<std::string> credibility_warnings;
};

// The rules of the cache at `file`, when it is a good cache of the sources
// `options` names. The error says why not, for stderr and `rules list`:
// "none yet", "written by format 3 (this host reads 4)", "checksum mismatch
// (damaged)", "built from other sources", "truncated", "bad index: …", "not
// a regular file (a symbolic link)".
inline constexpr std::string_view kNoCompiledCache = "none yet";
inline constexpr std::string_view kCacheOfOtherSources = "built from other sources";
std::expected<CompiledRules, std::string> read_compiled_cache(const std::filesystem::path& file,
                                                              const LoadOptions& options);

// Writes `rules`, loaded from `options`, to `file` atomically
// (store::write_file_atomically).
std::expected<void, std::string> write_compiled_cache(const std::filesystem::path& file,
                                                      const LoadOptions& options,
                                                      const CompiledRules& rules);

struct CompileOutcome {
  std::filesystem::path file;
  std::uint64_t bytes = 0;            // size of the file written
  std::vector<std::string> left_out;  // "NAME: why" for downloads that did not load
};

// Rebuilds the compiled cache of `list_cache_dir` from its sources: `base`
// (the rules source, --filters and --import files, as a host would load
// them) plus every download of `sources` that passes its check of
// verification. Call it after an update swapped a list in (the background
// update and `rules update` do); `sauatty-host rules compile` is this by hand.
// A running host notices the new file and swaps to it.
std::expected<CompileOutcome, std::string> rebuild_compiled_cache(
    const LoadOptions& base, const std::vector<ListSource>& sources,
    const std::filesystem::path& list_cache_dir);

}  // namespace sauatty::store
