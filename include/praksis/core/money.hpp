// Money as exact integers in øre (1 kr = 100 øre); never floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace praksis {

/// An amount in øre. Arithmetic is exact; conversions from rates round half away from zero.
struct Money {
  std::int64_t ore = 0;

  static constexpr Money kr(std::int64_t whole_kr) { return Money{whole_kr * 100}; }
  static constexpr Money from_ore(std::int64_t o) { return Money{o}; }
  /// Rounds a kr amount to the nearest øre (for settings given as decimal kr).
  static Money from_kr_rounded(double kr);

  constexpr Money operator+(Money o) const { return {ore + o.ore}; }
  constexpr Money operator-(Money o) const { return {ore - o.ore}; }
  constexpr Money operator-() const { return {-ore}; }
  constexpr Money& operator+=(Money o) {
    ore += o.ore;
    return *this;
  }
  constexpr Money& operator-=(Money o) {
    ore -= o.ore;
    return *this;
  }
  constexpr Money operator*(std::int64_t n) const { return {ore * n}; }
  friend constexpr auto operator<=>(Money, Money) = default;

  /// "1234.56" (or with ',' as decimal mark).
  std::string to_kr_string(char decimal_mark = '.') const;
};

/// Multiplies `m` by `numerator / denominator`, rounding half away from zero (128-bit exact).
Money scale(Money m, std::int64_t numerator, std::int64_t denominator);

}  // namespace praksis
