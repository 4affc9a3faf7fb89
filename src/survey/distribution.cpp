// Percentiles and citizen-weighted quantiles.
#include "praksis/survey/distribution.hpp"

#include <algorithm>
#include <cmath>

namespace praksis {

std::optional<double> percentile_inclusive(std::vector<double> v, double q) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * std::clamp(q, 0.0, 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= v.size()) return v.back();
  return v[lo] + (h - static_cast<double>(lo)) * (v[lo + 1] - v[lo]);
}

std::optional<double> counted_quantile(std::span<CountedValue> a, double q) {
  std::uint64_t total = 0;
  for (const auto& c : a) total += c.count;
  if (total == 0) return std::nullopt;
  return counted_rank(a, static_cast<std::uint64_t>(
                             std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(total))));
}

std::optional<double> counted_rank(std::span<CountedValue> a, std::uint64_t rank) {
  std::uint64_t total = 0;
  for (const auto& c : a) total += c.count;
  if (total == 0) return std::nullopt;
  rank = std::clamp<std::uint64_t>(rank, 1, total);
  auto by_value = [](const CountedValue& x, const CountedValue& y) { return x.value < y.value; };
  std::size_t lo = 0, hi = a.size();
  for (;;) {
    if (hi - lo <= 32) {
      std::sort(a.begin() + static_cast<std::ptrdiff_t>(lo),
                a.begin() + static_cast<std::ptrdiff_t>(hi), by_value);
      for (std::size_t i = lo; i < hi; ++i) {
        if (rank <= a[i].count) return a[i].value;
        rank -= a[i].count;
      }
      return a[hi - 1].value;  // unreachable: the counts in [lo, hi) cover rank
    }
    const std::size_t mid = lo + (hi - lo) / 2;
    std::nth_element(a.begin() + static_cast<std::ptrdiff_t>(lo),
                     a.begin() + static_cast<std::ptrdiff_t>(mid),
                     a.begin() + static_cast<std::ptrdiff_t>(hi), by_value);
    std::uint64_t left = 0;
    for (std::size_t i = lo; i < mid; ++i) left += a[i].count;
    if (rank <= left) {
      hi = mid;
    } else if (rank <= left + a[mid].count) {
      return a[mid].value;
    } else {
      rank -= left + a[mid].count;
      lo = mid + 1;
    }
  }
}

}  // namespace praksis
