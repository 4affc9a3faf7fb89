// Foreign land inside Denmark's bounding box and kommune plausibility (data/dk_foreign_land.csv,
// data/dk_towns.csv), used to refuse impossible homes in moves.
#include "praksis/geo/denmark_land.hpp"

#include <gtest/gtest.h>

#include "praksis/synth/reference_data.hpp"

namespace praksis {
namespace {

TEST(DenmarkLand, NoDanishTownLiesInAForeignPolygon) {
  const auto& towns = ReferenceData::get().towns;
  ASSERT_GT(towns.size(), 400u);
  for (const auto& t : towns) EXPECT_EQ(foreign_land_at(t.location), "") << t.name;
  // Danish places close to the drawn borders.
  for (auto [lat, lon] : {std::pair{55.593, 12.672},
                          {55.66, 12.77},
                          {56.036, 12.61},
                          {56.125, 12.31},
                          {55.28, 12.45},
                          {55.30, 14.77},
                          {55.32, 15.19},
                          {54.826, 9.36},
                          {54.85, 9.98},
                          {54.573, 11.927},
                          {55.085, 8.55}})
    EXPECT_EQ(foreign_land_at(GeoPoint::from_degrees(lat, lon)), "") << lat << " " << lon;
}

TEST(DenmarkLand, NeighbouringCitiesInsideTheRectangleAreForeign) {
  EXPECT_EQ(foreign_land_at(GeoPoint::from_degrees(55.605, 13.004)), "Sverige");  // Malmö
  EXPECT_EQ(foreign_land_at(GeoPoint::from_degrees(56.046, 12.694)), "Sverige");  // Helsingborg
  EXPECT_EQ(foreign_land_at(GeoPoint::from_degrees(55.91, 12.69)), "Sverige");    // Ven
  EXPECT_EQ(foreign_land_at(GeoPoint::from_degrees(55.595, 12.745)), "Sverige");  // Peberholm
  EXPECT_EQ(foreign_land_at(GeoPoint::from_degrees(54.784, 9.436)), "Tyskland");  // Flensburg
  EXPECT_EQ(foreign_land_at(GeoPoint::from_degrees(55.02, 8.43)), "Tyskland");    // List, Sylt
}

TEST(DenmarkLand, DistanceToTheNearestTownOfAKommune) {
  // København (101) from Malmö: about 28 km to the København town point.
  const auto malmo = km_to_kommune_town(101, GeoPoint::from_degrees(55.605, 13.004));
  ASSERT_TRUE(malmo);
  EXPECT_NEAR(*malmo, 28.0, 1.5);
  // Every town is 0 km from its own kommune.
  for (const auto& t : ReferenceData::get().towns) {
    const auto d = km_to_kommune_town(t.kommune, t.location);
    ASSERT_TRUE(d) << t.name;
    EXPECT_LT(*d, 1e-6) << t.name;
  }
  EXPECT_FALSE(km_to_kommune_town(999, GeoPoint::from_degrees(55.6, 12.5)));
}

}  // namespace
}  // namespace praksis
