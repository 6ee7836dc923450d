#include "store/list_update.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

namespace sauatty::store {
namespace fs = std::filesystem;

namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name == "." || name == "..") return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool valid_sha256(std::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

fs::path xdg_dir(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  if (value != nullptr && *value == '/') return value;
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr ? home : "/") / fallback;
}

}  // namespace

std::expected<std::vector<ListSource>, std::string> parse_sources(std::string_view text) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    return std::unexpected("sources: not a JSON object");
  if (json.value("format", "") != "sauatty-sources/1") {
    return std::unexpected("sources: format must be \"sauatty-sources/1\"");
  }
  auto lists = json.find("lists");
  if (lists == json.end() || !lists->is_array())
    return std::unexpected("sources: lists must be an array");
  std::vector<ListSource> out;
  for (std::size_t i = 0; i < lists->size(); ++i) {
    const auto& entry = (*lists)[i];
    std::string where = "sources: lists[" + std::to_string(i) + "]";
    if (!entry.is_object()) return std::unexpected(where + ": not an object");
    ListSource source;
    for (auto [key, target] :
         {std::pair{"name", &source.name}, std::pair{"kind", &source.kind},
          std::pair{"url", &source.url}, std::pair{"sha256", &source.sha256}}) {
      auto it = entry.find(key);
      if (it == entry.end()) {
        if (std::string_view(key) == "sha256") continue;
        return std::unexpected(where + "." + key + ": missing");
      }
      if (!it->is_string()) return std::unexpected(where + "." + key + ": must be a string");
      *target = it->get<std::string>();
    }
    if (!valid_name(source.name))
      return std::unexpected(where + ".name: use [a-z0-9._-], 1 to 64 characters");
    if (!source.url.starts_with("https://") && !source.url.starts_with("http://")) {
      return std::unexpected(where + ".url: must be an http(s) URL");
    }
    if (!source.sha256.empty() && !valid_sha256(source.sha256)) {
      return std::unexpected(where + ".sha256: must be 64 lower-case hex digits");
    }
    for (const auto& seen : out) {
      if (seen.name == source.name)
        return std::unexpected(where + ".name: '" + source.name + "' twice");
    }
    out.push_back(std::move(source));
  }
  return out;
}

fs::path default_sources_file() {
  fs::path system = "/etc/sauatty/sources.json";
  std::error_code ec;
  if (fs::exists(system, ec)) return system;
  return xdg_dir("XDG_CONFIG_HOME", ".config") / "sauatty" / "sources.json";
}

fs::path default_cache_dir() { return xdg_dir("XDG_CACHE_HOME", ".cache") / "sauatty" / "lists"; }

std::vector<std::pair<std::string, fs::path>> cached_lists(const std::vector<ListSource>& sources,
                                                           const fs::path& cache_dir) {
  std::vector<std::pair<std::string, fs::path>> out;
  for (const ListSource& source : sources) {
    std::error_code ec;
    fs::path path = cache_dir / source.name;
    if (fs::is_regular_file(path, ec)) out.emplace_back(source.kind, path);
  }
  return out;
}

std::expected<void, std::string> store_atomically(const fs::path& dir, std::string_view name,
                                                  std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::unexpected(dir.string() + ": " + ec.message());
  fs::path final_path = dir / std::string(name);
  fs::path temp = dir / ("." + std::string(name) + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      fs::remove(temp, ec);
      return std::unexpected(temp.string() + ": write failed");
    }
  }
  fs::rename(temp, final_path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return std::unexpected(final_path.string() + ": " + ec.message());
  }
  return {};
}

std::vector<UpdateOutcome> update_lists(const std::vector<ListSource>& sources,
                                        const fs::path& cache_dir, const ListVerifier& verify,
                                        const DownloadLimits& limits, std::ostream& progress_out) {
  std::vector<UpdateOutcome> outcomes;
  for (const ListSource& source : sources) {
    UpdateOutcome outcome;
    outcome.name = source.name;
    progress_out << "updating " << source.name << " from " << source.url << " …\n" << std::flush;
    std::size_t last_reported = 0;
    auto progress = [&](std::size_t received, std::size_t total) {
      if (received - last_reported < (1u << 20)) return;  // a line per MiB
      last_reported = received;
      progress_out << "  " << (received >> 10) << " KiB"
                   << (total ? " of " + std::to_string(total >> 10) + " KiB" : "") << "\n"
                   << std::flush;
    };
    auto body = download(source.url, source.sha256, limits, progress);
    if (!body) {
      outcome.message = body.error().message;
    } else if (auto entries = verify(source.kind, *body); !entries) {
      outcome.message = source.name + ": does not parse as " + source.kind + ": " + entries.error();
    } else if (*entries == 0) {
      outcome.message = source.name + ": parses as " + source.kind + " but has no entries";
    } else if (auto stored = store_atomically(cache_dir, source.name, *body); !stored) {
      outcome.message = stored.error();
    } else {
      outcome.updated = true;
      outcome.entries = *entries;
    }
    progress_out << "  "
                 << (outcome.updated ? "ok, " + std::to_string(outcome.entries) + " entries"
                                     : "kept the last good copy: " + outcome.message)
                 << "\n";
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace sauatty::store
