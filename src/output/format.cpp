// Parsing the output format option.
#include "praksis/output/format.hpp"

#include <fmt/format.h>

#include <string>

#include "praksis/core/error.hpp"

namespace praksis {

OutputFormat parse_output_format(std::string_view text, std::string_view option, bool allow_geojson,
                                 bool allow_xlsx) {
  if (text == "table") return OutputFormat::table;
  if (text == "csv") return OutputFormat::csv;
  if (text == "json") return OutputFormat::json;
  if (text == "geojson" && allow_geojson) return OutputFormat::geojson;
  if (text == "xlsx" && allow_xlsx) return OutputFormat::xlsx;
  throw InputError(InputLocation{std::string(option), 0, 0, {}},
                   message("input.unknown_format", text,
                           fmt::format("table, csv, json{}{}", allow_geojson ? ", geojson" : "",
                                       allow_xlsx ? ", xlsx" : "")));
}

}  // namespace praksis
