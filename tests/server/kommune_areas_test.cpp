// The derived kommune areas of the web map: one per kommune, non-empty, holding their clinics and
// residents, rings that agree with the grid they are traced from, and deterministic.
#include "praksis/server/kommune_areas.hpp"

#include <gtest/gtest.h>

#include "praksis/synth/generator.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {
namespace {

using server::KommuneAreas;

const World& small_denmark() {
  static const World w = [] {
    Settings s;
    GeneratorOptions o;
    o.scale = 0.02;
    o.seed = 7;
    return generate_world(o, s);
  }();
  return w;
}

const KommuneAreas& areas() {
  static const KommuneAreas a = KommuneAreas::derive(small_denmark(), LandOutline::denmark(), 2.0);
  return a;
}

TEST(KommuneAreas, EveryOneOf98KommunerHasANonEmptyArea) {
  const World& w = small_denmark();
  ASSERT_EQ(w.kommuner.size(), 98u);
  ASSERT_EQ(areas().kommune_count(), 98u);
  for (std::size_t k = 0; k < 98; ++k) {
    EXPECT_FALSE(areas().kommune(k).empty()) << w.kommuner[k].name;
    for (const auto& p : areas().kommune(k)) EXPECT_GE(p.outer.points.size(), 4u);
  }
  ASSERT_EQ(areas().region_count(), 5u);
  for (std::size_t r = 0; r < 5; ++r) EXPECT_FALSE(areas().region(r).empty());
}

TEST(KommuneAreas, ClinicsAndResidentsFallInTheirKommunesPolygon) {
  const World& w = small_denmark();
  std::size_t clinics_in = 0;
  for (const auto& c : w.clinics) {
    const int k = w.kommune_index(c.kommune);
    ASSERT_GE(k, 0);
    clinics_in += server::inside(areas().kommune(static_cast<std::size_t>(k)), c.location) ? 1 : 0;
  }
  // Cells are 2 km: a clinic near a border may lie in the neighbour's cell.
  EXPECT_GE(static_cast<double>(clinics_in), 0.9 * static_cast<double>(w.clinics.size()))
      << clinics_in << " of " << w.clinics.size();
  std::size_t residents_in = 0, sampled = 0;
  const auto& ct = w.citizens;
  for (std::size_t i = 0; i < ct.size(); i += 37) {
    const int k = w.kommune_index(ct.kommune[i]);
    ++sampled;
    residents_in += server::inside(areas().kommune(static_cast<std::size_t>(k)), ct.home[i]);
  }
  EXPECT_GE(static_cast<double>(residents_in), 0.93 * static_cast<double>(sampled))
      << residents_in << " of " << sampled;
}

TEST(KommuneAreas, RingsAgreeWithTheGridTheyAreTracedFrom) {
  // Brute-force reference: the even-odd test over every ring of kommune k holds a point exactly
  // when the grid cell of the point is k's; points on a lattice finer than the cells, corners
  // and edges included.
  const World& w = small_denmark();
  int checked = 0;
  for (int lat = 5450000; lat <= 5780000; lat += 1733) {
    for (int lon = 800000; lon <= 1520000; lon += 2917) {
      const GeoPoint p{lat, lon};
      const int k = areas().kommune_at(p);
      for (std::size_t j = 0; j < w.kommuner.size(); j += 11)
        ASSERT_EQ(server::inside(areas().kommune(j), p), static_cast<int>(j) == k)
            << lat << "," << lon << " kommune " << w.kommuner[j].name;
      if (k >= 0) {
        ASSERT_TRUE(server::inside(areas().kommune(static_cast<std::size_t>(k)), p));
        const int r = w.region_index(w.kommuner[static_cast<std::size_t>(k)].region);
        ASSERT_TRUE(server::inside(areas().region(static_cast<std::size_t>(r)), p));
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 40000);
}

TEST(KommuneAreas, AreDeterministic) {
  const KommuneAreas b = KommuneAreas::derive(small_denmark(), LandOutline::denmark(), 2.0);
  for (std::size_t k = 0; k < 98; ++k) {
    const auto& x = areas().kommune(k);
    const auto& y = b.kommune(k);
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t p = 0; p < x.size(); ++p) {
      EXPECT_EQ(x[p].outer.points, y[p].outer.points);
      ASSERT_EQ(x[p].holes.size(), y[p].holes.size());
    }
  }
}

TEST(KommuneAreas, SeaIsNoKommuneAndAnEmptyWorldHasNoAreas) {
  EXPECT_EQ(areas().kommune_at(GeoPoint::from_degrees(56.5, 11.5)), -1);  // Kattegat
  EXPECT_EQ(areas().kommune_at(GeoPoint::from_degrees(10, 10)), -1);      // outside the grid
  World empty;
  const KommuneAreas e = KommuneAreas::derive(empty, LandOutline{{}}, 2.0);
  EXPECT_EQ(e.kommune_count(), 0u);
  EXPECT_EQ(e.kommune_at(GeoPoint::from_degrees(56, 10)), -1);
}

}  // namespace
}  // namespace praksis::testing
