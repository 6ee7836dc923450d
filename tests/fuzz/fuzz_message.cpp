// One frame body → a request envelope (JSON, UTF-8, depth, size bounds).
#include "fuzz/fuzz_driver.h"
#include "protocol/message.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  auto request = protocol::decode_request(input, /*max_values=*/16384);
  if (!request) return;
  check(request->is_object(), "a decoded request is an object");
  check(request->contains("id") && request->contains("type"), "id and type present");
}

}  // namespace sauatty::fuzz
