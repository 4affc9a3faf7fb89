// The one rendering of report tables (praksis/economy/report.hpp's ReportTable, used by
// settlement, forecast, placement, what-if and the metric comparison): aligned text, JSON, CSV in
// both dialects and xlsx.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/csv.hpp"
#include "praksis/economy/report.hpp"
#include "praksis/output/format.hpp"

namespace praksis {

/// The tables as `format`: text (numbers as `lang` writes them) and JSON hold all of them, CSV
/// the one named `csv_table` (InputError naming `csv_option` and the tables there are when none
/// has that name), xlsx every table as a sheet (bytes of an Office Open XML workbook).
std::string render_tables(const std::vector<ReportTable>& tables, OutputFormat format,
                          CsvDialect dialect, std::string_view csv_table,
                          std::string_view csv_option, Lang lang);

/// Every table as a sheet of its name (at most 31 characters, as Excel allows): a bold header row
/// of the column names, integers and codes as whole numbers, money as kr with two decimals,
/// shares as per cent, factors with three decimals, each cell its exact number (not text).
std::string xlsx_workbook(const std::vector<ReportTable>& tables);

}  // namespace praksis
