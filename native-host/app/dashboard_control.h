// The `dashboard` message (docs/PROTOCOL.md): the extension's popup asks the
// native-messaging host it already talks to for the workshop view
// (docs/WORKSHOP.md). `start` runs the same server as `sauatty-host
// dashboard` (dashboard/server.h) on a thread of its own inside this
// process, `status` reports it, `stop` ends it and forgets its session.
// While it runs, every request the host judges in a `requests` message is
// fed to it (LiveBatch), so the room's map fills as the user browses.
//
// Public PCs: nothing runs until a `start`; nothing is written to disk or a
// log (the session keeps registrable domains and company names in memory
// only, never a URL); the server ends with the host (stdin closed), so the
// session is gone when the browser closes.
//
// Not thread safe: the native-messaging loop's thread owns it. Nothing here
// waits for the server's thread but start (binding) and stop (joining it,
// so that the port refuses once `stop` is answered).
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "annotate/privacy.h"
#include "dashboard/server.h"
#include "dashboard/session.h"
#include "protocol/error.h"
#include "protocol/message.h"
#include "store/rule_set.h"
#include "url/url.h"

namespace sauatty::app {

// A port number 0…65535 as written on a command line ("" and anything else:
// nullopt).
std::optional<std::uint16_t> parse_port(std::string_view text);

// The requests of one `requests` message, observed as they are judged and
// sent to the server in one post by send(). A batch that is not sent (the
// message went another way) is forgotten. Without a server, add() costs a
// test of one pointer.
class LiveBatch {
 public:
  LiveBatch(dashboard::Server* server, const url::Url& page) : server_(server), page_(page) {}
  void add(const annotate::RequestVerdict& verdict) {
    if (server_) observations_.push_back(dashboard::observe(verdict, page_));
  }
  void send() {
    if (server_ && !observations_.empty()) server_->feed(std::move(observations_));
    observations_.clear();
  }

 private:
  dashboard::Server* server_;
  const url::Url& page_;
  std::vector<dashboard::Observation> observations_;
};

class DashboardControl {
 public:
  // `port`: where `start` listens (0: a free port the system picks;
  // --dashboard-port in native-messaging mode).
  explicit DashboardControl(std::uint16_t port = 0) : port_(port) {}

  // Answers a `dashboard` message's payload: {"running", "url"?}. Errors:
  // bad_request (an unknown action or language), dashboard_failed (the
  // server could not listen; the message says why), and the field errors
  // of the envelope (missing_field, wrong_type).
  std::expected<protocol::Json, protocol::Error> handle(
      const protocol::Json& request, const std::shared_ptr<const store::RuleSet>& rules);

  // The live feed for one `requests` message on `page` (which must outlive
  // the batch).
  LiveBatch batch(const url::Url& page) { return LiveBatch(server_.get(), page); }

  bool running() const { return server_ != nullptr; }

 private:
  std::uint16_t port_;
  std::string lang_ = "en";  // the page's language in the url answered
  std::unique_ptr<dashboard::Server> server_;
};

}  // namespace sauatty::app
