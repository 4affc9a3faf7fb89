// Plain-text tables for the terminal (column widths by display width, UTF-8 aware).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace praksis {

class TextTable {
 public:
  enum class Align { left, right };
  /// Columns with their alignment.
  explicit TextTable(std::vector<std::pair<std::string, Align>> columns);
  void row(std::vector<std::string> cells);
  /// A horizontal rule before the next row.
  void rule();
  /// The table: the headings and a rule over the rows, or (`headings` false) the rows alone,
  /// each line after `indent`.
  std::string str(bool headings = true, std::string_view indent = {}) const;

 private:
  std::vector<std::pair<std::string, Align>> columns_;
  std::vector<std::vector<std::string>> rows_;  // empty row = rule
};

/// Number of code points (display width for the Latin text we print).
std::size_t display_width(const std::string& s);
/// 1234567 -> "1,234,567"; `sep` may be '.' for Danish style.
std::string group_thousands(long long v, char sep = ',');

}  // namespace praksis
