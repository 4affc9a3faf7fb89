// Internal: the placement model with an assignment of served demand to new clinics (capacity,
// rule C1; the p-median term), shared by its solvers.
#pragma once

#include <span>
#include <vector>

#include "praksis/placement/placement.hpp"

namespace praksis::detail {

/// Demand served by the new clinics of a plan.
struct Assignment {
  double value = 0;
  std::vector<std::uint32_t> count;  // open new clinics within the radius, per point
  std::vector<double> served;        // share of the point's weighted patients served
  std::vector<double> load;          // weighted patients served, per candidate
  double km_saved = 0;               // weighted-patient km
};

/// Highest value per weighted patient first, each link up to the clinic's capacity: feasible.
Assignment greedy_assignment(const PlacementInstance& inst, std::span<const std::uint32_t> sites);
/// The optimal assignment's value (max-profit flow by successive shortest paths).
double exact_assignment_value(const PlacementInstance& inst, std::span<const std::uint32_t> sites);

PlacementSolution assignment_heuristic(const PlacementInstance& inst, int add);
PlacementSolution assignment_milp(const PlacementInstance& inst, int add, double time_limit_s);

}  // namespace praksis::detail
