// Column-aligned plain-text tables for the terminal (UTF-8 aware: "Køge" is four columns wide).
#pragma once

#include <string>
#include <vector>

namespace praksis {

class TextTable {
 public:
  struct Column {
    std::string header;
    bool right = false;  // numbers align right
  };
  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  /// A dashed line between groups of rows.
  void separator() { rows_.emplace_back(); }
  std::string str() const;

  /// Display width: code points (every Danish letter is one column).
  static std::size_t width(const std::string& s);

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace praksis
