// Hand-computed tests of the goodwill caps (rules C6, E6) and the other practice areas (E6).
#include "praksis/economy/practice_areas.hpp"

#include <gtest/gtest.h>

#include "economy/economy_fixture.hpp"
#include "praksis/core/error.hpp"
#include "praksis/economy/goodwill.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {
namespace {

Money kr(std::int64_t k) {
  return Money::kr(k);
}

TEST(EconomyC6, GoodwillAtMost136PercentOfTheAverageGrossIncome) {
  const std::vector<Money> income = {kr(3'000'000), kr(3'100'000), kr(3'200'000)};
  const CapacitySettings s;
  const auto at = check_gp_goodwill(kr(4'216'000), income, s);  // 1.36 x 3,100,000
  EXPECT_EQ(at.basis, kr(3'100'000));
  EXPECT_EQ(at.cap, kr(4'216'000));
  EXPECT_TRUE(at.allowed);
  EXPECT_FALSE(check_gp_goodwill(kr(4'216'000) + Money::from_ore(1), income, s).allowed);
}

TEST(EconomyC6, SumReadingUsesTheThreeYearsTogether) {
  CapacitySettings s;
  s.goodwill_basis = GoodwillBasis::sum;
  const std::vector<Money> income = {kr(3'000'000), kr(3'100'000), kr(3'200'000)};
  const auto g = check_gp_goodwill(kr(5'000'000), income, s);
  EXPECT_EQ(g.cap, kr(12'648'000));
  EXPECT_TRUE(g.allowed);
}

TEST(EconomyC6, RoundsTheCapOnceToTheOere) {
  // (1 + 1 + 2 øre) x 1.36 / 3 = 1.8133 øre -> 2 øre.
  const std::vector<Money> income = {Money::from_ore(1), Money::from_ore(1), Money::from_ore(2)};
  EXPECT_EQ(check_gp_goodwill(Money{}, income, CapacitySettings{}).cap, Money::from_ore(2));
}

TEST(EconomyC6, NeedsExactlyTheConfiguredNumberOfYears) {
  const std::vector<Money> two = {kr(1), kr(2)};
  EXPECT_THROW(check_gp_goodwill(kr(1), two, CapacitySettings{}), InputError);
  const std::vector<Money> negative = {kr(1), kr(-2), kr(3)};
  EXPECT_THROW(check_gp_goodwill(kr(1), negative, CapacitySettings{}), InputError);
}

TEST(EconomyE6, SpecialistGoodwillIsAt150PercentOfTheAverageIndexedProfit) {
  // Profits 1.0, 1.1, 1.2 M kr at index 100, 104, 108; sale at index 110.
  const std::vector<Money> profit = {kr(1'000'000), kr(1'100'000), kr(1'200'000)};
  const std::vector<std::int64_t> index = {10000, 10400, 10800};
  const auto g =
      check_specialist_goodwill(kr(1'800'000), profit, index, 11000, PracticeAreaSettings{});
  // Indexed: 1,100,000 + 1,163,461.54 + 1,222,222.22 = 3,485,683.76; average 1,161,894.59.
  EXPECT_EQ(g.basis, Money::from_ore(116'189'459));
  EXPECT_EQ(g.cap, Money::from_ore(174'284'188));  // 1.5 x 3,485,683.76 / 3
  EXPECT_FALSE(g.allowed);
  EXPECT_TRUE(check_specialist_goodwill(kr(1'742'841), profit, index, 11000, PracticeAreaSettings{})
                  .allowed);
}

VisitPrice price(PracticeArea a, VisitCategory c, std::int64_t fee_kr, int age, bool referral) {
  return price_visit(AreaVisit{a, c, kr(fee_kr), age, referral}, PracticeAreaSettings{});
}

TEST(EconomyE6, GeneralPracticeIsFreeAndSpecialistsNeedAReferralExceptEarNoseThroat) {
  EXPECT_EQ(
      price(PracticeArea::general_practice, VisitCategory::standard, 160, 40, false).copayment,
      Money{});
  const auto no_ref = price(PracticeArea::specialist, VisitCategory::standard, 800, 40, false);
  EXPECT_FALSE(no_ref.subsidised);
  EXPECT_EQ(no_ref.copayment, kr(800));
  EXPECT_EQ(price(PracticeArea::specialist, VisitCategory::standard, 800, 40, true).subsidy,
            kr(800));
  EXPECT_EQ(price(PracticeArea::specialist, VisitCategory::ear_nose_throat, 800, 40, false).subsidy,
            kr(800));
}

TEST(EconomyE6, DentistSubsidy40To65PercentForAdultsWithoutReferral) {
  const auto prev = price(PracticeArea::dentist, VisitCategory::preventive, 400, 30, false);
  EXPECT_EQ(prev.subsidy, kr(260));
  EXPECT_EQ(prev.copayment, kr(140));
  const auto treat = price(PracticeArea::dentist, VisitCategory::standard, 1000, 30, false);
  EXPECT_EQ(treat.subsidy, kr(400));
  EXPECT_EQ(treat.copayment, kr(600));
  EXPECT_FALSE(price(PracticeArea::dentist, VisitCategory::standard, 1000, 17, false).subsidised);
  EXPECT_TRUE(price(PracticeArea::dentist, VisitCategory::standard, 1000, 18, false).subsidised);
}

TEST(EconomyE6, PhysiotherapySubsidy40PercentOnlyWithReferral) {
  EXPECT_EQ(price(PracticeArea::physiotherapy, VisitCategory::standard, 300, 50, true).subsidy,
            kr(120));
  EXPECT_FALSE(
      price(PracticeArea::physiotherapy, VisitCategory::standard, 300, 50, false).subsidised);
}

TEST(EconomyE6, ChiropracticCoPaymentWithoutReferral) {
  EXPECT_EQ(
      price(PracticeArea::chiropractic, VisitCategory::diagnosis_scheme, 500, 50, false).copayment,
      kr(200));
  EXPECT_EQ(price(PracticeArea::chiropractic, VisitCategory::standard, 500, 50, false).copayment,
            kr(400));
}

TEST(EconomyE6, PsychologistReferralAndAgeRules) {
  EXPECT_FALSE(
      price(PracticeArea::psychologist, VisitCategory::standard, 1000, 30, false).subsidised);
  EXPECT_EQ(price(PracticeArea::psychologist, VisitCategory::standard, 1000, 30, true).copayment,
            kr(400));
  // Anxiety/depression: free for 18-24, 40 % co-payment from 25, not subsidised under 18.
  EXPECT_EQ(price(PracticeArea::psychologist, VisitCategory::anxiety_depression, 1000, 18, true)
                .copayment,
            Money{});
  EXPECT_EQ(price(PracticeArea::psychologist, VisitCategory::anxiety_depression, 1000, 24, true)
                .copayment,
            Money{});
  EXPECT_EQ(price(PracticeArea::psychologist, VisitCategory::anxiety_depression, 1000, 25, true)
                .copayment,
            kr(400));
  EXPECT_FALSE(price(PracticeArea::psychologist, VisitCategory::anxiety_depression, 1000, 17, true)
                   .subsidised);
  // The 2017 rule (seed 000): anxiety subsidised only up to 38.
  PracticeAreaSettings s2017;
  s2017.psychologist_anxiety_max_age = 38;
  EXPECT_TRUE(price_visit({PracticeArea::psychologist, VisitCategory::anxiety_depression, kr(1000),
                           38, true},
                          s2017)
                  .subsidised);
  EXPECT_FALSE(price_visit({PracticeArea::psychologist, VisitCategory::anxiety_depression, kr(1000),
                            39, true},
                           s2017)
                   .subsidised);
}

TEST(EconomyE6, PodiatryCoPayment50Or60PercentWithReferral) {
  EXPECT_EQ(price(PracticeArea::podiatry, VisitCategory::diabetes, 400, 70, true).copayment,
            kr(200));
  EXPECT_EQ(price(PracticeArea::podiatry, VisitCategory::standard, 400, 70, true).copayment,
            kr(240));
  EXPECT_FALSE(price(PracticeArea::podiatry, VisitCategory::diabetes, 400, 70, false).subsidised);
}

TEST(EconomyE6, ACategoryOfAnotherAreaIsRejected) {
  EXPECT_THROW(price(PracticeArea::physiotherapy, VisitCategory::diabetes, 400, 70, true),
               InputError);
}

TEST(EconomyE6, SpecialistFeeCutIsTheOverrunButAtMost2Point5Percent) {
  const std::vector<SpecialtySpending> sp = {
      {"oftalmologi", kr(1'000'000), kr(1'010'000)},  // 10,000 / 1,010,000 = 0.990099 %
      {"otologi", kr(1'000'000), kr(1'100'000)},      // 9.09 %: limited to 2.5 %
      {"gynækologi", kr(1'000'000), kr(990'000)}};    // within the frame
  const auto cuts = specialist_fee_cuts(sp, PracticeAreaSettings{});
  EXPECT_EQ(cuts[0].overrun, kr(10'000));
  EXPECT_EQ(cuts[0].cut, ratio(kr(10'000), kr(1'010'000)));
  EXPECT_FALSE(cuts[0].limited);
  EXPECT_EQ(cuts[1].cut, Rate{25'000'000});
  EXPECT_TRUE(cuts[1].limited);
  EXPECT_EQ(cuts[2].cut, Rate::zero());
  // Exactly 2.5 % is not "limited".
  const std::vector<SpecialtySpending> edge = {{"x", kr(975'000), kr(1'000'000)}};
  EXPECT_FALSE(specialist_fee_cuts(edge, PracticeAreaSettings{})[0].limited);
}

TEST(EconomyE6, SoftCapCutsFortyPercentAboveTheKnaekgraenseAndHardCapStops) {
  const PracticeAreaSettings s;
  const auto full =
      apply_turnover_cap(SpecialistPracticeKind::full_time, kr(5'000'000), kr(4'000'000), s);
  EXPECT_EQ(full.cut, kr(400'000));
  EXPECT_EQ(full.paid, kr(4'600'000));
  const auto part =
      apply_turnover_cap(SpecialistPracticeKind::part_time, kr(1'500'000), kr(1'200'000), s);
  EXPECT_EQ(part.paid, kr(1'200'000));
  const auto at =
      apply_turnover_cap(SpecialistPracticeKind::full_time, kr(4'000'000), kr(4'000'000), s);
  EXPECT_EQ(at.cut, Money{});
}

}  // namespace
}  // namespace praksis

namespace praksis {
namespace {

TEST(EconomyE6, InconsistentAgeRulesAreRejectedWithTheKey) {
  try {
    Settings::parse("[practice_areas]\npsychologist_free_min_age = 30\n", "s.toml");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues().at(0).where.field, "practice_areas.psychologist_free_max_age");
  }
  EXPECT_NO_THROW(
      Settings::parse("[practice_areas]\npsychologist_anxiety_max_age = 38\n", "s.toml"));
}

}  // namespace
}  // namespace praksis
