#include "app/platform.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <semaphore>
#include <system_error>
#include <thread>

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ;
#endif
#if defined(__linux__)
#include <sys/prctl.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "modules/module.h"

namespace sauatty::app {
namespace fs = std::filesystem;

namespace {

struct BrowserFacts {
  Browser browser;
  std::string_view name;
  std::string_view linux_user;  // under $XDG_CONFIG_HOME (or ~/.config), or under ~ for Firefox
  std::string_view linux_system;
  std::string_view mac_user;  // under ~/Library/Application Support
  std::string_view mac_system;
  std::string_view windows_key;  // under HKCU / HKLM
  std::array<std::string_view, 3> executables;
};

constexpr BrowserFacts kBrowsers[] = {
    {Browser::kChrome,
     "chrome",
     "google-chrome/NativeMessagingHosts",
     "/etc/opt/chrome/native-messaging-hosts",
     "Google/Chrome/NativeMessagingHosts",
     "/Library/Google/Chrome/NativeMessagingHosts",
     "Software\\Google\\Chrome\\NativeMessagingHosts",
     {"google-chrome", "google-chrome-stable", "chrome"}},
    {Browser::kChromium,
     "chromium",
     "chromium/NativeMessagingHosts",
     "/etc/chromium/native-messaging-hosts",
     "Chromium/NativeMessagingHosts",
     "/Library/Application Support/Chromium/NativeMessagingHosts",
     "Software\\Chromium\\NativeMessagingHosts",
     {"chromium", "chromium-browser", ""}},
    {Browser::kEdge,
     "edge",
     "microsoft-edge/NativeMessagingHosts",
     "/etc/opt/edge/native-messaging-hosts",
     "Microsoft Edge/NativeMessagingHosts",
     "/Library/Microsoft/Edge/NativeMessagingHosts",
     "Software\\Microsoft\\Edge\\NativeMessagingHosts",
     {"microsoft-edge", "microsoft-edge-stable", ""}},
    {Browser::kFirefox,
     "firefox",
     ".mozilla/native-messaging-hosts",
     "/usr/lib/mozilla/native-messaging-hosts",
     "Mozilla/NativeMessagingHosts",
     "/Library/Application Support/Mozilla/NativeMessagingHosts",
     "Software\\Mozilla\\NativeMessagingHosts",
     {"firefox", "firefox-esr", ""}},
};

const BrowserFacts& facts(Browser browser) {
  for (const auto& f : kBrowsers) {
    if (f.browser == browser) return f;
  }
  return kBrowsers[0];
}

bool on_path(std::string_view executable) {
#if defined(_WIN32)
  constexpr char kSeparator = ';';
  const std::string name = std::string(executable) + ".exe";
#else
  constexpr char kSeparator = ':';
  const std::string name(executable);
#endif
  const char* path = std::getenv("PATH");
  if (executable.empty() || path == nullptr) return false;
  std::string_view rest(path);
  while (!rest.empty()) {
    auto end = rest.find(kSeparator);
    std::string_view dir = rest.substr(0, end);
    std::error_code ec;
    if (!dir.empty() && fs::exists(fs::path(dir) / name, ec)) return true;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return false;
}

}  // namespace

void set_binary_stdio() {
#if defined(_WIN32)
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
#endif
}

void guard_native_messaging_process() {
#if defined(_WIN32)
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
#else
  rlimit none{0, 0};
  setrlimit(RLIMIT_CORE, &none);
  signal(SIGPIPE, SIG_IGN);
#endif
#if defined(__linux__)
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

#if defined(_WIN32)
namespace {

std::wstring wide(std::string_view utf8) {
  if (utf8.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

// One argument quoted as CommandLineToArgvW reads it back.
void append_quoted(std::wstring& line, const std::wstring& arg) {
  line += L'"';
  std::size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    line.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    line += c;
  }
  line.append(backslashes * 2, L'\\');
  line += L'"';
}

}  // namespace

std::expected<long, std::string> start_background_self(const std::vector<std::string>& argv,
                                                       const fs::path& log) {
  auto self = current_executable();
  if (!self) return std::unexpected(std::string("cannot find the running executable"));
  std::wstring line;
  for (const std::string& arg : argv) {
    if (!line.empty()) line += L' ';
    append_quoted(line, wide(arg));
  }
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE out = CreateFileW(log.c_str(), GENERIC_WRITE, FILE_SHARE_READ, &inherit, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
  HANDLE in = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                          OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (out == INVALID_HANDLE_VALUE || in == INVALID_HANDLE_VALUE) {
    if (out != INVALID_HANDLE_VALUE) CloseHandle(out);
    if (in != INVALID_HANDLE_VALUE) CloseHandle(in);
    return std::unexpected(log.string() + ": cannot be written");
  }
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = in;
  startup.hStdOutput = out;
  startup.hStdError = out;
  PROCESS_INFORMATION process{};
  const BOOL started = CreateProcessW(self->c_str(), line.data(), nullptr, nullptr, TRUE,
                                      BELOW_NORMAL_PRIORITY_CLASS | CREATE_NO_WINDOW, nullptr,
                                      nullptr, &startup, &process);
  const DWORD error = GetLastError();
  CloseHandle(out);
  CloseHandle(in);
  if (!started)
    return std::unexpected("CreateProcess failed (error " + std::to_string(error) + ")");
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);
  return static_cast<long>(process.dwProcessId);
}
#else
std::expected<long, std::string> start_background_self(const std::vector<std::string>& argv,
                                                       const fs::path& log) {
#if defined(__linux__)
  const std::string self = "/proc/self/exe";
#else
  auto found = current_executable();
  if (!found) return std::unexpected(std::string("cannot find the running executable"));
  const std::string self = found->string();
#endif
  std::vector<std::string> words = argv;
  std::vector<char*> pointers;
  for (auto& word : words) pointers.push_back(word.data());
  pointers.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  const std::string log_path = log.string();
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
#if defined(__GLIBC__)
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
#endif
  // Default signal actions in the child (the host ignores SIGPIPE).
  sigset_t all;
  sigfillset(&all);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, self.c_str(), &actions, &attributes, pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) return std::unexpected(std::string(std::strerror(rc)));
  // A lower CPU priority than the host's; best effort.
  [[maybe_unused]] int niced = setpriority(PRIO_PROCESS, static_cast<id_t>(pid), 10);
  // Reaped when it ends, so that no zombie stays while the host runs; the
  // thread holds nothing, so the host may exit while it waits.
  std::thread([pid] {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }).detach();
  return static_cast<long>(pid);
}
#endif

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

#if defined(_WIN32)
namespace {
std::binary_semaphore& stop_signalled() {
  static std::binary_semaphore signalled(0);
  return signalled;
}
BOOL WINAPI on_console_event(DWORD event) {
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT && event != CTRL_CLOSE_EVENT) return FALSE;
  stop_signalled().release();
  return TRUE;
}
}  // namespace

void block_stop_signals() { SetConsoleCtrlHandler(on_console_event, TRUE); }

void wait_for_stop_signal() { stop_signalled().acquire(); }
#else
namespace {
sigset_t stop_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}
}  // namespace

void block_stop_signals() {
  const sigset_t set = stop_signal_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void wait_for_stop_signal() {
  const sigset_t set = stop_signal_set();
  int signal = 0;
  sigwait(&set, &signal);
}
#endif

std::optional<FileIdentity> file_identity(const fs::path& path) {
#if defined(_WIN32)
  // No access asked for: attributes only, whoever else has the file open
  // (FILE_FLAG_BACKUP_SEMANTICS lets a folder be opened too).
  HANDLE file = CreateFileW(path.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                            nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (file == INVALID_HANDLE_VALUE) return std::nullopt;
  std::optional<FileIdentity> identity;
  // The 128-bit id (Windows 8 / Server 2012 on): nFileIndex below is not
  // unique on ReFS. The call fails where the class is not supported, and a
  // file system without 128-bit ids may give all zeros: then the old way.
  FILE_ID_INFO id{};
  if (GetFileInformationByHandleEx(file, FileIdInfo, &id, sizeof id)) {
    std::uint64_t low = 0;
    std::uint64_t high = 0;
    static_assert(sizeof id.FileId.Identifier == sizeof low + sizeof high);
    std::memcpy(&low, id.FileId.Identifier, sizeof low);
    std::memcpy(&high, id.FileId.Identifier + sizeof low, sizeof high);
    if (low != 0 || high != 0) identity = FileIdentity{id.VolumeSerialNumber, low, high};
  }
  if (!identity) {
    BY_HANDLE_FILE_INFORMATION info{};
    if (GetFileInformationByHandle(file, &info)) {
      identity = FileIdentity{
          info.dwVolumeSerialNumber,
          (static_cast<std::uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow, 0};
    }
  }
  CloseHandle(file);
  return identity;
#else
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return FileIdentity{static_cast<std::uint64_t>(info.st_dev),
                      static_cast<std::uint64_t>(info.st_ino), 0};
#endif
}

long peak_rss_kb() {
#if defined(_WIN32)
  return 0;
#else
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
#if defined(__APPLE__)
  return usage.ru_maxrss / 1024;  // bytes on macOS
#else
  return usage.ru_maxrss;  // KiB on Linux
#endif
#endif
}

void keep_large_blocks_out_of_heap() {
#if defined(__GLIBC__)
  // Setting the threshold (here to glibc's own default) turns off its
  // dynamic raising.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

void reserve_thread_heap(std::size_t bytes) {
#if defined(__GLIBC__)
  constexpr std::size_t kBlock = 112 * 1024;  // under keep_large_blocks_out_of_heap's threshold
  std::array<void*, 64> blocks{};
  std::size_t n = 0;
  for (; n < blocks.size() && n * kBlock < bytes; ++n) {
    blocks[n] = std::malloc(kBlock);
    if (blocks[n] == nullptr) break;
  }
  // Last first, so that each joins the free top of the arena.
  while (n > 0) std::free(blocks[--n]);
#else
  (void)bytes;
#endif
}

std::optional<fs::path> current_executable() { return modules::running_executable(); }

bool is_executable_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::status(path, ec))) return false;
#if defined(_WIN32)
  return path.extension() == ".exe";
#else
  return ::access(path.c_str(), X_OK) == 0;
#endif
}

std::string_view browser_name(Browser browser) { return facts(browser).name; }

std::optional<Browser> browser_from_name(std::string_view name) {
  for (const auto& f : kBrowsers) {
    if (f.name == name) return f.browser;
  }
  return std::nullopt;
}

bool is_firefox_family(Browser browser) { return browser == Browser::kFirefox; }

Os this_os() {
#if defined(_WIN32)
  return Os::kWindows;
#elif defined(__APPLE__)
  return Os::kMac;
#else
  return Os::kLinux;
#endif
}

fs::path manifest_folder_on(Os os, Browser browser, const ManifestPlace& place) {
  const BrowserFacts& f = facts(browser);
  switch (os) {
    case Os::kMac:
      return place.system ? fs::path(f.mac_system)
                          : place.home / "Library/Application Support" / f.mac_user;
    case Os::kWindows:
      return place.executable_dir;
    case Os::kLinux:
      break;
  }
  if (place.system) return fs::path(f.linux_system);
  if (browser == Browser::kFirefox) return place.home / f.linux_user;
  const fs::path config =
      place.xdg_config_home.is_absolute() ? place.xdg_config_home : place.home / ".config";
  return config / f.linux_user;
}

fs::path manifest_folder(Browser browser, bool system, const fs::path& home) {
  ManifestPlace place;
  place.system = system;
  place.home = home;
  const Os os = this_os();
  if (os == Os::kLinux) {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg != nullptr && *xdg == '/') place.xdg_config_home = xdg;
  } else if (os == Os::kWindows) {
    place.executable_dir = current_executable().value_or(fs::path()).parent_path();
  }
  return manifest_folder_on(os, browser, place);
}

std::string windows_registry_key(Browser browser, std::string_view host_name) {
  return std::string(facts(browser).windows_key) + "\\" + std::string(host_name);
}

bool set_windows_registry(Browser browser, std::string_view host_name, bool system,
                          const fs::path& manifest, bool remove) {
#if defined(_WIN32)
  HKEY root = system ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER;
  const std::string key = windows_registry_key(browser, host_name);
  if (remove) return RegDeleteKeyA(root, key.c_str()) == ERROR_SUCCESS;
  HKEY handle;
  if (RegCreateKeyExA(root, key.c_str(), 0, nullptr, 0, KEY_WRITE, nullptr, &handle, nullptr) !=
      ERROR_SUCCESS) {
    return false;
  }
  const std::wstring value = manifest.wstring();
  const bool ok =
      RegSetValueExW(handle, nullptr, 0, REG_SZ, reinterpret_cast<const BYTE*>(value.c_str()),
                     static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS;
  RegCloseKey(handle);
  return ok;
#else
  (void)browser;
  (void)host_name;
  (void)system;
  (void)manifest;
  (void)remove;
  return true;
#endif
}

std::expected<std::vector<RegistryValue>, std::string> windows_registry_values(
    bool machine, std::string_view key) {
  std::vector<RegistryValue> out;
#if defined(_WIN32)
  constexpr DWORD kMaxValues = 64;
  HKEY handle;
  const std::wstring wkey = wide(key);
  const LONG opened = RegOpenKeyExW(machine ? HKEY_LOCAL_MACHINE : HKEY_CURRENT_USER, wkey.c_str(),
                                    0, KEY_READ, &handle);
  if (opened == ERROR_FILE_NOT_FOUND) return out;
  if (opened != ERROR_SUCCESS) {
    return std::unexpected("cannot open the key (error " + std::to_string(opened) + ")");
  }
  const auto narrow = [](std::wstring_view text) {
    std::string utf8;
    if (text.empty()) return utf8;
    const int n = WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()),
                                      nullptr, 0, nullptr, nullptr);
    utf8.resize(static_cast<std::size_t>(n > 0 ? n : 0));
    WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), utf8.data(), n,
                        nullptr, nullptr);
    return utf8;
  };
  std::string error;
  for (DWORD i = 0;; ++i) {
    wchar_t name[256];
    DWORD name_size = 256;
    alignas(wchar_t) BYTE data[4096];
    DWORD data_size = sizeof data;
    DWORD type = 0;
    const LONG read = RegEnumValueW(handle, i, name, &name_size, nullptr, &type, data, &data_size);
    if (read == ERROR_NO_MORE_ITEMS) break;
    if (i >= kMaxValues) {
      error = "more than " + std::to_string(kMaxValues) + " values";
      break;
    }
    if (read != ERROR_SUCCESS) {
      error = read == ERROR_MORE_DATA ? "a value's name or data is too long"
                                      : "cannot read a value (error " + std::to_string(read) + ")";
      break;
    }
    RegistryValue value{narrow(std::wstring_view(name, name_size)), std::monostate{}};
    if (type == REG_DWORD && data_size == sizeof(std::uint32_t)) {
      std::uint32_t number;
      std::memcpy(&number, data, sizeof number);
      value.value = number;
    } else if (type == REG_SZ) {
      std::wstring_view text(reinterpret_cast<const wchar_t*>(data), data_size / sizeof(wchar_t));
      while (!text.empty() && text.back() == L'\0') text.remove_suffix(1);
      value.value = narrow(text);
    }
    out.push_back(std::move(value));
  }
  RegCloseKey(handle);
  if (!error.empty()) return std::unexpected(error);
#else
  (void)machine;
  (void)key;
#endif
  return out;
}

bool browser_present(Browser browser, const fs::path& home) {
  const BrowserFacts& f = facts(browser);
  std::error_code ec;
  if (fs::exists(manifest_folder(browser, false, home).parent_path(), ec)) return true;
  for (std::string_view exe : f.executables) {
    if (on_path(exe)) return true;
  }
  return false;
}

}  // namespace sauatty::app
