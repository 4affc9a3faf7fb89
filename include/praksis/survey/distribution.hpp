// Order statistics used by the survey: percentiles across clinics and citizen-weighted quantiles.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace praksis {

/// Percentile q (0..1) of `values` by linear interpolation between order statistics, the
/// definition of Excel's PERCENTILE.INC (and R's type 7): h = (n - 1) q, value
/// x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). nullopt for no values.
std::optional<double> percentile_inclusive(std::vector<double> values, double q);

/// A value carried by `count` citizens.
struct CountedValue {
  double value = 0;
  std::uint32_t count = 0;
};

/// The value of the citizen at nearest rank ceil(q * N) (N = total count, q in (0, 1]) in
/// ascending order, without sorting everything (expected linear time). Reorders `items`.
/// nullopt when N = 0.
std::optional<double> counted_quantile(std::span<CountedValue> items, double q);

/// The value of the citizen at 1-based `rank` (clamped to [1, N]) in ascending order; expected
/// linear time; reorders `items`. nullopt when N = 0.
std::optional<double> counted_rank(std::span<CountedValue> items, std::uint64_t rank);

}  // namespace praksis
