// Shared option parsing and output for the economy subcommands (claims, settle, goodwill, E6).
#pragma once

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/economy/report.hpp"
#include "praksis/output/tables.hpp"
#include "survey_io.hpp"

namespace praksis::cli {

/// An amount in kr with at most two decimals ("56000000", "1234.50").
inline Money parse_kr_option(const std::string& text, std::string_view option) {
  const auto dot = text.find('.');
  const auto v = parse_fixed(text, 2);
  if (!v || (dot != std::string::npos && text.size() - dot - 1 > 2)) {
    throw InputError(
        InputLocation{std::string(option), 0, 0, {}},
        fmt::format("'{}' is not an amount in kr (digits, optionally '.' and at most two "
                    "decimals)",
                    text));
  }
  return Money::from_ore(*v);
}

/// Comma-separated amounts in kr.
inline std::vector<Money> parse_kr_list(const std::string& text, std::string_view option) {
  std::vector<Money> out;
  std::string_view s = text;
  while (true) {
    const auto comma = s.find(',');
    out.push_back(parse_kr_option(std::string(s.substr(0, comma)), option));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

/// Writes the tables through the one renderer and the one atomic output (standard output when
/// `out_path` is empty): text, JSON and xlsx hold all of them, CSV the one named `csv_table`.
inline void emit_tables(const std::vector<ReportTable>& tables, const std::string& format,
                        const std::string& dialect, const std::string& csv_table,
                        const std::string& out_path, Lang lang) {
  const OutputFormat f = parse_output_format(format, "--format", false, true);
  const CsvDialect d = parse_csv_dialect(dialect);
  require_file_for_binary(f, out_path);
  write_output(out_path, render_tables(tables, f, d, csv_table, "--level", lang));
}

}  // namespace praksis::cli
