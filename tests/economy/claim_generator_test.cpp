// The synthetic claim generator: deterministic, calibrated to the S2 contacts, well formed.
#include "praksis/economy/claim_generator.hpp"

#include <gtest/gtest.h>

#include "economy/economy_fixture.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/economy/distributions.hpp"

namespace praksis {
namespace {

bool same(const ClaimColumns& a, const ClaimColumns& b) {
  return a.id == b.id && a.clinic == b.clinic && a.citizen == b.citizen && a.day == b.day &&
         a.service == b.service && a.quantity == b.quantity;
}

TEST(EconomyClaimGenerator, IsDeterministicBySeedWhateverTheThreadCount) {
  const World w = testing::random_world(3, 12, 3000);
  const Settings s;
  const TariffTable t = TariffTable::embedded();
  const auto a = generate_claims(w, s.demand, t, 2023, 42, {}, nullptr, 1);
  const auto b = generate_claims(w, s.demand, t, 2023, 42, {}, nullptr, 3);
  EXPECT_TRUE(same(a, b));
  const auto c = generate_claims(w, s.demand, t, 2023, 43, {}, nullptr, 2);
  EXPECT_FALSE(same(a, c));
}

/// Demand numbers fixed here, so the fingerprint below does not move when the S2 model's
/// defaults are recalibrated.
DemandSettings fixed_demand() {
  DemandSettings d;
  d.age_band_starts = {0, 5, 15, 25, 35, 45, 55, 65, 70, 75, 80, 85, 90};
  d.contacts_female = {6.2, 2.9, 5.6, 6.4, 6.1, 6.0, 6.5, 8.2, 10.4, 13.2, 15.0, 16.6, 17.5};
  d.contacts_male = {6.5, 2.9, 2.9, 3.3, 3.6, 4.2, 5.4, 7.6, 10.2, 13.0, 14.8, 16.4, 17.2};
  d.type2_diabetes_factor = 1.55;
  d.copd_factor = 1.45;
  d.labour_factor_child = 1.0;
  d.labour_factor_student = 0.95;
  d.labour_factor_employed = 0.92;
  d.labour_factor_unemployed = 1.25;
  d.labour_factor_disability_pension = 1.8;
  d.labour_factor_retired = 1.0;
  d.labour_factor_other = 1.4;
  return d;
}

TEST(EconomyClaimGenerator, SameSeedGivesTheSameClaimsOnEveryPlatform) {
  // Only integer and basic IEEE-754 arithmetic is used, so this fingerprint holds everywhere.
  const World w = testing::random_world(3, 12, 3000);
  const TariffTable t = TariffTable::embedded();
  const auto a = generate_claims(w, fixed_demand(), t, 2023, 42, {}, nullptr, 2);
  std::uint64_t h = a.size();
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::uint64_t code = 0;
    for (char ch : t[a.service[i]].code) code = code * 131 + static_cast<unsigned char>(ch);
    h = mix64(h ^ w.citizens.id[a.citizen[i]]);
    h = mix64(h ^ static_cast<std::uint64_t>(a.day[i]) ^ (code << 20) ^
              (static_cast<std::uint64_t>(w.clinics[a.clinic[i]].ydernummer) << 40));
  }
  EXPECT_EQ(a.size(), 34302u);
  EXPECT_EQ(h, 13536970487357371230ULL);
}

TEST(EconomyClaimGenerator, ContactsFollowTheS2ModelAndLinesAreWellFormed) {
  const World w = testing::random_world(5, 12, 20'000);
  const Settings s;
  const TariffTable t = TariffTable::embedded();
  ClaimGenerationStats st;
  ClaimMix mix;
  mix.clinic_style_sd = 0;  // with 12 clinics their styles would not average out to 1
  const auto c = generate_claims(w, s.demand, t, 2023, 1, mix, &st, 2);
  double expected = 0;
  const DemandModel m(s.demand, 2023);
  for (std::size_t i = 0; i < w.citizens.size(); ++i) {
    if (w.citizens.listing[i] != kNoClinic)
      expected += m.expected_contacts(w.citizens, static_cast<CitizenIndex>(i));
  }
  // Poisson draws around the model; child examinations and annual controls add a little.
  EXPECT_NEAR(static_cast<double>(st.contacts) / expected, 1.0, 0.03);
  EXPECT_EQ(st.lines, static_cast<std::int64_t>(c.size()));
  std::int64_t contacts = 0;
  const auto first = Date::from_ymd(2023, 1, 1).days(), last = Date::from_ymd(2023, 12, 31).days();
  for (std::size_t i = 0; i < c.size(); ++i) {
    ASSERT_EQ(c.id[i], 2023'000'000'000ULL + i + 1);
    ASSERT_TRUE(i == 0 || c.clinic[i - 1] <= c.clinic[i]);
    ASSERT_GE(c.day[i], first);
    ASSERT_LE(c.day[i], last);
    ASSERT_LT(((c.day[i] + 3) % 7), 5) << "weekend";
    ASSERT_NE(t[c.service[i]].kind, ServiceKind::basic);
    contacts += t[c.service[i]].kind == ServiceKind::contact;
  }
  EXPECT_EQ(contacts, st.contacts);
  EXPECT_GT(c.size(), static_cast<std::size_t>(st.contacts));  // additional services
}

TEST(EconomyClaimGenerator, PoissonDrawsHaveTheRightMean) {
  Rng r(9);
  for (double mean : {0.5, 6.0, 40.0}) {
    double sum = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) sum += draw_poisson(r, mean);
    EXPECT_NEAR(sum / n, mean, 4 * std::sqrt(mean / n));
  }
  EXPECT_NEAR(exp_nonpositive(-1.0), 0.36787944117144233, 1e-15);
  EXPECT_NEAR(exp_nonpositive(-30.0), 9.357622968840175e-14, 1e-25);
  EXPECT_NEAR(log_positive(2.0), 0.69314718055994531, 1e-15);
  EXPECT_NEAR(log_positive(1e-300), -690.77552789821368, 1e-12);
  EXPECT_NEAR(log_positive(12345.678), 9.421061321291832, 1e-12);
}

TEST(EconomyClaimGenerator, GammaAndNormalDrawsHaveTheRightMoments) {
  Rng r(10);
  const int n = 40000;
  for (double shape : {0.6, 1.5, 4.0}) {
    double sum = 0, sq = 0;
    for (int i = 0; i < n; ++i) {
      const double g = draw_gamma_mean1(r, shape);
      ASSERT_GT(g, 0.0);
      sum += g;
      sq += g * g;
    }
    const double mean = sum / n, var = sq / n - mean * mean;
    EXPECT_NEAR(mean, 1.0, 0.03) << shape;
    EXPECT_NEAR(var, 1.0 / shape, 0.1 / shape) << shape;
  }
  double sum = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    const double z = draw_normal(r);
    sum += z;
    sq += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.02);
  EXPECT_NEAR(sq / n, 1.0, 0.03);
}

}  // namespace
}  // namespace praksis
