#include "core/toml_input.hpp"

#include <fmt/format.h>

#include "praksis/core/error.hpp"

namespace praksis::detail {

toml::table parse_toml(std::string_view text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(InputLocation{source,
                                   static_cast<std::int64_t>(e.source().begin.line),
                                   static_cast<std::int64_t>(e.source().begin.column),
                                   {}},
                     message("input.toml.invalid", e.description()));
  }
}

}  // namespace praksis::detail
