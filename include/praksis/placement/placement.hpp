// Placement of new GP clinics (rules C2, C7, L2): the aggregated instance and its solvers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "praksis/geo/geo_point.hpp"
#include "praksis/model/area_scope.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {

/// Where new clinics may go: the embedded towns (data/dk_towns.csv), the citizen-weighted
/// centres of populated grid cells (rule C7: practices are placed where citizens live), or a
/// CSV file of sites (name,lat,lon,kommunekode).
enum class CandidateSource { towns, grid, file };

/// A site a new clinic may be placed at.
struct CandidateSite {
  std::string name;
  GeoPoint location;
  KommuneCode kommune = 0;
};

/// What a plan is worth. A home location counts when the plan brings it to the L2 duty's number
/// of open clinics within the choice radius (backup coverage); it is worth
/// `citizens_weight` per citizen (objective a) plus `demand_weight` per unit of S2
/// disease-weighted demand (objective b). `distance_weight` (objective c, p-median) is worth per
/// weighted-patient kilometre saved: a patient served by a new clinic nearer than the nearest
/// open clinic today (within the choice radius) saves the difference. Under capacity only the
/// demand a new clinic serves counts (rule C1: about normtal weighted patients per capacity).
struct PlacementObjective {
  double citizens_weight = 1.0;
  double demand_weight = 0.0;
  double distance_weight = 0.0;
};

enum class PlacementSolver { heuristic, milp };

/// The parameters of one placement, validated once by validate().
struct PlacementParameters {
  int add = 0;  // new clinics to place
  /// Capacities to place instead (rule C2: the region places capacities): each goes to an
  /// existing clinic or opens a new clinic at a candidate site; exactly one of add and
  /// add_capacities is set.
  int add_capacities = 0;
  CandidateSource candidates = CandidateSource::towns;
  double grid_cell_km = 5.0;         // candidate cell side for CandidateSource::grid
  std::vector<CandidateSite> sites;  // CandidateSource::file (read_candidate_sites)
  AreaScope scope;  // candidates only in these areas (`--region`, `--kommune`; whole: all)
  std::vector<GeoPoint> excluded;  // no candidate within exclusion_km of these points
  double exclusion_km = 0.0;
  PlacementObjective objective;
  PlacementSolver solver = PlacementSolver::heuristic;
  double time_limit_s = 120.0;  // MILP wall-clock limit
  unsigned new_clinic_capacities = 1;
  /// Each new clinic serves at most normtal x its capacities weighted patients (rules C1, C7:
  /// capacity follows need); off: every covered home counts whatever its size.
  bool capacitated = true;
  /// 0: place against the world as it is. A year: against the forecast population of that year
  /// (issue 9, rules F1-F3): run_placement fills the per-kommune growth factors below.
  int year = 0;
  std::vector<double> citizen_growth;  // World::kommuner order: forecast / base-year residents
  std::vector<double> demand_growth;   // the same for S2-weighted residents

  /// Throws InputError naming the offending parameter (`source` names the caller, e.g. "place").
  void validate(const World& world, const Settings& settings, std::string_view source) const;
};

/// The aggregated instance: home locations that still lack open choices, merged exactly (same
/// number of missing choices and the same set of candidates within the radius), and the
/// candidates that reach at least one of them.
struct PlacementInstance {
  std::vector<CandidateSite> candidates;
  // Demand points (aggregated home locations), column by column.
  std::vector<double> value;            // objective weight of the point
  std::vector<std::uint64_t> citizens;  // citizens living there
  std::vector<std::int64_t> demand;     // S2 demand, quantised as HomeLocations::demand
  std::vector<std::uint8_t> need;       // new open clinics within the radius still missing
  std::vector<double> weight;  // S2 weighted patients (the capacity a point uses when served)
  // With a forecast year, value and weight are the forecast year's; citizens and demand today's.
  std::vector<std::uint32_t> point_start;  // CSR: point -> candidates within the radius
  std::vector<std::uint32_t> point_candidates;
  std::vector<double> point_saving;            // km saved, per point_candidates entry
  std::vector<std::uint32_t> candidate_start;  // CSR: candidate -> points within the radius
  std::vector<std::uint32_t> candidate_points;
  std::vector<double> candidate_saving;  // km saved, per candidate_points entry
  /// Weighted patients a new clinic at each candidate serves (infinity when uncapacitated); when
  /// placing capacities, per capacity placed there.
  std::vector<double> capacity;
  /// Placing capacities (PlacementParameters::add_capacities): the candidates after the new sites
  /// are the existing clinics, `existing` their ydernumre (0 for a new site), and `opens_at` the
  /// capacities a candidate must receive to count as a new open clinic (1 for a new site, the
  /// capacities a full clinic needs to reopen under rule C1, 0 for a clinic already open). Empty
  /// when placing clinics.
  std::vector<Ydernummer> existing;
  std::vector<std::uint32_t> opens_at;
  bool places_capacities = false;
  bool allocates_capacities() const { return places_capacities; }
  double distance_weight = 0;  // objective (c) per weighted-patient km saved

  /// The plain backup-coverage model (uncapacitated, no distance term) has its own fast solvers.
  bool plain_coverage() const;
  /// Value per weighted patient of serving point p from a new clinic at link e (`eligible`: the
  /// plan gives p its missing open clinics).
  double density(std::size_t p, double saving, bool eligible) const;

  std::size_t home_locations = 0;       // locations of the world
  std::size_t uncovered_locations = 0;  // of them below the duty before the plan
  std::uint64_t uncovered_citizens = 0;
  std::uint64_t unreachable_citizens = 0;  // below the duty even if every candidate opened

  std::size_t points() const { return value.size(); }
  std::size_t candidate_count() const { return candidates.size(); }
  std::size_t nonzeros() const { return point_candidates.size(); }
};

/// Reads a candidate file (header name,lat,lon,kommunekode); InputError names file:line:column
/// for bad numbers, coordinates outside Denmark and kommuner not in `world`.
std::vector<CandidateSite> read_candidate_sites(const std::filesystem::path& path,
                                                const World& world);

/// Builds the instance of `world` under the survey's S4 rule (settings.survey.choice_radius_km,
/// min_open_choices, the same open-clinic distances as the survey).
PlacementInstance build_placement_instance(const World& world, const Settings& settings,
                                           const PlacementParameters& params);

/// The objective of opening `sites` (candidate positions): exact for the plain model and without
/// capacity; under capacity the value of a greedy assignment (highest value per weighted patient
/// first), a feasible plan and so never above the optimum.
double placement_value(const PlacementInstance& inst, std::span<const std::uint32_t> sites);
/// The optimal assignment's value of opening `sites` (a max-profit flow; for tests and small
/// instances).
double placement_value_exact(const PlacementInstance& inst, std::span<const std::uint32_t> sites);
/// Citizens and S2 demand (unquantised) that `sites` bring to the duty, and the weighted
/// patient-km saved (under capacity: the greedy assignment's shares).
struct CoverageGain {
  std::uint64_t citizens = 0;
  double demand = 0;
  double km_saved = 0;
};
/// `units`: the capacities placed at each site when placing capacities (empty otherwise).
CoverageGain placement_gain(const PlacementInstance& inst, std::span<const std::uint32_t> sites,
                            std::span<const std::uint32_t> units = {});

/// What a plan of `units` (capacities per candidate, dense) is worth when placing capacities:
/// the greedy assignment (`exact`: the optimal one).
double allocation_value(const PlacementInstance& inst, std::span<const std::uint32_t> units,
                        bool exact = false);

/// A solver's answer with its proof: `bound` is a valid upper bound on the optimum.
struct PlacementSolution {
  std::vector<std::uint32_t> sites;  // candidate positions, ascending
  /// Capacities placed at each of `sites` when placing capacities (empty when placing clinics).
  std::vector<std::uint32_t> units;
  double value = 0;
  double bound = 0;
  bool proven_optimal = false;
  /// The MILP stopped at its time limit: `sites` is its incumbent (at least the heuristic's
  /// start plan) and `bound` the best bound known then.
  bool stopped_by_time_limit = false;
  double seconds = 0;
  std::string solver;
  /// (bound - value) / bound; 0 when both are 0.
  double gap() const;
};

/// Greedy opening followed by swap local search; its bound is a Lagrangian bound (coverage rows
/// relaxed, subgradient steps), valid for the integer optimum.
PlacementSolution solve_placement_heuristic(const PlacementInstance& inst, int add);
/// The MILP through CBC (COIN-OR), started from the heuristic's plan, with a wall-clock limit.
PlacementSolution solve_placement_milp(const PlacementInstance& inst, int add, double time_limit_s);
/// Every set of `add` candidates (for tests on small instances).
PlacementSolution solve_placement_brute_force(const PlacementInstance& inst, int add);
// When the instance places capacities (allocates_capacities()), `add` is the number of capacities
// and the three solvers decide how many go to each candidate.

/// The clinics a plan adds to the world: open for new patients (rule C1), with the parameters'
/// capacities, new ydernumre above the world's largest.
std::vector<Clinic> planned_clinics(const World& world, const Settings& settings,
                                    const PlacementInstance& inst,
                                    std::span<const std::uint32_t> sites, unsigned capacities);

}  // namespace praksis
