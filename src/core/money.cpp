// Exact money arithmetic.
#include "praksis/core/money.hpp"

#include <cmath>

#include "praksis/core/csv.hpp"

namespace praksis {

__extension__ typedef __int128 Int128;

Money Money::from_kr_rounded(double kr) { return Money{std::llround(kr * 100.0)}; }

std::string Money::to_kr_string(char decimal_mark) const { return format_fixed(ore, 2, decimal_mark); }

Money scale(Money m, std::int64_t numerator, std::int64_t denominator) {
  Int128 p = static_cast<Int128>(m.ore) * numerator;
  const bool neg = (p < 0) != (denominator < 0);
  if (p < 0) p = -p;
  Int128 d = denominator < 0 ? -static_cast<Int128>(denominator) : denominator;
  Int128 q = (p + d / 2) / d;
  return Money{static_cast<std::int64_t>(neg ? -q : q)};
}

}  // namespace praksis
