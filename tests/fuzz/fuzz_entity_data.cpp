// Entity data read from a user's copy at run time: DuckDuckGo's Tracker
// Radar, Ghostery's TrackerDB, Disconnect's entities.json (lists/
// tracker_radar.h, trackerdb.h, disconnect_entities.h). The first byte picks
// the reader; the map built from what was read answers lookups.
#include <string>

#include "engine/entity_map.h"
#include "fuzz/fuzz_driver.h"
#include "lists/disconnect_entities.h"
#include "lists/tracker_radar.h"
#include "lists/trackerdb.h"

namespace sauatty::fuzz {
namespace {

// Hosts of the corpus's seeds, a public suffix and a deep one.
constexpr std::string_view kHosts[] = {
    "pixel.example",       "a.b.px.example", "cloudfront.net",
    "ads.example",         "own.example",    "stats.tracker.com",
    "cdn.tracker.example", "co.uk",          "x.y.z.w.v.u.t.s.news.kz"};

}  // namespace

void fuzz_one(std::string_view input) {
  if (input.empty()) return;
  const unsigned reader = static_cast<unsigned char>(input[0]) % 3;
  input.remove_prefix(1);
  engine::EntityMap::Builder builder;
  auto report = reader == 0   ? lists::read_tracker_radar(builder, "tracker-radar", input)
                : reader == 1 ? lists::read_trackerdb(builder, "trackerdb", input)
                              : lists::read_disconnect_entities(builder, "entities", input);
  const engine::EntityMap map = builder.finish();
  if (!report) {
    check(!report.error().empty(), "an error says why");
    check(report.error().size() < 200, "an error is short (it quotes nothing from the file)");
    return;
  }
  check(report->domains <= report->lines, "no more domains filed than read");
  check(map.size() <= report->domains, "the map holds no domain the report did not file");
  for (std::string_view host : kHosts) {
    const engine::EntityMatch match = map.find(host);
    if (match.entity == nullptr) continue;
    check(!match.entity->name.empty(), "a matched entity has a name");
    check(host == match.domain ||
              (host.size() > match.domain.size() && host.ends_with(match.domain) &&
               host[host.size() - match.domain.size() - 1] == '.'),
          "the matching entry is the host or a parent domain of it");
  }
}

}  // namespace sauatty::fuzz
