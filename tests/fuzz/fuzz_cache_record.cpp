// The record beside each cached list (store/list_cache.h), read at every
// start-up: any bytes give a record or "damaged", never an exception.
#include "fuzz/fuzz_driver.h"
#include "store/list_cache.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  auto record = store::parse_record(input);
  if (record) check(!record->kind.empty() && record->sha256.size() == 64, "a record is whole");
}

}  // namespace sauatty::fuzz
