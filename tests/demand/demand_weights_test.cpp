// Rule S2: the disease weights' national mean is 1.0, exactly to the rounding of binary64.
#include <gtest/gtest.h>

#include "praksis/core/compensated_sum.hpp"
#include "praksis/demand/demand_model.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

TEST(DemandS2, MeanWeightIsOneToOneInATrillionWithFewDistinctWeights) {
  // Many citizens of three kinds: the case where rounding each weight (e.g. to float) does not
  // average out, because every citizen of a kind carries the same rounding error.
  testing::WorldBuilder b;
  const auto c = b.clinic(1000, testing::kOrigin);
  CitizenId id = 1;
  for (int i = 0; i < 70'001; ++i) {
    b.citizen(id++, testing::kOrigin, c, 1941);
    b.last_citizen().conditions = kType2Diabetes;
    b.last_citizen().labour = LabourStatus::retired;
    b.citizen(id++, testing::kOrigin, c, 1987);
    b.last_citizen().labour = LabourStatus::employed;
    if (i % 3 == 0) {
      b.citizen(id++, testing::kOrigin, c, 2019);
      b.last_citizen().labour = LabourStatus::child;
    }
  }
  const World w = b.build();
  const Settings settings;
  const DemandModel model(settings.demand, 2023);
  const std::vector<double> weights = model.weights(w.citizens);
  ASSERT_EQ(weights.size(), w.citizens.size());
  CompensatedSum sum;
  for (double x : weights) sum += x;
  EXPECT_NEAR(sum.value() / static_cast<double>(weights.size()), 1.0, 1e-12);
  // Each weight is its expected contacts over the mean expected contacts.
  const std::vector<float> contacts = model.contacts(w.citizens);
  EXPECT_NEAR(weights[0] / weights[1], static_cast<double>(contacts[0]) / contacts[1], 1e-6);
  // Float weights, as before this rule was made exact, miss the mean by more than 1e-12.
  CompensatedSum as_float;
  for (double x : weights) as_float += static_cast<float>(x);
  EXPECT_GT(std::abs(as_float.value() / static_cast<double>(weights.size()) - 1.0), 1e-12);
}

TEST(DemandS2, WeightsFromTheTableEqualThePerCitizenComputationBitForBit) {
  // The weights come from a table of every (age, sex, conditions, labour) combination; the
  // reference computes each citizen's expected contacts on its own, as the rule reads.
  testing::WorldBuilder b;
  const auto c = b.clinic(1000, testing::kOrigin);
  std::uint64_t state = 12345;
  auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  for (CitizenId id = 1; id <= 20'000; ++id) {
    // Ages from -3 (born after the year) to 170 (beyond the last table age), every condition bit.
    b.citizen(id, testing::kOrigin, c, static_cast<std::uint16_t>(1853 + next(174)));
    b.last_citizen().sex = next(2) ? Sex::female : Sex::male;
    b.last_citizen().conditions = static_cast<std::uint8_t>(next(256));
    b.last_citizen().labour = static_cast<LabourStatus>(next(7));
  }
  const World w = b.build();
  const Settings settings;
  const DemandModel model(settings.demand, 2023);
  const std::vector<double> weights = model.weights(w.citizens);
  ASSERT_EQ(weights.size(), w.citizens.size());
  std::vector<double> reference(w.citizens.size());
  CompensatedSum sum;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    reference[i] = model.expected_contacts(w.citizens, static_cast<CitizenIndex>(i));
    sum += reference[i];
  }
  const double n = static_cast<double>(reference.size());
  std::size_t different = 0;
  for (std::size_t i = 0; i < reference.size(); ++i)
    different += weights[i] != reference[i] * n / sum.value();
  EXPECT_EQ(different, 0u);
}

TEST(DemandS2, CompensatedSumKeepsTheSmallTerms) {
  CompensatedSum s;
  s += 1.0;
  for (int i = 0; i < 1'000'000; ++i) s += 1e-16;
  EXPECT_NEAR(s.value(), 1.0 + 1e-10, 1e-22);
  double naive = 1.0;
  for (int i = 0; i < 1'000'000; ++i) naive += 1e-16;
  EXPECT_EQ(naive, 1.0);  // every term lost without compensation
}

}  // namespace
}  // namespace praksis
