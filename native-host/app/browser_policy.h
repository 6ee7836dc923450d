// The administrator's policy for the extension, read by the host from the
// places the browser reads it, for the `policy` message (docs/PROTOCOL.md).
//
// Why the host reads it: Chromium answers the extension's
// storage.managed.get only 3–5 s after every browser start, and an
// administrator's `dataConsent: false` must hold before anything about a
// page reaches the host. An extension that has never read the policy (a
// fresh profile: the first start after install, a public PC that resets its
// profiles) asks the host first, so that its first page need not wait
// (docs/EXTENSION.md, "Consent and the host's start"). The browser's own
// read, when it comes, is in force from then on; this answer only stands in
// for it.
//
// What is read, on Linux: every regular file in the browser's managed
// policy folder, as JSON, and of it "3rdparty" → "extensions" → <the
// calling extension's id> → {settings} (on Windows the registry:
// read_registry_policy(); only compiled here, never run):
//   chromium  /etc/chromium/policies/managed, /etc/chromium-browser/policies/managed
//   chrome    /etc/opt/chrome/policies/managed
//   edge      /etc/opt/edge/policies/managed
// The extension id is the one in the origin the browser started the host
// with (chrome-extension://ID/), never one the message names. The settings
// are validated as extension/lib/settings.js readPolicy() validates
// storage.managed (the extension validates the answer again with it): the
// keys of extension/managed_schema.json with values of the right type are
// kept, everything else is dropped.
//
// The answer is "known" (the settings, {} when no file names the extension)
// or "unknown" with a reason, and an unknown answer makes the extension
// wait for the browser's own read, as it did before. Unknown is the answer
// whenever the host cannot be sure it saw what the browser sees:
//   - a file that cannot be read, is not JSON, is larger than
//     kMaxPolicyFileBytes, nests deeper than kMaxPolicyDepth, or whose
//     "3rdparty" part is not made of objects;
//   - a folder with more than kMaxPolicyFiles entries, or one that exists
//     but cannot be listed;
//   - two files (or folders) that give one key different values (the
//     browser's own precedence between files is not guessed at);
//   - a browser whose folders are not known here (Firefox, whose
//     storage.managed answers at once; a `browser` the host does not know;
//     macOS, not read yet); on Windows a registry key that cannot be read
//     or a value of another type than the policy's.
// A malformed file never makes the host fail: it is an unknown answer whose
// reason names the file (paths of policy files, nothing about pages).
//
// For tests: SAUATTY_POLICY_DIRS, a list of folders separated by ':', is
// read in addition to the browser's own folders (only where those are
// known: Linux), by this reader alone (the host's tests cannot write /etc,
// and the e2e suite must not: it would change every Chromium on the
// machine). It only ever adds: a value it gives that the system's
// folders give differently makes the answer unknown, so it can never hide
// an administrator's policy from the extension. Whoever sets the browser's
// environment could only add settings where the system has none, for the
// seconds until the browser's own read replaces them.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/platform.h"
#include "protocol/session.h"

namespace sauatty::app {

inline constexpr std::size_t kMaxPolicyFileBytes = 1 << 20;
inline constexpr std::size_t kMaxPolicyFiles = 64;
// Deepest nesting of a policy file's JSON (ours nests 4 levels; Chromium's
// own reader refuses over 200).
inline constexpr int kMaxPolicyDepth = 64;

// Which browser started the host, from its command line (docs/PROTOCOL.md):
// Chrome, Chromium and Edge pass the extension's origin, Firefox the path
// of the host's manifest and the add-on's id.
struct Caller {
  enum class Family { kUnknown, kChromium, kFirefox };
  Family family = Family::kUnknown;
  std::string extension_id;  // a-p, 32 letters for kChromium; the add-on id for kFirefox
};
Caller caller_from_arguments(const std::vector<std::string>& words);

// The folders `browser` reads its managed policy from on this system, then
// those of SAUATTY_POLICY_DIRS; empty for Firefox, and where the system's
// are not known here. The message names the browser as browser_name() does
// ("chromium", "chrome", "edge"; app/platform.h): the extension knows which
// of the three it runs in, the host's command line does not say.
std::vector<std::filesystem::path> policy_folders(Browser browser);

// The settings for `extension_id` in `folders` (a folder that does not
// exist has none); the error is why the answer is unknown. When
// `installed_by_files` is given, it says whether a file read installs the
// extension (ExtensionInstallForcelist, or ExtensionSettings'
// installation_mode force_installed / normal_installed): the `policy`
// answer's `installs`. An extension installed by policy that no file read
// installs gets its policy from elsewhere (cloud management, a managed
// account), which these files do not show, so the extension does not take
// the answer for it (extension/background/config.js).
std::expected<nlohmann::json, std::string> read_extension_policy(
    const std::vector<std::filesystem::path>& folders, std::string_view extension_id,
    bool* installed_by_files = nullptr);

// Windows: the values of Software\Policies\<Chromium | Google\Chrome |
// Microsoft\Edge>\3rdparty\extensions\<id>\policy under HKLM and HKCU
// (where the browsers read an extension's policy), joined as the files
// are (two values for one key: unknown). Elsewhere there are none ({}).
std::expected<nlohmann::json, std::string> read_registry_policy(Browser browser,
                                                                std::string_view extension_id);

// A registry value as the policy's JSON value for `key`: booleans are
// DWORD 0 or 1, idleMinutes a DWORD, language a string (REG_SZ); anything
// else for one of the policy's keys is nullopt (the answer is unknown: the
// browser might read it differently), and so is any value whose name is one
// of the policy's keys but for case ("DataConsent": registry names are
// case-insensitive); a value for another key is null (ignored).
std::optional<nlohmann::json> policy_value_from_registry(std::string_view key,
                                                         const RegistryValue& value);

// The `policy` message's handler for the host started by `caller`.
protocol::HandlerEntry policy_handler(Caller caller);

}  // namespace sauatty::app
