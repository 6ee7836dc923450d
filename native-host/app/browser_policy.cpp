#include "app/browser_policy.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>
#include <utility>

#include "protocol/message.h"

namespace sauatty::app {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::string_view kOriginPrefix = "chrome-extension://";
constexpr std::size_t kMaxNameInReason = 64;  // as unknown_type quotes a type

bool is_chromium_extension_id(std::string_view id) {
  return id.size() == 32 && std::ranges::all_of(id, [](char c) { return c >= 'a' && c <= 'p'; });
}

// extension/lib/settings.js readPolicy(), key by key: whether `value` is one
// the extension keeps for `key` (extension/managed_schema.json).
bool kept(std::string_view key, const json& value) {
  static constexpr std::string_view kBooleans[] = {"dataConsent",  "showBanner", "markLinks",
                                                   "allowDismiss", "publicPc",   "workshopView"};
  if (std::ranges::find(kBooleans, key) != std::end(kBooleans)) return value.is_boolean();
  if (key == "language") {
    return value.is_string() &&
           (value == "auto" || value == "en" || value == "ru" || value == "kk");
  }
  if (key == "idleMinutes") {
    // Minimum and maximum as in managed_schema.json.
    return value.is_number_integer() && value.get<std::int64_t>() >= 1 &&
           value.get<std::int64_t>() <= 240;
  }
  return false;
}

bool is_policy_key(std::string_view key) {
  static constexpr std::string_view kKeys[] = {"dataConsent", "language",     "showBanner",
                                               "markLinks",   "allowDismiss", "publicPc",
                                               "idleMinutes", "workshopView"};
  return std::ranges::find(kKeys, key) != std::end(kKeys);
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// One file's JSON, or why it cannot be read as such.
std::expected<json, std::string> read_json_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read " + quoted(path));
  std::string text;
  text.resize(kMaxPolicyFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return std::unexpected("cannot read " + quoted(path));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxPolicyFileBytes) {
    return std::unexpected(quoted(path) + " is larger than " + std::to_string(kMaxPolicyFileBytes) +
                           " bytes");
  }
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (parsed.is_discarded()) return std::unexpected(quoted(path) + " is not valid JSON");
  return parsed;
}

// The raw settings one file gives `extension_id` (an empty object when it
// names none), or why the file cannot be trusted.
std::expected<json, std::string> settings_in(const fs::path& path, std::string_view extension_id) {
  auto file = read_json_file(path);
  if (!file) return std::unexpected(file.error());
  if (!file->is_object()) return std::unexpected(quoted(path) + " is not a JSON object");
  auto third = file->find("3rdparty");
  if (third == file->end()) return json::object();
  if (!third->is_object()) return std::unexpected(quoted(path) + ": '3rdparty' is not an object");
  auto extensions = third->find("extensions");
  if (extensions == third->end()) return json::object();
  if (!extensions->is_object()) {
    return std::unexpected(quoted(path) + ": '3rdparty.extensions' is not an object");
  }
  auto mine = extensions->find(std::string(extension_id));
  if (mine == extensions->end()) return json::object();
  if (!mine->is_object()) {
    return std::unexpected(quoted(path) + ": the extension's settings are not an object");
  }
  return *mine;
}

// The regular files of one folder, in name order; none when it does not exist.
std::expected<std::vector<fs::path>, std::string> files_in(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    if (ec) return std::unexpected("cannot look at " + quoted(folder) + ": " + ec.message());
    return std::vector<fs::path>{};
  }
  std::vector<fs::path> files;
  fs::directory_iterator it(folder, ec);
  std::size_t entries = 0;
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (++entries > kMaxPolicyFiles) {
      return std::unexpected(quoted(folder) + " holds more than " +
                             std::to_string(kMaxPolicyFiles) + " entries");
    }
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) files.push_back(it->path());  // follows links, as browsers do
  }
  if (ec) return std::unexpected("cannot list " + quoted(folder) + ": " + ec.message());
  std::ranges::sort(files);
  return files;
}

// The folders of SAUATTY_POLICY_DIRS (see the header).
std::vector<fs::path> folders_from_environment() {
  constexpr char kSeparator = ':';
  std::vector<fs::path> out;
  const char* value = std::getenv("SAUATTY_POLICY_DIRS");
  if (value == nullptr) return out;
  std::string_view rest(value);
  while (!rest.empty()) {
    auto end = rest.find(kSeparator);
    auto one = rest.substr(0, end);
    if (!one.empty()) out.emplace_back(std::string(one));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return out;
}

json policy_answer(const Caller& caller, std::string_view browser) {
  auto unknown = [](std::string reason) { return json{{"known", false}, {"reason", reason}}; };
  switch (caller.family) {
    case Caller::Family::kFirefox:
      return unknown("not read for Firefox: its storage.managed answers at once");
    case Caller::Family::kUnknown:
      return unknown(
          "the host was not started by a browser (no extension origin on its command line)");
    case Caller::Family::kChromium:
      break;
  }
  auto named = browser_from_name(browser);
  auto folders = named ? policy_folders(*named) : std::vector<fs::path>{};
  if (folders.empty()) {
    return unknown("no policy folders known for browser '" +
                   std::string(browser.substr(0, kMaxNameInReason)) + "' on this system");
  }
  auto policy = read_extension_policy(folders, caller.extension_id);
  if (!policy) return unknown(policy.error());
  return json{{"known", true}, {"policy", std::move(*policy)}};
}

}  // namespace

Caller caller_from_arguments(const std::vector<std::string>& words) {
  Caller caller;
  if (words.empty()) return caller;
  std::string_view first = words[0];
  if (first.starts_with(kOriginPrefix)) {
    auto id = first.substr(kOriginPrefix.size());
    if (id.ends_with('/')) id.remove_suffix(1);
    if (is_chromium_extension_id(id)) {
      caller.family = Caller::Family::kChromium;
      caller.extension_id = std::string(id);
    }
    return caller;
  }
  // Firefox: the manifest's path, then the add-on id.
  if (words.size() >= 2 && !first.starts_with("--") && !words[1].starts_with("--") &&
      !words[1].empty()) {
    caller.family = Caller::Family::kFirefox;
    caller.extension_id = words[1];
  }
  return caller;
}

std::vector<fs::path> policy_folders(Browser browser) {
  std::vector<fs::path> folders;
#if defined(__linux__)
  switch (browser) {
    case Browser::kChromium:
      folders = {"/etc/chromium/policies/managed", "/etc/chromium-browser/policies/managed"};
      break;
    case Browser::kChrome:
      folders = {"/etc/opt/chrome/policies/managed"};
      break;
    case Browser::kEdge:
      folders = {"/etc/opt/edge/policies/managed"};
      break;
    case Browser::kFirefox:
      break;
  }
#else
  (void)browser;
#endif
  // Only ever beside a browser's own folders (see the header): where the
  // system's are not known, the test folders alone would hide them.
  if (folders.empty()) return folders;
  for (auto& extra : folders_from_environment()) folders.push_back(std::move(extra));
  return folders;
}

std::expected<json, std::string> read_extension_policy(const std::vector<fs::path>& folders,
                                                       std::string_view extension_id) {
  // Each policy key's raw value and the file that gave it first.
  std::map<std::string, std::pair<json, fs::path>, std::less<>> given;
  for (const auto& folder : folders) {
    auto files = files_in(folder);
    if (!files) return std::unexpected(files.error());
    for (const auto& file : *files) {
      auto settings = settings_in(file, extension_id);
      if (!settings) return std::unexpected(settings.error());
      for (const auto& [key, value] : settings->items()) {
        if (!is_policy_key(key)) continue;
        auto [at, added] = given.try_emplace(key, value, file);
        if (!added && at->second.first != value) {
          return std::unexpected("'" + key + "' is set differently in " +
                                 quoted(at->second.second) + " and " + quoted(file));
        }
      }
    }
  }
  json out = json::object();
  for (const auto& [key, value] : given) {
    if (kept(key, value.first)) out[key] = value.first;
  }
  return out;
}

protocol::HandlerEntry policy_handler(Caller caller) {
  return {
      "policy",
      [caller = std::move(caller)](const json& request) -> std::expected<json, protocol::Error> {
        auto browser = protocol::string_field(request, "browser");
        if (!browser) return std::unexpected(browser.error());
        return policy_answer(caller, *browser);
      }};
}

}  // namespace sauatty::app
