// The placement use case: choose sites for new clinics and show what the plan does to the survey.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "praksis/economy/report.hpp"
#include "praksis/output/text.hpp"
#include "praksis/placement/placement.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// A chosen site as the new clinic it becomes.
struct PlannedSite {
  CandidateSite site;
  Ydernummer ydernummer = 0;
  double catchment_demand = 0;  // S6 step 1 after the plan: weighted citizens within the catchment
};

struct PlacementResult {
  PlacementParameters parameters;
  std::size_t home_locations = 0, uncovered_locations = 0;
  std::uint64_t uncovered_citizens = 0, unreachable_citizens = 0;
  std::size_t points = 0, candidates = 0, nonzeros = 0;
  double build_seconds = 0, evaluate_seconds = 0;
  PlacementSolution heuristic;
  std::optional<PlacementSolution> milp;
  CoverageGain gain;  // of the chosen plan
  std::vector<PlannedSite> sites;
  Survey before, after;  // the survey of the world as it is and with the plan's clinics open

  const PlacementSolution& chosen() const { return milp ? *milp : heuristic; }
};

/// Validates `params`, builds the instance, solves it (the heuristic always; the MILP when asked)
/// and runs the survey on the world with the chosen clinics added (rule S4 after the plan).
PlacementResult run_placement(const World& world, const Settings& settings,
                              const PlacementParameters& params);

/// Summary, sites and per-kommune before/after tables ("summary", "sites", "kommuner").
std::vector<ReportTable> placement_tables(const PlacementResult& r, Lang lang);
/// The chosen sites as GeoJSON points with their catchment radius and catchment demand.
std::string placement_geojson(const PlacementResult& r);
/// The aggregated instance as plain text for peer solvers (bench/placement_pulp.py): a line
/// "points candidates add", then per point "value need candidate...".
std::string placement_instance_text(const PlacementInstance& inst, int add);

}  // namespace praksis
