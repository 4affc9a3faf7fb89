// The output formats the commands and the server offer, parsed in one place.
#pragma once

#include <string_view>

namespace praksis {

enum class OutputFormat { table, csv, json, geojson };

/// Parses table, csv or json, and geojson where `allow_geojson` (outputs with geometry, such as
/// the survey); throws InputError naming `option` otherwise.
OutputFormat parse_output_format(std::string_view text, std::string_view option = "--format",
                                 bool allow_geojson = false);

}  // namespace praksis
