#include "app/browser_policy.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <system_error>
#include <utility>

#include "lists/text_file.h"
#include "protocol/message.h"
#include "url/ascii.h"

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

constexpr std::string_view kPolicyKeys[] = {"dataConsent", "language",     "showBanner",
                                            "markLinks",   "allowDismiss", "publicPc",
                                            "idleMinutes", "workshopView"};

bool is_policy_key(std::string_view key) {
  return std::ranges::find(kPolicyKeys, key) != std::end(kPolicyKeys);
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// The policy keys' values from every place read, each with the place that
// gave it first; two places that give one key different values make the
// answer unknown.
class Collected {
 public:
  std::expected<void, std::string> add(const std::string& key, const json& value,
                                       const std::string& place) {
    if (!is_policy_key(key)) return {};
    auto [at, added] = given_.try_emplace(key, value, place);
    if (!added && at->second.first != value) {
      return std::unexpected("'" + key + "' is set differently in " + at->second.second + " and " +
                             place);
    }
    return {};
  }
  // What the extension's readPolicy() keeps of it.
  json settings() const {
    json out = json::object();
    for (const auto& [key, value] : given_) {
      if (kept(key, value.first)) out[key] = value.first;
    }
    return out;
  }

 private:
  std::map<std::string, std::pair<json, std::string>, std::less<>> given_;
};

// One file's JSON, or why it cannot be read as such.
std::expected<json, std::string> read_json_file(const fs::path& path) {
  auto read = lists::read_text_file(path, kMaxPolicyFileBytes);
  if (!read) {
    // "PATH: cannot open: …", "PATH: larger than N bytes", "PATH: read
    // error", with the path quoted as every reason here quotes it.
    std::string_view why = read.error();
    const std::string name = path.string();
    if (why.starts_with(name)) why.remove_prefix(name.size());
    return std::unexpected(quoted(path) + std::string(why));
  }
  const std::string& text = *read;
  // Nesting is bounded while parsing: a value nested 200,000 deep parses
  // without recursion but its copy recurses (a crash seen in review).
  struct TooDeep {};
  json parsed;
  try {
    parsed = json::parse(
        text,
        [](int depth, json::parse_event_t, json&) {
          if (depth > kMaxPolicyDepth) throw TooDeep{};
          return true;
        },
        /*allow_exceptions=*/false, /*ignore_comments=*/true);
  } catch (const TooDeep&) {
    return std::unexpected(quoted(path) + " nests deeper than " + std::to_string(kMaxPolicyDepth) +
                           " levels");
  }
  if (parsed.is_discarded()) return std::unexpected(quoted(path) + " is not valid JSON");
  return parsed;
}

// Whether `file` installs `extension_id` by policy: ExtensionInstallForcelist
// ("ID" or "ID;update URL") or ExtensionSettings' installation_mode
// force_installed / normal_installed for it.
bool installs(const json& file, std::string_view extension_id) {
  auto list = file.find("ExtensionInstallForcelist");
  if (list != file.end() && list->is_array()) {
    for (const auto& entry : *list) {
      if (!entry.is_string()) continue;
      const auto& text = entry.get_ref<const std::string&>();
      if (text == extension_id ||
          (text.starts_with(extension_id) && text.size() > extension_id.size() &&
           text[extension_id.size()] == ';')) {
        return true;
      }
    }
  }
  auto settings = file.find("ExtensionSettings");
  if (settings != file.end() && settings->is_object()) {
    auto mine = settings->find(std::string(extension_id));
    if (mine != settings->end() && mine->is_object()) {
      auto mode = mine->find("installation_mode");
      if (mode != mine->end() && (*mode == "force_installed" || *mode == "normal_installed")) {
        return true;
      }
    }
  }
  return false;
}

// The raw settings one file gives `extension_id` (an empty object when it
// names none), or why the file cannot be trusted; `installed` is set when
// the file installs the extension.
std::expected<json, std::string> settings_in(const fs::path& path, std::string_view extension_id,
                                             bool& installed) {
  auto file = read_json_file(path);
  if (!file) return std::unexpected(file.error());
  if (!file->is_object()) return std::unexpected(quoted(path) + " is not a JSON object");
  if (installs(*file, extension_id)) installed = true;
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
#if defined(_WIN32)
  if (!named || *named == Browser::kFirefox) {
    return unknown("no policy known for browser '" +
                   std::string(browser.substr(0, kMaxNameInReason)) + "'");
  }
  auto policy = read_registry_policy(*named, caller.extension_id);
  const bool installed = false;  // install policy in the registry is not read
#else
  auto folders = named ? policy_folders(*named) : std::vector<fs::path>{};
  if (folders.empty()) {
    return unknown("no policy folders known for browser '" +
                   std::string(browser.substr(0, kMaxNameInReason)) + "' on this system");
  }
  bool installed = false;
  auto policy = read_extension_policy(folders, caller.extension_id, &installed);
#endif
  if (!policy) return unknown(policy.error());
  return json{{"known", true}, {"policy", std::move(*policy)}, {"installs", installed}};
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
                                                       std::string_view extension_id,
                                                       bool* installed_by_files) {
  Collected collected;
  bool installed = false;
  for (const auto& folder : folders) {
    auto files = files_in(folder);
    if (!files) return std::unexpected(files.error());
    for (const auto& file : *files) {
      auto settings = settings_in(file, extension_id, installed);
      if (!settings) return std::unexpected(settings.error());
      for (const auto& [key, value] : settings->items()) {
        if (auto added = collected.add(key, value, quoted(file)); !added) {
          return std::unexpected(added.error());
        }
      }
    }
  }
  if (installed_by_files != nullptr) *installed_by_files = installed;
  return collected.settings();
}

std::optional<json> policy_value_from_registry(std::string_view key, const RegistryValue& value) {
  // Registry names are case-insensitive and so is the browsers' reading of
  // them: a name that is a policy key but for case may count for the
  // browser, so it is not taken as "not ours".
  if (!is_policy_key(key) && std::ranges::any_of(kPolicyKeys, [&](std::string_view k) {
        return url::iequals_ascii(k, key);
      })) {
    return std::nullopt;
  }
  const auto* number = std::get_if<std::uint32_t>(&value.value);
  const auto* text = std::get_if<std::string>(&value.value);
  if (key == "language") return text ? std::optional<json>(*text) : std::nullopt;
  if (key == "idleMinutes") return number ? std::optional<json>(*number) : std::nullopt;
  if (is_policy_key(key)) {
    // A boolean: Chrome's policy templates write 0 or 1.
    if (number && (*number == 0 || *number == 1)) return json(*number == 1);
    return std::nullopt;
  }
  return json();  // not ours: ignored
}

std::expected<json, std::string> read_registry_policy(Browser browser,
                                                      std::string_view extension_id) {
  std::string_view vendor;
  switch (browser) {
    case Browser::kChromium:
      vendor = "Software\\Policies\\Chromium";
      break;
    case Browser::kChrome:
      vendor = "Software\\Policies\\Google\\Chrome";
      break;
    case Browser::kEdge:
      vendor = "Software\\Policies\\Microsoft\\Edge";
      break;
    case Browser::kFirefox:
      return std::unexpected("no registry policy is read for Firefox");
  }
  const std::string key =
      std::string(vendor) + "\\3rdparty\\extensions\\" + std::string(extension_id) + "\\policy";
  Collected collected;
  for (bool machine : {true, false}) {
    const std::string place = std::string(machine ? "HKLM\\" : "HKCU\\") + key;
    auto values = windows_registry_values(machine, key);
    if (!values) return std::unexpected(place + ": " + values.error());
    for (const auto& value : *values) {
      auto converted = policy_value_from_registry(value.name, value);
      if (!converted) {
        return std::unexpected(place + ": '" + value.name +
                               "' is not of the type the policy takes");
      }
      if (auto added = collected.add(value.name, *converted, place); !added) {
        return std::unexpected(added.error());
      }
    }
  }
  return collected.settings();
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
