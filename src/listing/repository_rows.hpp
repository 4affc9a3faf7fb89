// How the listing repositories (SQLite and PostgreSQL) write a decision's fields into table
// columns and read them back: one definition for both stores.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "praksis/model/codes.hpp"

namespace praksis::listing::rows {

/// A citizen id as the signed 64-bit column value (the bits unchanged).
inline std::int64_t sid(CitizenId id) {
  return static_cast<std::int64_t>(id);
}

/// Rule ids and similar word lists, stored space-separated.
inline std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

inline std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    auto j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

/// A stored ISO date; `where` names the table and column in the error.
inline Date date_of(std::string_view s, const std::string& where) {
  auto d = Date::parse(s);
  if (!d) throw Error(fmt::format("{}: bad date '{}'", where, s));
  return *d;
}

}  // namespace praksis::listing::rows
