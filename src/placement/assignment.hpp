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
/// `units`, parallel to `sites`, are the capacities placed there (placing capacities; empty:
/// one clinic per site). `shares`, when given, receives the share of each point served per
/// candidate-major link.
Assignment greedy_assignment(const PlacementInstance& inst, std::span<const std::uint32_t> sites,
                             std::span<const std::uint32_t> units = {},
                             std::vector<double>* shares = nullptr);
/// The optimal assignment's value (max-profit flow by successive shortest paths).
double exact_assignment_value(const PlacementInstance& inst, std::span<const std::uint32_t> sites,
                              std::span<const std::uint32_t> units = {});

PlacementSolution assignment_heuristic(const PlacementInstance& inst, int add);
/// Placing `capacities` capacities: greedy by value per capacity, then moves of one capacity.
PlacementSolution allocation_heuristic(const PlacementInstance& inst, int capacities);
/// Every way to place `capacities` capacities (for tests on small instances).
PlacementSolution allocation_brute_force(const PlacementInstance& inst, int capacities);
/// The MILP of both models (`add` clinics, or `add` capacities when the instance places them).
PlacementSolution assignment_milp(const PlacementInstance& inst, int add, double time_limit_s);

}  // namespace praksis::detail
