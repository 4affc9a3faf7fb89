// The output formats the commands and the server offer, parsed in one place.
#pragma once

#include <string_view>

namespace praksis {

enum class OutputFormat { table, csv, json, geojson, xlsx };

/// Parses table, csv or json, geojson where `allow_geojson` (outputs with geometry, such as the
/// survey) and xlsx where `allow_xlsx` (outputs of report tables, praksis/output/tables.hpp);
/// throws InputError naming `option` otherwise.
OutputFormat parse_output_format(std::string_view text, std::string_view option = "--format",
                                 bool allow_geojson = false, bool allow_xlsx = false);

}  // namespace praksis
