// The one rendering of report tables: text, JSON, CSV and xlsx (libxlsxwriter).
#include "praksis/output/tables.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "praksis/core/error.hpp"

namespace praksis {
namespace {

/// A temporary file removed when it goes out of scope (libxlsxwriter writes to a file name).
struct TempFile {
  std::string path;
  TempFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "praksis-xlsx-XXXXXX").string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw Error("xlsx: cannot create a temporary file in " + tmpl);
    ::close(fd);
    path = tmpl;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

void check(lxw_error e, std::string_view what) {
  if (e != LXW_NO_ERROR) throw Error(fmt::format("xlsx: {}: {}", what, lxw_strerror(e)));
}

}  // namespace

std::string xlsx_workbook(const std::vector<ReportTable>& tables) {
  TempFile file;
  lxw_workbook* wb = workbook_new(file.path.c_str());
  if (wb == nullptr) throw Error("xlsx: cannot start a workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* integer = workbook_add_format(wb);
  format_set_num_format(integer, "#,##0");
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  lxw_format* share = workbook_add_format(wb);
  format_set_num_format(share, "0.0%");
  lxw_format* factor = workbook_add_format(wb);
  format_set_num_format(factor, "0.000");
  std::set<std::string> names;
  for (const ReportTable& t : tables) {
    // Excel allows 31 characters and no []:*?/\ in a sheet name; names are unique.
    std::string name = t.name.empty() ? "table" : t.name;
    for (char& c : name)
      if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '_';
    name = name.substr(0, 31);
    for (int n = 2; names.count(name); ++n) name = fmt::format("{}_{}", name.substr(0, 28), n);
    names.insert(name);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (ws == nullptr) throw Error("xlsx: cannot add the sheet " + name);
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), t.columns[c].heading().c_str(),
                                   bold),
            "header");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < t.columns.size() && c < t.rows[r].size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const Cell& cell = t.rows[r][c];
        switch (t.columns[c].kind) {
          case CellKind::text:
            check(
                worksheet_write_string(ws, row, col, std::get<std::string>(cell).c_str(), nullptr),
                "text");
            break;
          case CellKind::integer:
            check(worksheet_write_number(
                      ws, row, col, static_cast<double>(std::get<std::int64_t>(cell)), integer),
                  "integer");
            break;
          case CellKind::code:
            check(worksheet_write_number(
                      ws, row, col, static_cast<double>(std::get<std::int64_t>(cell)), nullptr),
                  "code");
            break;
          case CellKind::money:
            check(worksheet_write_number(
                      ws, row, col, static_cast<double>(std::get<Money>(cell).ore) / 100.0, money),
                  "money");
            break;
          case CellKind::share:
            check(worksheet_write_number(ws, row, col, std::get<Rate>(cell).to_double(), share),
                  "share");
            break;
          case CellKind::factor:
            check(worksheet_write_number(ws, row, col, std::get<Rate>(cell).to_double(), factor),
                  "factor");
            break;
        }
      }
    }
    worksheet_freeze_panes(ws, 1, 0);
  }
  check(workbook_close(wb), "write");
  std::ifstream in(file.path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) throw Error("xlsx: cannot read the workbook back");
  return bytes.str();
}

std::string render_tables(const std::vector<ReportTable>& tables, OutputFormat format,
                          CsvDialect dialect, std::string_view csv_table,
                          std::string_view csv_option, Lang lang) {
  switch (format) {
    case OutputFormat::json:
      return to_json(tables) + "\n";
    case OutputFormat::xlsx:
      return xlsx_workbook(tables);
    case OutputFormat::csv: {
      std::string names;
      for (const ReportTable& t : tables) {
        if (t.name == csv_table) {
          std::string text;
          CsvWriter w(&text, dialect);
          write_csv(w, t, dialect);
          w.close();
          return text;
        }
        names += (names.empty() ? "" : ", ") + t.name;
      }
      throw InputError(InputLocation{std::string(csv_option), 0, 0, {}},
                       message("output.error.no_table", csv_table, names));
    }
    case OutputFormat::table:
    case OutputFormat::geojson:
      break;
  }
  std::ostringstream os;
  write_text(os, tables, lang);
  return os.str();
}

}  // namespace praksis
