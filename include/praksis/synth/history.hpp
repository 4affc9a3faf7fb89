// A consistent synthetic history (issue 11): the synthetic Denmark of one year carried forward
// year by year, so a trend has real changes (docs/synthetic-data.md, "History").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/synth/generator.hpp"

namespace praksis {

struct HistoryOptions {
  GeneratorOptions base;  // scale and seed of the first year's world
  int from = 2015, to = 2023;
  /// Validates from <= to within the years the forecast's rates cover; InputError naming --years.
  void validate() const;
};

/// The survey date of `year` in a history: 1 January.
Date history_date(int year);

/// Calls `sink(year, world)` for every year from..to: the first year is generate_world with the
/// reference date history_date(from); each next year follows from the one before by one year of
/// F2 deaths and births (data/forecast_mortality.csv, forecast_fertility.csv), households moving
/// (forecast_migration.csv's rates), GPs leaving (forecast_retirement.csv) and being replaced or
/// not, unfilled capacities being filled and a few clinics opening. Deterministic for a seed.
void generate_history(const HistoryOptions& options, const Settings& settings,
                      const std::function<void(int year, const World& world)>& sink);

/// One year of the history applied to `w` (the world on 1 January of `year`), giving the world
/// on 1 January of year + 1.
void advance_year(World& w, int year, std::uint64_t seed, const Settings& settings);

/// A stated plausibility check of a history (docs/synthetic-data.md).
struct PlausibilityCheck {
  std::string name;  // e.g. "capacities change, Region Hovedstaden 2016"
  double value = 0;
  double min = 0, max = 0;
  bool ok() const { return value >= min && value <= max; }
};
/// The checks between two consecutive years: every region's capacities change by at most 4 % a
/// year, or 4 capacities in a small world (seed 003: Hovedstaden +50 capacities 2015-2020, about
/// 1 % a year), the population by at
/// most 2 %, the share of GPs aged 60+ stays within 10-50 %, every group-1 citizen aged 15+ is
/// listed with an existing clinic.
std::vector<PlausibilityCheck> history_checks(const World& before, const World& after, int year,
                                              const Settings& settings);

}  // namespace praksis
