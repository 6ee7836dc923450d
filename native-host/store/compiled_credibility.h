// The credibility part of the compiled cache (store/compiled_cache.h): the
// rating and lookalike-target lists, the clickbait patterns and the warnings
// their parse gave, written after the tracker index with the same
// FrozenWriter. Reading it back builds the same Assessor as parsing the
// JSON would (the signal patterns are compiled again from the lists, the
// index and the lookalike detector built at the first assessment, with the
// host's Unicode tables: store/unicode_tables.h; no JSON), so answers from
// the cache and from the sources are the same.
//
// Reading trusts nothing, as engine/frozen_io.h: every count is checked
// against its bound and the bytes left before anything is allocated
// (FrozenReader::count), every string has a bound, every enumeration value
// is checked, and what the list reader checks is checked with its own
// functions (hosts, citations, languages: credibility/list_format.h), so
// that a damaged or hostile file gives an error ("bad credibility part:
// …"), never an Assessor that misbehaves.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "credibility/assessor.h"
#include "engine/frozen_io.h"

namespace sauatty::store {

struct CompiledCredibility {
  std::shared_ptr<const credibility::Assessor> assessor;
  std::vector<std::string> warnings;
};

void write_credibility(const credibility::Assessor& assessor,
                       const std::vector<std::string>& warnings, engine::FrozenWriter& out);

std::expected<CompiledCredibility, std::string> read_credibility(engine::FrozenReader& in);

}  // namespace sauatty::store
