// The forecast use case (rules F1-F3): the store's world projected year by year, with scenario
// settings, an official population projection and Monte Carlo bands; and the forecast section of
// the coverage report.
#pragma once

#include <cstdint>
#include <string>

#include "praksis/app/coverage_service.hpp"
#include "praksis/forecast/forecast.hpp"
#include "praksis/forecast/forecast_tables.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::app {

/// What `praksis forecast` asks for, as given.
struct ForecastRequest {
  std::string store{};       // `--db`
  int to = 0;                // last year (0: [forecast] national_horizon)
  AreaSelection scope{};     // the rows shown (the projection runs on the whole world)
  std::string areas_file{};  // `--areas`: planning areas of whole kommuner
  std::string scenario{};    // `--scenario`: a TOML file whose sections override the settings
  std::string population{};  // `--population`: official projection CSV instead of the cohorts
  int runs = 0;              // Monte Carlo paths (0: none)
  std::uint64_t seed = 1;
};

struct ForecastOutcome {
  ForecastResult forecast;
  AreaScope scope{};
  bool planning_areas = false;  // the kommune rows are planning areas (`--areas`)
};

/// The forecast the report's forecast section shows (`praksis report --forecast-*`).
struct ReportForecast {
  int to = 0;      // last year (0: [forecast] national_horizon)
  int runs = 100;  // Monte Carlo paths for the P10-P90 bands
  std::uint64_t seed = 1;
  AreaScope scope{};  // `--region`, `--kommune`: the forecast rows shown
};

class ForecastService {
 public:
  explicit ForecastService(const Settings& settings) : settings_(settings) {}

  /// Validates `r` (InputError naming the option or file), loads the world, surveys it and
  /// forecasts it to `r.to`, grouped into the planning areas of `r.areas_file`.
  ForecastOutcome run(const ForecastRequest& r) const;

  /// The forecast of a coverage run's world as `praksis forecast --to T --runs N --seed S`
  /// computes it. The population model is per kommune: with planning areas it starts from the
  /// per-kommune survey and is then grouped into the areas (a district of a split kommune gets
  /// its kommune's forecast by its base-year shares).
  ForecastResult of_coverage(const World& world, const CoverageResult& c,
                             const ReportForecast& o) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
