// The age-specific rates of the forecast (rules F2, F3), read from the embedded data files.
#pragma once

#include <array>

namespace praksis {

/// Single-year ages 0..99 and one open group 100+ (index 100).
inline constexpr int kForecastTopAge = 100;
inline constexpr std::size_t kForecastAges = kForecastTopAge + 1;
using AgeArray = std::array<double, kForecastAges>;

/// Rates by single-year age at the base year (docs/forecast.md states each source or assumption).
struct ForecastRates {
  AgeArray death_female{};  // probability of dying within the year (forecast_mortality.csv)
  AgeArray death_male{};
  AgeArray fertility_share{};    // share of a woman's lifetime births at each age (sums to 1)
  AgeArray internal_out_rate{};  // share moving to another kommune within the year
  AgeArray immigration_share{};  // share of the yearly net immigration at each age (sums to 1)
  AgeArray gp_exit{};            // probability that a GP leaves practice within the year

  /// The rates compiled into the library (data/forecast_*.csv), parsed once.
  static const ForecastRates& embedded();
};

}  // namespace praksis
