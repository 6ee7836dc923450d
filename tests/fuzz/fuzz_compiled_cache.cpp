// The compiled cache's index (engine/frozen_io.h), read at every host start
// from a file anyone who can write the cache folder controls: any bytes give
// an Engine and an EntityMap that decide the sample requests without reading
// out of bounds or looping, or an error; never a crash. (The file's header,
// checksum and sources key are checked before this, store/compiled_cache.cpp;
// a hostile file can get past them, so this is the part that must hold.)
#include "engine/frozen_io.h"
#include "fuzz/fuzz_driver.h"
#include "fuzz/sample_requests.h"

namespace sauatty::fuzz {

void fuzz_one(std::string_view input) {
  engine::FrozenReader in = engine::FrozenReader::of(input);
  auto engine = engine::read_engine(in);
  if (!engine) {
    check(!engine.error().empty(), "a refusal says why");
    return;
  }
  decide_sample_requests(*engine);
  for (const engine::Request& request : kSampleRequests) {
    engine->for_each_match(request, [&](engine::FilterId id) {
      check(id < engine->size(), "a matching filter is one of the engine's");
    });
    (void)engine->work(request);
  }
  auto entities = engine::read_entity_map(in);
  if (!entities) return;
  for (const engine::Request& request : kSampleRequests) {
    engine::EntityMatch match = entities->find(request.host);
    check(match.entity == nullptr || !match.domain.empty() || entities->size() > 0,
          "an entity comes from an entry");
  }
}

}  // namespace sauatty::fuzz
