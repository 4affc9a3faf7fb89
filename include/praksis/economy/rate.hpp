// Exact rates for money arithmetic: settings hold decimal shares, money needs integers.
#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "praksis/core/money.hpp"

namespace praksis {

/// A rate (share, factor or cap) in parts per billion, converted once from a decimal setting so
/// every comparison and product with money is exact: 0.25 -> 250'000'000, 1.36 -> 1'360'000'000.
struct Rate {
  static constexpr std::int64_t kOne = 1'000'000'000;
  std::int64_t ppb = 0;

  /// Rounds to the nearest part per billion (settings are decimals such as 0.006 or 1.36).
  static Rate from_double(double r);
  static constexpr Rate one() { return {kOne}; }
  static constexpr Rate zero() { return {0}; }
  constexpr Rate operator+(Rate o) const { return {ppb + o.ppb}; }
  constexpr Rate operator-(Rate o) const { return {ppb - o.ppb}; }
  friend constexpr auto operator<=>(Rate, Rate) = default;

  /// "0.250000" style text with `decimals` decimals (rounded half away from zero).
  std::string to_string(int decimals = 6) const;
  double to_double() const { return static_cast<double>(ppb) / kOne; }
};

/// `m` times `r`, rounded half away from zero to the øre.
Money apply(Money m, Rate r);
/// `m` times `r` times `num / den` (den > 0), rounded once, half away from zero, to the øre.
Money apply(Money m, Rate r, std::int64_t num, std::int64_t den);

/// True when `a` is strictly more than `b` times `r` (exact; "more than 25 % above" is
/// exceeds(a, b, 1.25)). Both amounts may be any sign.
bool exceeds(Money a, Money b, Rate r);

/// The rate a / b (b > 0), rounded half away from zero to the part per billion.
Rate ratio(Money a, Money b);
Rate ratio(std::int64_t a, std::int64_t b);

/// Splits `total` over `weights` (non-negative) in proportion, by the largest-remainder method:
/// each part is the rounded-down share, and the øre left over go to the largest remainders (ties
/// to the earlier position), so the parts always sum to `total` exactly. All-zero weights give all
/// zero parts (and the total is not distributed: the caller decides what that means).
std::vector<Money> allocate(Money total, std::span<const std::int64_t> weights);

/// Non-negative binary64 weights as integer weights for `allocate`, scaled so the largest is 2^62:
/// each keeps its double precision (to 2^-53 of itself), so the shares are those of the doubles.
/// A positive weight stays positive; all zeros stay zeros.
std::vector<std::int64_t> integer_weights(std::span<const double> weights);

}  // namespace praksis
