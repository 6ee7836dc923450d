// The administrator's policy read by the host (app/browser_policy.h): real
// files in temporary folders, read by the reader and, over a pipe, by the
// real host answering `policy` as the extension asks it on a fresh profile.
#include "app/browser_policy.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "protocol/frame.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using sauatty::testing::Subprocess;
using sauatty::testing::TempDir;

constexpr const char* kId = "podmgadinodhilbbmgfknijkfllmeock";
constexpr const char* kOtherId = "aaaabbbbccccddddeeeeffffgggghhhh";

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A policy file as an administrator writes one: settings for extensions by id.
std::string policy_file(const json& by_id) {
  return json{{"3rdparty", {{"extensions", by_id}}}}.dump(2);
}

TEST(BrowserPolicy, AFolderThatDoesNotExistHoldsNoPolicy) {
  TempDir dir("sauatty-policy");
  auto policy = read_extension_policy({dir.path() / "missing", dir.path()}, kId);
  ASSERT_TRUE(policy.has_value()) << policy.error();
  EXPECT_EQ(*policy, json::object());
}

TEST(BrowserPolicy, KeepsWhatTheExtensionsReadPolicyKeeps) {
  TempDir dir("sauatty-policy");
  // Chromium's own policies in the same file, another extension's, and ours
  // with values of the wrong type or out of range (extension/lib/settings.js
  // readPolicy drops those, and so must the host).
  write(dir.path() / "sauatty.json",
        json{{"HomepageLocation", "https://example.org/"},
             {"3rdparty",
              {{"extensions",
                {{kOtherId, {{"dataConsent", true}, {"language", "en"}}},
                 {kId,
                  {{"dataConsent", false},
                   {"language", "kk"},
                   {"publicPc", true},
                   {"idleMinutes", 30},
                   {"showBanner", "yes"},
                   {"markLinks", 1},
                   {"allowDismiss", false},
                   {"workshopView", nullptr},
                   {"unknownKey", true}}}}}}}}
            .dump());
  auto policy = read_extension_policy({dir.path()}, kId);
  ASSERT_TRUE(policy.has_value()) << policy.error();
  EXPECT_EQ(*policy, (json{{"dataConsent", false},
                           {"language", "kk"},
                           {"publicPc", true},
                           {"idleMinutes", 30},
                           {"allowDismiss", false}}));

  // The bounds and the languages of managed_schema.json.
  for (const json& bad :
       {json{{"idleMinutes", 0}}, json{{"idleMinutes", 241}}, json{{"idleMinutes", 10.5}},
        json{{"language", "de"}}, json{{"language", "KK"}}, json{{"dataConsent", "false"}}}) {
    write(dir.path() / "sauatty.json", policy_file({{kId, bad}}));
    auto read = read_extension_policy({dir.path()}, kId);
    ASSERT_TRUE(read.has_value()) << read.error();
    EXPECT_EQ(*read, json::object()) << bad.dump();
  }
  for (const json& good : {json{{"idleMinutes", 1}}, json{{"idleMinutes", 240}},
                           json{{"language", "auto"}}, json{{"dataConsent", true}}}) {
    write(dir.path() / "sauatty.json", policy_file({{kId, good}}));
    auto read = read_extension_policy({dir.path()}, kId);
    ASSERT_TRUE(read.has_value()) << read.error();
    EXPECT_EQ(*read, good);
  }
}

// The host keeps what extension/managed_schema.json declares, as the
// extension's readPolicy() does: a key added to the schema and not to the
// host's reader (or a bound changed) fails here.
TEST(BrowserPolicy, FollowsTheExtensionsManagedSchema) {
  std::ifstream in(SAUATTY_MANAGED_SCHEMA);
  ASSERT_TRUE(in) << SAUATTY_MANAGED_SCHEMA;
  const json schema = json::parse(in);
  TempDir dir("sauatty-policy");
  auto read = [&](const json& settings) {
    write(dir.path() / "sauatty.json", policy_file({{kId, settings}}));
    auto policy = read_extension_policy({dir.path()}, kId);
    EXPECT_TRUE(policy.has_value()) << policy.error();
    return policy.value_or(json());
  };
  json every = json::object();
  for (const auto& [key, property] : schema.at("properties").items()) {
    std::vector<json> good, bad;
    const std::string type = property.at("type");
    if (type == "boolean") {
      good = {true, false};
      bad = {"true", 1};
    } else if (type == "string") {
      for (const auto& value : property.at("enum")) good.push_back(value);
      bad = {"xx", 1};
    } else if (type == "integer") {
      const int min = property.at("minimum"), max = property.at("maximum");
      good = {min, max};
      bad = {min - 1, max + 1, "5"};
    } else {
      ADD_FAILURE() << key << ": a type the host's reader does not know: " << type;
    }
    for (const json& value : good) {
      EXPECT_EQ(read({{key, value}}), (json{{key, value}})) << key << " = " << value;
      every[key] = value;
    }
    for (const json& value : bad) {
      EXPECT_EQ(read({{key, value}}), json::object()) << key << " = " << value;
    }
  }
  EXPECT_EQ(read(every), every) << "every key of the schema at once";
}

TEST(BrowserPolicy, FilesWithoutTheExtensionAddNothing) {
  TempDir dir("sauatty-policy");
  write(dir.path() / "a.json", R"({"HomepageLocation": "https://example.org/"})");
  write(dir.path() / "b.json", R"({"3rdparty": {}})");
  write(dir.path() / "c.json", R"({"3rdparty": {"extensions": {}}})");
  write(dir.path() / "d.json", policy_file({{kOtherId, {{"dataConsent", false}}}}));
  // Comments, as administrators write them (Chromium's reader takes them).
  write(dir.path() / "e.json", "// library PCs\n{\"3rdparty\": {\"extensions\": {\"" +
                                   std::string(kId) + "\": {\"language\": \"ru\"}}}}\n");
  fs::create_directories(dir.path() / "a folder.json");  // not a file: not read
  auto policy = read_extension_policy({dir.path()}, kId);
  ASSERT_TRUE(policy.has_value()) << policy.error();
  EXPECT_EQ(*policy, (json{{"language", "ru"}}));
}

TEST(BrowserPolicy, SettingsFromSeveralFilesAndFoldersAreJoined) {
  TempDir dir("sauatty-policy");
  write(dir.path() / "one/consent.json", policy_file({{kId, {{"dataConsent", false}}}}));
  write(dir.path() / "one/language.json", policy_file({{kId, {{"language", "kk"}}}}));
  // The same value twice is no conflict.
  write(dir.path() / "two/all.json",
        policy_file({{kId, {{"dataConsent", false}, {"publicPc", true}}}}));
  auto policy = read_extension_policy({dir.path() / "one", dir.path() / "two"}, kId);
  ASSERT_TRUE(policy.has_value()) << policy.error();
  EXPECT_EQ(*policy, (json{{"dataConsent", false}, {"language", "kk"}, {"publicPc", true}}));
}

TEST(BrowserPolicy, AKeyGivenTwoValuesIsUnknown) {
  TempDir dir("sauatty-policy");
  write(dir.path() / "one/a.json", policy_file({{kId, {{"dataConsent", true}}}}));
  write(dir.path() / "two/b.json", policy_file({{kId, {{"dataConsent", false}}}}));
  auto policy = read_extension_policy({dir.path() / "one", dir.path() / "two"}, kId);
  ASSERT_FALSE(policy.has_value()) << policy->dump();
  EXPECT_EQ(policy.error(), "'dataConsent' is set differently in '" +
                                (dir.path() / "one/a.json").string() + "' and '" +
                                (dir.path() / "two/b.json").string() + "'");

  // Also when one of the values is one the extension would drop: which one
  // the browser keeps is not guessed at.
  write(dir.path() / "two/b.json", policy_file({{kId, {{"dataConsent", "no"}}}}));
  policy = read_extension_policy({dir.path() / "one", dir.path() / "two"}, kId);
  ASSERT_FALSE(policy.has_value()) << policy->dump();
  EXPECT_TRUE(policy.error().starts_with("'dataConsent' is set differently")) << policy.error();
}

TEST(BrowserPolicy, AFileThatCannotBeTrustedMakesTheAnswerUnknownNamingIt) {
  struct Case {
    std::string text;
    std::string says;
  };
  const std::string mine = std::string(kId);
  const Case cases[] = {
      {"{\"3rdparty\": {\"extensions\": {", "is not valid JSON"},
      {"[1, 2]", "is not a JSON object"},
      {"{\"3rdparty\": []}", ": '3rdparty' is not an object"},
      {"{\"3rdparty\": {\"extensions\": \"" + mine + "\"}}",
       ": '3rdparty.extensions' is not an object"},
      {"{\"3rdparty\": {\"extensions\": {\"" + mine + "\": false}}}",
       ": the extension's settings are not an object"},
      {"{\"language\": \"\xff\"}", "is not valid JSON"},
      {"{\"x\": \"" + std::string(kMaxPolicyFileBytes, 'a') + "\"}", ": larger than 1048576 bytes"},
      // Deep nesting in the extension's own settings: its copy recursed
      // until the stack ran out (review, 2026-12-05).
      {"{\"3rdparty\": {\"extensions\": {\"" + mine +
           "\": {\"dataConsent\": " + std::string(200000, '[') + std::string(200000, ']') + "}}}}",
       " nests deeper than 64 levels"},
      {"{\"a\": " + std::string(66, '[') + std::string(66, ']') + "}",
       " nests deeper than 64 levels"},
  };
  for (const auto& c : cases) {
    TempDir dir("sauatty-policy");
    // A good file beside it does not make the bad one count less.
    write(dir.path() / "a-good.json", policy_file({{kId, {{"dataConsent", true}}}}));
    const fs::path bad = dir.path() / "b-bad.json";
    write(bad, c.text);
    auto policy = read_extension_policy({dir.path()}, kId);
    ASSERT_FALSE(policy.has_value()) << c.says << ": " << policy->dump();
    EXPECT_NE(policy.error().find("'" + bad.string() + "'"), std::string::npos) << policy.error();
    EXPECT_NE(policy.error().find(c.says), std::string::npos) << policy.error();
  }
}

TEST(BrowserPolicy, SaysWhetherAFileReadInstallsTheExtension) {
  struct Case {
    json file;
    bool installs;
  };
  const std::string mine = kId;
  const Case cases[] = {
      {json::object(), false},
      {{{"ExtensionInstallForcelist", {mine + ";https://clients2.google.com/service/update2/crx"}}},
       true},
      {{{"ExtensionInstallForcelist", {mine}}}, true},
      {{{"ExtensionInstallForcelist", {std::string(kOtherId) + ";https://x.example/u"}}}, false},
      {{{"ExtensionInstallForcelist", {mine + "x;https://x.example/u"}}}, false},
      {{{"ExtensionSettings", {{mine, {{"installation_mode", "force_installed"}}}}}}, true},
      {{{"ExtensionSettings", {{mine, {{"installation_mode", "normal_installed"}}}}}}, true},
      {{{"ExtensionSettings", {{mine, {{"installation_mode", "allowed"}}}}}}, false},
      {{{"ExtensionSettings", {{kOtherId, {{"installation_mode", "force_installed"}}}}}}, false},
  };
  for (const auto& c : cases) {
    TempDir dir("sauatty-policy");
    write(dir.path() / "install.json", c.file.dump());
    write(dir.path() / "settings.json", policy_file({{kId, {{"dataConsent", true}}}}));
    bool installs = !c.installs;
    auto policy = read_extension_policy({dir.path()}, kId, &installs);
    ASSERT_TRUE(policy.has_value()) << policy.error();
    EXPECT_EQ(installs, c.installs) << c.file.dump();
    EXPECT_EQ(*policy, (json{{"dataConsent", true}}));
  }
}

TEST(BrowserPolicy, AFolderOfTooManyEntriesIsUnknown) {
  TempDir dir("sauatty-policy");
  for (std::size_t i = 0; i < kMaxPolicyFiles; ++i) {
    write(dir.path() / ("p" + std::to_string(i) + ".json"), "{}");
  }
  auto policy = read_extension_policy({dir.path()}, kId);
  ASSERT_TRUE(policy.has_value()) << policy.error();
  write(dir.path() / "one-more.json", "{}");
  policy = read_extension_policy({dir.path()}, kId);
  ASSERT_FALSE(policy.has_value());
  EXPECT_EQ(policy.error(), "'" + dir.path().string() + "' holds more than 64 entries");
}

TEST(BrowserPolicy, TheCallerComesFromTheBrowsersArguments) {
  auto chrome = caller_from_arguments({"chrome-extension://podmgadinodhilbbmgfknijkfllmeock/"});
  EXPECT_EQ(chrome.family, Caller::Family::kChromium);
  EXPECT_EQ(chrome.extension_id, kId);
  // Chrome on Windows adds its window.
  auto windows = caller_from_arguments(
      {"chrome-extension://podmgadinodhilbbmgfknijkfllmeock/", "--parent-window=0"});
  EXPECT_EQ(windows.family, Caller::Family::kChromium);
  auto firefox = caller_from_arguments(
      {"/usr/lib/mozilla/native-messaging-hosts/sauatty.json", "sauatty@sauatty.kz"});
  EXPECT_EQ(firefox.family, Caller::Family::kFirefox);
  EXPECT_EQ(firefox.extension_id, "sauatty@sauatty.kz");
  for (const std::vector<std::string>& words : std::vector<std::vector<std::string>>{
           {},
           {"chrome-extension://../"},
           {"chrome-extension://PODMGADINODHILBBMGFKNIJKFLLMEOCK/"},
           {"chrome-extension://podmgadinodhilbbmgfknijkfllmeoc/"},
           {"--rules", "x"}}) {
    EXPECT_EQ(caller_from_arguments(words).family, Caller::Family::kUnknown)
        << (words.empty() ? "" : words[0]);
  }
}

TEST(BrowserPolicy, EachChromiumBrowserHasItsOwnFoldersAndTheTestFoldersComeAfter) {
#if defined(__linux__)
  ::setenv("SAUATTY_POLICY_DIRS", "/tmp/a::/tmp/b", 1);
  EXPECT_EQ(policy_folders(Browser::kChromium),
            (std::vector<fs::path>{"/etc/chromium/policies/managed",
                                   "/etc/chromium-browser/policies/managed", "/tmp/a", "/tmp/b"}));
  EXPECT_EQ(policy_folders(Browser::kChrome),
            (std::vector<fs::path>{"/etc/opt/chrome/policies/managed", "/tmp/a", "/tmp/b"}));
  EXPECT_EQ(policy_folders(Browser::kEdge),
            (std::vector<fs::path>{"/etc/opt/edge/policies/managed", "/tmp/a", "/tmp/b"}));
  // Firefox is not read; the test folders alone never stand for a browser.
  EXPECT_TRUE(policy_folders(Browser::kFirefox).empty());
  ::unsetenv("SAUATTY_POLICY_DIRS");
  EXPECT_EQ(policy_folders(Browser::kChrome),
            (std::vector<fs::path>{"/etc/opt/chrome/policies/managed"}));
#else
  GTEST_SKIP() << "the folders are Linux's";
#endif
}

TEST(BrowserPolicy, RegistryValuesAreTakenOnlyInTheTypesThePolicyUses) {
  auto value = [](std::variant<std::monostate, std::uint32_t, std::string> v) {
    return RegistryValue{"", std::move(v)};
  };
  // As Chrome's policy templates write them: booleans as DWORD 0/1.
  EXPECT_EQ(policy_value_from_registry("dataConsent", value(std::uint32_t{0})), json(false));
  EXPECT_EQ(policy_value_from_registry("publicPc", value(std::uint32_t{1})), json(true));
  EXPECT_EQ(policy_value_from_registry("idleMinutes", value(std::uint32_t{30})), json(30));
  EXPECT_EQ(policy_value_from_registry("language", value(std::string("kk"))), json("kk"));
  // Anything else for a key of ours: the browser may read it otherwise.
  EXPECT_EQ(policy_value_from_registry("dataConsent", value(std::uint32_t{2})), std::nullopt);
  EXPECT_EQ(policy_value_from_registry("dataConsent", value(std::string("0"))), std::nullopt);
  EXPECT_EQ(policy_value_from_registry("language", value(std::uint32_t{1})), std::nullopt);
  EXPECT_EQ(policy_value_from_registry("idleMinutes", value(std::monostate{})), std::nullopt);
  // Another key: ignored.
  EXPECT_EQ(policy_value_from_registry("somethingElse", value(std::monostate{})), json());
  // One of ours but for case: the browser reads registry names
  // case-insensitively, so it may count there.
  EXPECT_EQ(policy_value_from_registry("DataConsent", value(std::uint32_t{0})), std::nullopt);
  EXPECT_EQ(policy_value_from_registry("LANGUAGE", value(std::string("kk"))), std::nullopt);
#if !defined(_WIN32)
  // No registry here: no policy in it.
  auto none = read_registry_policy(Browser::kChrome, kId);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(*none, json::object());
#endif
}

// The real host, as the extension asks it on a fresh profile: `policy` first.
class PolicyMessage : public ::testing::Test {
 protected:
  void SetUp() override {
    // The system's own folders come first in every answer: a machine with a
    // real Chromium policy would change what these tests expect.
    for (const auto& folder : policy_folders(Browser::kChromium)) {
      if (fs::exists(folder)) GTEST_SKIP() << folder << " exists on this machine";
    }
    fs::create_directories(home_.path() / "config/sauatty");
    std::ofstream(home_.path() / "config/sauatty/sources.json")
        << R"({"format": "sauatty-sources/1", "lists": []})";
  }

  // Starts the host as `words` (the browser's arguments) and asks `request`.
  json ask(const std::vector<std::string>& words, const json& request, int* exit_code = nullptr) {
    std::vector<std::string> argv{sauatty::testing::host_binary()};
    argv.insert(argv.end(), words.begin(), words.end());
    Subprocess host(argv, {"HOME=" + home_.path().string(),
                           "XDG_CONFIG_HOME=" + (home_.path() / "config").string(),
                           "XDG_CACHE_HOME=" + (home_.path() / "cache").string(),
                           "SAUATTY_POLICY_DIRS=" + policies_.path().string()});
    host.write(protocol::encode_frame(request.dump()));
    auto body = host.read_frame();
    EXPECT_TRUE(body.has_value()) << host.stderr_text();
    // The host goes on answering after it.
    host.write(protocol::encode_frame(json({{"id", 2}, {"type", "hello"}}).dump()));
    auto hello = host.read_frame();
    EXPECT_TRUE(hello.has_value());
    if (hello) {
      EXPECT_EQ(json::parse(*hello)["ok"], true) << *hello;
    }
    int code = host.wait();
    if (exit_code) *exit_code = code;
    return body ? json::parse(*body) : json();
  }

  const std::vector<std::string> chrome_{"chrome-extension://podmgadinodhilbbmgfknijkfllmeock/"};
  TempDir home_{"sauatty-policy-home"};
  TempDir policies_{"sauatty-policy-dirs"};
};

TEST_F(PolicyMessage, AnswersTheAdministratorsPolicyForTheCallingExtension) {
  write(policies_.path() / "sauatty.json",
        policy_file({{kId, {{"dataConsent", false}, {"language", "kk"}}},
                     {kOtherId, {{"dataConsent", true}}}}));
  int code = -1;
  json answer = ask(chrome_, {{"id", 1}, {"type", "policy"}, {"browser", "chromium"}}, &code);
  EXPECT_EQ(answer, (json{{"id", 1},
                          {"ok", true},
                          {"type", "policy"},
                          {"known", true},
                          {"policy", {{"dataConsent", false}, {"language", "kk"}}},
                          {"installs", false}}));
  EXPECT_EQ(code, 0);

  // A file that installs it, as packaging/'s template does.
  write(policies_.path() / "install.json",
        json{{"ExtensionInstallForcelist", {std::string(kId) + ";https://x.example/u"}}}.dump());
  answer = ask(chrome_, {{"id", 1}, {"type", "policy"}, {"browser", "chromium"}});
  EXPECT_EQ(answer["installs"], true) << answer.dump();

  // Another extension's origin gets its own settings, never ours.
  answer = ask({"chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/"},
               {{"id", 1}, {"type", "policy"}, {"browser", "chromium"}});
  EXPECT_EQ(answer["policy"], (json{{"dataConsent", true}})) << answer.dump();
}

TEST_F(PolicyMessage, NoPolicyIsAKnownEmptyOne) {
  json answer = ask(chrome_, {{"id", 1}, {"type", "policy"}, {"browser", "chrome"}});
  EXPECT_EQ(answer["known"], true) << answer.dump();
  EXPECT_EQ(answer["policy"], json::object());
}

TEST_F(PolicyMessage, AMalformedFileIsUnknownAndTheHostGoesOn) {
  write(policies_.path() / "broken.json", "{\"3rdparty\": ");
  int code = -1;
  json answer = ask(chrome_, {{"id", 1}, {"type", "policy"}, {"browser", "edge"}}, &code);
  EXPECT_EQ(answer["ok"], true) << answer.dump();
  EXPECT_EQ(answer["known"], false);
  EXPECT_EQ(answer["reason"],
            "'" + (policies_.path() / "broken.json").string() + "' is not valid JSON");
  EXPECT_FALSE(answer.contains("policy"));
  EXPECT_EQ(code, 0);
}

TEST_F(PolicyMessage, OtherBrowsersAndCallersAreUnknown) {
  write(policies_.path() / "sauatty.json", policy_file({{kId, {{"dataConsent", false}}}}));
  // Firefox reads its policy at once: the host does not stand in for it.
  json answer = ask({"/usr/lib/mozilla/native-messaging-hosts/sauatty.json", "sauatty@sauatty.kz"},
                    {{"id", 1}, {"type", "policy"}, {"browser", "chromium"}});
  EXPECT_EQ(answer["known"], false) << answer.dump();
  EXPECT_EQ(answer["reason"], "not read for Firefox: its storage.managed answers at once");
  // A browser whose folders the host does not know (Brave, Yandex, …).
  answer = ask(chrome_, {{"id", 1}, {"type", "policy"}, {"browser", "brave"}});
  EXPECT_EQ(answer["known"], false) << answer.dump();
  EXPECT_EQ(answer["reason"], "no policy folders known for browser 'brave' on this system");
  answer = ask(chrome_, {{"id", 1}, {"type", "policy"}, {"browser", "firefox"}});
  EXPECT_EQ(answer["known"], false) << answer.dump();
  // A session without an extension's origin (the host runs one only for a
  // browser, so the handler is asked directly).
  auto unknown = policy_handler(Caller{}).handle({{"type", "policy"}, {"browser", "chromium"}});
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ((*unknown)["known"], false) << unknown->dump();
  // The browser must be named.
  answer = ask(chrome_, {{"id", 1}, {"type", "policy"}});
  EXPECT_EQ(answer["ok"], false) << answer.dump();
  EXPECT_EQ(answer["error"]["code"], "missing_field");
}

}  // namespace
}  // namespace sauatty::app
