// Denmark's land outline (data/dk_land.csv): the grid index against a brute-force ray cast, the
// towns and islands on land, the sea off it with its distance to land.
#include "praksis/geo/land.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "praksis/geo/crossings.hpp"
#include "praksis/synth/reference_data.hpp"

namespace praksis {
namespace {

/// Reference: even-odd over every ring, the last (smallest) containing part wins.
int brute_part(const LandOutline& land, GeoPoint p) {
  int found = LandOutline::kSea;
  for (std::size_t k = 0; k < land.parts(); ++k) {
    const auto& v = land.ring(static_cast<int>(k));
    bool in = false;
    for (std::size_t i = 0, j = v.size() - 1; i < v.size(); j = i++) {
      if ((v[i].lat() > p.lat()) != (v[j].lat() > p.lat())) {
        const double x = v[i].lon() + (p.lat() - v[i].lat()) * (v[j].lon() - v[i].lon()) /
                                          (v[j].lat() - v[i].lat());
        if (p.lon() < x) in = !in;
      }
    }
    if (in) found = static_cast<int>(k);
  }
  return found;
}

TEST(LandOutline, GridIndexAgreesWithBruteForceRayCast) {
  const LandOutline& land = LandOutline::denmark();
  ASSERT_GT(land.parts(), 100u);
  std::mt19937_64 rng(16);
  std::uniform_real_distribution<double> lat(54.5, 57.8), lon(8.0, 15.25);
  int on_land = 0;
  for (int i = 0; i < 20000; ++i) {
    const GeoPoint p = GeoPoint::from_degrees(lat(rng), lon(rng));
    const int want = brute_part(land, p);
    ASSERT_EQ(land.part_at(p), want) << p.lat() << " " << p.lon();
    on_land += want != LandOutline::kSea;
  }
  EXPECT_GT(on_land, 2000);  // the draws reach land and sea alike
}

TEST(LandOutline, PointsNearTheCoastAgreeWithBruteForceRayCast) {
  // The cast from a mixed cell stops at the first edge-free cell east of it: points beside the
  // coast's vertices and edges (within metres to a cell), on the grid's cell lines and beside
  // nested parts (islands in another part's ring) answer as the full ray cast does.
  const LandOutline& land = LandOutline::denmark();
  std::mt19937_64 rng(18);
  std::uniform_real_distribution<double> unit(0, 1), tiny(-1e-9, 1e-9), near(-0.02, 0.02),
      metres(-2e-4, 2e-4);
  int tested = 0, on_land = 0;
  for (std::size_t k = 0; k < land.parts(); ++k) {
    const auto& v = land.ring(static_cast<int>(k));
    for (std::size_t i = 0; i < v.size(); i += 3) {
      const GeoPoint a = v[i], b = v[(i + 1) % v.size()];
      const double t = unit(rng);
      const double lat = a.lat() + t * (b.lat() - a.lat()), lon = a.lon() + t * (b.lon() - a.lon());
      for (const auto& [dlat, dlon] :
           {std::pair{metres(rng), metres(rng)}, std::pair{near(rng), near(rng)},
            std::pair{tiny(rng), 0.0}, std::pair{0.0, metres(rng)}}) {
        const GeoPoint p = GeoPoint::from_degrees(lat + dlat, lon + dlon);
        const int want = brute_part(land, p);
        ASSERT_EQ(land.part_at(p), want) << p.lat() << " " << p.lon();
        on_land += want != LandOutline::kSea;
        ++tested;
      }
    }
  }
  // On the grid's lines (every 0.02 degrees from the outline's corner at 54.55916, 8.07449).
  for (int i = 0; i < 20000; ++i) {
    const double lat = 54.55916 + 0.02 * std::floor(unit(rng) * 160) + tiny(rng);
    const double lon = 8.07449 + 7.12 * unit(rng);
    const GeoPoint p = GeoPoint::from_degrees(lat, lon);
    ASSERT_EQ(land.part_at(p), brute_part(land, p)) << p.lat() << " " << p.lon();
    ++tested;
  }
  EXPECT_GT(tested, 10000);
  EXPECT_GT(on_land, 2000);
}

TEST(LandOutline, AnEdgeFreeRectangleHasOnePartEverywhere) {
  const LandOutline& land = LandOutline::denmark();
  std::mt19937_64 rng(17);
  // Around Fyn, its islands and the Storebælt: coasts everywhere.
  std::uniform_real_distribution<double> lat(54.8, 55.6), lon(9.7, 11.2), side(0.0005, 0.01);
  std::uniform_real_distribution<double> unit(0, 1);
  int free = 0, not_free = 0;
  std::vector<GeoPoint> pts;
  for (int i = 0; i < 4000; ++i) {
    const double la = lat(rng), lo = lon(rng), h = side(rng), v = side(rng);
    pts.clear();
    for (int t = 0; t < 20; ++t)
      pts.push_back(GeoPoint::from_degrees(la + h * unit(rng), lo + v * unit(rng)));
    double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180;
    for (GeoPoint p : pts) {
      lat0 = std::min(lat0, p.lat());
      lat1 = std::max(lat1, p.lat());
      lon0 = std::min(lon0, p.lon());
      lon1 = std::max(lon1, p.lon());
    }
    if (!land.edge_free(lat0, lon0, lat1, lon1)) {
      ++not_free;
      continue;
    }
    ++free;
    const int want = brute_part(land, pts[0]);
    for (GeoPoint p : pts) {
      ASSERT_EQ(land.part_at(p), want) << p.lat() << " " << p.lon();
      ASSERT_EQ(brute_part(land, p), want) << p.lat() << " " << p.lon();
    }
  }
  EXPECT_GT(free, 500);  // both answers occur
  EXPECT_GT(not_free, 500);
  EXPECT_FALSE(land.edge_free(30.0, 0.0, 30.01, 0.01));  // outside the outline's grid
}

TEST(LandOutline, EveryTownIsWithinTheCoastToleranceOfLand) {
  for (const auto& t : ReferenceData::get().towns)
    EXPECT_LE(LandOutline::denmark().km_to_land(t.location), 0.25) << t.name;
}

TEST(LandOutline, IslandsAreSeparatePartsAndTheSeaIsMeasured) {
  const LandOutline& land = LandOutline::denmark();
  const int sjaelland = land.part_at(GeoPoint::from_degrees(55.5, 11.8));
  const int fyn = land.part_at(GeoPoint::from_degrees(55.35, 10.35));
  const int omoe = land.part_at(GeoPoint::from_degrees(55.165, 11.145));
  EXPECT_NE(sjaelland, LandOutline::kSea);
  EXPECT_NE(fyn, LandOutline::kSea);
  EXPECT_NE(omoe, LandOutline::kSea);
  EXPECT_NE(sjaelland, fyn);
  EXPECT_NE(sjaelland, omoe);
  // Køge Bugt and the middle of the Kattegat.
  const GeoPoint koege_bugt = GeoPoint::from_degrees(55.45, 12.40);
  EXPECT_FALSE(land.on_land(koege_bugt));
  EXPECT_NEAR(land.km_to_land(koege_bugt), 6.2, 0.3);
  EXPECT_GT(land.km_to_land(GeoPoint::from_degrees(56.5, 11.5)), 15.0);
  EXPECT_EQ(land.km_to_land(GeoPoint::from_degrees(55.5, 11.8)), 0.0);
}

TEST(LandOutline, OtherLandBoundIsNeverAboveTheTrueDistance) {
  const LandOutline& land = LandOutline::denmark();
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat(54.6, 57.7), lon(8.1, 12.7);
  int checked = 0;
  for (int i = 0; i < 300 && checked < 60; ++i) {
    const GeoPoint p = GeoPoint::from_degrees(lat(rng), lon(rng));
    const int part = land.part_at(p);
    if (part == LandOutline::kSea) continue;
    double truth = 1e9;
    for (std::size_t q = 0; q < land.parts(); ++q)
      if (static_cast<int>(q) != part)
        truth = std::min(truth, land.km_to_part(p, static_cast<int>(q)));
    EXPECT_LE(land.km_to_other_land_bound(p, part), truth + 1e-9);
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(LandOutline, NamedIslandsAndCrossingsResolveToParts) {
  EXPECT_GE(denmark_islands().size(), 40u);
  for (const auto& c : denmark_crossings()) {
    EXPECT_NE(c.part_a, LandOutline::kSea) << c.name;
    EXPECT_NE(c.part_a, c.part_b) << c.name;
  }
  // Jylland, Fyn and Sjælland are one group of fixed links; Samsø is not in it.
  const LandOutline& land = LandOutline::denmark();
  const auto groups = fixed_link_groups(land, denmark_crossings());
  auto group_at = [&](double lat, double lon) {
    return groups[static_cast<std::size_t>(land.part_at(GeoPoint::from_degrees(lat, lon)))];
  };
  EXPECT_EQ(group_at(56.2, 9.3), group_at(55.35, 10.35));
  EXPECT_EQ(group_at(56.2, 9.3), group_at(55.5, 11.8));
  EXPECT_EQ(group_at(56.2, 9.3), group_at(54.75, 11.4));   // Lolland
  EXPECT_NE(group_at(56.2, 9.3), group_at(55.88, 10.60));  // Samsø
}

}  // namespace
}  // namespace praksis
