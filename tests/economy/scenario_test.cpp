// Fee scenarios: explicit fee changes, budget-neutral risk-adjusted basic share, reporting groups.
#include "praksis/economy/scenario.hpp"

#include <gtest/gtest.h>

#include "economy/economy_fixture.hpp"
#include "praksis/core/error.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/economy/claim_generator.hpp"
#include "praksis/output/text.hpp"

namespace praksis {
namespace {

using testing::test_tariffs;

ActivityMatrix activity_of(const World& w, const TariffTable& t, const ClaimColumns& c) {
  ActivityMatrix m(w.clinics.size(), t.size());
  std::vector<std::uint16_t> identity(t.size());
  for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<std::uint16_t>(i);
  aggregate_claims(c, identity, chronic_clinic_of(w.citizens), m);
  return m;
}

TEST(EconomyScenario, ParsesAndRejectsWithFileLineAndKey) {
  const TariffTable t = test_tariffs();
  const Scenario sc = Scenario::parse(
      "name = \"Højere basis\"\nbasic_fee_kr_per_month = 20\nchronic_fee = false\n[fees]\nK = "
      "120.5\n",
      "s.toml", t);
  EXPECT_EQ(sc.name, "Højere basis");
  EXPECT_EQ(sc.basic_fee_per_month, Money::kr(20));
  EXPECT_EQ(sc.chronic_fee_enabled, false);
  ASSERT_EQ(sc.fees.size(), 1u);
  EXPECT_EQ(sc.fees[0].second, Money::from_ore(12050));
  auto err = [&](std::string text) {
    try {
      Scenario::parse(text, "s.toml", t);
    } catch (const InputError& e) {
      return issue_text(e.issues().at(0), Lang::en);
    }
    return std::string("accepted");
  };
  EXPECT_EQ(err("name = \"x\"\nbasic_share = 1.5\n"),
            "s.toml:2:15 (basic_share): must be a number between 0 and 1");
  EXPECT_EQ(err("[fees]\nZZ = 1\n"),
            "s.toml:2:6 (fees.ZZ): unknown service code 'ZZ' (not in test-tariffs.csv)");
  EXPECT_EQ(err("basic_shares = 0.5\n").substr(0, 48),
            "s.toml:1:16 (basic_shares): unknown scenario key");
  EXPECT_EQ(err("basic_share = 0.5\nactivity_fee_factor = 2\n").substr(0, 22),
            "s.toml (basic_share): ");
}

TEST(EconomyScenario, ExplicitFeesRepriceTheSameClaims) {
  const World w = testing::clinics_with_patients({2, 1});
  const TariffTable t = test_tariffs();
  ClaimColumns c;
  const auto d = Date::from_ymd(2023, 2, 1).days();
  c.push_back(1, 0, 0, d, static_cast<std::uint16_t>(*t.find("K")), 4);
  c.push_back(2, 1, 2, d, static_cast<std::uint16_t>(*t.find("T")), 1);
  Settings s;
  s.economy.differentiated_pool = Money{};
  s.economy.cap_above_regional_average = 10;  // no højestegrænse in this comparison
  SettlementParams p;
  p.year = 2023;
  const Scenario sc =
      Scenario::parse("basic_fee_kr_per_month = 20\n[fees]\nK = 150\n", "s.toml", t);
  const auto r =
      run_scenario(sc, FeeStructure::from(t, s.economy), w, s.demand, activity_of(w, t, c), p);
  EXPECT_EQ(r.baseline.clinics[0].fees.total(), Money::kr(240 + 400));
  EXPECT_EQ(r.result.clinics[0].fees.total(), Money::kr(480 + 600));
  EXPECT_EQ(r.result.clinics[1].fees.total(), Money::kr(240 + 20));
  const auto tables = scenario_tables(r, w, Lang::en);
  ASSERT_EQ(tables.size(), 4u);
  EXPECT_EQ(tables[3].name, "clinics");
  EXPECT_EQ(std::get<Money>(tables[3].rows[0][7]), Money::kr(440));  // change_kr
}

TEST(EconomyScenario, BudgetNeutralRiskAdjustedBasicShareMovesMoneyToSickerPatients) {
  const World w = testing::random_world(21, 18, 15'000);
  const TariffTable t = TariffTable::embedded();
  Settings s;
  const ClaimColumns c = generate_claims(w, s.demand, t, 2023, 2, {}, nullptr, 2);
  const ActivityMatrix m = activity_of(w, t, c);
  SettlementParams p;
  p.year = 2023;
  p.threatened = {360};
  const Scenario sc =
      Scenario::parse("basic_share = 0.6\nrisk_adjusted_basic = true\n", "s.toml", t);
  const auto r = run_scenario(sc, FeeStructure::from(t, s.economy), w, s.demand, m, p);
  // The fixed part is 60 % of the same gross, up to the rounding of fees to the øre.
  EXPECT_NEAR(r.result.nation.basic_share().to_double(), 0.6, 0.001);
  EXPECT_NEAR(static_cast<double>(r.result.nation.gross().ore) / r.baseline.nation.gross().ore, 1.0,
              0.001);
  // Basishonorar per listed patient now follows the patients' disease weight: the clinic with the
  // oldest, sickest list earns more per patient than the one with the youngest.
  const DemandModel model(s.demand, 2023);
  const auto weights = model.weights(w.citizens);
  std::vector<double> mean(w.clinics.size(), 0);
  std::vector<int> n(w.clinics.size(), 0);
  for (std::size_t i = 0; i < w.citizens.size(); ++i) {
    mean[w.citizens.listing[i]] += weights[i];
    ++n[w.citizens.listing[i]];
  }
  std::size_t heavy = 0, light = 0;
  for (std::size_t k = 0; k < mean.size(); ++k) {
    mean[k] /= n[k];
    if (mean[k] > mean[heavy]) heavy = k;
    if (mean[k] < mean[light]) light = k;
  }
  auto per_patient = [&](const Settlement& st, std::size_t k) {
    return static_cast<double>(st.clinics[k].fees.basic.ore) / st.clinics[k].fees.listed_patients;
  };
  EXPECT_GT(per_patient(r.result, heavy) / per_patient(r.result, light),
            mean[heavy] / mean[light] * 0.99);
  EXPECT_NEAR(per_patient(r.baseline, heavy), per_patient(r.baseline, light), 1.0);
  // The threatened group and the rest add up to the nation in both settlements.
  const auto tables = scenario_tables(r, w, Lang::en);
  const auto& th = tables[1];
  EXPECT_EQ(std::get<Money>(th.rows[0][3]) + std::get<Money>(th.rows[1][3]),
            r.baseline.nation.total());
  EXPECT_EQ(std::get<Money>(th.rows[0][4]) + std::get<Money>(th.rows[1][4]),
            r.result.nation.total());
  Money kommuner;
  for (const auto& row : tables[2].rows) kommuner += std::get<Money>(row[6]);
  EXPECT_EQ(kommuner, r.result.nation.total());
}

TEST(EconomyScenario, AShareTooLowForTheChronicFeesIsAnInputError) {
  const World w = testing::random_world(21, 6, 3000);
  const TariffTable t = TariffTable::embedded();
  Settings s;
  const ActivityMatrix m =
      activity_of(w, t, generate_claims(w, s.demand, t, 2023, 2, {}, nullptr, 1));
  SettlementParams p;
  p.year = 2023;
  const Scenario sc = Scenario::parse("basic_share = 0.01\n", "low.toml", t);
  EXPECT_THROW(run_scenario(sc, FeeStructure::from(t, s.economy), w, s.demand, m, p), InputError);
}

}  // namespace
}  // namespace praksis
