// The record beside each cached list (store/list_cache.h), read at every
// start-up: any bytes give a record or "damaged", never an exception.
// Inputs over store::kMaxRecordBytes are skipped: the host refuses such a
// file before parsing it (read_record), and parsing them only slows the
// fuzzer (tens of KiB of '[' passed AFL's 2 s timeout under load).
#include "fuzz/fuzz_driver.h"
#include "store/list_cache.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  if (input.size() > store::kMaxRecordBytes) return;
  auto record = store::parse_record(input);
  if (record) check(!record->kind.empty() && record->sha256.size() == 64, "a record is whole");
}

}  // namespace sauatty::fuzz
