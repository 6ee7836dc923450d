// Waiting, in a test, for the workshop server (native-host/dashboard/) to
// push the snapshot a step should lead to: the pushes that come before it
// (the state on the way) are read and passed over.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "support/ws_client.h"

namespace sauatty::testing {

// Reads the page's messages (JSON) until one satisfies `want`, for at most
// `timeout` in all: that one. Else (closed, failed, or silent until the
// timeout) a test failure that shows the last message read, which it returns
// (null when none came).
template <class Want>
nlohmann::json until(WsClient& page, Want want,
                     std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  nlohmann::json last;
  while (Clock::now() < deadline) {
    auto text =
        page.next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    if (!text) break;
    last = nlohmann::json::parse(*text);
    if (want(last)) return last;
  }
  ADD_FAILURE() << "no snapshot as wanted within " << timeout.count() << " ms ("
                << (page.timed_out() ? "silent" : "closed")
                << "); last: " << last.dump().substr(0, 600);
  return last;
}

}  // namespace sauatty::testing
