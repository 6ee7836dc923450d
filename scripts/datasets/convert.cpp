// sauatty-dataset-convert KIND INPUT OUTPUT NAME RELEASE_DATE MIN_LEVEL DESCRIPTION
//
// Reads a published credibility dataset (KIND: cred1, lin2023) with the
// host's own importer, so the bundled list and `--import KIND=PATH` map it
// the same way, and writes it in our list format without the held-out part
// and without entries below MIN_LEVEL (info or caution; see
// credibility/dataset_bundle.h). Run by credibility.sh beside this file;
// prints what it kept and skipped. Exit 0 done, 2 bad arguments or input.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "credibility/dataset_bundle.h"
#include "credibility/importers.h"

namespace cred = sauatty::credibility;

int main(int argc, char** argv) {
  if (argc != 8) {
    std::cerr << "usage: sauatty-dataset-convert KIND INPUT OUTPUT NAME RELEASE_DATE MIN_LEVEL "
                 "DESCRIPTION\n";
    return 2;
  }
  std::string_view min_level = argv[6];
  if (min_level != "info" && min_level != "caution") {
    std::cerr << "sauatty-dataset-convert: MIN_LEVEL is info or caution\n";
    return 2;
  }
  auto format = cred::parse_import_format(argv[1]);
  if (!format ||
      (*format != cred::ImportFormat::kCred1 && *format != cred::ImportFormat::kLin2023)) {
    std::cerr << "sauatty-dataset-convert: KIND is cred1 or lin2023 (the datasets whose terms "
                 "allow bundling)\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "sauatty-dataset-convert: cannot read " << argv[2] << "\n";
    return 2;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto imported = cred::import_list(*format, argv[2], bytes);
  if (!imported) {
    std::cerr << "sauatty-dataset-convert: " << imported.error() << "\n";
    return 2;
  }
  for (const std::string& why : imported->skipped) std::cerr << "skipped: " << why << "\n";
  cred::BundleInfo info{argv[4], argv[7], argv[5],
                        min_level == "info" ? cred::Level::kInfo : cred::Level::kCaution};
  std::string text = cred::write_bundle(imported->list, info);
  std::size_t held = 0, below = 0;
  for (const auto& e : imported->list.entries) {
    if (cred::held_out(e.host)) {
      ++held;
    } else if (cred::level_for(*e.rating) < info.min_level) {
      ++below;
    }
  }
  std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) {
    std::cerr << "sauatty-dataset-convert: cannot write " << argv[3] << "\n";
    return 2;
  }
  std::cerr << argv[1] << ": " << imported->list.entries.size() << " entries imported, " << held
            << " held out, " << below << " below " << min_level << ", "
            << imported->list.entries.size() - held - below << " written to " << argv[3] << " ("
            << imported->skipped.size() << " rows skipped)\n";
  return 0;
}
