// The forecast (prognosemodel, rules F1-F3): demography, need and GP supply to 2035 and beyond.
// The age-specific rates are data files (data/forecast_*.csv, docs/forecast.md); these settings
// scale them and hold the supply assumptions a scenario changes.
#pragma once

#include <array>
#include <string_view>

#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

/// What a needed capacity is counted in: disease-weighted residents (S2) or heads.
enum class NeedBasis { weighted, flat };
inline constexpr std::array<std::string_view, 2> kNeedBasisNames = {"weighted", "flat"};

/// Where new GPs settle: in proportion to the unmet need, or where the doctors are today.
enum class NewCapacityPlacement { need, today };
inline constexpr std::array<std::string_view, 2> kNewCapacityPlacementNames = {"need", "today"};

struct ForecastSettings {
  int five_year_horizon = 5;    // F1
  int national_horizon = 2035;  // F1
  int last_year = 2045;         // F2 (contacts 2045)
  // F2 demography, calibrated so the national synthetic Denmark reaches about 24 % aged 65+ and
  // 4 % aged 85+ in 2035 (docs/forecast.md).
  double mortality_level = 1.0;
  double mortality_improvement = 0.015;
  double total_fertility = 1.5;
  double male_birth_share = 0.513;
  double net_immigration = 18000;
  double internal_migration_factor = 1.0;
  // F3 supply.
  double retirement_factor = 1.0;
  int retirement_age_shift = 0;
  double training_posts = 350;
  double training_fill_share = 0.92;
  double general_practice_share = 0.84;
  int new_gp_age = 37;
  double owner_tenure_years = 16.8;
  int reform_target_gps = 5000;
  int reform_target_year = 2035;
  NeedBasis need_basis = NeedBasis::weighted;
  NewCapacityPlacement placement = NewCapacityPlacement::need;
  // Monte Carlo: each run draws one multiplier per uncertain rate (docs/forecast.md).
  double mc_mortality_sigma = 0.08;
  double mc_fertility_sigma = 0.08;
  double mc_immigration_sd = 8000;
  double mc_retirement_sigma = 0.15;
  double mc_inflow_sigma = 0.10;
  int threads = 0;

  template <class V>
  void visit(V& v) {
    v("five_year_horizon", five_year_horizon,
      {"F1", "years ahead of the regional forecast (the kommune table's gap year)", {1, 50}});
    v("national_horizon", national_horizon, {"F1", "the national horizon year", {1900, 2200}});
    v("last_year", last_year, {"F2", "the last year a forecast may reach", {1900, 2200}});
    v("mortality_level", mortality_level,
      {"F2", "multiplier on the death probabilities of data/forecast_mortality.csv", kNonNegative});
    v("mortality_improvement", mortality_improvement,
      {"F2", "yearly relative fall of every death probability", {0, 0.5}});
    v("total_fertility", total_fertility,
      {"F2", "children per woman; spread over ages by data/forecast_fertility.csv", {0, 10}});
    v("male_birth_share", male_birth_share, {"F2", "share of births that are boys", kShare});
    v("net_immigration", net_immigration,
      {"F2",
       "net immigration to Denmark per year (persons), by age from data/forecast_migration.csv",
       {-1e6, 1e6}});
    v("internal_migration_factor", internal_migration_factor,
      {"F2", "multiplier on the moving rates between kommuner", kNonNegative});
    v("retirement_factor", retirement_factor,
      {"F3", "multiplier on the GPs' exit probabilities of data/forecast_retirement.csv",
       kNonNegative});
    v("retirement_age_shift", retirement_age_shift,
      {"F3",
       "years the exit probabilities move to older ages (positive: later retirement)",
       {-20, 20}});
    v("training_posts", training_posts,
      {"F3", "main training posts (hoveduddannelsesforløb) in general medicine per year",
       kNonNegative});
    v("training_fill_share", training_fill_share,
      {"F3", "share of the training posts filled (seed 001 figure 4.13)", kShare});
    v("general_practice_share", general_practice_share,
      {"F3", "share of new specialists who work in general practice (84 %, seed 001)", kShare});
    v("new_gp_age", new_gp_age,
      {"F3", "age of a new specialist starting in general practice", {20, 80}});
    v("owner_tenure_years", owner_tenure_years,
      {"F3",
       "mean years an owner-doctor stays in the same clinic (16.8, seed 001), exits included; "
       "0: owners stay until they exit",
       {0, 100}});
    v("reform_target_gps", reform_target_gps,
      {"F3", "the reform's target of GPs (at least 5,000)", {0, 1000000}});
    v("reform_target_year", reform_target_year,
      {"F3", "the year of the reform's target", {1900, 2200}});
    v.choice("need_basis", need_basis, kNeedBasisNames,
             {"F1",
              "needed capacities = 'weighted' residents (S2, normtal differentiated by disease "
              "burden) or 'flat' residents / normtal"});
    v.choice(
        "placement", placement, kNewCapacityPlacementNames,
        {"F3", "new GPs settle in proportion to the unmet 'need' or where doctors are 'today'"});
    v("mc_mortality_sigma", mc_mortality_sigma,
      {"F2", "Monte Carlo: log-normal sigma of the mortality multiplier", kNonNegative});
    v("mc_fertility_sigma", mc_fertility_sigma,
      {"F2", "Monte Carlo: log-normal sigma of the fertility multiplier", kNonNegative});
    v("mc_immigration_sd", mc_immigration_sd,
      {"F2", "Monte Carlo: standard deviation of the yearly net immigration (persons)",
       kNonNegative});
    v("mc_retirement_sigma", mc_retirement_sigma,
      {"F3", "Monte Carlo: log-normal sigma of the exit-probability multiplier", kNonNegative});
    v("mc_inflow_sigma", mc_inflow_sigma,
      {"F3", "Monte Carlo: log-normal sigma of the new-GP inflow multiplier", kNonNegative});
    v("threads", threads,
      {"",
       "worker threads for Monte Carlo runs (0 = one per core); results do not depend on it",
       {0, 256}});
  }
};

}  // namespace praksis
