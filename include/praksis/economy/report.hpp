// Report tables of the economy commands, written as an aligned text table, CSV or JSON.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "praksis/core/csv.hpp"
#include "praksis/core/money.hpp"
#include "praksis/economy/rate.hpp"
#include "praksis/output/format.hpp"
#include "praksis/output/text.hpp"

namespace praksis {

/// How a column is shown. Money is exact øre shown as kr with two decimals everywhere (JSON: a
/// string, so no reader turns it into floating point); rates are shares (text: per cent).
/// How a cell is shown. `code` is an integer identifier (year, ydernummer, kommunekode,
/// regionskode): never grouped by thousands.
enum class CellKind { text, integer, code, money, share, factor };

using Cell = std::variant<std::string, std::int64_t, Money, Rate>;

struct ReportColumn {
  std::string name;  // stable key: JSON key and `en` CSV header (money columns end in _kr)
  CellKind kind = CellKind::text;
  std::string label;  // the heading a person reads, in the table's language (empty: `name`)

  /// The heading of text output, xlsx and the `da` CSV dialect.
  const std::string& heading() const { return label.empty() ? name : label; }
};

struct ReportTable {
  std::string name;   // JSON key
  std::string title;  // heading in text output
  std::vector<ReportColumn> columns;
  std::vector<std::vector<Cell>> rows;
  /// One-row tables (a summary) print as "name: value" lines in text output.
  bool vertical = false;

  ReportTable& column(std::string n, CellKind k, std::string label = {}) {
    columns.push_back({std::move(n), k, std::move(label)});
    return *this;
  }
  /// A column named by its catalogue key ("placement.km_saved"): the stable key is the key's last
  /// part ("km_saved"), the label the catalogue's text in `lang`.
  ReportTable& labelled(std::string_view catalogue_key, CellKind k, Lang lang);
  std::vector<Cell>& row() { return rows.emplace_back(); }
};

/// An amount in kr with two decimals as `lang` writes it (1.234.567,89 / 1,234,567.89), exact.
std::string format_money(Money m, Lang lang);
/// A share as per cent with `decimals` decimals as `lang` writes it ("12,34 %"), exact.
std::string format_share(Rate r, int decimals, Lang lang);

/// Aligned text, all tables one after the other, numbers as `lang` writes them (Danish:
/// 1.234.567,89 kr and 12,34 %; English: 1,234,567.89 and 12.34 %).
void write_text(std::ostream& out, const std::vector<ReportTable>& tables, Lang lang);
/// Each column's label from the catalogue: `prefix + name` in `lang` ("economy.col.basic_kr").
void label_columns(ReportTable& table, std::string_view prefix, Lang lang);
/// One table as CSV: the headings (labels) in the `da` dialect, the stable keys in `en`
/// (docs/language.md).
void write_csv(CsvWriter& out, const ReportTable& table, CsvDialect dialect);
/// All tables as one JSON object keyed by table name (vertical tables as objects, others as
/// arrays of objects).
std::string to_json(const std::vector<ReportTable>& tables);

}  // namespace praksis
