// Spatial index: exact great-circle radius and nearest-neighbour answers equal a brute force.
#include "praksis/geo/point_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "praksis/core/random.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

TEST(GreatCircle, KnownDistances) {
  // København Rådhuspladsen to Aarhus Rådhus: about 156.6 km as the crow flies.
  const double d = GreatCircle::distance_km({5567594, 1256918}, {5615243, 1020405});
  EXPECT_NEAR(d, 156.6, 0.5);
  EXPECT_DOUBLE_EQ(GreatCircle::distance_km({5567594, 1256918}, {5567594, 1256918}), 0.0);
}

TEST(GreatCircle, L2_FifteenKilometresIsWithinAndJustBeyondIsNot) {
  for (double bearing : {0.0, 45.0, 90.0, 200.0}) {
    const GeoPoint at = testing::at_distance(testing::kOrigin, bearing, 15.0);
    const double d = GreatCircle::distance_km(testing::kOrigin, at);
    // Points on a 1.1 m grid: the closest grid point is within 0.6 m of 15 km.
    ASSERT_NEAR(d, 15.0, 0.001);
    const double thr =
        GreatCircle::within_threshold(d);  // a radius equal to the distance includes it
    EXPECT_TRUE(GreatCircle::within(UnitVector::from(testing::kOrigin), UnitVector::from(at), thr));
    const double thr_short = GreatCircle::within_threshold(d - 0.0001);
    EXPECT_FALSE(
        GreatCircle::within(UnitVector::from(testing::kOrigin), UnitVector::from(at), thr_short));
  }
}

TEST(PointIndex, RadiusAndNearestEqualBruteForceOnRandomPoints) {
  Rng rng(42);
  std::vector<GeoPoint> pts;
  for (int i = 0; i < 3000; ++i) {
    pts.push_back(GeoPoint::from_degrees(rng.uniform(54.6, 57.7), rng.uniform(8.1, 12.7)));
  }
  // Duplicates and exact-radius points stress ties and boundaries.
  pts.push_back(pts[0]);
  pts.push_back(testing::at_distance(pts[1], 30, 15.0));
  const PointIndex index(pts);
  std::vector<Neighbor> got;
  for (int q = 0; q < 300; ++q) {
    const GeoPoint c =
        q < 2 ? pts[static_cast<std::size_t>(q)]
              : GeoPoint::from_degrees(rng.uniform(54.6, 57.7), rng.uniform(8.1, 12.7));
    const UnitVector cu = UnitVector::from(c);
    const double radius = q % 3 == 0 ? 15.0 : rng.uniform(1, 40);
    index.within(c, radius, got);
    std::vector<std::pair<double, std::uint32_t>> want;
    const double thr = GreatCircle::within_threshold(radius);
    for (std::uint32_t i = 0; i < pts.size(); ++i) {
      const double c2 = chord2(cu, UnitVector::from(pts[i]));
      if (c2 <= thr) want.emplace_back(c2, i);
    }
    std::sort(want.begin(), want.end());
    ASSERT_EQ(got.size(), want.size()) << "query " << q;
    for (std::size_t k = 0; k < got.size(); ++k) ASSERT_EQ(got[k].id, want[k].second);

    const auto near = index.nearest(c, 5);
    std::vector<std::pair<double, std::uint32_t>> all;
    for (std::uint32_t i = 0; i < pts.size(); ++i)
      all.emplace_back(chord2(cu, UnitVector::from(pts[i])), i);
    std::sort(all.begin(), all.end());
    ASSERT_EQ(near.size(), 5u);
    for (std::size_t k = 0; k < 5; ++k)
      ASSERT_DOUBLE_EQ(near[k].chord2, all[k].first) << "query " << q;
  }
}

TEST(PointIndex, EmptyIndexAnswersNothing) {
  const PointIndex index(std::vector<GeoPoint>{});
  std::vector<Neighbor> out;
  index.within(testing::kOrigin, 15, out);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(index.nearest(testing::kOrigin, 3).empty());
}

}  // namespace
}  // namespace praksis
