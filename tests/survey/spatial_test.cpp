// S4 (nearest open clinics) and S6 (2SFCA, E2SFCA): indexed computations against brute force,
// the 15 km boundary, and a worked 2SFCA example.
#include <gtest/gtest.h>

#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/location_grid.hpp"
#include "survey/survey_test_support.hpp"

namespace praksis {
namespace {

using testing::at_distance;
using testing::exactly_at;
using testing::kOrigin;
using testing::RandomSpatialWorld;

SurveySettings bands_settings() {
  return SurveySettings{};
}

SurveySettings gaussian_settings() {
  SurveySettings s;
  s.decay = DecayFunction::gaussian;
  return s;
}

TEST(Survey, S4_IndexedEqualsBruteForceOnRandomWorld) {
  const auto w = RandomSpatialWorld::make(7, 320, 24000);
  ASSERT_GE(w.citizen_count(), 20000u);
  const auto open = w.clinic_units(true);
  for (int k : {2, 3}) {
    for (double cell_km : {0.1, 0.25, 1.0, 4.0}) {
      for (int block : {1, 16}) {
        HomeLocations loc = w.locations();
        const LocationGrid grid(loc, cell_km, block);  // sorts loc by cell
        const auto reference = open_clinic_distances_brute_force(loc, open, k);
        const auto fast = open_clinic_distances(loc, grid, open, k, 2);
        ASSERT_EQ(fast, reference) << "k=" << k << " cell=" << cell_km << " block=" << block;
      }
    }
  }
}

TEST(Survey, S4_IndexedHandlesFewerOpenClinicsThanChoices) {
  const auto w = RandomSpatialWorld::make(3, 2, 500);
  HomeLocations loc = w.locations();
  const LocationGrid grid(loc, 0.25, 16);
  std::vector<UnitVector> one = {UnitVector::from(w.clinics[0])};
  for (auto& open : {std::vector<UnitVector>{}, one}) {
    const auto reference = open_clinic_distances_brute_force(loc, open, 2);
    EXPECT_EQ(open_clinic_distances(loc, grid, open, 2, 2), reference);
    EXPECT_TRUE(std::isinf(reference.second_c2[0]));
  }
}

TEST(Survey, S6_IndexedEqualsBruteForceOnRandomWorld) {
  const auto w = RandomSpatialWorld::make(11, 300, 20000);
  ASSERT_GE(w.citizen_count(), 20000u);
  const auto clinics = w.clinic_units(false);
  for (const SurveySettings& s : {bands_settings(), gaussian_settings()}) {
    const DecaySpec decay = DecaySpec::from(s);
    for (double cell_km : {0.1, 0.25, 2.0}) {
      HomeLocations loc = w.locations();
      const LocationGrid grid(loc, cell_km, 16);  // sorts loc by cell
      const auto reference = accessibility_brute_force(loc, clinics, w.supply, decay);
      const auto fast = accessibility(loc, grid, clinics, w.supply, decay, 2);
      ASSERT_EQ(fast, reference) << "gaussian=" << decay.gaussian << " cell=" << cell_km;
    }
  }
}

TEST(Survey, S4_ExactlyFifteenKmCountsAsWithin) {
  // Two open clinics: one at exactly 15.000 km, one at 3 km. A second home has its second clinic
  // at 15.002 km.
  const GeoPoint a = kOrigin;
  const GeoPoint at15 = exactly_at(a, 90, 15.0);
  const GeoPoint at3 = exactly_at(a, 270, 3.0);
  ASSERT_NEAR(GreatCircle::distance_km(a, at15), 15.0, 5e-7);
  const GeoPoint b = exactly_at(at15, 90, 15.002);
  const std::vector<GeoPoint> homes = {a, b};
  const std::vector<std::uint32_t> n = {1, 1};
  const std::vector<double> wts = {1, 1};
  HomeLocations loc = HomeLocations::from_points(homes, n, wts);
  const LocationGrid grid(loc, 0.25, 16);
  ASSERT_EQ(loc.point[0], a) << "both homes are in different cells, in input order";
  const std::vector<UnitVector> open = {UnitVector::from(at15), UnitVector::from(at3)};
  const double r15 = GreatCircle::within_threshold(15.0);
  for (bool indexed : {false, true}) {
    const auto d = indexed ? open_clinic_distances(loc, grid, open, 2, 1)
                           : open_clinic_distances_brute_force(loc, open, 2);
    EXPECT_NEAR(ChoiceDistances::km(d.nearest_c2[0]), 3.0, 1e-6);
    EXPECT_NEAR(ChoiceDistances::km(d.second_c2[0]), 15.0, 1e-6);
    EXPECT_LE(d.kth_c2(0), r15) << "exactly 15.000 km is within (rule L2)";
    EXPECT_NEAR(ChoiceDistances::km(d.nearest_c2[1]), 15.002, 1e-5);
    EXPECT_GT(d.kth_c2(1), r15) << "15.002 km is not within";
  }
}

// A worked example in the style of the textbook illustrations of 2SFCA (Luo & Wang 2003) and
// E2SFCA (Luo & Qi 2009, band weights 1.00 / 0.68 / 0.22 for 0-5 / 5-10 / 10-15 km). Everything
// lies on one meridian, so distances add up exactly:
//
//   km north of origin:  0     3      8      14     20     24
//                        a(S=2) L1     L2     L3     b(S=1) L4
//   weighted citizens:         1000   2000   1500          500
//
//   distances  a: L1 3, L2 8, L3 14, L4 24 (outside)   b: L1 17 (outside), L2 12, L3 6, L4 4
//
// 2SFCA, catchment 15 km:
//   R_a = 2 / (1000 + 2000 + 1500) = 2/4500 = 0.000444444   R_b = 1 / (2000 + 1500 + 500) = 1/4000
//   A_L1 = R_a = 4.4444e-4      A_L2 = A_L3 = R_a + R_b = 6.9444e-4      A_L4 = R_b = 2.5e-4
//   (and sum_i P_i A_i = 3 = sum_j S_j, 2SFCA's conservation of supply)
// E2SFCA:
//   R_a = 2 / (1.00*1000 + 0.68*2000 + 0.22*1500) = 2/2690 = 7.43494e-4
//   R_b = 1 / (0.22*2000 + 0.68*1500 + 1.00*500) = 1/1960 = 5.10204e-4
//   A_L1 = 1.00 R_a = 7.43494e-4                   A_L2 = 0.68 R_a + 0.22 R_b = 6.17821e-4
//   A_L3 = 0.22 R_a + 0.68 R_b = 5.10508e-4        A_L4 = 1.00 R_b = 5.10204e-4
TEST(Survey, S6_TextbookExample2SfcaAndE2sfca) {
  const std::vector<double> north = {3, 8, 14, 24};
  std::vector<GeoPoint> homes;
  for (double km : north) homes.push_back(at_distance(kOrigin, 0, km));
  const std::vector<std::uint32_t> citizens = {1000, 2000, 1500, 500};
  const std::vector<double> weighted = {1000, 2000, 1500, 500};
  HomeLocations loc = HomeLocations::from_points(homes, citizens, weighted);
  const std::vector<UnitVector> clinics = {UnitVector::from(kOrigin),
                                           UnitVector::from(at_distance(kOrigin, 0, 20))};
  const std::vector<double> supply = {2, 1};
  const DecaySpec decay = DecaySpec::from(SurveySettings{});
  const LocationGrid grid(loc, 0.25, 16);  // the homes run south to north: the order stays
  ASSERT_EQ(loc.citizens, citizens);
  const Accessibility acc = accessibility(loc, grid, clinics, supply, decay, 1);
  EXPECT_EQ(acc, accessibility_brute_force(loc, clinics, supply, decay));

  const double rel = 1e-12;
  EXPECT_NEAR(acc.demand_2sfca[0], 4500, 4500 * rel);
  EXPECT_NEAR(acc.demand_2sfca[1], 4000, 4000 * rel);
  EXPECT_NEAR(acc.ratio_2sfca[0], 2.0 / 4500, rel);
  const double ra = 2.0 / 4500, rb = 1.0 / 4000;
  const double expect2[] = {ra, ra + rb, ra + rb, rb};
  double conserved = 0;
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(acc.a_2sfca[static_cast<std::size_t>(i)], expect2[i], expect2[i] * 1e-12)
        << "L" << i + 1;
    conserved += weighted[static_cast<std::size_t>(i)] * acc.a_2sfca[static_cast<std::size_t>(i)];
  }
  EXPECT_NEAR(conserved, 3.0, 1e-9);

  EXPECT_NEAR(acc.demand_e2sfca[0], 2690, 2690 * rel);
  EXPECT_NEAR(acc.demand_e2sfca[1], 1960, 1960 * rel);
  const double ea = 2.0 / 2690, eb = 1.0 / 1960;
  const double expect_e[] = {ea, 0.68 * ea + 0.22 * eb, 0.22 * ea + 0.68 * eb, eb};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(acc.a_e2sfca[static_cast<std::size_t>(i)], expect_e[i], expect_e[i] * 1e-12)
        << "L" << i + 1;
  }
  EXPECT_NEAR(acc.a_e2sfca[1], 6.17821e-4, 1e-9);
  EXPECT_NEAR(acc.a_e2sfca[2], 5.10508e-4, 1e-9);
}

TEST(Survey, S6_CatchmentEdgeIsInclusiveAndEmptyCatchmentHasZeroRatio) {
  // A home at exactly 15 km from clinic a is inside its catchment (band 3, weight 0.22); clinic b
  // has nobody within 15 km and gets R = 0.
  const GeoPoint home = exactly_at(kOrigin, 45, 15.0);
  const std::vector<GeoPoint> homes = {home};
  const std::vector<std::uint32_t> n = {1};
  const std::vector<double> wts = {2.0};
  HomeLocations loc = HomeLocations::from_points(homes, n, wts);
  const std::vector<UnitVector> clinics = {UnitVector::from(kOrigin),
                                           UnitVector::from(at_distance(kOrigin, 225, 40))};
  const std::vector<double> supply = {1, 3};
  const DecaySpec decay = DecaySpec::from(SurveySettings{});
  const LocationGrid grid(loc, 0.25, 16);
  const Accessibility acc = accessibility(loc, grid, clinics, supply, decay, 1);
  EXPECT_DOUBLE_EQ(acc.demand_2sfca[0], 2.0);
  EXPECT_NEAR(acc.demand_e2sfca[0], 0.22 * 2.0, 1e-12);
  EXPECT_EQ(acc.ratio_2sfca[1], 0.0);
  EXPECT_NEAR(acc.a_2sfca[0], 0.5, 1e-15);
  EXPECT_NEAR(acc.a_e2sfca[0], 0.22 / (0.22 * 2.0), 1e-12);
}

TEST(Survey, S6_GaussianDecayHitsTheEdgeWeight) {
  const DecaySpec d = DecaySpec::from(gaussian_settings());
  EXPECT_NEAR(d.gaussian_weight(GreatCircle::chord2_from_km(15.0)), 0.01, 1e-12);
  EXPECT_NEAR(d.gaussian_weight(0), 1.0, 1e-15);
}

}  // namespace
}  // namespace praksis

namespace praksis {
namespace {

TEST(Survey, GridKeyDivisionIsExact) {
  // Around every multiple of the step (the only places a quotient can go wrong), up to 2^31 - 1.
  for (std::int32_t step : {1, 2, 3, 7, 225, 401, 4000, 99991, (1 << 20) - 1, 1 << 20, 3000017}) {
    const double inv = 1.0 / step;
    const std::int64_t top = 2147483647;
    const std::int64_t stride = std::max<std::int64_t>(1, top / step / 20000);
    for (std::int64_t m = 0; m * step <= top; m += stride) {
      for (std::int64_t d : {-1, 0, 1}) {
        const std::int64_t x = m * step + d;
        if (x < 0 || x > top) continue;
        ASSERT_EQ(GridLayout::divide(static_cast<std::int32_t>(x), step, inv),
                  static_cast<std::uint32_t>(x / step))
            << x << " / " << step;
      }
    }
    ASSERT_EQ(GridLayout::divide(2147483647, step, inv),
              static_cast<std::uint32_t>(2147483647 / step));
  }
}

}  // namespace
}  // namespace praksis
