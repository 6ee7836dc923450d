// Browser-like traffic for the soak: a stream of "visits", each a `page`
// message, the page's sub-resource requests in batches as the extension's
// Batcher cuts them (at most 50, often fewer when its 250 ms timer fires),
// and one `links` message. Now and then a message the host must refuse
// (a bad URL, an unknown type), so that the error paths run for the whole
// soak too.
#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

namespace sauatty::soak {

struct SubRequest {
  std::string url;
  std::string type;  // webRequest's name: script, image, xmlhttprequest, sub_frame, …
};

// Where URLs come from: real ones (the vectors file) or generated ones.
struct UrlPool {
  std::vector<std::string> pages;    // top-level documents
  std::vector<SubRequest> requests;  // sub-resources
};

// The real request URLs in a matching-test-requests.json file and the
// pages they were seen on; nullopt-like empty pool when unreadable.
UrlPool load_vectors(const std::string& path);
// A pool of synthetic news pages and tracker / CDN requests.
UrlPool generate_pool(std::uint64_t seed);

struct Message {
  std::int64_t id = 0;
  std::string body;            // the JSON text of the frame
  std::string expected_error;  // the error code the host must answer, or empty
};

class Traffic {
 public:
  Traffic(UrlPool pool, std::uint64_t seed);
  Message next();

 private:
  void plan_visit();
  std::string page_url();
  UrlPool pool_;
  std::mt19937_64 rng_;
  std::int64_t next_id_ = 1;
  std::int64_t next_tab_ = 1;
  std::deque<Message> queue_;  // the current visit's messages, ids unset
};

}  // namespace sauatty::soak
