// Placement of new clinics (rules C7, L2): solvers against brute force, the instance against the
// survey's S4 figure, parameter validation.
#include "praksis/placement/placement.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "praksis/core/error.hpp"
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
  return p;
}

TEST(PlacementL2, MilpEqualsBruteForceOnRandomWorlds) {
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

TEST(PlacementL2, HeuristicIsNeverBetterThanTheOptimumAndItsBoundHolds) {
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
TEST(PlacementL2, GainEqualsTheSurveysS4ChangeWhenThePlanIsOpened) {
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
TEST(PlacementL2, OneNewClinicGoesWhereItCompletesTheDuty) {
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

// Rule C7, practices are placed where citizens live: a grid candidate is the citizen-weighted
// centre of a populated cell, so with one citizen per 5 km cell each candidate is a citizen's home
// and no candidate lies where nobody lives.
TEST(PlacementC7, GridCandidatesAreWhereCitizensLive) {
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

TEST(Placement, BadParametersAreRefusedNamingTheField) {
  const World w = random_world(1);
  const Settings settings;
  PlacementParameters p = grid_parameters(0, 5.0);
  p.kommuner = {999};
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
}

}  // namespace
}  // namespace praksis
