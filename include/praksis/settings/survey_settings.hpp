// Settings of the coverage survey (DOMAIN.md section 5, rules S1-S6).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

/// Distance decay of the enhanced two-step floating catchment (E2SFCA), rule S6.
enum class DecayFunction { bands, gaussian };
/// Most E2SFCA distance bands the survey accepts.
inline constexpr std::size_t kMaxDecayBands = 8;
inline constexpr std::array<std::string_view, 2> kDecayFunctionNames = {"bands", "gaussian"};
/// Distance between a home and a clinic (rule L2: an interface, great-circle by default).
enum class DistanceMetricKind { great_circle, crossings, matrix };
inline constexpr std::array<std::string_view, 3> kDistanceMetricNames = {"great_circle",
                                                                         "crossings", "matrix"};

struct SurveySettings {
  double reference_weighted_p10 = 1367;
  double reference_weighted_p90 = 2122;
  double reference_open_share = 0.40;
  double choice_radius_km = 15.0;
  int min_open_choices = 2;
  int senior_doctor_age = 60;
  int stated_retirement_years = 5;  // S5: stated retirements counted this many years ahead
  double reference_senior_doctor_share = 0.19;
  double catchment_km = 15.0;
  DecayFunction decay = DecayFunction::bands;
  std::vector<double> decay_band_ends_km = {5.0, 10.0, 15.0};
  std::vector<double> decay_band_weights = {1.0, 0.68, 0.22};
  double gaussian_beta_km = 0;  // 0: derived from gaussian_edge_weight
  double gaussian_edge_weight = 0.01;
  double grid_cell_km = 2.0;
  int grid_min_citizens = 5;
  std::vector<double> distance_histogram_km = {1.0, 2.0, 5.0, 10.0, 15.0, 20.0};
  double load_histogram_step = 100;
  double index_cell_km = 0.25;
  int index_block_cells = 8;
  int threads = 0;
  DistanceMetricKind distance_metric = DistanceMetricKind::great_circle;
  bool crossing_ferries = true;
  double ferry_km_per_minute = 1.0;
  std::string distance_matrix_file;
  std::string planning_areas;
  double matrix_km_per_minute = 1.0;

  template <class V>
  void visit(V& v) {
    v("reference_weighted_p10", reference_weighted_p10,
      {"S2", "national P10 of disease-weighted patients per capacity, 1 Jan 2023 (figure 4.11)",
       kNonNegative});
    v("reference_weighted_p90", reference_weighted_p90,
      {"S2", "national P90 of the same (figure 4.11)", kNonNegative});
    v("reference_open_share", reference_open_share,
      {"S3", "reference share of clinics open for new patients (Region Hovedstaden Q4 2020)",
       kShare});
    v("choice_radius_km", choice_radius_km,
      {"S4", "radius of the two-open-clinics duty (rule L2)", kPositive});
    v("min_open_choices", min_open_choices,
      {"S4", "open clinics a citizen must be able to choose between (rule L2)", {1, 100}});
    v("stated_retirement_years", stated_retirement_years,
      {"S5",
       "doctors who stated in the hearing (gp_hearing.csv) a retirement within this many "
       "years of the reference year are counted",
       {0, 40}});
    v("senior_doctor_age", senior_doctor_age,
      {"S5", "doctors at or above this age count as near retirement", {0, 120}});
    v("reference_senior_doctor_share", reference_senior_doctor_share,
      {"S5", "national share of GPs aged 60+ (seed 004)", kShare});
    v("catchment_km", catchment_km, {"S6", "2SFCA catchment radius", kPositive});
    v.choice("decay", decay, kDecayFunctionNames,
             {"S6", "E2SFCA distance decay: 'bands' (stepwise weights) or 'gaussian'"});
    v("decay_band_ends_km", decay_band_ends_km,
      {"S6", "outer edges of the E2SFCA distance bands (ascending, last = catchment)", kPositive});
    v("decay_band_weights", decay_band_weights,
      {"S6", "E2SFCA weight per band (Luo & Qi 2009: 1.00, 0.68, 0.22)", kShare});
    v("gaussian_beta_km", gaussian_beta_km,
      {"S6",
       "Gaussian decay width beta in exp(-d^2 / (2 beta^2)); 0 derives it from "
       "gaussian_edge_weight",
       kNonNegative});
    v("gaussian_edge_weight", gaussian_edge_weight,
      {"S6",
       "Gaussian decay: weight at the catchment edge when gaussian_beta_km = 0",
       {1e-9, 0.999999}});
    v("grid_cell_km", grid_cell_km,
      {"S4", "cell size of the GeoJSON grid and report map carrying S4/S6 values", kPositive});
    v("grid_min_citizens", grid_min_citizens,
      {"S4",
       "grid cells with fewer citizens are left out of the GeoJSON grid and the report map "
       "(disclosure control); they still count in every area figure",
       {1, 1000000}});
    v("distance_histogram_km", distance_histogram_km,
      {"S4",
       "upper edges (inclusive) of the bins of the nearest/second-nearest open clinic distance "
       "distribution; a last open bin follows",
       kPositive});
    v("load_histogram_step", load_histogram_step,
      {"S2", "bin width of the report's histogram of weighted patients per capacity across clinics",
       kPositive});
    v("index_cell_km", index_cell_km,
      {"",
       "side of the spatial index cells the S4/S6 computation groups home locations in (speed "
       "only; results do not depend on it)",
       {0.01, 50}});
    v("index_block_cells", index_block_cells,
      {"",
       "index cells per side of a block sharing one clinic candidate list (speed only)",
       {1, 256}});
    v.choice("distance_metric", distance_metric, kDistanceMetricNames,
             {"L2",
              "home-to-clinic distance of S4: 'great_circle' (straight line) or 'crossings' "
              "(between land parts of data/dk_land.csv only over the fixed links and ferries of "
              "data/dk_crossings.csv) or 'matrix' (the travel-time matrix of "
              "distance_matrix_file; pairs it lacks by the crossings metric)"});
    v("crossing_ferries", crossing_ferries,
      {"L2", "the crossings metric counts ferry routes as connections (false: fixed links only)"});
    v("ferry_km_per_minute", ferry_km_per_minute,
      {"L2",
       "crossings metric: kilometres a minute of ferry crossing counts as (1.0: the road distance "
       "covered at 60 km/h); assumed",
       kNonNegative});
    v("distance_matrix_file", distance_matrix_file,
      {"L2",
       "matrix metric: the CSV of home-to-clinic road distances or minutes computed outside "
       "praksis (docs/geography.md); required when distance_metric = 'matrix'"});
    v("planning_areas", planning_areas,
      {"S1",
       "the planning areas (planlægningsområder) file survey, designate, report and forecast use "
       "when --areas is not given (docs/planning_areas.md); empty: one area per kommune"});
    v("matrix_km_per_minute", matrix_km_per_minute,
      {"L2",
       "matrix metric: kilometres a minute counts as for rows that give minutes but no km (1.0: "
       "60 km/h); assumed",
       kPositive});
    v("threads", threads, {"", "worker threads of the survey; 0 uses every core", {0, 256}});
  }
};

}  // namespace praksis
