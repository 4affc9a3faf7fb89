// Rule S6 (2SFCA, E2SFCA) under rule L2's crossings and matrix metrics: hand-computed on two
// islands and a bridge, and the indexed computation against the brute force on Denmark.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "praksis/geo/crossings.hpp"
#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/survey/metric_pairs.hpp"
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
double km(GeoPoint a, GeoPoint b) {
  return GreatCircle::distance_km(a, b);
}
std::vector<UnitVector> units(const std::vector<GeoPoint>& v) {
  std::vector<UnitVector> out;
  for (GeoPoint p : v) out.push_back(UnitVector::from(p));
  return out;
}

TravelMatrix matrix_of(std::size_t locations,
                       std::vector<std::tuple<std::size_t, std::uint32_t, double>> pairs) {
  std::sort(pairs.begin(), pairs.end());
  TravelMatrix m;
  m.first.assign(locations + 1, 0);
  std::size_t i = 0;
  for (std::size_t g = 0; g < locations; ++g) {
    m.first[g] = static_cast<std::uint32_t>(m.clinic.size());
    for (; i < pairs.size() && std::get<0>(pairs[i]) == g; ++i) {
      m.clinic.push_back(std::get<1>(pairs[i]));
      m.km.push_back(std::get<2>(pairs[i]));
    }
  }
  m.first[locations] = static_cast<std::uint32_t>(m.clinic.size());
  return m;
}

/// Islands A (east 0..10) and B (east 14..24) joined by a bridge between their northern
/// corners; C (east -8..-4) without a link. Clinic a1 (2 capacities) on A, b1 and b2 (one each)
/// on B; five single citizens.
struct ToyWorld {
  LandOutline land{{square(0, 0, 10, 10), square(0, 14, 10, 24), square(0, -8, 10, -4)}};
  GeoPoint bridge_a = at(9.9, 9.9), bridge_b = at(9.9, 14.1);
  CrossingNetwork net{
      land, {{"bridge", CrossingKind::bridge, 0, 1, bridge_a, bridge_b, 0}}, true, 1.0, 0.25};
  std::vector<GeoPoint> clinics = {at(5, 5), at(5, 15), at(5, 17)};
  std::vector<double> supply = {2, 1, 1};
  std::vector<GeoPoint> homes = {at(5, 9), at(1, 9), at(5, 16), at(1, 1), at(5, -5)};
  HomeLocations locations() const {
    const std::vector<std::uint32_t> one(homes.size(), 1);
    const std::vector<double> w(homes.size(), 1.0);
    return HomeLocations::from_points(homes, one, w);
  }
};

DecaySpec two_step(double catchment_km) {
  SurveySettings s;
  s.catchment_km = catchment_km;
  s.decay_band_ends_km = {catchment_km};
  s.decay_band_weights = {1.0};
  return DecaySpec::from(s);
}

TEST(MetricS6, S6_TwoIslandsAndABridgeGiveHandComputed2sfcaUnderEachMetric) {
  const ToyWorld t;
  const auto& c = t.clinics;
  const auto& h = t.homes;
  const HomeLocations loc = t.locations();
  const DecaySpec d = two_step(15);
  const auto cu = units(c);
  // Over the bridge (km): h0 to b1 14.16 and to b2 14.87 (within 15); h1 to b1 18.1, to b2
  // 18.8; h2 to a1 16.4; h3 to b1 21.8; h4 on C reaches nothing.
  const double bridge = km(t.bridge_a, t.bridge_b);
  EXPECT_LT(km(h[0], t.bridge_a) + bridge + km(t.bridge_b, c[2]), 15.0);
  EXPECT_GT(km(h[1], t.bridge_a) + bridge + km(t.bridge_b, c[1]), 15.0);
  EXPECT_GT(km(h[2], t.bridge_b) + bridge + km(t.bridge_a, c[0]), 15.0);
  // Great-circle catchments: a1 serves all five (R = 2/5), b1 h0-h3 (1/4; h3 14.6 km), b2
  // h0-h2 (1/3; h3 16.5 km).
  EXPECT_LT(km(h[3], c[1]), 15.0);
  EXPECT_GT(km(h[3], c[2]), 15.0);
  const Accessibility gc = accessibility_brute_force(loc, cu, t.supply, d);
  EXPECT_NEAR(gc.ratio_2sfca[0], 2.0 / 5, 1e-12);
  EXPECT_NEAR(gc.ratio_2sfca[1], 1.0 / 4, 1e-12);
  EXPECT_NEAR(gc.ratio_2sfca[2], 1.0 / 3, 1e-12);
  const std::vector<double> gc_a = {0.4 + 0.25 + 1.0 / 3, 0.4 + 0.25 + 1.0 / 3,
                                    0.4 + 0.25 + 1.0 / 3, 0.4 + 0.25, 0.4};
  // Crossings: a1 serves h0, h1, h3 (R = 2/3); b1 and b2 serve h0 and h2 (1/2 each).
  const CrossingPairs xp(t.net, loc, c, 15, 0.25, 1);
  const Accessibility x = accessibility_brute_force(loc, cu, t.supply, d, xp);
  EXPECT_DOUBLE_EQ(x.demand_2sfca[0], 3);
  EXPECT_DOUBLE_EQ(x.demand_2sfca[1], 2);
  EXPECT_DOUBLE_EQ(x.demand_2sfca[2], 2);
  const std::vector<double> x_a = {2.0 / 3 + 0.5 + 0.5, 2.0 / 3, 1.0, 2.0 / 3, 0.0};
  // The matrix: h1 reaches b1 by a 12 km road; h2's roads to b1 and b2 are 20 km; the rest by
  // the crossings. a1: h0, h1, h3 (2/3); b1: h0, h1 (1/2); b2: h0 (1).
  const TravelMatrix m = matrix_of(loc.size(), {{1, 1, 12.0}, {2, 1, 20.0}, {2, 2, 20.0}});
  const MatrixPairs mp(xp, m);
  const Accessibility mx = accessibility_brute_force(loc, cu, t.supply, d, mp);
  EXPECT_DOUBLE_EQ(mx.demand_2sfca[1], 2);
  EXPECT_DOUBLE_EQ(mx.demand_2sfca[2], 1);
  const std::vector<double> m_a = {2.0 / 3 + 0.5 + 1.0, 2.0 / 3 + 0.5, 0.0, 2.0 / 3, 0.0};
  for (std::size_t g = 0; g < loc.size(); ++g) {
    EXPECT_NEAR(gc.a_2sfca[g], gc_a[g], 1e-12) << g;
    EXPECT_NEAR(x.a_2sfca[g], x_a[g], 1e-12) << g;
    EXPECT_NEAR(mx.a_2sfca[g], m_a[g], 1e-12) << g;
  }
  // The indexed computation over the grid (which sorts the locations) gives the same.
  HomeLocations sorted = t.locations();
  const LocationGrid grid(sorted, 0.25, 4);
  std::vector<std::size_t> pos(loc.size());
  for (std::size_t g = 0; g < loc.size(); ++g)
    for (std::size_t i = 0; i < sorted.size(); ++i)
      if (sorted.point[i] == loc.point[g]) pos[g] = i;
  const CrossingPairs xs(t.net, sorted, c, 15, 0.25, 1);
  const TravelMatrix ms =
      matrix_of(loc.size(), {{pos[1], 1, 12.0}, {pos[2], 1, 20.0}, {pos[2], 2, 20.0}});
  const MatrixPairs mps(xs, ms);
  const Accessibility xi = accessibility(sorted, grid, cu, t.supply, d, 1, xs);
  const Accessibility mi = accessibility(sorted, grid, cu, t.supply, d, 1, mps);
  EXPECT_EQ(xi, accessibility_brute_force(sorted, cu, t.supply, d, xs));
  EXPECT_EQ(mi, accessibility_brute_force(sorted, cu, t.supply, d, mps));
  for (std::size_t g = 0; g < loc.size(); ++g) {
    EXPECT_EQ(xi.a_2sfca[pos[g]], x.a_2sfca[g]) << g;
    EXPECT_EQ(mi.a_2sfca[pos[g]], mx.a_2sfca[g]) << g;
  }
}

struct Denmark {
  CrossingNetwork net = CrossingNetwork::denmark(true, 1.0, 0.25);
  std::vector<GeoPoint> clinics;
  std::vector<double> supply;
  HomeLocations loc;
  LocationGrid grid;
  explicit Denmark(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    // Fyn, Langeland, Ærø, Als, the Sjælland south coast and Lolland-Falster: many straits.
    std::uniform_real_distribution<double> lat(54.6, 55.6), lon(9.7, 12.2);
    auto on_land = [&](std::size_t n) {
      std::vector<GeoPoint> v;
      while (v.size() < n) {
        const GeoPoint p = GeoPoint::from_degrees(lat(rng), lon(rng));
        if (net.land().on_land(p)) v.push_back(p);
      }
      return v;
    };
    clinics = on_land(80);
    for (std::size_t j = 0; j < clinics.size(); ++j) supply.push_back(1.0 + double(j % 4));
    const auto homes = on_land(4000);
    std::vector<std::uint32_t> n(homes.size());
    std::vector<double> w(homes.size());
    for (std::size_t i = 0; i < homes.size(); ++i) {
      n[i] = 1 + static_cast<std::uint32_t>(i % 3);
      w[i] = 0.5 + 0.37 * static_cast<double>(i % 7);
    }
    loc = HomeLocations::from_points(homes, n, w);
    grid = LocationGrid(loc, 0.5, 8);  // sorts loc
  }
};

TEST(MetricS6, S6_IndexedEqualsBruteForceUnderCrossingsAndMatrix) {
  const Denmark dk(5);
  const auto cu = units(dk.clinics);
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> stretch(0.4, 2.5);
  std::vector<std::tuple<std::size_t, std::uint32_t, double>> pairs;
  for (std::size_t g = 0; g < dk.loc.size(); g += 4)
    for (std::uint32_t j = 0; j < dk.clinics.size(); ++j) {
      const double d = km(dk.loc.point[g], dk.clinics[j]);
      if (d < 30 && (g + j) % 3 != 0) pairs.push_back({g, j, d * stretch(rng)});
    }
  const TravelMatrix m = matrix_of(dk.loc.size(), pairs);
  for (bool gaussian : {false, true}) {
    SurveySettings s;
    if (gaussian) s.decay = DecayFunction::gaussian;
    const DecaySpec d = DecaySpec::from(s);
    const CrossingPairs xp(dk.net, dk.loc, dk.clinics, d.catchment_km, 0.25, 2);
    const MatrixPairs mp(xp, m);
    const Accessibility x = accessibility(dk.loc, dk.grid, cu, dk.supply, d, 2, xp);
    EXPECT_EQ(x, accessibility_brute_force(dk.loc, cu, dk.supply, d, xp)) << gaussian;
    const Accessibility mx = accessibility(dk.loc, dk.grid, cu, dk.supply, d, 2, mp);
    EXPECT_EQ(mx, accessibility_brute_force(dk.loc, cu, dk.supply, d, mp)) << gaussian;
    // The metrics change something here (or the comparison would prove little).
    const Accessibility gc = accessibility(dk.loc, dk.grid, cu, dk.supply, d, 2);
    EXPECT_NE(x.a_e2sfca, gc.a_e2sfca);
    EXPECT_NE(mx.a_e2sfca, x.a_e2sfca);
  }
}

/// Homes in clumps of about 200 m (several to a 250 m cell) and clinics around six straits:
/// København-Amager, Svendborg-Tåsinge, Guldborgsund, Als, Lillebælt and Møn.
struct DenseStraits {
  CrossingNetwork net = CrossingNetwork::denmark(true, 1.0, 0.25);
  std::vector<GeoPoint> clinics;
  std::vector<double> supply;
  std::vector<GeoPoint> homes;
  std::vector<std::uint32_t> n;
  std::vector<double> w;
  explicit DenseStraits(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const double centres[][2] = {{55.66, 12.58}, {55.05, 10.61}, {54.77, 11.86},
                                 {54.91, 9.79},  {55.50, 9.73},  {55.00, 12.17}};
    std::uniform_real_distribution<double> wide(-0.09, 0.09), clump(-0.0015, 0.0015);
    for (const auto& c : centres) {
      for (int i = 0; i < 20;) {
        const GeoPoint p = GeoPoint::from_degrees(c[0] + wide(rng), c[1] + wide(rng));
        if (!net.land().on_land(p)) continue;
        clinics.push_back(p);
        supply.push_back(1.0 + double(i % 3));
        ++i;
      }
      for (int k = 0; k < 150; ++k) {
        const double la = c[0] + wide(rng), lo = c[1] + wide(rng);
        for (int i = 0; i < 10; ++i) {
          const GeoPoint p = GeoPoint::from_degrees(la + clump(rng), lo + clump(rng));
          if (!net.land().on_land(p)) continue;
          homes.push_back(p);
          n.push_back(1 + static_cast<std::uint32_t>(homes.size() % 4));
          w.push_back(0.6 + 0.29 * static_cast<double>(homes.size() % 5));
        }
      }
    }
  }
};

// The cell-wise shortcuts of S6 under the crossings metric (a cell of one part corrected at
// once by its distance bounds, the crossing bound beyond the catchment, the nodes that cannot
// hold the shortest way skipped, cells where two parts meet pair by pair) against the brute
// force, in cells holding many locations, with fine and coarse cells (more cells straddle a
// coast, a band edge or a crossing bound).
TEST(MetricS6, S6_CellWiseCrossingCorrectionEqualsBruteForceInDenseCells) {
  const DenseStraits dk(21);
  ASSERT_GT(dk.homes.size(), 5000u);
  const auto cu = units(dk.clinics);
  for (double cell_km : {0.25, 1.0}) {
    HomeLocations loc = HomeLocations::from_points(dk.homes, dk.n, dk.w);
    const LocationGrid grid(loc, cell_km, 4);  // sorts loc
    for (bool gaussian : {false, true}) {
      SurveySettings s;
      if (gaussian) s.decay = DecayFunction::gaussian;
      const DecaySpec d = DecaySpec::from(s);
      const CrossingPairs xp(dk.net, loc, dk.clinics, d.catchment_km, 0.25, 2);
      const Accessibility x = accessibility(loc, grid, cu, dk.supply, d, 2, xp);
      EXPECT_EQ(x, accessibility_brute_force(loc, cu, dk.supply, d, xp))
          << cell_km << " " << gaussian;
      EXPECT_NE(x.a_e2sfca, accessibility(loc, grid, cu, dk.supply, d, 2).a_e2sfca);
    }
  }
}

// The upper bound through the best link (the cell centre's crossing plus the cell radius): a
// cell pair, or a location, whose great-circle band and upper bound agree keeps its band
// without the exact crossing. Many narrow bands (more band edges inside cells), coarse cells
// and the straits with many short links (København-Amager) make the bounds decide often, at
// and beside band edges; against the brute force.
TEST(MetricS6, S6_CrossingUpperBoundAtBandEdgesEqualsBruteForce) {
  const DenseStraits dk(33);
  ASSERT_GT(dk.homes.size(), 5000u);
  const auto cu = units(dk.clinics);
  for (double cell_km : {0.5, 2.0, 4.0}) {
    HomeLocations loc = HomeLocations::from_points(dk.homes, dk.n, dk.w);
    const LocationGrid grid(loc, cell_km, 4);  // sorts loc
    for (const std::vector<double>& ends :
         {std::vector<double>{1.0, 2.0, 3.0, 4.5, 6.0, 8.0}, std::vector<double>{2.5, 5.0, 7.5}}) {
      SurveySettings s;
      s.decay_band_ends_km = ends;
      s.catchment_km = ends.back();
      s.decay_band_weights.assign(ends.size(), 0);
      for (std::size_t k = 0; k < ends.size(); ++k)
        s.decay_band_weights[k] =
            1.0 - 0.9 * static_cast<double>(k) / static_cast<double>(ends.size());
      const DecaySpec d = DecaySpec::from(s);
      const CrossingPairs xp(dk.net, loc, dk.clinics, d.catchment_km, 0.25, 2);
      const Accessibility x = accessibility(loc, grid, cu, dk.supply, d, 2, xp);
      EXPECT_EQ(x, accessibility_brute_force(loc, cu, dk.supply, d, xp))
          << cell_km << " " << ends.size();
      EXPECT_NE(x.a_e2sfca, accessibility(loc, grid, cu, dk.supply, d, 2).a_e2sfca);
    }
  }
}

// The band of a location's crossing km from the chords to the link ends (the chord never longer
// than its arc, the arc at most c (1 + c^2 / 20R^2)), taken only when both bounds lie clearly
// on one side of every band edge: homes 20-30 km from the København-Amager links (a chord
// there is some 10^-5 km short of its arc) and band edges placed between a pair's chord bound
// and its exact km (the bounds must not decide) and within the margin of another pair's exact
// km (the exact km decides); against the brute force. It fails when the upper bound leaves out
// the arc's excess.
TEST(MetricS6, S6_ChordBoundNearBandEdgesEqualsBruteForce) {
  const CrossingNetwork net = CrossingNetwork::denmark(true, 1.0, 0.25);
  std::mt19937_64 rng(41);
  const int sjaelland = net.part_of(GeoPoint::from_degrees(55.80, 12.40));
  ASSERT_GE(sjaelland, 0);
  auto on_land = [&](std::size_t n, double la0, double la1, double lo0, double lo1,
                     bool sjaelland_only) {
    std::uniform_real_distribution<double> la(la0, la1), lo(lo0, lo1);
    std::vector<GeoPoint> v;
    while (v.size() < n) {
      const GeoPoint p = GeoPoint::from_degrees(la(rng), lo(rng));
      if (!net.land().on_land(p) || (net.part_of(p) == sjaelland) != sjaelland_only) continue;
      v.push_back(p);
    }
    return v;
  };
  const std::vector<GeoPoint> homes = on_land(600, 55.78, 55.88, 12.30, 12.50, true);
  std::vector<GeoPoint> clinics = on_land(8, 55.58, 55.64, 12.56, 12.66, false);  // Amager
  for (GeoPoint p : on_land(4, 55.70, 55.80, 12.40, 12.50, true)) clinics.push_back(p);
  std::vector<double> supply;
  for (std::size_t j = 0; j < clinics.size(); ++j) supply.push_back(1.0 + double(j % 3));
  std::vector<std::uint32_t> n(homes.size());
  std::vector<double> w(homes.size());
  for (std::size_t i = 0; i < homes.size(); ++i) {
    n[i] = 1 + static_cast<std::uint32_t>(i % 3);
    w[i] = 0.5 + 0.37 * static_cast<double>(i % 7);
  }
  HomeLocations loc = HomeLocations::from_points(homes, n, w);
  const LocationGrid grid(loc, 0.25, 4);  // sorts loc
  const auto cu = units(clinics);
  // Every pair across the water: its exact crossing km and its chord bound.
  const CrossingPairs probe(net, loc, clinics, 40, 0.25, 1);
  constexpr double R = GreatCircle::kEarthRadiusKm;
  struct Pair {
    double exact, chord;
  };
  std::vector<Pair> across;
  for (std::size_t g = 0; g < loc.size(); ++g)
    for (std::uint32_t j = 0; j < clinics.size(); ++j) {
      if (probe.clinic_part(j) == probe.location_part(g)) continue;
      const double exact = GreatCircle::km_from_chord2(probe.c2(g, j, chord2(loc.unit[g], cu[j])));
      double chord = std::numeric_limits<double>::infinity();
      for (int e : probe.nodes_on(probe.location_part(g)))
        chord = std::min(chord,
                         R * std::sqrt(chord2(loc.unit[g], probe.node_unit(e))) + probe.via(e, j));
      across.push_back({exact, chord});
    }
  auto widest = [&](double lo, double hi) {
    Pair best{0, 0};
    for (const Pair& p : across)
      if (p.exact >= lo && p.exact < hi && p.exact - p.chord > best.exact - best.chord) best = p;
    return best;
  };
  const Pair a = widest(20, 26), b = widest(28, 34);
  ASSERT_GT(a.exact - a.chord, 1e-5);
  ASSERT_GT(b.exact, 28);
  // An edge of r km lies at r + kToleranceKm (GreatCircle::within_threshold).
  const double tol = GreatCircle::kToleranceKm;
  SurveySettings s;
  s.decay_band_ends_km = {(a.chord + a.exact) / 2 - tol, b.exact + 3e-7 - tol, 40.0};
  s.catchment_km = 40.0;
  s.decay_band_weights = {1.0, 0.6, 0.3};
  const DecaySpec d = DecaySpec::from(s);
  const CrossingPairs xp(net, loc, clinics, d.catchment_km, 0.25, 2);
  const Accessibility x = accessibility(loc, grid, cu, supply, d, 2, xp);
  EXPECT_EQ(x, accessibility_brute_force(loc, cu, supply, d, xp));
  EXPECT_NE(x.a_e2sfca, accessibility(loc, grid, cu, supply, d, 2).a_e2sfca);
}

}  // namespace
}  // namespace praksis
