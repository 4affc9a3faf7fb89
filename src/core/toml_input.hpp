// Reading TOML input files (settings, scenarios, token tables) with errors that name the place.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace praksis::detail {

/// Parses `text` read from `source`; a syntax error becomes an InputError naming
/// source:line:column and toml++'s description.
toml::table parse_toml(std::string_view text, const std::string& source);

}  // namespace praksis::detail
