// Rule E3 as docs/economy.md states it: model 2 on the kommuner's mean S2 weights in full
// precision, the count of heavy kommuner, and model 1's settling window at their boundaries.
#include "praksis/economy/differentiated.hpp"

#include <gtest/gtest.h>

#include "economy/economy_fixture.hpp"
#include "praksis/economy/settlement.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {
namespace {

TEST(EconomyE3, Model2SharesTheExactWeightGapsNotWeightsRoundedToSixDecimals) {
  // Five kommuner; 60 % of 5 = 3 are heavy; the heaviest left out weighs 1.0. The gaps are
  // 2.647e-4, 1.001e-4 and 0.524e-4: rounded to 6 decimals they would share 264 : 100 : 52.
  const std::vector<double> mean = {1.0000524, 0.999, 1.0002647, 1.0, 1.0001001};
  const std::vector<std::int64_t> clinic_kommune = {2, 4, 0, 3, 1, -1};
  const std::vector<std::int64_t> caps = {1, 1, 1, 1, 1, 1};
  const auto r =
      allocate_model2_by_weight(Money::kr(100'000), mean, clinic_kommune, caps,
                                Rate::from_double(0.6), CountRounding::up, Money::kr(100'000));
  EXPECT_EQ(r.heavy, 3u);
  EXPECT_EQ(r.threshold, 1.0);
  // Documented formula: budget x gap / sum of gaps, to the øre by largest remainders.
  // 10,000,000 øre x 2647/4172 = 6,344,678.81; x 1001/4172 = 2,399,328.86; x 524/4172 =
  // 1,255,992.33: the two øre left go to the largest remainders (.86, .81).
  EXPECT_EQ(r.paid[0], Money::from_ore(6'344'679));
  EXPECT_EQ(r.paid[1], Money::from_ore(2'399'329));
  EXPECT_EQ(r.paid[2], Money::from_ore(1'255'992));
  EXPECT_EQ(r.paid[3], Money{});  // the threshold kommune itself
  EXPECT_EQ(r.paid[4], Money{});
  EXPECT_EQ(r.paid[5], Money{});  // a clinic without a kommune of residents
  // Six-decimal weights would have paid 6,346,154 / 2,403,846 / 1,250,000 øre.
  EXPECT_NE(r.paid[0], Money::from_ore(6'346'154));
}

TEST(EconomyE3, Model2ClaimIsCapacitiesTimesTheGapAndATieWithTheThresholdIsNotPaid) {
  const std::vector<double> mean = {1.02, 1.01, 1.01, 1.0};
  // share 0.25 of 4 = 1 heavy kommune; the next (1.01) is the threshold, its twin ties.
  const std::vector<std::int64_t> clinic_kommune = {0, 0, 1, 2};
  const std::vector<std::int64_t> caps = {1, 3, 2, 2};
  const auto r =
      allocate_model2_by_weight(Money::kr(400), mean, clinic_kommune, caps, Rate::from_double(0.25),
                                CountRounding::up, Money::kr(100'000));
  EXPECT_EQ(r.heavy, 1u);
  EXPECT_EQ(r.paid[0], Money::kr(100));  // 1 of 4 capacities at the same gap
  EXPECT_EQ(r.paid[1], Money::kr(300));
  EXPECT_EQ(r.paid[2], Money{});
  EXPECT_EQ(r.paid[3], Money{});
}

TEST(EconomyE3, HeavyKommuneCountRoundsAsTheSettingSays) {
  const Rate quarter = Rate::from_double(0.25);
  // 98 x 25 % = 24.5: the national case.
  EXPECT_EQ(heavy_kommune_count(98, quarter, CountRounding::up), 25u);
  EXPECT_EQ(heavy_kommune_count(98, quarter, CountRounding::down), 24u);
  EXPECT_EQ(heavy_kommune_count(98, quarter, CountRounding::nearest), 25u);
  // Exactly 24: every rounding agrees.
  EXPECT_EQ(heavy_kommune_count(96, quarter, CountRounding::up), 24u);
  EXPECT_EQ(heavy_kommune_count(96, quarter, CountRounding::down), 24u);
  EXPECT_EQ(heavy_kommune_count(96, quarter, CountRounding::nearest), 24u);
  // 97 x 25 % = 24.25 and 99 x 25 % = 24.75.
  EXPECT_EQ(heavy_kommune_count(97, quarter, CountRounding::up), 25u);
  EXPECT_EQ(heavy_kommune_count(97, quarter, CountRounding::nearest), 24u);
  EXPECT_EQ(heavy_kommune_count(99, quarter, CountRounding::down), 24u);
  EXPECT_EQ(heavy_kommune_count(99, quarter, CountRounding::nearest), 25u);
  EXPECT_EQ(heavy_kommune_count(0, quarter, CountRounding::up), 0u);
  EXPECT_EQ(heavy_kommune_count(7, Rate::one(), CountRounding::up), 7u);
  EXPECT_EQ(heavy_kommune_count(7, Rate::zero(), CountRounding::up), 0u);
}

TEST(EconomyE3, SettlementReadsTheHeavyKommuneRounding) {
  // Three kommuner of clearly different weight, share 50 %: 1.5 kommuner, so 'up' pays the two
  // heaviest (against the lightest) and 'down' only the heaviest (against the middle one).
  testing::WorldBuilder b;
  const auto heavy = b.clinic(1000, testing::kOrigin, 1, true, PracticeForm::kompagniskab, 101);
  const auto middle = b.clinic(1001, testing::kOrigin, 1, true, PracticeForm::kompagniskab, 147);
  const auto light = b.clinic(1002, testing::kOrigin, 1, true, PracticeForm::kompagniskab, 259);
  for (CitizenId id = 1; id <= 30; ++id) {
    b.citizen(id, testing::kOrigin, heavy, 1940, 101);
    b.last_citizen().conditions = kType2Diabetes | kCopd;
    b.last_citizen().labour = LabourStatus::retired;
    b.citizen(100 + id, testing::kOrigin, middle, 1950, 147);
    b.last_citizen().labour = LabourStatus::retired;
    b.citizen(200 + id, testing::kOrigin, light, 1995, 259);
    b.last_citizen().labour = LabourStatus::employed;
  }
  const World w = b.build();
  Settings settings;
  settings.economy.differentiated_pool = Money::kr(100'000);
  settings.economy.model2_heavy_kommune_share = 0.5;
  const TariffTable tariffs = testing::test_tariffs();
  const ActivityMatrix none(w.clinics.size(), tariffs.size());
  SettlementParams p;
  p.year = 2023;
  auto settle = [&](CountRounding rounding) {
    settings.economy.model2_heavy_kommune_rounding = rounding;
    return compute_settlement(w, FeeStructure::from(tariffs, settings.economy), settings.demand,
                              none, p);
  };
  const Settlement up = settle(CountRounding::up);
  EXPECT_GT(up.clinics[heavy].fees.model2, up.clinics[middle].fees.model2);
  EXPECT_GT(up.clinics[middle].fees.model2, Money{});
  EXPECT_EQ(up.clinics[light].fees.model2, Money{});
  EXPECT_EQ(up.nation.model2, Money::kr(100'000));
  const Settlement down = settle(CountRounding::down);
  EXPECT_EQ(down.clinics[heavy].fees.model2, Money::kr(100'000));
  EXPECT_EQ(down.clinics[middle].fees.model2, Money{});
}

TEST(EconomyE3, Model1SettlingWindowCountsTheStartYearAsTheFirst) {
  // Five years for 2023: started 2019 (the 5th year) counts, 2018 (the 6th) does not.
  EXPECT_TRUE(model1_settling(2023, 2023, 5));
  EXPECT_TRUE(model1_settling(2023, 2019, 5));
  EXPECT_FALSE(model1_settling(2023, 2018, 5));
  EXPECT_FALSE(model1_settling(2023, 2024, 5));  // not yet started
  // One year: only doctors who started in the settlement year.
  EXPECT_TRUE(model1_settling(2023, 2023, 1));
  EXPECT_FALSE(model1_settling(2023, 2022, 1));
  // 0: every doctor who has started.
  EXPECT_TRUE(model1_settling(2023, 1975, 0));
  EXPECT_FALSE(model1_settling(2023, 2024, 0));
}

}  // namespace
}  // namespace praksis
