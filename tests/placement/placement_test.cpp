// Placement of new clinics (rules C7, L2): solvers against brute force, the instance against the
// survey's S4 figure, parameter validation.
#include "praksis/placement/placement.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "praksis/core/error.hpp"
#include "praksis/placement/placement_service.hpp"
#include "praksis/survey/survey.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

using testing::kOrigin;
using testing::offset_km;
using testing::WorldBuilder;

// Clinics and citizens scattered over a 60 x 60 km square south-west of Copenhagen, some clinics
// closed, so that a good share of the citizens lacks two open clinics within 15 km.
World random_world(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> km(-30.0, 30.0);
  std::bernoulli_distribution open(0.6);
  WorldBuilder b;
  const int clinics = 2 + static_cast<int>(rng() % 4);
  for (int c = 0; c < clinics; ++c)
    b.clinic(static_cast<Ydernummer>(1000 + c), offset_km(kOrigin, km(rng), km(rng)), 1, open(rng));
  const int homes = 20 + static_cast<int>(rng() % 30);
  CitizenId id = 1;
  for (int h = 0; h < homes; ++h) {
    const GeoPoint home = offset_km(kOrigin, km(rng), km(rng));
    const int people = 1 + static_cast<int>(rng() % 3);
    for (int p = 0; p < people; ++p)
      b.citizen(id++, home, kNoClinic, 1940 + static_cast<int>(rng() % 70));
  }
  return b.build();
}

PlacementParameters grid_parameters(int add, double cell_km) {
  PlacementParameters p;
  p.add = add;
  p.candidates = CandidateSource::grid;
  p.grid_cell_km = cell_km;
  p.capacitated = false;  // the plain backup-coverage model; capacity has its own tests below
  return p;
}

// The enumerations below run some 25 times slower under the sanitizers; there they cover the first
// random world of each series (the release run covers all six), so that `./run test` stays
// within its time budget.
#ifdef PRAKSIS_SANITIZED
constexpr std::uint32_t kRandomWorlds = 1;
#else
constexpr std::uint32_t kRandomWorlds = 6;
#endif

// The objectives (a), (b), (c) alone and combined, for the capacitated tests.
const PlacementObjective kObjectives[] = {
    {1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}, {1.0, 0.5, 0.2}};

// Capacity binds in the random worlds (tens of citizens within reach): 12 weighted patients per
// capacity.
Settings small_normtal() {
  Settings s;
  s.capacity.normtal = 12;
  return s;
}

PlacementParameters capacitated_parameters(int add, const PlacementObjective& o) {
  PlacementParameters p = grid_parameters(add, 15.0);
  p.capacitated = true;
  p.objective = o;
  return p;
}

TEST(Placement, L2_MilpEqualsBruteForceOnRandomWorlds) {
  const Settings settings;
  int instances_with_gain = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    const World w = random_world(seed);
    for (int add : {1, 2, 3}) {
      PlacementParameters p = grid_parameters(add, 12.0);
      p.objective.demand_weight = seed % 2 == 0 ? 0.5 : 0.0;  // objectives a and a+b
      const PlacementInstance inst = build_placement_instance(w, settings, p);
      ASSERT_LE(inst.candidate_count(), 40u) << "seed " << seed;
      const PlacementSolution exact = solve_placement_brute_force(inst, add);
      const PlacementSolution milp = solve_placement_milp(inst, add, 30.0);
      EXPECT_TRUE(milp.proven_optimal) << "seed " << seed << " add " << add;
      EXPECT_NEAR(milp.value, exact.value, 1e-6) << "seed " << seed << " add " << add;
      EXPECT_NEAR(placement_value(inst, milp.sites), milp.value, 1e-9);
      instances_with_gain += exact.value > 0;
    }
  }
  EXPECT_GT(instances_with_gain, 10);  // the worlds are not trivially covered
}

TEST(Placement, L2_HeuristicIsNeverBetterThanTheOptimumAndItsBoundHolds) {
  const Settings settings;
  int compared = 0;
  for (std::uint32_t seed = 101; seed <= 116; ++seed) {
    const World w = random_world(seed);
    for (int add : {1, 2, 3}) {
      const PlacementInstance inst =
          build_placement_instance(w, settings, grid_parameters(add, 10.0));
      if (inst.candidate_count() > 45) continue;
      const PlacementSolution exact = solve_placement_brute_force(inst, add);
      const PlacementSolution h = solve_placement_heuristic(inst, add);
      ++compared;
      EXPECT_LE(h.value, exact.value + 1e-9) << "seed " << seed << " add " << add;
      EXPECT_GE(h.bound, exact.value - 1e-6) << "seed " << seed << " add " << add;
      EXPECT_NEAR(placement_value(inst, h.sites), h.value, 1e-9);
      EXPECT_EQ(h.sites.size(),
                static_cast<std::size_t>(std::min<std::size_t>(add, inst.candidate_count())));
      if (h.proven_optimal) {
        EXPECT_NEAR(h.value, exact.value, 1e-6);
      }
    }
  }
  EXPECT_GE(compared, 40);
}

// The instance counts exactly the citizens the survey's S4 figure stops counting once the plan's
// clinics are open.
TEST(Placement, L2_GainEqualsTheSurveysS4ChangeWhenThePlanIsOpened) {
  const Settings settings;
  for (std::uint32_t seed = 201; seed <= 206; ++seed) {
    World w = random_world(seed);
    const PlacementParameters p = grid_parameters(2, 8.0);
    const PlacementInstance inst = build_placement_instance(w, settings, p);
    const PlacementSolution h = solve_placement_heuristic(inst, 2);
    const CoverageGain gain = placement_gain(inst, h.sites);
    const Survey before = run_survey(w, settings);
    for (Clinic& c : planned_clinics(w, settings, inst, h.sites, 1))
      w.clinics.push_back(std::move(c));
    w.build_indexes();
    const Survey after = run_survey(w, settings);
    EXPECT_EQ(before.nation.without_two_open_choices_share.numerator -
                  after.nation.without_two_open_choices_share.numerator,
              static_cast<double>(gain.citizens))
        << "seed " << seed;
    EXPECT_EQ(static_cast<double>(inst.uncovered_citizens),
              before.nation.without_two_open_choices_share.numerator);
  }
}

// Hand-made: A lives 3 km from the one open clinic; B's two citizens live 40 km away from it, 6 km
// apart (two candidate cells). One new clinic can give A a second choice (1 citizen) but B only a
// first (still below the duty); two new clinics at B's cells give both B citizens the duty.
TEST(Placement, L2_OneNewClinicGoesWhereItCompletesTheDuty) {
  WorldBuilder b;
  b.clinic(1, offset_km(kOrigin, 3, 0));
  b.citizen(1, kOrigin);
  b.citizen(2, offset_km(kOrigin, -40, 0));
  b.citizen(3, offset_km(kOrigin, -40, 6));
  const World w = b.build();
  const Settings settings;
  const PlacementInstance inst = build_placement_instance(w, settings, grid_parameters(1, 5.0));
  EXPECT_EQ(inst.uncovered_citizens, 3u);
  EXPECT_EQ(inst.points(), 2u);  // A (needs 1); B's citizens share need 2 and candidates: merged
  const PlacementSolution h = solve_placement_heuristic(inst, 1);
  EXPECT_DOUBLE_EQ(h.value, 1.0);
  ASSERT_EQ(h.sites.size(), 1u);
  EXPECT_LT(GreatCircle::distance_km(inst.candidates[h.sites[0]].location, kOrigin), 15.0);
  const PlacementSolution two = solve_placement_milp(inst, 2, 10.0);
  EXPECT_DOUBLE_EQ(two.value, 2.0);
  EXPECT_TRUE(two.proven_optimal);
}

// Under capacity (rules C1, C7) and for each objective, alone and combined: the MILP equals the
// enumeration of every site set (each valued by its optimal assignment, a max-profit flow).
TEST(Placement, C7_CapacitatedMilpEqualsBruteForceForEachObjective) {
  const Settings settings = small_normtal();
  int binding = 0;
  for (const PlacementObjective& o : kObjectives) {
    for (std::uint32_t seed = 301; seed < 301 + kRandomWorlds; ++seed) {
      const World w = random_world(seed);
      for (int add : {1, 2, 3}) {
        const PlacementInstance inst =
            build_placement_instance(w, settings, capacitated_parameters(add, o));
        ASSERT_LE(inst.candidate_count(), 20u);
        const PlacementSolution exact = solve_placement_brute_force(inst, add);
        const PlacementSolution milp = solve_placement_milp(inst, add, 30.0);
        const std::string where =
            (::testing::Message() << "objective " << o.citizens_weight << "," << o.demand_weight
                                  << "," << o.distance_weight << " seed " << seed << " add " << add)
                .GetString();
        EXPECT_TRUE(milp.proven_optimal) << where;
        EXPECT_NEAR(milp.value, exact.value, 1e-6 * std::max(1.0, exact.value)) << where;
        EXPECT_NEAR(placement_value_exact(inst, milp.sites), exact.value,
                    1e-6 * std::max(1.0, exact.value))
            << where;
        // The same plans without capacity are worth more where capacity binds.
        PlacementParameters free = capacitated_parameters(add, o);
        free.capacitated = false;
        const PlacementInstance unlimited = build_placement_instance(w, settings, free);
        const double without = solve_placement_brute_force(unlimited, add).value;
        EXPECT_GE(without, exact.value - 1e-6) << where;
        binding += without > exact.value + 1e-6;
      }
    }
  }
  EXPECT_GT(binding, kRandomWorlds == 6 ? 20 : 0);  // the capacity is not idle in these worlds
}

// The heuristic's plan is valued by a feasible (greedy) assignment: never above the optimum;
// its bound is never below it.
TEST(Placement, C7_HeuristicIsNeverBetterThanTheOptimumUnderCapacity) {
  const Settings settings = small_normtal();
  int compared = 0, optimal = 0;
  for (const PlacementObjective& o : kObjectives) {
    for (std::uint32_t seed = 401; seed <= 408; ++seed) {
      const World w = random_world(seed);
      for (int add : {1, 2, 3}) {
        const PlacementInstance inst =
            build_placement_instance(w, settings, capacitated_parameters(add, o));
        const PlacementSolution exact = solve_placement_brute_force(inst, add);
        const PlacementSolution h = solve_placement_heuristic(inst, add);
        ++compared;
        EXPECT_LE(h.value, exact.value + 1e-9) << "seed " << seed << " add " << add;
        EXPECT_GE(h.bound, exact.value - 1e-6) << "seed " << seed << " add " << add;
        EXPECT_NEAR(placement_value(inst, h.sites), h.value, 1e-9);
        EXPECT_LE(placement_value(inst, h.sites), placement_value_exact(inst, h.sites) + 1e-9);
        optimal += h.value >= exact.value - 1e-6;
      }
    }
  }
  EXPECT_EQ(compared, 96);
  EXPECT_GT(optimal, compared / 2);  // a heuristic, but not a poor one
}

// Hand-made (rule C1): 30 citizens at one place 40 km from any clinic need two new clinics; two
// with one capacity of 12 weighted patients each serve 24 of their weighted patients, so
// objective (b) is 24 and the citizens brought to the duty are the served share.
TEST(Placement, C7_ANewClinicServesAtMostNormtalWeightedPatientsPerCapacity) {
  WorldBuilder b;
  b.clinic(1, offset_km(kOrigin, 40, 0));
  b.clinic(2, offset_km(kOrigin, 41, 0));
  for (CitizenId id = 1; id <= 30; ++id) b.citizen(id, kOrigin);
  const World w = b.build();
  const Settings settings = small_normtal();
  PlacementParameters p = capacitated_parameters(2, {0.0, 1.0, 0.0});
  p.candidates = CandidateSource::file;
  p.sites = {{"a", kOrigin, 101}, {"b", offset_km(kOrigin, 1, 0), 101}};
  const PlacementInstance inst = build_placement_instance(w, settings, p);
  ASSERT_EQ(inst.points(), 1u);
  const double weighted = inst.weight[0];
  ASSERT_GT(weighted, 24.0);  // two capacities cannot serve them all
  const PlacementSolution one = solve_placement_milp(inst, 1, 10.0);
  EXPECT_DOUBLE_EQ(one.value, 0.0);  // one new clinic is not a second choice: need 2
  const PlacementSolution two = solve_placement_milp(inst, 2, 10.0);
  EXPECT_NEAR(two.value, 24.0, 1e-6);
  EXPECT_NEAR(solve_placement_heuristic(inst, 2).value, 24.0, 1e-6);
  const CoverageGain g = placement_gain(inst, two.sites);
  EXPECT_EQ(g.citizens, static_cast<std::uint64_t>(std::llround(30 * 24.0 / weighted)));
  p.new_clinic_capacities = 2;  // 24 weighted patients per clinic
  const PlacementInstance bigger = build_placement_instance(w, settings, p);
  EXPECT_NEAR(solve_placement_milp(bigger, 2, 10.0).value, weighted, 1e-6);
}

// Hand-made p-median (objective c, rule C7: practices where citizens live): the one open clinic
// is 14 km from two homes on opposite sides; the new clinic goes to the home with more weight
// and saves its distance.
TEST(Placement, C7_PMedianPutsTheClinicWhereItSavesTheMostWeightedKm) {
  WorldBuilder b;
  b.clinic(1, kOrigin);
  b.clinic(2, offset_km(kOrigin, 0, 1));
  for (CitizenId id = 1; id <= 3; ++id) b.citizen(id, offset_km(kOrigin, 14, 0));
  b.citizen(4, offset_km(kOrigin, -14, 0));
  const World w = b.build();
  PlacementParameters p = capacitated_parameters(1, {0.0, 0.0, 1.0});
  p.capacitated = false;
  p.candidates = CandidateSource::file;
  p.sites = {{"north", offset_km(kOrigin, 14, 0), 101}, {"south", offset_km(kOrigin, -14, 0), 101}};
  const Settings settings;
  const PlacementInstance inst = build_placement_instance(w, settings, p);
  ASSERT_EQ(inst.candidate_count(), 2u);
  const PlacementSolution h = solve_placement_heuristic(inst, 1);
  ASSERT_EQ(h.sites.size(), 1u);
  EXPECT_EQ(inst.candidates[h.sites[0]].name, "north");
  const CoverageGain g = placement_gain(inst, h.sites);
  double north_weight = 0;
  for (std::size_t q = 0; q < inst.points(); ++q)
    if (inst.citizens[q] == 3) north_weight = inst.weight[q];
  EXPECT_NEAR(g.km_saved, north_weight * 14.0, 0.05 * north_weight);
  EXPECT_NEAR(solve_placement_milp(inst, 1, 10.0).value, h.value, 1e-6);
}

// Rule C7, practices are placed where citizens live: a grid candidate is the citizen-weighted
// centre of a populated cell, so with one citizen per 5 km cell each candidate is a citizen's home
// and no candidate lies where nobody lives.
TEST(Placement, C7_GridCandidatesAreWhereCitizensLive) {
  WorldBuilder b;
  b.clinic(1, offset_km(kOrigin, 3, 0));
  const GeoPoint homes[] = {kOrigin, offset_km(kOrigin, -40, 0), offset_km(kOrigin, -40, 6)};
  for (CitizenId id = 1; id <= 3; ++id) b.citizen(id, homes[id - 1]);
  const World w = b.build();
  const PlacementInstance inst = build_placement_instance(w, Settings{}, grid_parameters(1, 5.0));
  ASSERT_EQ(inst.candidate_count(), 3u);
  for (const CandidateSite& c : inst.candidates) {
    double nearest = 1e9;
    for (GeoPoint h : homes) nearest = std::min(nearest, GreatCircle::distance_km(c.location, h));
    EXPECT_LT(nearest, 0.002) << c.name;  // the same 1e-5 degree grid point, up to rounding
  }
}

// Like random_world, with the citizens listed at random clinics: with a normtal of 12, full
// closed clinics need one to three capacities to reopen (rule C1).
World random_listed_world(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> km(-30.0, 30.0);
  std::bernoulli_distribution open(0.5);
  WorldBuilder b;
  const int clinics = 2 + static_cast<int>(rng() % 3);
  for (int c = 0; c < clinics; ++c)
    b.clinic(static_cast<Ydernummer>(1000 + c), offset_km(kOrigin, km(rng), km(rng)), 1, open(rng));
  const int homes = 30 + static_cast<int>(rng() % 20);
  CitizenId id = 1;
  for (int h = 0; h < homes; ++h) {
    const GeoPoint home = offset_km(kOrigin, km(rng), km(rng));
    const int people = 1 + static_cast<int>(rng() % 3);
    for (int p = 0; p < people; ++p)
      b.citizen(id++, home, static_cast<ClinicIndex>(rng() % static_cast<unsigned>(clinics)),
                1940 + static_cast<int>(rng() % 70));
  }
  return b.build();
}

PlacementParameters capacity_parameters(int capacities, const PlacementObjective& o) {
  PlacementParameters p = capacitated_parameters(0, o);
  p.add = 0;
  p.add_capacities = capacities;
  p.grid_cell_km = 20.0;  // few new sites, so that enumeration stays small
  return p;
}

// Rules C2, C7, L2: placing N capacities into existing and new clinics. For each objective the
// MILP equals the enumeration of every way to place them (each valued by its optimal
// assignment), and the heuristic is never better than that optimum nor its bound below it.
TEST(Placement, C2_C7_L2_CapacityMilpEqualsEnumerationAndHeuristicNeverBetter) {
  const Settings settings = small_normtal();
  int compared = 0, into_existing = 0, reopening = 0;
  for (const PlacementObjective& o : kObjectives) {
    for (std::uint32_t seed = 501; seed < 501 + kRandomWorlds; ++seed) {
      const World w = random_listed_world(seed);
      for (int n : {1, 2, 3}) {
        const PlacementInstance inst =
            build_placement_instance(w, settings, capacity_parameters(n, o));
        ASSERT_TRUE(inst.allocates_capacities());
        ASSERT_LE(inst.candidate_count(), 24u);
        const PlacementSolution exact = solve_placement_brute_force(inst, n);
        const PlacementSolution milp = solve_placement_milp(inst, n, 30.0);
        const PlacementSolution h = solve_placement_heuristic(inst, n);
        const std::string where =
            (::testing::Message() << "objective " << o.citizens_weight << "," << o.demand_weight
                                  << "," << o.distance_weight << " seed " << seed << " n " << n)
                .GetString();
        const double tol = 1e-6 * std::max(1.0, exact.value);
        EXPECT_TRUE(milp.proven_optimal) << where;
        EXPECT_FALSE(milp.stopped_by_time_limit) << where;
        EXPECT_NEAR(milp.value, exact.value, tol) << where;
        EXPECT_LE(h.value, exact.value + tol) << where;
        EXPECT_GE(h.bound, exact.value - tol) << where;
        for (const PlacementSolution* s : {&milp, &h}) {
          std::vector<std::uint32_t> dense(inst.candidate_count(), 0);
          unsigned placed = 0;
          ASSERT_EQ(s->units.size(), s->sites.size()) << where;
          for (std::size_t i = 0; i < s->sites.size(); ++i) {
            dense[s->sites[i]] = s->units[i];
            placed += s->units[i];
          }
          EXPECT_EQ(placed, static_cast<unsigned>(n)) << where;
          EXPECT_LE(allocation_value(inst, dense), allocation_value(inst, dense, true) + tol);
        }
        ++compared;
        for (std::size_t c = 0; c < inst.candidate_count(); ++c) {
          into_existing += inst.existing[c] != 0;
          reopening += inst.opens_at[c] > 1;
        }
      }
    }
  }
  EXPECT_EQ(compared, 12 * static_cast<int>(kRandomWorlds));
  EXPECT_GT(into_existing, 0);  // existing clinics are candidates
  // and some full ones need more than one capacity to reopen (in the whole series; the first world
  // alone, as under the sanitizers, has none)
  if (kRandomWorlds == 6) {
    EXPECT_GT(reopening, 0);
  }
}

// Hand-made (rules C1, C2): a closed clinic with 20 listed patients and one capacity (normtal 12)
// reopens with one more capacity (24 >= 20) and is then a second open choice for 10 citizens who
// have one open clinic; a new site as far away would do the same, but the closed clinic is the
// only site within reach.
TEST(Placement, C2_ACapacityReopensAFullClinicThatThenCountsAsAChoice) {
  WorldBuilder b;
  const ClinicIndex open_one = b.clinic(1, offset_km(kOrigin, 5, 0));
  const ClinicIndex full = b.clinic(2, offset_km(kOrigin, -5, 0), 1, false);
  for (CitizenId id = 1; id <= 10; ++id) b.citizen(id, kOrigin, open_one);
  for (CitizenId id = 11; id <= 30; ++id) b.citizen(id, offset_km(kOrigin, -60, 0), full);
  const World w = b.build();
  const Settings settings = small_normtal();
  PlacementParameters p = capacity_parameters(1, {1.0, 0.0, 0.0});
  p.candidates = CandidateSource::file;
  p.sites = {{"far", offset_km(kOrigin, 0, 40), 101}};
  const PlacementInstance inst = build_placement_instance(w, settings, p);
  ASSERT_EQ(inst.candidate_count(), 2u);  // the full clinic and the open one; "far" reaches nobody
  std::size_t closed = inst.candidate_count();
  for (std::size_t c = 0; c < inst.candidate_count(); ++c)
    if (inst.existing[c] == 2) closed = c;
  ASSERT_LT(closed, inst.candidate_count());
  EXPECT_EQ(inst.opens_at[closed], 1u);
  const PlacementResult r = run_placement(w, settings, p);
  ASSERT_EQ(r.sites.size(), 1u);
  EXPECT_EQ(r.sites[0].ydernummer, 2u);
  EXPECT_TRUE(r.sites[0].existing);
  EXPECT_TRUE(r.sites[0].reopened);
  EXPECT_EQ(r.sites[0].capacities, 1u);
  EXPECT_GT(r.gain.citizens, 0u);
  EXPECT_LT(r.after.nation.without_two_open_choices_share.numerator,
            r.before.nation.without_two_open_choices_share.numerator);
  // With 40 listed patients the clinic needs three more capacities (48 >= 40): one is not enough.
  WorldBuilder b2;
  const ClinicIndex open2 = b2.clinic(1, offset_km(kOrigin, 5, 0));
  const ClinicIndex full2 = b2.clinic(2, offset_km(kOrigin, -5, 0), 1, false);
  for (CitizenId id = 1; id <= 10; ++id) b2.citizen(id, kOrigin, open2);
  for (CitizenId id = 11; id <= 50; ++id) b2.citizen(id, offset_km(kOrigin, -60, 0), full2);
  const PlacementInstance fuller = build_placement_instance(b2.build(), settings, p);
  for (std::size_t c = 0; c < fuller.candidate_count(); ++c) {
    if (fuller.existing[c] == 2) {
      EXPECT_EQ(fuller.opens_at[c], 3u);
    }
  }
  EXPECT_DOUBLE_EQ(solve_placement_milp(fuller, 1, 10.0).value, 0.0);
  EXPECT_GT(solve_placement_milp(fuller, 3, 10.0).value, 0.0);
}

// Rule L2 at the time limit: a stopped MILP says so and keeps a valid plan (at least the
// heuristic's) with a bound not below it.
TEST(Placement, L2_AMilpStoppedByItsTimeLimitReportsItsPlanAndBound) {
  const Settings settings = small_normtal();
  WorldBuilder b;
  std::mt19937 rng(77);
  std::uniform_real_distribution<double> km(-60.0, 60.0);
  for (int c = 0; c < 30; ++c)
    b.clinic(static_cast<Ydernummer>(1000 + c), offset_km(kOrigin, km(rng), km(rng)), 1,
             c % 3 == 0);
  CitizenId id = 1;
  for (int h = 0; h < 3000; ++h) b.citizen(id++, offset_km(kOrigin, km(rng), km(rng)));
  const World w = b.build();
  PlacementParameters p = capacitated_parameters(12, {1.0, 0.5, 0.1});
  p.grid_cell_km = 3.0;
  const PlacementInstance inst = build_placement_instance(w, settings, p);
  const PlacementSolution h = solve_placement_heuristic(inst, 12);
  const PlacementSolution milp = solve_placement_milp(inst, 12, 0.01);
  EXPECT_TRUE(milp.stopped_by_time_limit);
  EXPECT_FALSE(milp.proven_optimal);
  EXPECT_EQ(milp.sites.size(), 12u);
  EXPECT_GE(milp.value, h.value - 1e-9);
  EXPECT_NEAR(placement_value(inst, milp.sites), milp.value, 1e-6 * std::max(1.0, milp.value));
  EXPECT_GE(milp.bound, milp.value);
  EXPECT_GT(milp.gap(), 0.0);
}

TEST(Placement, BadParametersAreRefusedNamingTheField) {
  const World w = random_world(1);
  const Settings settings;
  PlacementParameters p = grid_parameters(0, 5.0);
  p.scope.kommuner = {999};
  try {
    p.validate(w, settings, "place");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 2u);
    EXPECT_EQ(e.issues()[0].where.field, "add");
    EXPECT_EQ(e.issues()[1].where.field, "kommune");
  }
  p = grid_parameters(1, 5.0);
  p.objective = {0, 0};
  EXPECT_THROW(p.validate(w, settings, "place"), InputError);
}

}  // namespace
}  // namespace praksis

namespace praksis {
namespace {

TEST(Placement, CandidateFilesAreReadAndBadRowsNamed) {
  const World w = random_world(3);
  const auto dir = testing::temp_dir("placement-candidates");
  {
    std::ofstream(dir / "good.csv")
        << "name,lat,lon,kommunekode\nA,55.60,12.40,101\nB,55.70,12.50,147\n";
    std::ofstream(dir / "bad.csv")
        << "name,lat,lon,kommunekode\nA,55.60,12.40,101\nB,65.7,12.5,147\nC,55.7,12.5,999\n";
  }
  const std::vector<CandidateSite> sites = read_candidate_sites(dir / "good.csv", w);
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites[1].kommune, 147);
  EXPECT_EQ(sites[1].location, GeoPoint::from_degrees(55.70, 12.50));
  try {
    read_candidate_sites(dir / "bad.csv", w);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 2u);
    EXPECT_EQ(e.issues()[0].where.line, 3);
    EXPECT_EQ(e.issues()[0].where.field, "lat");
    EXPECT_EQ(e.issues()[1].where.line, 4);
    EXPECT_EQ(e.issues()[1].where.field, "kommunekode");
  }
  // Only the file's sites are candidates.
  PlacementParameters p = grid_parameters(1, 5.0);
  p.candidates = CandidateSource::file;
  p.sites = sites;
  const PlacementInstance inst = build_placement_instance(w, Settings{}, p);
  EXPECT_LE(inst.candidate_count(), 2u);
  for (const CandidateSite& c : inst.candidates) EXPECT_TRUE(c.name == "A" || c.name == "B");
}

}  // namespace
}  // namespace praksis

#include "praksis/store/store.hpp"
#include "support/cli.hpp"

namespace praksis {
namespace {

TEST(PlacementCli, PlaceWritesTheTablesAndRefusesBadOptions) {
  const auto dir = testing::temp_dir("placement-cli");
  const std::string db = (dir / "world.db").string();
  open_store(db)->replace_world(random_world(7));
  const testing::CliRun ok = testing::run_praksis(
      "place --db " + db +
      " --add 2 --candidates grid --grid-cell-km 8 --solver milp --format json");
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("\"sites\""), std::string::npos);
  EXPECT_NE(ok.out.find("\"kommuner\""), std::string::npos);
  const testing::CliRun geo =
      testing::run_praksis("place --db " + db + " --add 1 --candidates grid --format geojson");
  ASSERT_EQ(geo.code, 0) << geo.err;
  EXPECT_NE(geo.out.find("FeatureCollection"), std::string::npos);
  const testing::CliRun bad = testing::run_praksis("place --db " + db + " --add 2 --solver magic");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--solver"), std::string::npos) << bad.err;
  const testing::CliRun zero = testing::run_praksis("place --db " + db + " --add 0");
  EXPECT_EQ(zero.code, 2);
  EXPECT_NE(zero.err.find("(add)"), std::string::npos) << zero.err;
  // Objective (c) and the forecast year from the command line; a year beyond the forecast.
  const testing::CliRun pmedian =
      testing::run_praksis("place --db " + db +
                           " --add 1 --candidates grid --weights 1,0,0.5 --year 2030 --format "
                           "csv --table kommuner");
  ASSERT_EQ(pmedian.code, 0) << pmedian.err;
  // The standard CSV dialect has the stable keys; the Danish one the labels.
  EXPECT_NE(pmedian.out.find("designated_after"), std::string::npos) << pmedian.out;
  const testing::CliRun pmedian_da = testing::run_praksis(
      "place --db " + db +
      " --add 1 --candidates grid --weights 1,0,0.5 --year 2030 --format csv --csv-dialect da "
      "--table kommuner");
  ASSERT_EQ(pmedian_da.code, 0) << pmedian_da.err;
  EXPECT_NE(pmedian_da.out.find("Lægedækningstruet efter (D1-D3)"), std::string::npos)
      << pmedian_da.out;
  const testing::CliRun far = testing::run_praksis("place --db " + db + " --add 1 --year 2200");
  EXPECT_EQ(far.code, 2);
  EXPECT_NE(far.err.find("ingen fremskrivning for 2200"), std::string::npos) << far.err;
  // Capacities into existing and new clinics (rule C2): the sites table names them.
  const testing::CliRun caps = testing::run_praksis(
      "--lang en place --db " + db +
      " --add-capacities 3 --candidates grid --grid-cell-km 8 --solver milp --format json");
  ASSERT_EQ(caps.code, 0) << caps.err;
  // JSON keys are the stable keys, whatever the language.
  EXPECT_NE(caps.out.find("\"site_capacities\""), std::string::npos) << caps.out;
  EXPECT_NE(caps.out.find("\"existing_clinic\""), std::string::npos);
  const testing::CliRun caps_geo = testing::run_praksis(
      "place --db " + db + " --add-capacities 2 --candidates grid --format geojson");
  ASSERT_EQ(caps_geo.code, 0) << caps_geo.err;
  EXPECT_NE(caps_geo.out.find("\"existing_clinic\""), std::string::npos);
  const testing::CliRun both =
      testing::run_praksis("place --db " + db + " --add 1 --add-capacities 2");
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.err.find("(add)"), std::string::npos) << both.err;
  const testing::CliRun weights =
      testing::run_praksis("place --db " + db + " --add 1 --weights 1,0,x");
  EXPECT_EQ(weights.code, 2);
  EXPECT_NE(weights.err.find("--weights"), std::string::npos) << weights.err;
}

// --year (the forecast of issue 9): the instance values each location with its kommune's
// forecast growth; the base year is the world as it is.
TEST(Placement, YearPlacesAgainstTheForecastPopulation) {
  const World w = random_world(21);
  const Settings settings;
  PlacementParameters p = grid_parameters(1, 10.0);
  const PlacementInstance today = build_placement_instance(w, settings, p);
  p.year = settings.dataset.reference_date.year();
  const PlacementParameters same = with_forecast(w, settings, p);
  ASSERT_EQ(same.citizen_growth.size(), w.kommuner.size());
  for (double g : same.citizen_growth) EXPECT_NEAR(g, 1.0, 1e-9);
  p.year = settings.dataset.reference_date.year() + 10;
  const PlacementParameters later = with_forecast(w, settings, p);
  const PlacementInstance then = build_placement_instance(w, settings, later);
  ASSERT_EQ(then.points(), today.points());
  const double g = later.citizen_growth[static_cast<std::size_t>(w.kommune_index(101))];
  EXPECT_NE(g, 1.0);  // the population moves in ten years
  for (std::size_t q = 0; q < then.points(); ++q) {
    EXPECT_NEAR(then.value[q], g * today.value[q], 1e-9 * today.value[q]);
    EXPECT_EQ(then.citizens[q], today.citizens[q]);  // the tables count today's citizens
  }
  p.year = settings.forecast.last_year + 1;
  EXPECT_THROW(with_forecast(w, settings, p), InputError);
}

// Evaluation (issue step 4): the kommuner table has each kommune's designation before and after,
// the D-rules' own decision on the two surveys.
TEST(Placement, TheKommunerTableCarriesTheDesignationBeforeAndAfter) {
  const World w = random_world(22);
  const Settings settings;
  const PlacementResult r = run_placement(w, settings, grid_parameters(2, 10.0));
  const Designation before = designate(r.before, settings.designation);
  const Designation after = designate(r.after, settings.designation);
  const std::vector<ReportTable> tables = placement_tables(r, Lang::en);
  const ReportTable& k = tables[2];
  ASSERT_EQ(k.name, "kommuner");
  ASSERT_GE(k.rows.size(), after.areas.size());
  const std::size_t cols = k.rows[0].size();
  for (std::size_t i = 0; i < after.areas.size(); ++i) {
    EXPECT_EQ(std::get<std::string>(k.rows[i][cols - 2]),
              before.areas[i].designated ? "yes" : "no");
    EXPECT_EQ(std::get<std::string>(k.rows[i][cols - 1]), after.areas[i].designated ? "yes" : "no");
  }
  EXPECT_EQ(std::get<std::string>(k.rows.back()[cols - 1]), "");  // the nation has none
}

}  // namespace
}  // namespace praksis
