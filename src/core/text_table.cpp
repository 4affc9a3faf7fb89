// Plain-text tables.
#include "praksis/core/text_table.hpp"

#include <algorithm>

namespace praksis {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string group_thousands(long long v, char sep) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(sep);
    out.push_back(digits[i]);
  }
  return v < 0 ? "-" + out : out;
}

TextTable::TextTable(std::vector<std::pair<std::string, Align>> columns)
    : columns_(std::move(columns)) {}

void TextTable::row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::rule() {
  rows_.emplace_back();
}

std::string TextTable::str(bool headings, std::string_view indent) const {
  std::vector<std::size_t> width(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c)
    width[c] = headings ? display_width(columns_[c].first) : 0;
  for (const auto& r : rows_) {
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s(indent);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string& v = cells[c];
      const std::string pad(width[c] - display_width(v), ' ');
      if (c) s += "  ";
      s += columns_[c].second == Align::right ? pad + v : v + pad;
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  };
  std::size_t total = 0;
  for (auto w : width) total += w;
  const std::string rule_line =
      std::string(indent) + std::string(total + 2 * (columns_.size() - 1), '-') + "\n";
  std::string out;
  if (headings) {
    std::vector<std::string> head;
    for (const auto& c : columns_) head.push_back(c.first);
    out = line(head) + rule_line;
  }
  for (const auto& r : rows_) out += r.empty() ? rule_line : line(r);
  return out;
}

}  // namespace praksis
