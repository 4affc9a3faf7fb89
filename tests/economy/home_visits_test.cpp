// Home visits counted from claims (rule A3): a hand-made claims set with known answers.
#include "praksis/economy/home_visits.hpp"

#include <gtest/gtest.h>

#include "praksis/store/sqlite_store.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {
namespace {

/// Clinic 5001 at the origin. A (85) lives 5 km away, B (90) 20 km away in Køge (region 1085),
/// C (40) 1 km away, D (82) at the clinic. Service 0 is a home visit, 1 a consultation.
struct HomeVisitWorld {
  World w;
  ClaimColumns claims;
  HomeVisitWorld() {
    WorldBuilder b;
    const ClinicIndex c = b.clinic(5001, kOrigin);
    b.citizen(0xA, offset_km(kOrigin, 5, 0), c, 2023 - 85);
    b.citizen(0xB, offset_km(kOrigin, -20, 0), c, 2023 - 90, 259);
    b.citizen(0xC, offset_km(kOrigin, 1, 0), c, 2023 - 40);
    b.citizen(0xD, kOrigin, c, 2023 - 82);
    w = b.build();
    const std::int32_t day = Date::from_ymd(2023, 3, 1).days();
    claims.push_back(1, c, 0, day, 0, 1);      // A visited
    claims.push_back(2, c, 0, day + 7, 0, 1);  // A again
    claims.push_back(3, c, 1, day, 0, 1);      // B beyond the 16 km zone
    claims.push_back(4, c, 2, day, 0, 1);      // C, younger than 80
    claims.push_back(5, c, 3, day, 1, 1);      // D only in the clinic
  }
};

TEST(HomeVisits, A3_VisitsPatientsAgedShareAndFeeZoneFromClaims) {
  const HomeVisitWorld hw;
  const ServiceSettings s;
  const auto areas = home_visit_figures(hw.w, std::span(&hw.claims, 1), {true, false}, s, 2023);
  ASSERT_EQ(areas.size(), 1 + hw.w.regions.size());
  const HomeVisitArea& n = areas[0];
  EXPECT_EQ(n.visits, 4);
  EXPECT_EQ(n.patients, 3);
  EXPECT_EQ(n.aged_citizens, 3);  // A, B, D
  EXPECT_EQ(n.aged_visited, 2);   // A, B
  EXPECT_EQ(n.within_zone, 3);    // all but B's
  // B lives in region 1085 (Køge); the others in 1084.
  const auto region = [&](int code) {
    for (const auto& a : areas)
      if (a.code == code) return a;
    return HomeVisitArea{};
  };
  EXPECT_EQ(region(1085).visits, 1);
  EXPECT_EQ(region(1085).within_zone, 0);
  EXPECT_EQ(region(1084).aged_citizens, 2);
  // The zone and age are the settings: a 25 km zone takes B's visit in, age 85 leaves D out.
  ServiceSettings wide = s;
  wide.home_visit_fee_zone_km = 25;
  wide.home_visit_age = 85;
  const auto w2 = home_visit_figures(hw.w, std::span(&hw.claims, 1), {true, false}, wide, 2023);
  EXPECT_EQ(w2[0].within_zone, 4);
  EXPECT_EQ(w2[0].aged_citizens, 2);
}

TEST(HomeVisits, A3_StoredClaimsAreRecognisedByTheSettingsCodes) {
  const HomeVisitWorld hw;
  SqliteStore store(temp_dir("a3-store") / "praksis.db");
  store.replace_world(hw.w);
  auto repo = open_economy_repository(store);
  const std::vector<std::string> codes = {"0302", "0101"};
  repo->write_claims(2023, hw.claims, codes, false);
  const ServiceSettings s;
  const auto areas = stored_home_visit_figures(*repo, store.load_world(), s, 2023);
  EXPECT_EQ(areas[0].visits, 4);
  EXPECT_EQ(areas[0].aged_visited, 2);
  const auto tables = home_visit_tables(areas, s, 2023, Lang::en);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows.size(), areas.size());
  EXPECT_EQ(std::get<Rate>(tables[0].rows[0][6]), Rate::from_double(2.0 / 3));
  EXPECT_EQ(std::get<Rate>(tables[0].rows[0][7]), Rate::from_double(0.30));
  EXPECT_EQ(std::get<Rate>(tables[0].rows[0][9]), Rate::from_double(0.75));
}

}  // namespace
}  // namespace praksis::testing
