// The forecast service (prognosemodel, rules F1-F3): a cohort-component population projection
// per kommune x sex x single-year age, the need it implies (S2 weights, normtal C1), the GP
// supply aged year by year, the gap, and Monte Carlo bands.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "praksis/forecast/rates.hpp"
#include "praksis/model/area_scope.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// An official population projection used instead of the cohort model (`--population FILE`):
/// persons per year, kommune, sex and age (ages 100 and above are added into 100+).
struct PopulationProjection {
  std::string source;
  int first_year = 0;
  int last_year = 0;
  std::vector<KommuneCode> kommuner;  // World::kommuner order
  /// persons[((year - first_year) * kommuner + k) * 2 + sex][age]
  std::vector<AgeArray> persons;

  const AgeArray& at(int year, std::size_t k, Sex sex) const {
    return persons[(static_cast<std::size_t>(year - first_year) * kommuner.size() + k) * 2 +
                   static_cast<std::size_t>(sex)];
  }
  double total(int year) const;

  /// Parses CSV `year,kommunekode,sex,age,persons` (sex F or M). Every kommune of `world` and
  /// every year from the first to the last must be present; InputError naming file:line:column
  /// for a bad field, an unknown kommune, a duplicate row or a missing year.
  static PopulationProjection parse(std::string_view csv, std::string source, const World& world);
  static PopulationProjection load(const std::filesystem::path& path, const World& world);
};

/// What to forecast, validated once by `validate`.
struct ForecastParameters {
  int to_year = 2035;
  int runs = 0;  // Monte Carlo paths (0: deterministic only)
  std::uint64_t seed = 1;
  std::string scenario;  // the scenario's name (file stem), empty for the baseline
  const PopulationProjection* population = nullptr;
  /// Only this region (regionskode 1081-1085) and its kommuner in the output (`--region`).
  std::optional<int> region;
  /// The areas the output covers (`--region`, `--kommune`, parsed by parse_area_scope); the
  /// projection runs on the whole world. One region in the scope also sets `region`.
  AreaScope scope;

  /// InputError naming the option when to_year is before the survey's year or after
  /// [forecast] last_year, runs is negative, the region is not a regionskode or the projection
  /// does not cover the years.
  void validate(int base_year, const ForecastSettings& s) const;
};

/// One area's figures in one year. Residents where they live; doctors and capacities where
/// the clinic is (as in the survey).
struct ForecastYear {
  int year = 0;
  double population = 0;
  double aged_65 = 0;  // residents aged 65 and over
  double aged_85 = 0;
  double contacts = 0;       // S2 expected contacts
  double contacts_0_64 = 0;  // of which by residents aged 0-64, 65-84 and 85+ (F2)
  double contacts_65_84 = 0;
  double contacts_85 = 0;
  double weighted_residents = 0;  // sum of the residents' S2 weights
  double need = 0;                // needed capacities: (weighted) residents / normtal
  double gps = 0;                 // doctors in practice
  double senior_gps = 0;          // aged 60+ (S5)
  double owners = 0;              // owner-doctors (ejerlæger), part of gps
  /// Owners who left a clinic of the area during the year (practice sales, F3): by exit from
  /// practice or at the end of their tenure. 0 in the base year.
  double owner_departures = 0;
  double capacities_filled = 0;
  double capacities_unfilled = 0;
  double listed_patients = 0;  // patients listed with the area's clinics
  double weighted_listed = 0;
  std::uint32_t kommuner_short = 0;  // kommuner whose need exceeds their filled capacities
  double citizens_in_short_kommuner = 0;

  double capacities() const { return capacities_filled + capacities_unfilled; }
  /// Needed minus filled capacities (positive: short).
  double gap() const { return need - capacities_filled; }
};

/// P10/P50/P90 of one figure of an area in one year over the Monte Carlo runs.
struct ForecastBand {
  std::string metric;
  int year = 0;
  double p10 = 0, p50 = 0, p90 = 0;
};

struct ForecastArea {
  AreaLevel level = AreaLevel::nation;
  int code = 0;
  std::string name;
  int region = 0;
  std::vector<ForecastYear> years;  // base year .. to_year
  /// First year a kommune is short of capacity, and first year designated by the D3 model on
  /// projected figures (kommuner only).
  std::optional<int> first_short_year;
  std::optional<int> first_designated_year;
  /// Monte Carlo bands by metric then year (nation and regions; empty without runs).
  std::vector<ForecastBand> bands;
};

struct ForecastResult {
  int base_year = 0;
  int to_year = 0;
  int runs = 0;
  std::uint64_t seed = 0;
  std::string scenario;
  bool external_population = false;
  ForecastSettings assumptions;
  int normtal = 0;
  ForecastArea nation;
  std::vector<ForecastArea> regions;   // World::regions order
  std::vector<ForecastArea> kommuner;  // World::kommuner order
  std::optional<int> region;           // ForecastParameters::region
  AreaScope scope;                     // ForecastParameters::scope: the rows the tables show
  double elapsed_ms = 0;

  /// The area `--region` selects (the nation without one).
  const ForecastArea& selected() const;
  const ForecastYear& national(int year) const {
    return nation.years[static_cast<std::size_t>(year - base_year)];
  }
};

/// Names of the banded national metrics, in ForecastResult::bands order.
inline constexpr std::array<std::string_view, 8> kForecastBandMetrics = {
    "population", "share_65", "share_85", "contacts", "need", "gps", "capacities_filled", "gap"};

/// The value of band metric `metric` (index into kForecastBandMetrics) of an area's year.
double forecast_band_value(const ForecastYear& f, std::size_t metric);

/// The yearly probability that an owner-doctor still in practice leaves the clinic at the end of
/// a tenure (F3), derived so that an owner starting at `new_gp_age` stays `owner_tenure_years`
/// in the clinic on average with the exits by age (retirement) included. 0 when tenure is off
/// or the exits alone end tenures sooner.
double owner_tenure_hazard(const ForecastRates& rates, const ForecastSettings& s);
/// The mean years in the clinic of an owner starting at `new_gp_age` with the exits by age and
/// the yearly tenure hazard `hazard`: the sum over t >= 0 of the probability of still being
/// there after t years.
double mean_owner_tenure(const ForecastRates& rates, const ForecastSettings& s, double hazard);
/// The exit probability of a GP of `age` (the retirement table shifted and scaled by the
/// settings, times the path's multiplier).
double gp_exit_probability(const ForecastRates& rates, const ForecastSettings& s, int age,
                           double multiplier = 1.0);

/// The forecast from `world` and its survey (year 0 is the survey's year and agrees with it).
ForecastResult run_forecast(const World& world, const Survey& survey, const Settings& settings,
                            const ForecastParameters& params);

class PlanningAreas;
/// The forecast `r` with its kommune rows grouped into the planning areas (`--areas`,
/// docs/planning_areas.md): an area of whole kommuner sums its kommuner's years; a district of a
/// split kommune (the population model is per kommune) gets its kommune's years apportioned by
/// its base-year shares in `world`: of the kommune's residents (population, ages, contacts,
/// weights, need), of its clinics' filled and unfilled capacities, doctors and listed patients
/// (where each clinic is). first_short_year is the first year the area's need exceeds its filled
/// capacities; first_designated_year is not computed per area (none). The nation and regions are
/// unchanged.
ForecastResult forecast_by_areas(ForecastResult r, const PlanningAreas& areas, const World& world);

/// Percentile (PERCENTILE.INC, linear between order statistics) of `values` (sorted in place).
double percentile_inc(std::vector<double>& values, double p);

}  // namespace praksis
