// The placement use case: choose sites for new clinics and show what the plan does to the survey.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "praksis/designation/designation.hpp"
#include "praksis/economy/report.hpp"
#include "praksis/output/text.hpp"
#include "praksis/placement/placement.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// A chosen site as the new clinic it becomes.
struct PlannedSite {
  CandidateSite site;
  Ydernummer ydernummer = 0;
  unsigned capacities = 0;      // capacities the plan places there (unfilled, rule C2)
  bool existing = false;        // an existing clinic receiving capacities (--add-capacities)
  bool reopened = false;        // of them: a closed clinic that reopens (rule C1)
  double catchment_demand = 0;  // S6 step 1 after the plan: weighted citizens within the catchment
};

struct PlacementResult {
  PlacementParameters parameters;
  std::size_t home_locations = 0, uncovered_locations = 0;
  std::uint64_t uncovered_citizens = 0, unreachable_citizens = 0;
  std::size_t points = 0, candidates = 0, nonzeros = 0;
  double build_seconds = 0, evaluate_seconds = 0;
  double site_capacity = 0;  // weighted patients a new clinic serves (infinity: uncapacitated)
  PlacementSolution heuristic;
  std::optional<PlacementSolution> milp;
  CoverageGain gain;  // of the chosen plan
  std::vector<PlannedSite> sites;
  Survey before, after;  // the survey of the world as it is and with the plan's clinics open
  /// The D-rules on both surveys (the same evaluation as `praksis designate`).
  Designation designation_before, designation_after;

  const PlacementSolution& chosen() const { return milp ? *milp : heuristic; }
};

/// `params` with the growth factors of its forecast year filled in (unchanged without a year);
/// InputError naming --year when no forecast can be made for it.
PlacementParameters with_forecast(const World& world, const Settings& settings,
                                  PlacementParameters params);

/// Validates `params`, builds the instance, solves it (the heuristic always; the MILP when asked)
/// and runs the survey on the world with the chosen clinics added (rule S4 after the plan).
PlacementResult run_placement(const World& world, const Settings& settings,
                              const PlacementParameters& params);

/// Summary, sites and per-kommune before/after tables ("summary", "sites", "kommuner"; the
/// kommuner table has the designation before and after, rules D1-D3).
std::vector<ReportTable> placement_tables(const PlacementResult& r, Lang lang);
/// The chosen sites as GeoJSON points with their catchment radius and catchment demand.
std::string placement_geojson(const PlacementResult& r);
/// The aggregated instance as plain text for peer solvers (bench/placement_pulp.py): a line
/// "points candidates add", then per point "value need candidate...".
std::string placement_instance_text(const PlacementInstance& inst, int add);

}  // namespace praksis
