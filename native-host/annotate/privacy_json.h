// A request's verdict written straight into an answer's JSON text, for the
// `requests` answer the host writes without a DOM: byte for byte what
// to_json() in privacy.h dumps to (tests/app/fast_path_test.cpp holds the
// two together).
#pragma once

#include "annotate/privacy.h"
#include "protocol/json_writer.h"

namespace sauatty::annotate {

// {"registrable_domain", "third_party", "tracker": {…} | null}, keys in
// the order nlohmann's objects keep them.
void write_json(const VerdictView& verdict, protocol::JsonWriter& out);
void write_json(const RequestVerdict& verdict, protocol::JsonWriter& out);

}  // namespace sauatty::annotate
