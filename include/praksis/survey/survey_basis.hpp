// The citizen side of a survey (S2 weights, home locations and their grid), computed once and
// reused for several clinic worlds of the same citizens (the what-if's before and after).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// The citizen pass of one world per kommune (rules S1, S2, S5, D1 and L8): its counts and
/// quantised S2 weight sums by kommune position, by clinic and by nursing home.
struct CitizenCounts {
  /// One kommune's residents (the fields are all integers: partial sums add up exactly).
  struct Area {
    std::uint64_t citizens = 0, group1 = 0, listed = 0, temporary = 0, working = 0, outside = 0;
    std::uint64_t listed_outside = 0;  // listed with a clinic outside the extract
    std::uint64_t other_region = 0;    // listed with a clinic in another region
    std::int64_t weight_q = 0;         // sum of HomeLocations::quantise_weight
    void add(const Area& o);
  };
  std::vector<Area> area;                    // by planning area (kommune) position
  std::vector<std::uint32_t> clinic_listed;  // by clinic
  std::vector<std::int64_t> clinic_weight_q;
  // Rule L8, by nursing home: residents, and those listed with the home's attached doctor.
  std::vector<std::uint32_t> home_residents, home_with_doctor;
};

/// What a survey needs that depends only on the citizens (homes, ages, conditions, kommuner) and
/// the settings, not on clinics, doctors or listings.
struct SurveyBasis {
  std::vector<double> weights;  // S2 weights by citizen row (empty when `counts` makes them moot)
  PointBounds bounds;
  GridLayout layout;
  HomeLocations locations;  // sorted by `layout`
  LocationGrid grid;
  double weights_ms = 0, locations_ms = 0, grid_ms = 0;
  bool locations_cached = false;  // read from the store's cache (survey_basis_cached)
  /// The citizen pass of the world the basis was made from, per kommune, when the caller asked
  /// survey_basis_cached for it: valid only for a survey of that very world (same listings,
  /// clinics and nursing homes) per kommune; a survey per planning area or of a changed world
  /// must not get a basis with counts.
  std::optional<CitizenCounts> counts;

  static SurveyBasis of(const World& world, const Settings& settings);
};

/// The citizen pass of `world` by the planning areas' positions; `weights` are the S2 weights by
/// citizen row. Throws Error for a citizen in no area. The same for any number of threads.
CitizenCounts count_citizens(const World& world, const PlanningAreas& areas,
                             const std::vector<double>& weights, unsigned threads);

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
