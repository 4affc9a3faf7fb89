// The citizen side of a survey (S2 weights, home locations and their grid), computed once and
// reused for several clinic worlds of the same citizens (the what-if's before and after).
#pragma once

#include <vector>

#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// What a survey needs that depends only on the citizens (homes, ages, conditions, kommuner) and
/// the settings, not on clinics, doctors or listings.
struct SurveyBasis {
  std::vector<double> weights;  // S2 weights by citizen row
  PointBounds bounds;
  GridLayout layout;
  HomeLocations locations;  // sorted by `layout`
  LocationGrid grid;
  double weights_ms = 0, locations_ms = 0, grid_ms = 0;

  static SurveyBasis of(const World& world, const Settings& settings);
};

/// run_survey(world, settings) with the citizen side taken from `basis`, which must come from a
/// world with the same citizens and the same settings (the result is then identical).
Survey run_survey(const World& world, const Settings& settings, const SurveyBasis& basis);

}  // namespace praksis
