# The bounds the host and the extension share, written once in
# extension/limits.json (docs/PROTOCOL.md, "Limits"):
#   SAUATTY_LIMIT_REQUESTS_PER_BATCH  requests in one `requests` message
#   SAUATTY_LIMIT_LINKS_PER_BATCH     links in one `links` message
#   SAUATTY_LIMIT_URL_BYTES           bytes of a URL, as sent and normalized
# The host gets them as compile definitions (url/, app/); the extension's
# lib/messages.js holds the same numbers, which tests/extension checks.
file(READ ${PROJECT_SOURCE_DIR}/extension/limits.json sauatty_limits_json)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/extension/limits.json)
foreach(key requests_per_batch links_per_batch url_bytes)
  string(JSON value GET "${sauatty_limits_json}" ${key})
  if(NOT value MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "extension/limits.json: ${key} must be a positive integer, not '${value}'")
  endif()
  string(TOUPPER ${key} name)
  set(SAUATTY_LIMIT_${name} ${value})
endforeach()
