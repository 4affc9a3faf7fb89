// Plain-text table layout.
#include "text_table.hpp"

#include <algorithm>

namespace praksis {

std::size_t TextTable::width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count lead bytes only
  return n;
}

std::string TextTable::str() const {
  std::vector<std::size_t> w(columns_.size(), 0);
  for (std::size_t c = 0; c < columns_.size(); ++c) w[c] = width(columns_[c].header);
  for (const auto& r : rows_) {
    for (std::size_t c = 0; c < r.size() && c < w.size(); ++c) w[c] = std::max(w[c], width(r[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string& v = c < cells.size() ? cells[c] : std::string();
      const std::string pad(w[c] - width(v), ' ');
      if (c) out += "  ";
      out += columns_[c].right ? pad + v : v + (c + 1 < columns_.size() ? pad : "");
    }
    return out + "\n";
  };
  std::vector<std::string> header;
  for (const auto& c : columns_) header.push_back(c.header);
  std::string out = line(header);
  std::size_t total = 0;
  for (auto x : w) total += x;
  const std::string dashes(total + 2 * (w.empty() ? 0 : w.size() - 1), '-');
  out += dashes + "\n";
  for (const auto& r : rows_) out += r.empty() ? dashes + "\n" : line(r);
  return out;
}

}  // namespace praksis
