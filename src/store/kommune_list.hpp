// A list of kommunekoder as one text column ("101,147,360") in the SQLite repositories.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/error.hpp"
#include "praksis/model/codes.hpp"

namespace praksis::detail {

inline std::string join_kommuner(const std::vector<KommuneCode>& ks) {
  std::string s;
  for (const auto k : ks) s += (s.empty() ? "" : ",") + fmt::format("{:03}", k);
  return s;
}

/// The codes of `s`; an Error naming `where` when the column is not such a list.
inline std::vector<KommuneCode> split_kommuner(std::string_view s, std::string_view where) {
  std::vector<KommuneCode> out;
  while (!s.empty()) {
    const auto comma = s.find(',');
    const auto part = s.substr(0, comma);
    int v = 0;
    for (const char c : part) {
      if (c < '0' || c > '9' || v > 9999) throw Error(fmt::format("{}: bad kommune list", where));
      v = v * 10 + (c - '0');
    }
    if (part.empty()) throw Error(fmt::format("{}: bad kommune list", where));
    out.push_back(static_cast<KommuneCode>(v));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace praksis::detail
