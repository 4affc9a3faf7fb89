// The citizen side of a survey (S2 weights, home locations and their grid), computed once and
// reused for several clinic worlds of the same citizens (the what-if's before and after).
#pragma once

#include <vector>

#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/choice_distances.hpp"
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
  bool locations_cached = false;  // read from the store's cache (survey_basis_cached)

  static SurveyBasis of(const World& world, const Settings& settings);
};

/// run_survey(world, settings) with the citizen side taken from `basis`, which must come from a
/// world with the same citizens and the same settings (the result is then identical).
Survey run_survey(const World& world, const Settings& settings, const SurveyBasis& basis);
/// The same per planning area (run_survey(world, settings, areas) with the basis given).
Survey run_survey(const World& world, const Settings& settings, const SurveyBasis& basis,
                  const PlanningAreas& areas);

/// The per-location S4 and S6 of one survey and the clinics they came from, kept so that the
/// survey of a changed world (the what-if's after) recomputes them only near the changes.
struct SurveyState {
  ChoiceDistances choice;         // great-circle, whatever survey.distance_metric says
  ChoiceDistances metric_choice;  // under survey.distance_metric when it is not great-circle
  Accessibility access;
  std::vector<Ydernummer> ydernummer;  // by clinic position
  std::vector<GeoPoint> location;
  std::vector<UnitVector> unit;
  std::vector<char> open_choice;  // counted by S4 (is_open_choice)
};

/// run_survey(world, settings, basis) that also keeps its S4/S6 state in `keep`.
Survey run_survey(const World& world, const Settings& settings, const SurveyBasis& basis,
                  SurveyState* keep);
/// The survey of `world`, a changed copy of the world `before` was kept of (same citizens, same
/// settings; clinics added, removed, moved, opened, closed, given or relieved of capacities, and
/// patients re-listed): S4 and S6 start from `before` and are recomputed only where a changed
/// clinic can matter. Equal to run_survey(world, settings, basis), figure by figure.
Survey run_survey_changed(const World& world, const Settings& settings, const SurveyBasis& basis,
                          const SurveyState& before);

}  // namespace praksis
