// Hand-computed survey figures (S1-S6) on a small world, and the order statistics behind them.
#include <gtest/gtest.h>

#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/distribution.hpp"
#include "praksis/survey/survey.hpp"
#include "survey/survey_test_support.hpp"

namespace praksis {
namespace {

using testing::at_distance;
using testing::exactly_at;
using testing::kOrigin;
using testing::WorldBuilder;

// The world (reference date 2023-01-01, so age = 2023 - birth year):
//
//   c0 yd 1001  København (101)      at the origin            2 filled capacities, open
//   c1 yd 1002  København (101)      4 km north               1 filled + 1 unfilled, closed
//   c2 yd 1003  Frederiksberg (147)  10 km east               1 capacity, open, regionsklinik
//   c3 yd 1004  Køge (259)           35 km south-west         1 capacity, open
//   doctors: c0 born 1960 (63) and 1980 (43); c1 born 1963 (60); c2 born 1990 (33); c3 1959 (64)
//
//   citizens: "young" = woman born 1980 (43), employed; "old" = woman born 1945 (78), retired
//     101 at the origin:       3 young listed at c0, 1 young in group 2 (not listed)
//     101 at 20 km west:       2 young listed at c1, 1 old listed at c0
//     147 at 14 km east:       1 old listed at c2
//     259 at 1 km from c3:     1 young listed at c3
//     360 Lolland, 90 km south (no clinics in the kommune): 1 old listed at c3
//
// S2 weights (default [demand] settings): young 6.2 * 0.90 = 5.58 contacts, old 13.5 * 1.0 =
// 13.5; 7 young and 3 old, so the mean is (7 * 5.58 + 3 * 13.5) / 10 = 7.956 and the weights
// are w_young = 5.58 / 7.956 and w_old = 13.5 / 7.956.
struct SmallWorld {
  World world;
  GeoPoint c2_at, c3_at;
};

SmallWorld small_world() {
  WorldBuilder b;
  b.kommune(360, "Lolland", 1085);
  SmallWorld s;
  s.c2_at = exactly_at(kOrigin, 90, 10.0);
  s.c3_at = exactly_at(kOrigin, 225, 35.0);
  const ClinicIndex c0 = b.clinic(1001, kOrigin, 2, true, PracticeForm::kompagniskab, 101);
  const ClinicIndex c1 = b.clinic(1002, exactly_at(kOrigin, 0, 4.0), 1, false,
                                  PracticeForm::solo_uden_samarbejde, 101);
  const ClinicIndex c2 = b.clinic(1003, s.c2_at, 1, true, PracticeForm::regionsklinik, 147);
  const ClinicIndex c3 = b.clinic(1004, s.c3_at, 1, true, PracticeForm::kompagniskab, 259);
  b.doctor(1, 1001, 1960);
  b.doctor(2, 1001, 1980, DoctorRole::employed);
  b.doctor(3, 1002, 1963);
  b.doctor(4, 1003, 1990);
  b.doctor(5, 1004, 1959);
  CitizenId id = 1;
  auto young = [&](GeoPoint home, ClinicIndex c, KommuneCode k) {
    b.citizen(id++, home, c, 1980, k);
    b.last_citizen().labour = LabourStatus::employed;
  };
  auto old = [&](GeoPoint home, ClinicIndex c, KommuneCode k) {
    b.citizen(id++, home, c, 1945, k);
    b.last_citizen().labour = LabourStatus::retired;
  };
  for (int i = 0; i < 3; ++i) young(kOrigin, c0, 101);
  young(kOrigin, kNoClinic, 101);
  b.last_citizen().group = InsuranceGroup::group2;
  const GeoPoint west20 = exactly_at(kOrigin, 270, 20.0);
  young(west20, c1, 101);
  young(west20, c1, 101);
  old(west20, c0, 101);
  old(exactly_at(kOrigin, 90, 14.0), c2, 147);
  young(exactly_at(s.c3_at, 0, 1.0), c3, 259);
  old(exactly_at(kOrigin, 180, 90.0), c3, 360);
  s.world = b.build();
  s.world.clinics[c1].unfilled_capacities = 1;
  return s;
}

constexpr double kYoung = 6.2 * 0.90, kOld = 13.5;
constexpr double kMean = (7 * kYoung + 3 * kOld) / 10;
constexpr double wy = kYoung / kMean, wo = kOld / kMean;

class SurveyFigures : public ::testing::Test {
 protected:
  void SetUp() override {
    static const SmallWorld cached = small_world();  // finding exact grid points takes a moment
    sw_ = cached;
    settings_.survey.threads = 2;
    survey_ = run_survey(sw_.world, settings_);
  }
  const AreaFigures& kommune(int code) { return *survey_.find_kommune(code); }
  SmallWorld sw_;
  Settings settings_;
  Survey survey_;
};

TEST_F(SurveyFigures, S1_CountsAndPatientsPerCapacity) {
  const AreaFigures& k = kommune(101);
  EXPECT_EQ(k.citizens, 7u);
  EXPECT_EQ(k.group1_citizens, 6u);
  EXPECT_EQ(k.listed_residents, 6u);
  EXPECT_EQ(k.clinics, 2u);
  EXPECT_EQ(k.doctors, 3u);
  EXPECT_EQ(k.capacities_filled, 3u);
  EXPECT_EQ(k.capacities_unfilled, 1u);
  EXPECT_EQ(k.listed_patients, 6u);  // c0: 4, c1: 2
  EXPECT_DOUBLE_EQ(k.patients_per_capacity.numerator, 6);
  EXPECT_DOUBLE_EQ(k.patients_per_capacity.denominator, 4);
  EXPECT_DOUBLE_EQ(*k.patients_per_capacity.value(), 1.5);
  EXPECT_DOUBLE_EQ(*k.unfilled_capacity_share.value(), 0.25);
  EXPECT_DOUBLE_EQ(*kommune(259).patients_per_capacity.value(),
                   2.0);  // Køge's clinic also lists Lolland
}

TEST_F(SurveyFigures, S1_AreaWithoutClinicsHasNoRatios) {
  const AreaFigures& k = kommune(360);
  EXPECT_EQ(k.citizens, 1u);
  EXPECT_EQ(k.listed_residents, 1u);
  EXPECT_EQ(k.clinics, 0u);
  EXPECT_FALSE(k.patients_per_capacity.value());
  EXPECT_FALSE(k.weighted_patients_per_capacity.value());
  EXPECT_FALSE(k.open_clinic_share.value());
  EXPECT_FALSE(k.senior_doctor_share.value());
  EXPECT_FALSE(k.clinic_weighted_load_p10);
  EXPECT_DOUBLE_EQ(*k.without_two_open_choices_share.value(), 1.0);
}

TEST_F(SurveyFigures, S2_WeightedPatientsPerCapacity) {
  EXPECT_NEAR(*survey_.nation.mean_resident_weight.value(), 1.0, 1e-6);
  const AreaFigures& k = kommune(101);
  EXPECT_NEAR(*k.weighted_patients_per_capacity.value(), (5 * wy + wo) / 4, 1e-6);
  EXPECT_NEAR(*survey_.clinics[0].weighted_patients_per_capacity.value(), (3 * wy + wo) / 2, 1e-6);
  EXPECT_NEAR(*survey_.clinics[1].weighted_patients_per_capacity.value(), wy, 1e-6);
  // P10/P90 across the four clinics (PERCENTILE.INC): sorted loads wy, wo, (3wy+wo)/2, wy+wo.
  const double x[] = {wy, wo, (3 * wy + wo) / 2, wy + wo};
  EXPECT_NEAR(*survey_.load.p10, x[0] + 0.3 * (x[1] - x[0]), 1e-6);
  EXPECT_NEAR(*survey_.load.p90, x[2] + 0.7 * (x[3] - x[2]), 1e-6);
  EXPECT_EQ(survey_.load.clinics, 4u);
  EXPECT_EQ(survey_.load.reference_p10, 1367);
  EXPECT_EQ(survey_.load.reference_p90, 2122);
}

TEST_F(SurveyFigures, S3_OpenShare) {
  EXPECT_DOUBLE_EQ(*kommune(101).open_clinic_share.value(), 0.5);
  EXPECT_DOUBLE_EQ(*survey_.nation.open_clinic_share.value(), 0.75);
  EXPECT_EQ(survey_.nation.open_clinics, 3u);
}

TEST_F(SurveyFigures, S4_CitizensWithoutTwoOpenClinicsAndDistances) {
  const AreaFigures& k = kommune(101);
  // At the origin c0 (0 km) and c2 (10.000 km) are open: a choice. At 20 km west the nearest open
  // clinic is c0 at 20 km: no choice. c1 is closed and does not count.
  EXPECT_DOUBLE_EQ(k.without_two_open_choices_share.numerator, 3);
  EXPECT_DOUBLE_EQ(k.without_two_open_choices_share.denominator, 7);
  EXPECT_NEAR(*k.nearest_open.mean_km.value(), 3 * 20.0 / 7, 1e-5);
  EXPECT_NEAR(*k.nearest_open.median_km, 0.0, 1e-9);  // citizen 4 of 7
  EXPECT_NEAR(*k.nearest_open.p90_km, 20.0, 1e-5);    // citizen 7 of 7
  EXPECT_NEAR(*k.nearest_open.max_km, 20.0, 1e-5);
  // Bins: <=1, <=2, <=5, <=10, <=15, <=20, >20 km; the edges are inclusive like rule L2.
  EXPECT_EQ(k.nearest_open.histogram, (std::vector<std::uint64_t>{4, 0, 0, 0, 0, 3, 0}));
  EXPECT_EQ(k.second_open.histogram, (std::vector<std::uint64_t>{0, 0, 0, 4, 0, 0, 3}));
  EXPECT_NEAR(*k.second_open.median_km, 10.0, 1e-5);
  // From 20 km west the second open clinic is c3 (c2 is 30 km away along the same great circle).
  const GeoPoint west20 = exactly_at(kOrigin, 270, 20.0);
  EXPECT_NEAR(*k.second_open.max_km, GreatCircle::distance_km(west20, sw_.c3_at), 1e-6);
  EXPECT_LT(*k.second_open.max_km, 30.0);
  // 147: c2 at 4 km and c0 at 14 km: a choice. 259: c3 at 1 km, the next beyond 15 km.
  EXPECT_DOUBLE_EQ(*kommune(147).without_two_open_choices_share.value(), 0.0);
  EXPECT_NEAR(*kommune(147).second_open.median_km, 14.0, 1e-5);
  EXPECT_DOUBLE_EQ(*kommune(259).without_two_open_choices_share.value(), 1.0);
  EXPECT_NEAR(*kommune(259).nearest_open.median_km, 1.0, 1e-5);
  EXPECT_DOUBLE_EQ(survey_.nation.without_two_open_choices_share.numerator, 5);
  EXPECT_DOUBLE_EQ(survey_.nation.without_two_open_choices_share.denominator, 10);
  EXPECT_EQ(survey_.regions[0].code, 1084);
  EXPECT_DOUBLE_EQ(survey_.regions[0].without_two_open_choices_share.numerator, 3);
  EXPECT_DOUBLE_EQ(survey_.regions[0].citizens, 8);
}

TEST_F(SurveyFigures, S5_SeniorDoctorsAndTemporaryForms) {
  const AreaFigures& k = kommune(101);
  EXPECT_EQ(k.senior_doctors, 2u);  // 63 and exactly 60 count (rule S5: at or above 60)
  EXPECT_DOUBLE_EQ(*k.senior_doctor_share.value(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*k.mean_doctor_age.value(), (63.0 + 43 + 60) / 3);
  EXPECT_EQ(k.temporary_clinics, 0u);
  EXPECT_DOUBLE_EQ(*k.temporary_form_share.value(), 0.0);
  const AreaFigures& f = kommune(147);
  EXPECT_EQ(f.temporary_clinics, 1u);
  EXPECT_EQ(f.temporary_clinic_patients, 1u);
  EXPECT_DOUBLE_EQ(*f.temporary_form_share.value(), 1.0);
  EXPECT_EQ(survey_.nation.senior_doctors, 3u);
  EXPECT_NEAR(*k.mean_clinic_age_years.value(), 23.0, 0.01);  // established 2000-01-01
}

TEST_F(SurveyFigures, S6_AreaMeansAreCitizenWeightedAndRelativeToTheNation) {
  // Catchments (15 km): c0, c1 (4 km N) and c2 (10 km E) each reach the 4 citizens at the origin
  // (4 w_young; group 2 counts as demand too) and the old citizen 14 km east (14.6 km from c1);
  // nobody else. So D = 4 w_young + w_old for all three, R_c0 = 2/D, R_c1 = 2/D (one filled, one
  // unfilled capacity), R_c2 = 1/D, and A = 5/D at the origin and 14 km east. The homes 20 km
  // west and in Lolland reach no clinic (A = 0); Køge's home reaches only c3.
  const double D = 4 * wy + wo;
  EXPECT_NEAR(survey_.clinics[0].demand_2sfca, D, 1e-6);
  EXPECT_NEAR(survey_.clinics[1].ratio_2sfca, 2 / D, 1e-6);
  EXPECT_NEAR(*kommune(147).mean_2sfca.value(), 5 / D, 1e-6);
  EXPECT_NEAR(*kommune(101).mean_2sfca.value(), 4.0 / 7 * 5 / D, 1e-6);
  EXPECT_DOUBLE_EQ(kommune(101).mean_2sfca.denominator, 7);
  EXPECT_DOUBLE_EQ(*kommune(360).mean_2sfca.value(), 0.0);
  const AreaFigures& n = survey_.nation;
  EXPECT_DOUBLE_EQ(n.mean_2sfca.denominator, 10);
  EXPECT_DOUBLE_EQ(*n.e2sfca_relative.value(), 1.0);
  EXPECT_NEAR(*kommune(147).e2sfca_relative.value(),
              *kommune(147).mean_e2sfca.value() / *n.mean_e2sfca.value(), 1e-12);
}

TEST_F(SurveyFigures, S4_GridCellsCarryTheCitizensWithoutChoice) {
  settings_.survey.grid_min_citizens = 1;
  const Survey s = run_survey(sw_.world, settings_);
  std::uint64_t citizens = 0, without = 0;
  for (const auto& g : s.grid) {
    citizens += g.citizens;
    without += g.without_two_open_choices;
    EXPECT_LT(g.south, g.north);
    EXPECT_LT(g.west, g.east);
  }
  EXPECT_EQ(citizens, 10u);
  EXPECT_EQ(without, 5u);
  settings_.survey.grid_min_citizens = 4;
  EXPECT_EQ(run_survey(sw_.world, settings_).grid.size(), 1u);  // only the origin cell has 4
}

TEST(Distribution, PercentileInclusiveInterpolatesLikeExcel) {
  EXPECT_DOUBLE_EQ(*percentile_inclusive({1, 2, 3, 4}, 0.1), 1.3);
  EXPECT_DOUBLE_EQ(*percentile_inclusive({4, 1, 3, 2}, 0.9), 3.7);
  EXPECT_DOUBLE_EQ(*percentile_inclusive({5}, 0.9), 5);
  EXPECT_FALSE(percentile_inclusive({}, 0.5));
}

TEST(Distribution, CountedQuantileIsNearestRankOverCitizens) {
  std::vector<CountedValue> v = {{3.0, 2}, {1.0, 1}, {2.0, 4}};  // 1, 2,2,2,2, 3,3
  EXPECT_DOUBLE_EQ(*counted_quantile(v, 0.5), 2.0);              // rank 4
  EXPECT_DOUBLE_EQ(*counted_quantile(v, 0.72), 3.0);             // rank ceil(5.04) = 6
  EXPECT_DOUBLE_EQ(*counted_quantile(v, 0.1), 1.0);
  std::vector<CountedValue> many;
  for (int i = 1000; i > 0; --i) many.push_back({static_cast<double>(i), 1});
  EXPECT_DOUBLE_EQ(*counted_quantile(many, 0.9), 900);
  EXPECT_DOUBLE_EQ(*counted_rank(many, 1), 1);
}

}  // namespace
}  // namespace praksis

namespace praksis {
namespace {

TEST(SurveyEdges, S1_WorldWithoutCitizensHasNoRatiosAndNoCells) {
  testing::WorldBuilder b;
  b.clinic(1001, testing::kOrigin, 2, true);
  const Survey s = run_survey(b.build(), Settings{});
  EXPECT_EQ(s.nation.citizens, 0u);
  EXPECT_EQ(s.home_locations, 0u);
  EXPECT_EQ(s.nation.clinics, 1u);
  EXPECT_DOUBLE_EQ(*s.nation.patients_per_capacity.value(), 0.0);
  EXPECT_FALSE(s.nation.without_two_open_choices_share.value());
  EXPECT_FALSE(s.nation.nearest_open.median_km);
  EXPECT_TRUE(s.grid.empty());
  EXPECT_EQ(s.clinics[0].demand_2sfca, 0.0);
}

TEST(SurveyEdges, S4_NoOpenClinicAnywhereMakesEveryoneUnreachable) {
  testing::WorldBuilder b;
  const ClinicIndex c = b.clinic(1001, testing::kOrigin, 1, false);
  b.citizen(1, testing::offset_km(testing::kOrigin, 1, 0), c);
  b.citizen(2, testing::offset_km(testing::kOrigin, 0, 2), c);
  const Survey s = run_survey(b.build(), Settings{});
  EXPECT_DOUBLE_EQ(*s.nation.without_two_open_choices_share.value(), 1.0);
  EXPECT_EQ(s.nation.nearest_open.unreachable, 2u);
  EXPECT_FALSE(s.nation.nearest_open.median_km);
  EXPECT_FALSE(s.nation.nearest_open.mean_km.value());
  EXPECT_EQ(s.nation.nearest_open.histogram.back(), 2u);  // the open last bin
  EXPECT_GT(*s.nation.mean_2sfca.value(), 0.0);           // closed clinics still serve (S6)
}

// The survey takes a distance's histogram bin from its fine (20 m) bin and compares the edges
// only in an edge's own fine bin: homes at, just inside and just beyond every edge, two edges
// 3 m apart (one fine bin) and random homes give the brute-force count of edges passed.
TEST(SurveyHistogram, S4_BinsEqualABruteForceCountAtAndBesideEveryEdge) {
  const std::vector<double> edges = {0.5, 0.503, 0.51, 1.0, 2.0, 5.0, 10.0};
  WorldBuilder b;
  const GeoPoint c1_at = exactly_at(kOrigin, 0, 7.5);
  b.clinic(2001, kOrigin, 2, true);
  b.clinic(2002, c1_at, 2, true);
  std::vector<GeoPoint> homes;
  double bearing = 10;
  for (double e : edges) {
    homes.push_back(exactly_at(kOrigin, bearing, e));
    homes.push_back(exactly_at(c1_at, bearing + 180, e));
    for (double off : {-0.002, -0.0004, 0.0004, 0.002})
      homes.push_back(at_distance(kOrigin, bearing + 3 * off, e + off));
    bearing += 37;
  }
  std::mt19937_64 rng(15);
  std::uniform_real_distribution<double> km(0, 14), deg(0, 360);
  for (int i = 0; i < 300; ++i) homes.push_back(at_distance(kOrigin, deg(rng), km(rng)));
  CitizenId id = 1;
  for (const GeoPoint& h : homes) b.citizen(id++, h);
  const World w = b.build();
  Settings settings;
  settings.survey.distance_histogram_km = edges;
  settings.survey.threads = 2;
  const Survey s = run_survey(w, settings);

  std::vector<std::uint32_t> ones(homes.size(), 1);
  std::vector<double> weight(homes.size(), 1.0);
  const HomeLocations loc = HomeLocations::from_points(homes, ones, weight);
  const std::vector<UnitVector> open = {UnitVector::from(kOrigin), UnitVector::from(c1_at)};
  const ChoiceDistances brute = open_clinic_distances_brute_force(loc, open, 2);
  std::vector<std::uint64_t> near(edges.size() + 1, 0), second(edges.size() + 1, 0);
  for (std::size_t g = 0; g < loc.size(); ++g) {
    std::size_t bn = 0, bs = 0;
    for (double e : edges) {
      bn += brute.nearest_c2[g] > GreatCircle::within_threshold(e);
      bs += brute.second_c2[g] > GreatCircle::within_threshold(e);
    }
    ++near[bn];
    ++second[bs];
  }
  const AreaFigures& k = *s.find_kommune(101);
  EXPECT_EQ(k.citizens, homes.size());
  EXPECT_EQ(k.nearest_open.histogram, near);
  EXPECT_EQ(k.second_open.histogram, second);
  // The homes on an edge count in the bin below it (the edges are inclusive).
  EXPECT_GT(near[0], 0u);
  EXPECT_GT(near[1] + near[2], 0u);
}

}  // namespace
}  // namespace praksis
