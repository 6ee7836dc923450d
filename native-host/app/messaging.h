// Native-messaging mode: the handler table for the messages in
// docs/PROTOCOL.md, over one frozen RuleSet.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "protocol/session.h"
#include "store/rule_set.h"

namespace sauatty::app {

// Bounds on one batch (docs/PROTOCOL.md): the extension sends at most 50
// requests every 250 ms, so these are far above any real batch.
inline constexpr std::size_t kMaxRequestsPerBatch = 2000;
inline constexpr std::size_t kMaxLinksPerBatch = 5000;

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
};

// The handlers, bound to `context` (which must outlive them).
std::vector<protocol::HandlerEntry> make_handlers(MessagingContext& context);

}  // namespace sauatty::app
