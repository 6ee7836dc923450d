// The credibility importers (OpenSources, B.S. Detector, CRED-1, Lin et
// al. 2023). The first byte picks the importer.
#include "credibility/importers.h"
#include "fuzz/fuzz_driver.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  if (input.empty()) return;
  constexpr credibility::ImportFormat kFormats[] = {
      credibility::ImportFormat::kOpenSources, credibility::ImportFormat::kBsDetector,
      credibility::ImportFormat::kCred1, credibility::ImportFormat::kLin2023};
  const auto format = kFormats[static_cast<unsigned char>(input[0]) % 4];
  input.remove_prefix(1);
  auto result = credibility::import_list(format, "fuzz", input);
  if (!result) check(!result.error().empty(), "an error says why");
}

}  // namespace sauatty::fuzz
