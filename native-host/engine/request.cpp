#include "engine/request.h"

#include <array>
#include <utility>

namespace sauatty::engine {

TypeBit type_from_name(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, TypeBit>, 24> kNames = {{
      {"script", kTypeScript},
      {"image", kTypeImage},
      {"imageset", kTypeImage},
      {"stylesheet", kTypeStylesheet},
      {"object", kTypeObject},
      {"object_subrequest", kTypeObject},
      {"xmlhttprequest", kTypeXhr},
      {"xhr", kTypeXhr},
      {"fetch", kTypeXhr},
      {"sub_frame", kTypeSubdocument},
      {"subdocument", kTypeSubdocument},
      {"ping", kTypePing},
      {"beacon", kTypePing},
      {"csp_report", kTypePing},
      {"media", kTypeMedia},
      {"font", kTypeFont},
      {"websocket", kTypeWebsocket},
      {"main_frame", kTypeDocument},
      {"document", kTypeDocument},
      {"other", kTypeOther},
      {"speculative", kTypeOther},
      {"web_manifest", kTypeOther},
      {"xslt", kTypeOther},
      {"xml_dtd", kTypeOther},
  }};
  for (const auto& [n, bit] : kNames) {
    if (n == name) return bit;
  }
  return kTypeOther;
}

}  // namespace sauatty::engine
