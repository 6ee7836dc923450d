// The compiled cache with the real host: `rules compile` writes it, `rules
// list` says it is used and, for a damaged one, why not (stderr too) while
// the lists still load; a running native-messaging host swaps to the new
// rules within 5 s when another process updates the lists and the cache,
// and keeps its rules when the new cache is damaged; a FIFO or a symbolic
// link at the cache's path is refused and the host starts from the lists. Lists are downloaded
// by the real `rules update` from an HTTP server on 127.0.0.1.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "protocol/frame.h"
#include "support/http_server.h"
#include "support/lists.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sauatty {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::host_binary;
using testing::run_command;
using testing::Subprocess;

const std::string kOrigin = "chrome-extension://podmgadinodhilbbmgfknijkfllmeock/";
const std::vector<std::string> kOffline = {"SAUATTY_OFFLINE=1"};

// An Adblock Plus list of `n` host filters plus `extra` lines.
std::string list_of(int n, const std::string& extra = {}) {
  return testing::host_filter_list(n, "t", ".tracker.example", "! Title: test\n") + extra;
}

class CompiledCacheHostTest : public ::testing::Test {
 protected:
  // Serves `body` as the list and runs `rules update` then `rules compile`,
  // as an administrator's timer would (another process than any host).
  void update_to(const std::string& body) {
    testing::HttpServer server({{"/list", {200, body}}});
    std::ofstream(dir_ / "sources.json", std::ios::trunc)
        << testing::sources_json({{"local", "filters", server.url("/list")}});
    auto r = run_command(rules("update"), {}, kOffline);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    auto c = run_command(rules("compile"), {}, kOffline);
    ASSERT_EQ(c.exit_code, 0) << c.out << c.err;
    EXPECT_NE(c.out.find("compiled cache: parsed the lists: rebuild asked for, written"),
              std::string::npos)
        << c.out;
  }
  std::vector<std::string> rules(const std::string& what) const {
    return {host_binary(), "rules",         what, "--sources", (dir_ / "sources.json").string(),
            "--cache",     cache().string()};
  }
  fs::path cache() const { return dir_ / "cache"; }
  fs::path compiled() const { return cache() / ".compiled-rules"; }
  // A host started as the browser starts it, asked `hello` once, then
  // ended: its answer ("" without one), its stderr and exit code.
  struct Hello {
    std::string answer, err;
    int exit_code = -1;
  };
  Hello hello() const {
    Subprocess host({host_binary(), kOrigin, "--sources", (dir_ / "sources.json").string(),
                     "--cache", cache().string()},
                    kOffline);
    host.write(
        protocol::encode_frame(R"({"id":1,"type":"hello","extension":"0.1.0","protocol":1})"));
    auto body = host.read_frame();
    host.close_stdin();
    const int code = host.wait();
    return {body.value_or(""), host.stderr_text(), code};
  }
  testing::TempDir temp_{"sauatty-compiled-host"};
  const fs::path& dir_ = temp_.path();
};

// Whether the host says a request to `host` is a tracker's.
bool tracked(Subprocess& host, const std::string& url, int id) {
  json message = {{"id", id},
                  {"type", "requests"},
                  {"tab", 1},
                  {"page", "https://news.kz/"},
                  {"requests", {{{"url", url}, {"type", "script"}}}}};
  host.write(protocol::encode_frame(message.dump()));
  auto body = host.read_frame();
  if (!body) return false;
  json reply = json::parse(*body);
  EXPECT_EQ(reply["ok"], true) << *body;
  return reply["results"][0].contains("tracker") && reply["results"][0]["tracker"].is_object();
}

TEST_F(CompiledCacheHostTest, CompileListAndADamagedCache) {
  update_to(list_of(50));
  ASSERT_TRUE(fs::exists(compiled()));
  auto used = run_command(rules("list"), {}, kOffline);
  ASSERT_EQ(used.exit_code, 0) << used.err;
  EXPECT_NE(used.out.find("compiled cache: used"), std::string::npos) << used.out;
  EXPECT_NE(used.out.find("filters\tlocal\t50 entries"), std::string::npos) << used.out;
  // Damage one byte in the middle: refused, said on stderr and in the list,
  // and the lists parsed instead (still 50 entries), the cache written again.
  std::string bytes;
  {
    std::ifstream in(compiled(), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() / 2] ^= 0x55;
  std::ofstream(compiled(), std::ios::binary | std::ios::trunc) << bytes;
  auto damaged = run_command(rules("list"), {}, kOffline);
  ASSERT_EQ(damaged.exit_code, 0) << damaged.err;
  EXPECT_NE(damaged.out.find("compiled cache: parsed the lists: "), std::string::npos)
      << damaged.out;
  EXPECT_NE(damaged.out.find(", written"), std::string::npos) << damaged.out;
  EXPECT_NE(damaged.err.find("sauatty-host: compiled cache not used: "), std::string::npos)
      << damaged.err;
  EXPECT_NE(damaged.out.find("filters\tlocal\t50 entries"), std::string::npos) << damaged.out;
  auto again = run_command(rules("list"), {}, kOffline);
  EXPECT_NE(again.out.find("compiled cache: used"), std::string::npos) << again.out;
  // `rules verify` reads the lists themselves, never the cache.
  auto verify = run_command(rules("verify"), {}, kOffline);
  EXPECT_EQ(verify.out.find("compiled cache:"), std::string::npos) << verify.out;
}

// A FIFO or a symbolic link put at the cache's path: the host neither
// waits on the FIFO nor follows the link; it answers `hello` from the
// lists parsed from source, says why on stderr, and writes a good cache in
// their place, which the next start uses.
TEST_F(CompiledCacheHostTest, HostStartsFromTheListsWhenTheCacheIsAFifoOrALink) {
  update_to(list_of(50));
  const fs::path elsewhere = dir_ / "elsewhere";
  fs::copy_file(compiled(), elsewhere);
  struct Case {
    const char* what;
    std::function<void()> put;
    const char* says;
  };
  const Case cases[] = {
      {"a FIFO", [&] { ASSERT_EQ(::mkfifo(compiled().c_str(), 0600), 0); }, "not a regular file"},
      {"a link", [&] { fs::create_symlink(elsewhere, compiled()); },
       "not a regular file (a symbolic link)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    fs::remove(compiled());
    c.put();
    for (const char* expected_cache : {"parsed", "used"}) {
      const Hello h = hello();
      ASSERT_FALSE(h.answer.empty()) << h.err;
      EXPECT_EQ(json::parse(h.answer)["ok"], true) << h.answer;
      EXPECT_NE(h.answer.find(R"("entries":50)"), std::string::npos) << h.answer;
      EXPECT_EQ(h.exit_code, 0);
      const std::string refused = std::string(
                                      "sauatty-host: compiled cache not used: parsed the "
                                      "lists: ") +
                                  c.says + ", written";
      if (std::string_view(expected_cache) == "parsed") {
        EXPECT_NE(h.err.find(refused), std::string::npos) << h.err;
      } else {
        EXPECT_EQ(h.err.find("compiled cache not used"), std::string::npos) << h.err;
      }
      EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(compiled())));
    }
  }
}

// A host start takes the downloaded copies from the cache's key (path,
// size, modification time, inode) and does not read them for their
// checksums: a copy changed in place at the same size and time still
// answers from the index of the checked copy, and says nothing; `rules
// list` reads every copy and names it damaged. Once the key no longer fits
// (the time moved), the host checks the copies and leaves the damaged one
// out.
TEST_F(CompiledCacheHostTest, HostStartTrustsTheCacheKeyForTheCopiesRulesListChecksThem) {
  update_to(list_of(50));
  const fs::path copy = cache() / "local";
  const auto written = fs::last_write_time(copy);
  std::string bytes;
  {
    std::ifstream in(copy, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() / 2] ^= 0x01;
  {
    std::fstream out(copy, std::ios::binary | std::ios::in | std::ios::out);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  fs::last_write_time(copy, written);
  const auto [trusted, trusted_err, trusted_exit] = hello();
  EXPECT_EQ(trusted_exit, 0);
  EXPECT_NE(trusted.find(R"("entries":50)"), std::string::npos) << trusted;
  EXPECT_EQ(trusted_err.find("left out"), std::string::npos) << trusted_err;
  auto listed = run_command(rules("list"), {}, kOffline);
  EXPECT_NE(listed.err.find("its checksum is not the one verified"), std::string::npos)
      << listed.err;
  // Another time: the key no longer fits, the copy is checked and left out.
  fs::last_write_time(copy, written + std::chrono::seconds(5));
  const auto [checked, checked_err, checked_exit] = hello();
  EXPECT_EQ(checked_exit, 0);
  EXPECT_EQ(checked.find(R"("entries":50)"), std::string::npos) << checked;
  EXPECT_NE(checked_err.find("left out"), std::string::npos) << checked_err;
}

TEST_F(CompiledCacheHostTest, RunningHostSwapsWhenAnotherProcessUpdatesTheCache) {
  update_to(list_of(50));
  Subprocess host({host_binary(), kOrigin, "--sources", (dir_ / "sources.json").string(), "--cache",
                   cache().string()},
                  kOffline);
  const std::string newcomer = "https://cdn.newcomer.example/x.js";
  int id = 1;
  ASSERT_TRUE(tracked(host, "https://t7.tracker.example/p.js", id++));
  ASSERT_FALSE(tracked(host, newcomer, id++));
  // Another process updates the list (one filter more) and the cache.
  update_to(list_of(50, "||newcomer.example^\n"));
  const auto updated = std::chrono::steady_clock::now();
  bool swapped = false;
  while (std::chrono::steady_clock::now() - updated < std::chrono::seconds(5)) {
    if (tracked(host, newcomer, id++)) {
      swapped = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - updated).count();
  EXPECT_TRUE(swapped) << "no swap within 5 s";
  std::printf("swapped %.2f s after the update\n", seconds);
  EXPECT_TRUE(tracked(host, "https://t7.tracker.example/p.js", id++));
  // A damaged cache from another process is not adopted: the rules stay.
  std::ofstream(compiled(), std::ios::binary | std::ios::trunc) << "SAUATTYC damaged";
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_TRUE(tracked(host, newcomer, id++));
  EXPECT_EQ(host.wait(), 0);
  EXPECT_NE(host.stderr_text().find("the compiled cache changed; rules swapped"), std::string::npos)
      << host.stderr_text();
  EXPECT_NE(host.stderr_text().find("the compiled cache changed but was not adopted"),
            std::string::npos)
      << host.stderr_text();
  // Privacy: no URL the browser sent is on stderr.
  EXPECT_EQ(host.stderr_text().find("newcomer"), std::string::npos);
}

}  // namespace
}  // namespace sauatty
