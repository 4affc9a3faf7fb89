// Hand-computed tests of the money rules E1-E5 (DOMAIN.md section 8), one or more per rule.
#include <gtest/gtest.h>

#include "economy/economy_fixture.hpp"
#include "praksis/economy/cap.hpp"
#include "praksis/economy/differentiated.hpp"
#include "praksis/economy/frame.hpp"
#include "praksis/economy/settlement.hpp"

namespace praksis {
namespace {

using testing::clinics_with_patients;
using testing::svc;
using testing::test_tariffs;

constexpr int kYear = 2023;
const std::int32_t kDay = Date::from_ymd(kYear, 3, 1).days();

/// Settles `world` with the test tariffs and settings whose differentiated pool is off unless
/// the test needs it.
struct Case {
  World world;
  TariffTable tariffs = test_tariffs();
  Settings settings;
  ClaimColumns claims;
  std::uint64_t next_id = 1;

  explicit Case(World w) : world(std::move(w)) { settings.economy.differentiated_pool = Money{}; }
  void claim(ClinicIndex c, CitizenIndex z, std::string_view code, std::uint32_t qty = 1) {
    claims.push_back(next_id++, c, z, kDay, static_cast<std::uint16_t>(svc(tariffs, code)), qty);
  }
  ActivityMatrix activity() const {
    ActivityMatrix m(world.clinics.size(), tariffs.size());
    std::vector<std::uint16_t> identity(tariffs.size());
    for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<std::uint16_t>(i);
    aggregate_claims(claims, identity, chronic_clinic_of(world.citizens), m);
    return m;
  }
  Settlement settle(SettlementParams p = {},
                    std::optional<FeeStructure> fees = std::nullopt) const {
    p.year = kYear;
    const FeeStructure f = fees.value_or(FeeStructure::from(tariffs, settings.economy));
    return compute_settlement(world, f, settings.demand, activity(), p);
  }
};

Money kr(std::int64_t k) {
  return Money::kr(k);
}
Money ore(std::int64_t o) {
  return Money::from_ore(o);
}

TEST(EconomyE1, BasicFeePerListedPatientMonthAndActivityFees) {
  Case t(clinics_with_patients({3, 2}));
  t.world.clinics[1].established = Date::from_ymd(kYear, 4, 15);  // 9 months: April-December
  t.claim(0, 0, "K", 2);
  t.claim(0, 1, "T");
  t.claim(0, 2, "X");
  t.claim(1, 3, "K");
  const Settlement s = t.settle();
  const auto& a = s.clinics[0].fees;
  EXPECT_EQ(a.patient_months, 36);
  EXPECT_EQ(a.basic, kr(360));     // 36 x 10 kr
  EXPECT_EQ(a.activity, kr(270));  // 2 x 100 + 20 + 50
  EXPECT_EQ(a.contacts, 3);        // K x2, T; the blood sample is additional
  EXPECT_EQ(a.total(), kr(630));
  EXPECT_EQ(s.clinics[1].months, 9);
  EXPECT_EQ(s.clinics[1].fees.patient_months, 18);
  EXPECT_EQ(s.clinics[1].fees.basic, kr(180));
  EXPECT_EQ(s.nation.total(), kr(630 + 180 + 100));
  EXPECT_EQ(s.nation.basic_share(), ratio(kr(540), kr(910)));
}

TEST(EconomyE1, MonthsInYearCountFromTheMonthOfEstablishment) {
  EXPECT_EQ(months_in_year(Date::from_ymd(2000, 1, 1), kYear), 12);
  EXPECT_EQ(months_in_year(Date::from_ymd(kYear, 1, 1), kYear), 12);
  EXPECT_EQ(months_in_year(Date::from_ymd(kYear, 12, 31), kYear), 1);
  EXPECT_EQ(months_in_year(Date::from_ymd(kYear + 1, 1, 1), kYear), 0);
}

TEST(EconomyE2, ChronicFeeReplacesFlaggedFeesOfTheClinicsOwnChronicPatients) {
  Case t(clinics_with_patients({2, 1}));
  t.world.citizens.conditions[0] = kType2Diabetes;  // listed with clinic 0
  t.claim(0, 0, "K", 3);                            // replaced
  t.claim(0, 0, "T");                               // replaced
  t.claim(0, 0, "X", 2);                            // additional service: still paid
  t.claim(0, 0, "H");                               // home visit: not flagged, paid
  t.claim(0, 1, "K");                               // not chronic: paid
  t.claim(1, 0, "K");  // guest visit at another clinic: that clinic is paid
  const Settlement s = t.settle();
  const auto& a = s.clinics[0].fees;
  EXPECT_EQ(a.chronic_patients, 1);
  EXPECT_EQ(a.chronic, kr(2000));
  EXPECT_EQ(a.replaced_by_chronic, kr(320));  // 3 x 100 + 20
  EXPECT_EQ(a.activity, kr(500));             // 100 (other patient) + 2 x 50 + 300
  EXPECT_EQ(a.basic, kr(240));
  EXPECT_EQ(a.total(), kr(2740));
  EXPECT_EQ(s.clinics[1].fees.activity, kr(100));
  EXPECT_EQ(s.clinics[1].fees.chronic, Money{});

  // Without the chronic-care fee every service is paid as activity.
  FeeStructure off = FeeStructure::from(t.tariffs, t.settings.economy);
  off.chronic_fee_enabled = false;
  const Settlement s2 = t.settle({}, off);
  EXPECT_EQ(s2.clinics[0].fees.activity, kr(820));
  EXPECT_EQ(s2.clinics[0].fees.chronic, Money{});
}

TEST(EconomyE2, ChronicFeeIsProRataForAClinicEstablishedDuringTheYear) {
  Case t(clinics_with_patients({1}));
  t.world.citizens.conditions[0] = kCopd;
  t.world.clinics[0].established = Date::from_ymd(kYear, 7, 1);  // 6 months
  EXPECT_EQ(t.settle().clinics[0].fees.chronic, kr(1000));
}

TEST(EconomyE3, Model1PaysDoctorsSettlingInThreatenedKommuner) {
  Case t(clinics_with_patients({1, 1, 1}, {101, 147, 101}));
  t.settings.economy.differentiated_pool = kr(60'000'000);
  t.world.doctors = {
      Doctor{1, 1000, 1980, DoctorRole::owner, 2021},     // settled 2 years ago
      Doctor{2, 1000, 1960, DoctorRole::owner, 2010},     // too long ago (5 years)
      Doctor{3, 1001, 1985, DoctorRole::owner, 2022},     // kommune not threatened
      Doctor{4, 1002, 1990, DoctorRole::employed, 2019},  // 2023 - 2019 = 4 < 5
      Doctor{5, 1002, 1990, DoctorRole::owner, 2018}};    // 5 years: no longer settling
  SettlementParams p;
  p.threatened = {101};
  const Settlement s = t.settle(p);
  EXPECT_EQ(s.clinics[0].fees.model1_doctors, 1);
  EXPECT_EQ(s.clinics[0].fees.model1, kr(72'000));
  EXPECT_EQ(s.clinics[1].fees.model1, Money{});
  EXPECT_EQ(s.clinics[2].fees.model1, kr(72'000));
  EXPECT_EQ(s.nation.model1, kr(144'000));
}

TEST(EconomyE3, Model1SharesThePoolWhenDoctorsWouldNeedMore) {
  const std::vector<std::int64_t> doctors = {2, 1};
  const auto m = allocate_model1(doctors, kr(72'000), kr(100'000));
  EXPECT_EQ(m[0], ore(6'666'667));  // 2/3 of 100,000 kr; the spare øre to the larger remainder
  EXPECT_EQ(m[1], ore(3'333'333));
  const auto full = allocate_model1(doctors, kr(72'000), kr(216'000));  // exactly enough
  EXPECT_EQ(full[0], kr(144'000));
  EXPECT_EQ(full[1], kr(72'000));
}

TEST(EconomyE3, Model2SharesByWeightUpToTheCapPerCapacity) {
  const std::vector<Model2Claim> claims = {{1, kr(50)}, {1, kr(200)}, {2, kr(200)}};
  const auto m = allocate_model2(kr(300), claims);
  EXPECT_EQ(m[0], kr(50));     // 75 would be above its cap
  EXPECT_EQ(m[1], ore(8333));  // the other 250 kr by weight 1:2
  EXPECT_EQ(m[2], ore(16667));
  const auto all = allocate_model2(kr(1000), claims);  // every clinic at its cap
  EXPECT_EQ(all[0] + all[1] + all[2], kr(450));
}

TEST(EconomyE3, Model2GoesToClinicsInKommunerWithHeavyPatientWeight) {
  // Kommune 360 (Lolland): old citizens with diabetes and COPD; kommune 101: young and employed.
  testing::WorldBuilder b;
  b.kommune(360, "Lolland", 1085);
  const auto c0 = b.clinic(1000, testing::kOrigin, 1, true, PracticeForm::kompagniskab, 360);
  const auto c1 = b.clinic(1001, testing::kOrigin, 2, true, PracticeForm::kompagniskab, 360);
  const auto c2 = b.clinic(1002, testing::kOrigin, 3, true, PracticeForm::kompagniskab, 101);
  for (CitizenId id = 1; id <= 40; ++id) {
    b.citizen(id, testing::kOrigin, id % 2 ? c0 : c1, 1940, 360);
    b.last_citizen().conditions = kType2Diabetes | kCopd;
    b.last_citizen().labour = LabourStatus::retired;
  }
  for (CitizenId id = 41; id <= 80; ++id) b.citizen(id, testing::kOrigin, c2, 1990, 101);
  Case t(b.build());
  t.settings.economy.differentiated_pool = kr(150'000);
  const Settlement s = t.settle();
  // Same kommune, so shares follow capacities (1:2); the 100,000 kr cap per capacity binds none.
  EXPECT_EQ(s.clinics[0].fees.model2, kr(50'000));
  EXPECT_EQ(s.clinics[1].fees.model2, kr(100'000));
  EXPECT_EQ(s.clinics[2].fees.model2, Money{});
  EXPECT_EQ(s.differentiated_unused, Money{});
  // A pool larger than the caps (1 + 2 capacities x 100,000 kr) leaves the rest unused.
  t.settings.economy.differentiated_pool = kr(500'000);
  const Settlement s2 = t.settle();
  EXPECT_EQ(s2.clinics[0].fees.model2, kr(100'000));
  EXPECT_EQ(s2.clinics[1].fees.model2, kr(200'000));
  EXPECT_EQ(s2.differentiated_unused, kr(200'000));
}

/// Three clinics of 100 patients in one region; clinic 0 claims `a0` consultations and
/// `phones` telephone consultations, the others 35 consultations each.
Case cap_case(int a0, int phones) {
  Case t(clinics_with_patients({100, 100, 100}));
  t.claim(0, 0, "K", static_cast<std::uint32_t>(a0));
  if (phones) t.claim(0, 1, "T", static_cast<std::uint32_t>(phones));
  t.claim(1, 100, "K", 35);
  t.claim(2, 200, "K", 35);
  return t;
}

TEST(EconomyE4, ExactlyTwentyFivePercentAboveTheRegionalAverageIsNotCapped) {
  // 5,000 kr against an average of (5,000 + 3,500 + 3,500) / 3 = 4,000 kr: exactly 125 %.
  const Settlement s = cap_case(50, 0).settle();
  const auto& c = s.clinics[0];
  EXPECT_TRUE(c.cap.subject);
  EXPECT_FALSE(c.cap.above);
  EXPECT_EQ(c.cap.limit, kr(5000));
  EXPECT_EQ(c.fees.cap_repayment, Money{});
  EXPECT_FALSE(c.cap.after.imposed);
  EXPECT_EQ(s.regions[0].average_per_patient_year, kr(40));
  EXPECT_EQ(s.regions[0].limit_per_patient_year, kr(50));
}

TEST(EconomyE4, TheExcessAboveTheLimitIsRepaid) {
  // One telephone consultation more: 5,020 kr; average 12,020 / 3; limit 1.25 x that = 5,008.33.
  const Settlement s = cap_case(50, 1).settle();
  const auto& c = s.clinics[0];
  EXPECT_TRUE(c.cap.above);
  EXPECT_EQ(c.cap.limit, ore(500'833));
  EXPECT_EQ(c.fees.cap_repayment, ore(1'167));
  EXPECT_EQ(c.fees.total(), kr(12000) + kr(5020) - ore(1'167));  // 100 x 12 x 10 kr basic
  EXPECT_TRUE(c.cap.after.imposed);
  EXPECT_EQ(s.nation.cap_repayment, ore(1'167));
  EXPECT_EQ(s.nation.clinics_repaying, 1);
  EXPECT_FALSE(s.clinics[1].cap.above);
}

TEST(EconomyE4, ActivityOutsideTheCapDoesNotCount) {
  Case t = cap_case(50, 0);
  t.claim(0, 2, "V", 30);  // vaccinations: outside the cap
  const Settlement s = t.settle();
  const auto& c = s.clinics[0];
  EXPECT_FALSE(c.cap.above);
  EXPECT_EQ(c.fees.activity, kr(8000));
  EXPECT_EQ(c.fees.activity_cap_base, kr(5000));
}

TEST(EconomyE4, TheCapLapsesAfterExactlyTwoYearsBelow) {
  const CapRules rules = CapRules::from(EconomySettings{});
  const Money region = kr(12'000);
  const std::int64_t m = 1200, rm = 3600;
  // Year 1 above: imposed and repaid.
  auto y1 = decide_cap(kr(6000), m, region, rm, CapState{}, rules);
  EXPECT_TRUE(y1.above);
  EXPECT_EQ(y1.repayment, kr(1000));
  EXPECT_EQ(y1.after, (CapState{true, 0}));
  // Year 2 below: still imposed, one year below.
  auto y2 = decide_cap(kr(4000), m, region, rm, y1.after, rules);
  EXPECT_FALSE(y2.above);
  EXPECT_FALSE(y2.lapsed);
  EXPECT_EQ(y2.after, (CapState{true, 1}));
  // Year 3 exactly at the limit counts as below: the second year, so the cap lapses.
  auto y3 = decide_cap(kr(5000), m, region, rm, y2.after, rules);
  EXPECT_FALSE(y3.above);
  EXPECT_TRUE(y3.lapsed);
  EXPECT_EQ(y3.after, (CapState{false, 0}));
  // Above again after one year below: the count starts over.
  auto y3b = decide_cap(kr(6000), m, region, rm, y2.after, rules);
  EXPECT_EQ(y3b.after, (CapState{true, 0}));
}

TEST(EconomyE4, ImposeOnlyReadingRepaysFromTheSecondYearAbove) {
  EconomySettings e;
  e.cap_first_year = CapFirstYear::impose_only;
  const CapRules rules = CapRules::from(e);
  const Money region = kr(12'000);
  auto y1 = decide_cap(kr(6000), 1200, region, 3600, CapState{}, rules);
  EXPECT_TRUE(y1.above);
  EXPECT_EQ(y1.repayment, Money{});  // imposed, not yet repaid
  auto y2 = decide_cap(kr(6000), 1200, region, 3600, y1.after, rules);
  EXPECT_EQ(y2.repayment, kr(1000));
  // After the cap lapsed, the next year above is a first year again.
  auto lapsed = decide_cap(kr(6000), 1200, region, 3600, CapState{false, 0}, rules);
  EXPECT_EQ(lapsed.repayment, Money{});
  auto one_below = decide_cap(kr(6000), 1200, region, 3600, CapState{true, 1}, rules);
  EXPECT_EQ(one_below.repayment, kr(1000));
}

TEST(EconomyE4, AClinicWithoutListedPatientsIsNotSubjectToTheCap) {
  const auto d =
      decide_cap(kr(100), 0, kr(1000), 1200, CapState{}, CapRules::from(EconomySettings{}));
  EXPECT_FALSE(d.subject);
  EXPECT_FALSE(d.above);
  EXPECT_EQ(d.repayment, Money{});
}

EconomySettings frame_of(std::int64_t frame_kr) {
  EconomySettings e;
  e.frame = kr(frame_kr);
  return e;
}

TEST(EconomyE5, ExactlyPointSixPercentIsNotOffset) {
  const auto r = compare_with_frame({kYear, kr(1'006'000), {}, std::nullopt}, frame_of(1'000'000));
  EXPECT_EQ(r.overrun, kr(6000));
  EXPECT_TRUE(r.small_overrun);
  EXPECT_FALSE(r.offset);
  EXPECT_EQ(r.to_repay, Money{});
  EXPECT_EQ(r.next_year_factor, Rate::one());
}

TEST(EconomyE5, AnOverrunAbovePointSixPercentIsOffsetWhole) {
  const auto r =
      compare_with_frame({kYear, kr(1'006'000) + ore(1), {}, std::nullopt}, frame_of(1'000'000));
  EXPECT_FALSE(r.small_overrun);
  EXPECT_TRUE(r.offset);
  EXPECT_EQ(r.offset_amount, kr(6000) + ore(1));
  EXPECT_EQ(r.to_repay, kr(6000) + ore(1));
  // Next year's fees: 1 - 6,000.01 / 1,006,000.01.
  EXPECT_EQ(r.next_year_factor, Rate::one() - ratio(kr(6000) + ore(1), kr(1'006'000) + ore(1)));
}

TEST(EconomyE5, ExcessModeOffsetsOnlyThePartAboveTheTolerance) {
  EconomySettings e = frame_of(1'000'000);
  e.offset_mode = OffsetMode::excess;
  const auto r = compare_with_frame({kYear, kr(1'020'000), {}, std::nullopt}, e);
  EXPECT_TRUE(r.offset);
  EXPECT_EQ(r.offset_amount, kr(14'000));  // 20,000 - 0.6 % of 1,000,000
}

TEST(EconomyE5, TheSecondConsecutiveSmallOverrunIsOffset) {
  const auto e = frame_of(1'000'000);
  const auto y1 = compare_with_frame({kYear, kr(1'004'000), {}, std::nullopt}, e);
  EXPECT_TRUE(y1.small_overrun);
  EXPECT_FALSE(y1.offset);
  const auto y2 =
      compare_with_frame({kYear + 1, kr(1'003'000), {}, y1.small_overrun && !y1.offset}, e);
  EXPECT_TRUE(y2.small_overrun);
  EXPECT_TRUE(y2.offset);
  EXPECT_EQ(y2.to_repay, kr(3000));  // the whole small overrun, in either mode
  // After the repeated overrun was offset, the next small one is a first one again.
  const auto y3 =
      compare_with_frame({kYear + 2, kr(1'002'000), {}, y2.small_overrun && !y2.offset}, e);
  EXPECT_FALSE(y3.offset);
}

TEST(EconomyE5, ForgivenessReducesTheRepaymentAndTheFeeFactor) {
  // 2023-like: frame 9.5 bn, overrun 2 %, 56 M kr forgiven.
  const auto r = compare_with_frame({kYear, kr(9'690'000'000), kr(56'000'000), std::nullopt},
                                    frame_of(9'500'000'000));
  EXPECT_TRUE(r.offset);
  EXPECT_EQ(r.overrun, kr(190'000'000));
  EXPECT_EQ(r.overrun_share, Rate{20'000'000});  // 2 %
  EXPECT_EQ(r.to_repay, kr(134'000'000));
  EXPECT_EQ(r.next_year_factor, Rate::one() - ratio(kr(134'000'000), kr(9'690'000'000)));
  const auto within =
      compare_with_frame({kYear, kr(9'000'000'000), {}, std::nullopt}, frame_of(9'500'000'000));
  EXPECT_FALSE(within.offset);
  EXPECT_FALSE(within.small_overrun);
}

}  // namespace
}  // namespace praksis
