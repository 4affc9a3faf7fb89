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

/// Writes the tables: text and JSON show all of them; CSV shows the one named `csv_table`.
inline void emit_tables(const std::vector<ReportTable>& tables, const std::string& format,
                        const std::string& dialect, const std::string& csv_table,
                        const std::string& out_path) {
  const OutputFormat f = parse_output_format(format);
  const CsvDialect d = parse_csv_dialect(dialect);
  std::string text;
  if (f == OutputFormat::json) {
    text = to_json(tables);
  } else if (f == OutputFormat::csv) {
    const ReportTable* t = nullptr;
    for (const auto& tb : tables) {
      if (tb.name == csv_table) t = &tb;
    }
    if (!t) {
      throw InputError(InputLocation{"--level", 0, 0, {}},
                       fmt::format("no '{}' table in this report", csv_table));
    }
    if (!out_path.empty()) {
      CsvWriter w(out_path, d);
      write_csv(w, *t);
      w.close();
      return;
    }
    CsvWriter w(&text, d);
    write_csv(w, *t);
    w.close();
  } else {
    std::ostringstream os;
    write_text(os, tables);
    text = os.str();
  }
  if (out_path.empty()) {
    std::cout << text;
    return;
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw Error(fmt::format("{}: write failed", out_path));
}

}  // namespace praksis::cli
