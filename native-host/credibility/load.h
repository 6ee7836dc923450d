// Building an Assessor from files: our rules/credibility/*.json (routed by
// their "format" field) and any imported datasets. The caller reads the
// bytes (store/ does, from the embedded copy, a folder or a download);
// nothing here touches the file system.
#pragma once

#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credibility/assessor.h"
#include "credibility/confusables.h"
#include "credibility/importers.h"

namespace sauatty::credibility {

struct RuleFile {
  std::string name;        // "credibility/state-media.json", for messages
  std::string_view bytes;  // must stay alive during the call only
};

struct ImportFile {
  ImportFormat format;
  std::string name;
  std::string_view bytes;
};

struct Loaded {
  std::shared_ptr<const Assessor> assessor;
  // Entries of our files and rows of imports left out, a Unicode library
  // that could not be used; never fatal.
  std::vector<std::string> warnings;
};

// Our own files come first (they win ties), in the order given, then the
// imports. A file of ours that cannot be read as a whole (not JSON, wrong
// format or version) is an error, and so is one whose "format" we do not
// know; its bad entries are warnings and the rest loads. An import that is
// not of its format at all is an error; its bad rows are warnings.
// `unicode` gives the lookalike index its skeletons and case folds (see
// Confusables; null: none, so no homograph or confusable is found); it must
// outlive the Assessor.
std::expected<Loaded, std::string> load(std::span<const RuleFile> own,
                                        std::span<const ImportFile> imports,
                                        const UnicodeLibrary* unicode);

}  // namespace sauatty::credibility
