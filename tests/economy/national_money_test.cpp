// The national calibration of the money: a synthetic year settles to DOMAIN.md section 8's totals.
#include <gtest/gtest.h>

#include "economy/economy_fixture.hpp"
#include "praksis/economy/claim_generator.hpp"
#include "praksis/economy/settlement.hpp"
#include "praksis/synth/generator.hpp"

namespace praksis {
namespace {

TEST(NationalMoney, ASyntheticYearSettlesToTheNationalTotals) {
  const Settings s;
  const World w = generate_world({1.0, 1, 2}, s);
  const TariffTable t = TariffTable::embedded();
  ClaimGenerationStats st;
  const ClaimColumns claims = generate_claims(w, s.demand, t, 2023, 1, {}, &st, 2);
  ActivityMatrix m(w.clinics.size(), t.size());
  std::vector<std::uint16_t> identity(t.size());
  for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<std::uint16_t>(i);
  aggregate_claims(claims, identity, chronic_clinic_of(w.citizens), m);
  SettlementParams p;
  p.year = 2023;
  p.threatened = {360, 376, 400, 482, 492, 550, 665, 741, 773, 787, 825};
  const Settlement r = compute_settlement(w, FeeStructure::from(t, s.economy), s.demand, m, p);
  const FeeTotals& n = r.nation;
  auto bn = [](Money x) { return static_cast<double>(x.ore) / 1e11; };
  // Seed 001: 40.6 M contacts, ~5.1 M citizens in contact, 10.5 bn kr, ~3 M kr per capacity,
  // ~40 % fixed; the differentiated pool is paid out.
  EXPECT_NEAR(static_cast<double>(st.contacts) / 40.6e6, 1.0, 0.05) << st.contacts;
  EXPECT_NEAR(static_cast<double>(st.citizens_with_contacts) / 5.1e6, 1.0, 0.04)
      << st.citizens_with_contacts;
  EXPECT_NEAR(bn(n.total()), 10.5, 0.4);
  EXPECT_NEAR(n.basic_share().to_double(), 0.40, 0.015);
  EXPECT_NEAR(static_cast<double>(n.total().ore) / 100 / static_cast<double>(n.capacities) / 3.0e6,
              1.0, 0.08);
  // DOMAIN.md E5, 2023: an overrun of 1.7-2.3 % of the frame, 176-216 M kr (exact comparisons).
  EXPECT_GE(r.frame.overrun_share, Rate::from_double(0.017)) << r.frame.overrun_share.to_string(4);
  EXPECT_LE(r.frame.overrun_share, Rate::from_double(0.023)) << r.frame.overrun_share.to_string(4);
  EXPECT_GE(r.frame.overrun, Money::kr(176'000'000)) << r.frame.overrun.to_kr_string();
  EXPECT_LE(r.frame.overrun, Money::kr(216'000'000)) << r.frame.overrun.to_kr_string();
  EXPECT_TRUE(r.frame.offset);
  EXPECT_EQ(n.model1 + n.model2 + r.differentiated_unused, s.economy.differentiated_pool);
  EXPECT_GT(n.clinics_repaying, 0);
  EXPECT_LT(n.clinics_repaying, n.clinics / 20);
  EXPECT_EQ(n.claim_lines, static_cast<std::int64_t>(claims.size()));
}

}  // namespace
}  // namespace praksis
