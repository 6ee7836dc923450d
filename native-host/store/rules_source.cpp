#include "store/rules_source.h"

#include <algorithm>
#include <system_error>

#include "lists/filter_list.h"
#include "store/embedded_rules.h"

namespace sauatty::store {

RulesSource RulesSource::embedded() { return RulesSource(); }

std::expected<RulesSource, std::string> RulesSource::directory(std::filesystem::path dir) {
  std::error_code ec;
  auto status = std::filesystem::status(dir, ec);
  if (!std::filesystem::exists(status)) return std::unexpected(dir.string() + ": no such folder");
  if (!std::filesystem::is_directory(status))
    return std::unexpected(dir.string() + ": not a folder");
  RulesSource source;
  source.dir_ = std::move(dir);
  source.embedded_ = false;
  return source;
}

std::string RulesSource::describe() const { return embedded_ ? "embedded" : dir_.string(); }

std::expected<std::string, std::string> RulesSource::read(std::string_view relative_path) const {
  if (!embedded_) {
    return lists::read_text_file(dir_ / std::filesystem::path(relative_path), kMaxRuleFileBytes);
  }
  auto files = embedded_files();
  auto it = std::lower_bound(files.begin(), files.end(), relative_path,
                             [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != relative_path) {
    return std::unexpected("embedded rules: no file " + std::string(relative_path));
  }
  return std::string(it->contents);
}

std::vector<std::string> RulesSource::list(std::string_view folder, std::string_view suffix) const {
  std::vector<std::string> out;
  std::string prefix = std::string(folder) + "/";
  if (embedded_) {
    for (const EmbeddedFile& f : embedded_files()) {
      if (f.path.starts_with(prefix) && f.path.ends_with(suffix)) out.emplace_back(f.path);
    }
    return out;
  }
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir_ / folder, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string rel = std::filesystem::relative(it->path(), dir_).generic_string();
    if (rel.ends_with(suffix)) out.push_back(std::move(rel));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sauatty::store
