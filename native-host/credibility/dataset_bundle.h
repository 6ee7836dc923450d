// Turning a published dataset (imported by importers.h) into a list in our
// own format for rules/credibility/, so that it is compiled into the host:
// scripts/datasets/ runs this on a pinned release. Only datasets whose terms
// allow redistribution are bundled (CRED-1: CC BY 4.0; Lin et al. 2023:
// reuse with citation); the others stay run-time imports.
//
// One part of every dataset is held out of the bundle (held_out()), the
// same part for every dataset, so that tests can measure how much of what
// the bundle has never seen the rules still catch (docs/CREDIBILITY.md).
#pragma once

#include <string>
#include <string_view>

#include "credibility/list.h"

namespace sauatty::credibility {

// One in ten hosts, chosen by a fixed hash of the entry's host (FNV-1a, 64
// bits): stable across releases, so a host held out stays held out.
inline constexpr unsigned kHeldOutOneIn = 10;
bool held_out(std::string_view host);

struct BundleInfo {
  std::string name;         // list name: "cred1", "lin2023"
  std::string description;  // the release and how it was converted
  std::string reviewed;     // the release date, YYYY-MM-DD: every entry's "reviewed"
  // Entries whose rating's level is below this are left out: the bundle
  // carries what makes the extension say something, within the host's
  // memory budget (docs/CREDIBILITY.md "Bundled datasets").
  Level min_level = Level::kInfo;
};

// The list as our format's JSON ("origin": "dataset"; rated_by, citation,
// attribution and license once, for every entry; an entry a line, sorted
// by pattern), without the held-out entries and those below min_level. parse_list() reads it back
// to the same entries (tests check this on the real datasets).
std::string write_bundle(const List& imported, const BundleInfo& info);

}  // namespace sauatty::credibility
