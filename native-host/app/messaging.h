// Native-messaging mode: the handler table for the messages in
// docs/PROTOCOL.md, over one frozen RuleSet.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "app/dashboard_control.h"
#include "protocol/session.h"
#include "store/rule_set.h"

namespace sauatty::app {

// Bounds on one batch (docs/PROTOCOL.md): the extension sends at most 50
// requests every 250 ms, so these are far above any real batch. Written
// once, in extension/limits.json, which the extension's batcher obeys too.
inline constexpr std::size_t kMaxRequestsPerBatch = SAUATTY_LIMIT_REQUESTS_PER_BATCH;
inline constexpr std::size_t kMaxLinksPerBatch = SAUATTY_LIMIT_LINKS_PER_BATCH;

// Most JSON values (scalars, arrays and objects; docs/PROTOCOL.md) one
// message may hold: the largest valid message is a full `requests` batch,
// whose items are {url, type} (3 values; 8 leaves room for more fields),
// or a full `links` batch (one string a link), plus the envelope, page and
// meta fields. A message over it is refused before it is parsed into a DOM:
// 8 MiB of `[{},{},…]` as a DOM peaked the host at 310 MiB, while 16,064
// values of any kind make a DOM of a few MB at most (~100 bytes a value).
inline constexpr std::size_t kValuesPerRequestItem = 8;
inline constexpr std::size_t kEnvelopeValues = 64;
inline constexpr std::size_t kMaxValuesPerMessage =
    std::max(kMaxRequestsPerBatch * kValuesPerRequestItem, kMaxLinksPerBatch) + kEnvelopeValues;

struct MessagingCounters {
  std::uint64_t pages = 0;
  std::uint64_t requests_decided = 0;
  std::uint64_t links = 0;
};

// State shared by the handlers of one session. `rules` must not be null.
struct MessagingContext {
  std::shared_ptr<const store::RuleSet> rules;
  std::uint32_t max_frame = protocol::kDefaultMaxInputFrame;
  protocol::SessionCounters session;
  MessagingCounters counters;
  DashboardControl dashboard;  // the `dashboard` message and its live feed
};

// The handlers, bound to `context` (which must outlive them).
std::vector<protocol::HandlerEntry> make_handlers(MessagingContext& context);

}  // namespace sauatty::app
