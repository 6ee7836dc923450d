#include "app/dashboard_control.h"

#include <charconv>

namespace sauatty::app {

using protocol::Error;
using protocol::ErrorCode;
using protocol::Json;

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 65535)
    return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::expected<Json, Error> DashboardControl::handle(
    const Json& request, const std::shared_ptr<const store::RuleSet>& rules) {
  auto action = protocol::string_field(request, "action");
  if (!action) return std::unexpected(action.error());
  auto lang = protocol::optional_string_field(request, "lang");
  if (!lang) return std::unexpected(lang.error());
  if (!lang->empty() && *lang != "en" && *lang != "ru" && *lang != "kk")
    return std::unexpected(Error{ErrorCode::kBadRequest, "field 'lang' must be en, ru or kk"});
  if (*action != "start" && *action != "stop" && *action != "status")
    return std::unexpected(
        Error{ErrorCode::kBadRequest, "field 'action' must be start, stop or status"});
  // The page's language follows the latest start or status that names one;
  // the server, its token and its session stay the same.
  if (!lang->empty() && *action != "stop") lang_ = std::string(*lang);

  if (*action == "start" && !server_) {
    dashboard::ServerOptions options;
    options.port = port_;
    options.lang = lang_;
    auto server = dashboard::Server::start(rules, std::move(options));
    if (!server) return std::unexpected(Error{ErrorCode::kDashboardFailed, server.error()});
    server_ = std::move(*server);
  } else if (*action == "stop" && server_) {
    server_.reset();  // stops and joins: the port is closed once this returns
  }

  Json answer{{"running", server_ != nullptr}};
  if (server_) answer["url"] = server_->url(lang_);
  return answer;
}

}  // namespace sauatty::app
