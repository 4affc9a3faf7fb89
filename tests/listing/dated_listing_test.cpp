// Rule L6 as a dated listing: the listing in force on a day, patient-months pro-rated by the
// changes' dates (hand-computed and against a month-by-month brute force), the settlement's basic
// fee, and `praksis survey --as-of` after a decided change of GP.
#include "praksis/listing/dated_listing.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "economy/economy_fixture.hpp"
#include "praksis/economy/settlement.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

using testing::kOrigin;
using testing::offset_km;

Date ymd(int y, unsigned m, unsigned d) {
  return Date::from_ymd(y, m, d);
}

// Clinics 0 (old) and 1 (established 2024-03-10, so in 2024 from March), 2 (old); citizens 0-4
// listed with 0. The world holds the listings after every change.
World three_clinics() {
  testing::WorldBuilder b;
  const ClinicIndex a = b.clinic(1, kOrigin);
  b.clinic(2, offset_km(kOrigin, 1, 0));
  b.clinic(3, offset_km(kOrigin, 2, 0));
  for (CitizenId id = 1; id <= 5; ++id) b.citizen(id, kOrigin, a);
  World w = b.build();
  w.clinics[1].established = ymd(2024, 3, 10);
  return w;
}

TEST(DatedListing, L6_AChangeTakesEffectOnItsDate) {
  World w = three_clinics();
  w.citizens.listing[0] = 1;  // chose clinic 2 on 2024-03-16: in force from 2024-05-01
  const std::vector<DatedListing> changes = {{0, 0, 1, ymd(2024, 5, 1)}};
  World before = w;
  listing_as_of(before, changes, ymd(2024, 4, 30));
  EXPECT_EQ(before.citizens.listing[0], 0u);
  World on = w;
  listing_as_of(on, changes, ymd(2024, 5, 1));
  EXPECT_EQ(on.citizens.listing[0], 1u);
  for (std::size_t i = 1; i < 5; ++i) EXPECT_EQ(before.citizens.listing[i], 0u);
}

TEST(DatedListing, L6_AChangeDecidedLaterButEffectiveSoonerReplacesThePendingOne) {
  World w = three_clinics();
  w.citizens.listing[0] = 2;
  // Decided first: clinic 1 -> 2 from 1 June; then a move relists 2 -> 3 at once on 10 May.
  const std::vector<DatedListing> changes = {{0, 0, 1, ymd(2024, 6, 1)},
                                             {0, 1, 2, ymd(2024, 5, 10)}};
  for (auto [day, want] :
       {std::pair{ymd(2024, 5, 1), 0u}, {ymd(2024, 5, 10), 2u}, {ymd(2024, 6, 2), 2u}}) {
    World x = w;
    listing_as_of(x, changes, day);
    EXPECT_EQ(x.citizens.listing[0], want) << day.to_string();
  }
  // Months of 2024: January-May with clinic 1 (5), June-December with clinic 3 (7); the other
  // four citizens 12 months each with clinic 1.
  const auto m = patient_months(w, changes, 2024);
  EXPECT_EQ(m, (std::vector<std::int64_t>{4 * 12 + 5, 0, 7}));
}

TEST(DatedListing, L6_PatientMonthsAreProRatedByTheChangeDates) {
  World w = three_clinics();
  // Citizen 0: clinic 1 -> 2 from 2024-05-01 (Jan-Apr with 1, May-Dec with 2: 4 + 8).
  // Citizen 1: clinic 1 -> 2 from 2024-02-01, but clinic 2 opened in March (Jan with 1, Feb not
  // paid to anyone, Mar-Dec with 2: 1 + 10).
  // Citizen 2: first listed with clinic 3 from 2024-02-20 (Mar-Dec: 10).
  // Citizen 3: clinic 1 -> 3 from 2025-01-01 (all of 2024 with 1: 12).
  // Citizen 4: no change (12 with 1).
  w.citizens.listing[0] = 1;
  w.citizens.listing[1] = 1;
  w.citizens.listing[2] = 2;
  w.citizens.listing[3] = 2;
  const std::vector<DatedListing> changes = {{0, 0, 1, ymd(2024, 5, 1)},
                                             {1, 0, 1, ymd(2024, 2, 1)},
                                             {2, kNoClinic, 2, ymd(2024, 2, 20)},
                                             {3, 0, 2, ymd(2025, 1, 1)}};
  EXPECT_EQ(patient_months(w, changes, 2024),
            (std::vector<std::int64_t>{4 + 1 + 12 + 12, 8 + 10, 10}));
  // Without changes every listed patient counts for the clinic's months: the old rule.
  World plain = three_clinics();
  EXPECT_EQ(patient_months(plain, {}, 2024), (std::vector<std::int64_t>{60, 0, 0}));
  plain.citizens.listing[4] = 1;
  EXPECT_EQ(patient_months(plain, {}, 2024), (std::vector<std::int64_t>{48, 10, 0}));
}

TEST(DatedListing, L6_PatientMonthsEqualAMonthByMonthBruteForce) {
  std::mt19937 rng(14);
  testing::WorldBuilder b;
  const ClinicIndex cs[] = {b.clinic(1, kOrigin), b.clinic(2, offset_km(kOrigin, 1, 0)),
                            b.clinic(3, offset_km(kOrigin, 2, 0))};
  for (CitizenId id = 1; id <= 60; ++id) b.citizen(id, kOrigin, cs[rng() % 3]);
  World w = b.build();
  w.clinics[1].established = ymd(2024, 3, 10);
  // Random changes in decided order, each from the listing it replaces (the world is moved along).
  std::vector<DatedListing> changes;
  for (int k = 0; k < 80; ++k) {
    const auto z = static_cast<CitizenIndex>(rng() % w.citizens.size());
    const ClinicIndex to = rng() % 5 == 0 ? kNoClinic : static_cast<ClinicIndex>(rng() % 3);
    const Date eff =
        Date::from_days(ymd(2023, 11, 1).days() + static_cast<std::int32_t>(rng() % 500));
    changes.push_back({z, w.citizens.listing[z], to, eff});
    w.citizens.listing[z] = to;
  }
  std::vector<std::int64_t> brute(3, 0);
  for (unsigned m = 1; m <= 12; ++m) {
    World x = w;
    listing_as_of(x, changes, ymd(2024, m, 1));
    for (std::size_t i = 0; i < x.citizens.size(); ++i) {
      const ClinicIndex c = x.citizens.listing[i];
      if (c == kNoClinic) continue;
      const Date est = x.clinics[c].established;
      if (est.year() < 2024 || (est.year() == 2024 && m >= est.month())) ++brute[c];
    }
  }
  EXPECT_EQ(patient_months(w, changes, 2024), brute);
}

TEST(DatedListing, L6_TheSettlementPaysTheBasicFeeForTheProRatedMonths) {
  // Two clinics with 3 and 2 patients; clinic 1001 opened 2023-04-15 (April-December). Patient 2
  // moves from 1000 to 1001 from 2023-05-01: 1000 has 2 x 12 + 4 = 28 patient-months, 1001
  // 2 x 9 + 8 = 26; at the test tariff's 10 kr a month, 280 kr and 260 kr.
  World w = testing::clinics_with_patients({3, 2});
  w.clinics[1].established = ymd(2023, 4, 15);
  w.citizens.listing[2] = 1;
  const std::vector<DatedListing> changes = {{2, 0, 1, ymd(2023, 5, 1)}};
  Settings s;
  s.economy.differentiated_pool = Money{};
  const TariffTable tariffs = testing::test_tariffs();
  SettlementParams p;
  p.year = 2023;
  p.patient_months = patient_months(w, changes, 2023);
  const ActivityMatrix none(w.clinics.size(), tariffs.size());
  const Settlement st =
      compute_settlement(w, FeeStructure::from(tariffs, s.economy), s.demand, none, p);
  EXPECT_EQ(st.clinics[0].fees.patient_months, 28);
  EXPECT_EQ(st.clinics[1].fees.patient_months, 26);
  EXPECT_EQ(st.clinics[0].fees.basic, Money::kr(280));
  EXPECT_EQ(st.clinics[1].fees.basic, Money::kr(260));
  EXPECT_EQ(st.clinics[0].fees.listed_patients, 2);  // listed on the year's last day
}

TEST(DatedListing, L6_SurveyAsOfADaySeesTheListingInForce) {
  testing::WorldBuilder b;
  const ClinicIndex a = b.clinic(1001, offset_km(kOrigin, 2, 0));
  b.clinic(1002, offset_km(kOrigin, 0, 5));
  for (CitizenId id = 1; id <= 5; ++id) b.citizen(id, kOrigin, a);
  const auto db = testing::temp_dir("as-of") / "praksis.db";
  SqliteStore(db).replace_world(b.build());
  // Notified after the 15th: in force from the 1st of the month after next (rule L6).
  const auto choose = testing::run_praksis(fmt::format(
      "choose --db {} --citizen 0000000000000001 --clinic 1002 --notified-on 2024-03-16",
      db.string()));
  ASSERT_EQ(choose.code, 0) << choose.out << choose.err;
  EXPECT_NE(choose.out.find("2024-05-01"), std::string::npos) << choose.out;
  auto listed = [&](const std::string& as_of) {
    const auto r =
        testing::run_praksis(fmt::format("survey --db {} --format json{}", db.string(), as_of));
    EXPECT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    return std::pair{j["clinics"][0]["listed_patients"].get<int>(),
                     j["clinics"][1]["listed_patients"].get<int>()};
  };
  EXPECT_EQ(listed(" --as-of 2024-04-30"), std::pair(5, 0));
  EXPECT_EQ(listed(" --as-of 2024-05-01"), std::pair(4, 1));
  EXPECT_EQ(listed(""), std::pair(4, 1));  // without --as-of: every decided change
  const auto bad =
      testing::run_praksis(fmt::format("survey --db {} --as-of 2024-02-30", db.string()));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--as-of"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace praksis
