// Rule L2's distance as an interface: S4 under the crossings metric (fixed links and ferries
// between land parts) beside the great-circle metric, on a toy world and on Denmark.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "praksis/geo/crossings.hpp"
#include "praksis/survey/crossing_distances.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/survey/survey.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

using testing::offset_km;

const GeoPoint kToyOrigin = GeoPoint::from_degrees(55.0, 10.0);
GeoPoint at(double north_km, double east_km) {
  return offset_km(kToyOrigin, north_km, east_km);
}

std::vector<GeoPoint> square(double south, double west, double north, double east) {
  return {at(south, west), at(south, east), at(north, east), at(north, west)};
}

/// Three 10 x 10 km islands: A (east 0..10), B (east 14..24) joined to A by a bridge between
/// their northern corners, C (east -8..-4) with no link at all.
struct ToyWorld {
  LandOutline land{{square(0, 0, 10, 10), square(0, 14, 10, 24), square(0, -8, 10, -4)}};
  GeoPoint bridge_a = at(9.9, 9.9), bridge_b = at(9.9, 14.1);
  CrossingNetwork net{
      land, {{"bridge", CrossingKind::bridge, 0, 1, bridge_a, bridge_b, 0}}, true, 1.0, 0.25};
  std::vector<GeoPoint> clinics = {at(5, 5), at(5, 15), at(5, 17)};  // a1 on A; b1, b2 on B
  std::vector<GeoPoint> homes = {at(5, 9), at(1, 9), at(5, 16), at(1, 1), at(5, -5)};
  HomeLocations locations() const {
    const std::vector<std::uint32_t> one(homes.size(), 1);
    const std::vector<double> w(homes.size(), 1.0);
    return HomeLocations::from_points(homes, one, w);
  }
};

double km(GeoPoint a, GeoPoint b) {
  return GreatCircle::distance_km(a, b);
}

std::vector<UnitVector> units(const std::vector<GeoPoint>& v) {
  std::vector<UnitVector> out;
  for (GeoPoint p : v) out.push_back(UnitVector::from(p));
  return out;
}

TEST(CrossingMetric, L2_TwoIslandsAndABridgeGiveHandComputedS4UnderEachMetric) {
  const ToyWorld t;
  const auto& c = t.clinics;
  const auto& h = t.homes;
  const double bridge = km(t.bridge_a, t.bridge_b);  // 4.2 km
  // Hand-computed second-nearest open clinic (rule L2 needs two within 15 km), per home:
  //   h0 (A, 1 km west of A's east coast): a1 4 km; b1 over the bridge 4.98 + 4.2 + 4.98.
  //   h1 (A, south-east corner): a1 5.66 km; b1 8.95 + 4.2 + 4.98 = 18.1 km over the bridge,
  //      7.2 km as the crow flies.
  //   h2 (B, between b1 and b2): 1 km and 1 km.
  //   h3 (A, south-west corner): a1 5.66 km; b1 12.6 + 4.2 + 4.98 = 21.8 km over the bridge.
  //   h4 (C, no link): a1 10 km across the water, none at all over links.
  const double via_h0 = km(h[0], t.bridge_a) + bridge + km(t.bridge_b, c[1]);
  const double via_h1 = km(h[1], t.bridge_a) + bridge + km(t.bridge_b, c[1]);
  const double via_h3 = km(h[3], t.bridge_a) + bridge + km(t.bridge_b, c[1]);
  EXPECT_NEAR(via_h0, 14.16, 0.02);
  EXPECT_NEAR(via_h1, 18.13, 0.02);
  EXPECT_NEAR(via_h3, 21.77, 0.02);

  const HomeLocations loc = t.locations();
  const ChoiceDistances gc = open_clinic_distances_brute_force(loc, units(c), 2);
  const ChoiceDistances x = crossing_choice_distances(loc, gc, c, t.net, 1);
  const double r2 = GreatCircle::within_threshold(15.0);
  auto without = [&](const ChoiceDistances& d) {
    int n = 0;
    for (std::size_t g = 0; g < loc.size(); ++g) n += !(d.kth_c2(g) <= r2);
    return n;
  };
  EXPECT_EQ(without(gc), 1);  // h4 has only a1 within 15 km as the crow flies
  EXPECT_EQ(without(x), 3);   // h1, h3 and h4 over the bridge
  EXPECT_NEAR(ChoiceDistances::km(x.second_c2[0]), via_h0, 1e-6);
  EXPECT_NEAR(ChoiceDistances::km(x.second_c2[1]), via_h1, 1e-6);
  EXPECT_NEAR(ChoiceDistances::km(x.second_c2[2]), 1.0, 0.01);
  EXPECT_NEAR(ChoiceDistances::km(x.second_c2[3]), via_h3, 1e-6);
  EXPECT_NEAR(ChoiceDistances::km(gc.nearest_c2[4]), 10.0, 0.01);
  EXPECT_TRUE(std::isinf(x.nearest_c2[4]));  // no clinic across the water on C
  const ChoiceDistances ref = crossing_choice_distances_brute_force(loc, c, t.net, 2);
  for (std::size_t g = 0; g < loc.size(); ++g) {
    EXPECT_DOUBLE_EQ(ref.nearest_c2[g], x.nearest_c2[g]) << g;
    EXPECT_DOUBLE_EQ(ref.second_c2[g], x.second_c2[g]) << g;
  }
}

TEST(CrossingMetric, L2_NeverShorterThanGreatCircleAndIndexedEqualsBruteForce) {
  const CrossingNetwork net = CrossingNetwork::denmark(true, 1.0, 0.25);
  const LandOutline& land = net.land();
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> lat(54.75, 55.9), lon(9.6, 12.0);  // Fyn to Sjælland
  auto on_land = [&](std::size_t n) {
    std::vector<GeoPoint> v;
    while (v.size() < n) {
      const GeoPoint p = GeoPoint::from_degrees(lat(rng), lon(rng));
      if (land.on_land(p)) v.push_back(p);
    }
    return v;
  };
  const auto clinics = on_land(60);
  const auto homes = on_land(3000);
  const std::vector<std::uint32_t> one(homes.size(), 1);
  const std::vector<double> w(homes.size(), 1.0);
  const HomeLocations loc = HomeLocations::from_points(homes, one, w);
  for (int k : {1, 2, 3}) {
    const ChoiceDistances gc = open_clinic_distances_brute_force(loc, units(clinics), k);
    const ChoiceDistances x = crossing_choice_distances(loc, gc, clinics, net, 2);
    const ChoiceDistances ref = crossing_choice_distances_brute_force(loc, clinics, net, k);
    for (std::size_t g = 0; g < loc.size(); ++g) {
      ASSERT_GE(x.nearest_c2[g], gc.nearest_c2[g] * (1 - 1e-12)) << g;
      ASSERT_GE(x.second_c2[g], gc.second_c2[g] * (1 - 1e-12)) << g;
      // Equal up to the order of the legs' additions.
      auto same = [](double a, double b) { return a == b || std::abs(a - b) <= 1e-12 * b; };
      ASSERT_TRUE(same(x.nearest_c2[g], ref.nearest_c2[g])) << g;
      ASSERT_TRUE(same(x.second_c2[g], ref.second_c2[g])) << g;
      ASSERT_TRUE(same(x.kth_c2(g), ref.kth_c2(g))) << g;
    }
  }
}

// S4 under the crossings metric with the grid's cell bound (a cell of one part keeps the
// great-circle figures of the locations whose k-th choice is nearer than any other part's open
// clinic can be) and the parts found per cell: equal to the computation without them and to the
// brute force, on clumped homes (several to a cell) around København-Amager and
// Svendborg-Tåsinge.
TEST(CrossingMetric, L2_CellBoundAndCellPartsEqualThePerLocationSearch) {
  const CrossingNetwork net = CrossingNetwork::denmark(true, 1.0, 0.25);
  const LandOutline& land = net.land();
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> wide(-0.08, 0.08), clump(-0.0015, 0.0015);
  std::vector<GeoPoint> clinics, homes;
  for (const auto& c : {std::pair{55.66, 12.58}, std::pair{55.05, 10.61}}) {
    for (int i = 0; i < 25;) {
      const GeoPoint p = GeoPoint::from_degrees(c.first + wide(rng), c.second + wide(rng));
      if (land.on_land(p)) {
        clinics.push_back(p);
        ++i;
      }
    }
    for (int k = 0; k < 200; ++k) {
      const double la = c.first + wide(rng), lo = c.second + wide(rng);
      for (int i = 0; i < 8; ++i) {
        const GeoPoint p = GeoPoint::from_degrees(la + clump(rng), lo + clump(rng));
        if (land.on_land(p)) homes.push_back(p);
      }
    }
  }
  const std::vector<std::uint32_t> one(homes.size(), 1);
  const std::vector<double> w(homes.size(), 1.0);
  for (double cell_km : {0.25, 1.0}) {
    HomeLocations loc = HomeLocations::from_points(homes, one, w);
    const LocationGrid grid(loc, cell_km, 4);  // sorts loc
    const std::vector<int> parts = location_parts(net, loc, 2);
    EXPECT_EQ(location_parts(net, loc, grid, 2), parts) << cell_km;
    std::size_t kept = 0;
    for (int k : {1, 2, 3}) {
      const ChoiceDistances gc = open_clinic_distances_brute_force(loc, units(clinics), k);
      const ChoiceDistances plain = crossing_choice_distances(loc, gc, clinics, net, 2, parts);
      const ChoiceDistances x = crossing_choice_distances(loc, gc, clinics, net, 2, parts, &grid);
      EXPECT_EQ(x.nearest_c2, plain.nearest_c2) << k;
      EXPECT_EQ(x.second_c2, plain.second_c2) << k;
      EXPECT_EQ(x.kth_extra_c2, plain.kth_extra_c2) << k;
      const ChoiceDistances ref = crossing_choice_distances_brute_force(loc, clinics, net, k);
      auto same = [](double a, double b) { return a == b || std::abs(a - b) <= 1e-12 * b; };
      for (std::size_t g = 0; g < loc.size(); ++g) {
        ASSERT_TRUE(same(x.second_c2[g], ref.second_c2[g])) << g;
        ASSERT_TRUE(same(x.kth_c2(g), ref.kth_c2(g))) << g;
        kept += x.kth_c2(g) == gc.kth_c2(g);
      }
    }
    EXPECT_GT(kept, loc.size());      // most locations keep their figures ...
    EXPECT_LT(kept, 3 * loc.size());  // ... and some do not (Amager, Tåsinge)
  }
}

/// Omø (ferry from Stigsnæs, 40 minutes) and two clinics on Stigsnæs about 9 km away.
World omoe_world() {
  testing::WorldBuilder b;
  b.kommune(330, "Slagelse", 1085);
  b.clinic(100001, GeoPoint::from_degrees(55.215, 11.26), 2, true, PracticeForm::kompagniskab, 330);
  b.clinic(100002, GeoPoint::from_degrees(55.22, 11.27), 2, true, PracticeForm::kompagniskab, 330);
  b.citizen(1, GeoPoint::from_degrees(55.165, 11.145), 0, 1980, 330);  // on Omø
  b.citizen(2, GeoPoint::from_degrees(55.21, 11.25), 0, 1980, 330);    // on Stigsnæs
  return b.build();
}

TEST(CrossingMetric, L2_IslandWithoutFixedLinkHasNoClinicAcrossTheWaterWithin15Km) {
  const World w = omoe_world();
  Settings s;
  const Survey gc = run_survey(w, s);
  s.survey.distance_metric = DistanceMetricKind::crossings;
  const Survey x = run_survey(w, s);
  const AreaFigures* g = gc.find_kommune(330);
  const AreaFigures* c = x.find_kommune(330);
  ASSERT_TRUE(g && c);
  EXPECT_EQ(g->without_two_open_choices_share.numerator, 0);  // 9 km as the crow flies
  EXPECT_EQ(c->without_two_open_choices_share.numerator, 1);  // the Omø citizen
  // Over the ferry: 40 minutes at 1 km a minute plus the legs on land.
  ASSERT_TRUE(c->nearest_open.max_km);
  EXPECT_GT(*c->nearest_open.max_km, 40.0);
  // Without ferries Omø has no clinic at all.
  s.survey.crossing_ferries = false;
  const Survey fixed = run_survey(w, s);
  EXPECT_EQ(fixed.find_kommune(330)->nearest_open.unreachable, 1u);
}

}  // namespace
}  // namespace praksis
