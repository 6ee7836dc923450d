// Versions and identities the build fixes (CMake passes them in from
// project() and extension/identity.json, the one place they are written).
#pragma once

#include <string_view>

namespace sauatty::app {

inline constexpr std::string_view kVersion = SAUATTY_VERSION;
inline constexpr int kProtocolVersion = 1;
inline constexpr std::string_view kHostName = "sauatty";
inline constexpr std::string_view kChromeExtensionId = SAUATTY_CHROME_ID;
inline constexpr std::string_view kGeckoExtensionId = SAUATTY_GECKO_ID;

}  // namespace sauatty::app
