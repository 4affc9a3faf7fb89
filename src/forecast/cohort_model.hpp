// The forecast's arrays (kommune x sex x age) and one simulated path; internal to src/forecast.
#pragma once

#include <vector>

#include "praksis/forecast/forecast.hpp"

namespace praksis::detail {

/// Multipliers of one Monte Carlo path (all 1 and the settings' immigration: deterministic).
struct PathDraw {
  double mortality = 1, fertility = 1, retirement = 1, inflow = 1;
  double net_immigration = 0;
};

/// Everything the yearly steps need, built once from the world and its survey.
struct CohortBase {
  int base_year = 0;
  std::size_t kommuner = 0;
  std::vector<std::size_t> region_of;        // kommune -> index in World::regions
  std::vector<AgeArray> persons;             // [k * 2 + sex] at the base year
  std::vector<AgeArray> contacts_rate;       // S2 expected contacts per person, by cell
  std::vector<AgeArray> weight_rate;         // S2 weight per person, by cell
  std::vector<AgeArray> destination;         // [sex * kommuner + k]: share of the cell's movers
  std::vector<AgeArray> doctors;             // [k] doctors by age at the base year
  std::vector<AgeArray> owners;              // [k] of which owner-doctors
  double new_owner_share = 1;                // base-year national share of owners
  double owner_hazard = 0;                   // owner_tenure_hazard of the settings
  std::vector<double> doctors_per_capacity;  // [k]
  std::vector<double> filled0, unfilled0, listed0, weighted_listed0, residents0, weighted0;
  std::vector<double> doctors0;  // [k] doctors at the base year
  /// A doctor who stated a retirement year in the hearing (gp_hearing.csv): no modelled exit or
  /// tenure move; in practice through `year`, gone from the next year's figures on.
  struct StatedRetirement {
    std::size_t kommune = 0, age0 = 0;
    bool owner = false;
    int year = 0;
  };
  std::vector<StatedRetirement> stated;
  ForecastRates rates;
};

CohortBase build_base(const World& world, const Survey& survey, const Settings& settings);

/// One year's kommune arrays of a path.
struct KommuneState {
  std::vector<AgeArray> persons;         // [k * 2 + sex]
  std::vector<AgeArray> doctors;         // [k]
  std::vector<AgeArray> owners;          // [k] of which owners
  std::vector<double> held;              // capacities held (filled + unfilled)
  std::vector<double> owner_departures;  // [k] during the last step
  std::vector<AgeArray> stated;          // [k] of `doctors`: doctors with a stated retirement
  std::vector<AgeArray> stated_owners;   // [k] of which owners
  int year = 0;                          // the year the state describes
};

/// Figures of every kommune in one year, derived from the state.
std::vector<ForecastYear> kommune_figures(const CohortBase& b, const Settings& s,
                                          const KommuneState& st, int year);

/// Advances the population one year: deaths, births, ageing, moves between kommuner, net
/// immigration (rule F2; order and formulas in docs/forecast.md).
void step_population(const CohortBase& b, const ForecastSettings& s, const PathDraw& d,
                     int years_from_base, std::vector<AgeArray>& persons);

/// Advances the GPs one year: exits by age, ageing, new specialists placed by the setting, and
/// the capacities they fill (rule F3). `need` is each kommune's need in the new year.
void step_supply(const CohortBase& b, const ForecastSettings& s, const PathDraw& d,
                 const std::vector<double>& need, KommuneState& st);

}  // namespace praksis::detail
