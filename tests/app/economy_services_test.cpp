// The economy's and the clinics' use-case services (takeover, E6 practice areas, goodwill,
// claims, home visits, settlement): each parameters struct refuses bad values naming the option,
// and each result is checked on a toy world.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <random>

#include "praksis/app/claims_service.hpp"
#include "praksis/app/goodwill_service.hpp"
#include "praksis/app/home_visit_service.hpp"
#include "praksis/app/practice_area_service.hpp"
#include "praksis/app/settlement_service.hpp"
#include "praksis/app/takeover_service.hpp"
#include "praksis/core/error.hpp"
#include "praksis/economy/economy_repository.hpp"
#include "praksis/store/store.hpp"
#include "support/input_error.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {
using testing::kOrigin;
using testing::offset_km;
using testing::WorldBuilder;

using testing::option_of;

/// Four clinics in København and Køge, 400 listed citizens of all ages.
World toy_world() {
  WorldBuilder b;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(-15, 15);
  std::vector<ClinicIndex> clinics;
  for (int i = 0; i < 4; ++i) {
    clinics.push_back(b.clinic(300 + static_cast<Ydernummer>(i), offset_km(kOrigin, u(rng), u(rng)),
                               2, true, PracticeForm::kompagniskab, i < 2 ? 101 : 259));
    b.doctor(static_cast<DoctorId>(30 + i), 300 + static_cast<Ydernummer>(i), 1960 + i);
  }
  for (int i = 0; i < 400; ++i)
    b.citizen(static_cast<CitizenId>(i + 1), offset_km(kOrigin, u(rng), u(rng)),
              clinics[static_cast<std::size_t>(i) % 4], 1925 + i % 95, i % 4 >= 2 ? 259 : 101);
  return b.build();
}

std::string stored_toy_world(const std::string& name) {
  const std::string db = (testing::temp_dir(name) / "world.db").string();
  open_store(db)->replace_world(toy_world());
  return db;
}

TEST(TakeoverService, BadParametersNameTheOption) {
  const Date today = Date::from_ymd(2024, 6, 1);
  auto v = [&](app::TakeoverParameters p) { return option_of([&] { p.validate(today); }); };
  EXPECT_EQ(v({.requested_on = "2024-13-01"}), "--requested-on");
  EXPECT_EQ(v({.requested_on = "2024-06-02"}), "--requested-on");  // after today
  EXPECT_EQ(v({.doctors = 0}), "--doctors");
  EXPECT_EQ(v({.requested_on = "2024-06-01"}), "no error");
  EXPECT_EQ(app::TakeoverParameters{}.validate(today), today);  // no day given: today
  const Settings s;
  EXPECT_EQ(option_of([&] {
              app::TakeoverService(s).decide(toy_world(), {.clinic = 999}, today, Lang::en);
            }),
            "--clinic");
}

TEST(TakeoverService, AFourYearOldRegionClinicOfTheWorldMustBeTransferred) {
  World w = toy_world();
  w.clinics[1].form = PracticeForm::regionsklinik;
  w.clinics[1].established = Date::from_ymd(2019, 3, 1);
  const Settings s;
  const auto r =
      app::TakeoverService(s).decide(w, {.clinic = 301, .requested_on = "2023-03-01", .doctors = 2},
                                     Date::from_ymd(2024, 1, 1), Lang::en);
  EXPECT_EQ(r.clinic.ydernummer, 301u);
  EXPECT_EQ(r.requested_on, Date::from_ymd(2023, 3, 1));
  EXPECT_EQ(r.decision.outcome, TakeoverOutcome::must_agree);
  EXPECT_EQ(r.decision.form_after, PracticeForm::kompagniskab);  // two GPs take over together
}

TEST(PracticeAreaService, BadParametersNameTheOption) {
  const Settings s;
  const app::PracticeAreaService svc(s);
  const app::CopaymentParameters ok{.area = "dentist", .fee = Money::from_ore(50000), .age = 40};
  auto c = [&](app::CopaymentParameters p) { return option_of([&] { svc.copayment(p); }); };
  EXPECT_EQ(c(ok), "no error");
  auto bad = ok;
  bad.area = "surgery";
  EXPECT_EQ(c(bad), "--area");
  bad = ok;
  bad.category = "sports";
  EXPECT_EQ(c(bad), "--category");
  bad = ok;
  bad.category = "diabetes";  // a category of another area
  EXPECT_EQ(c(bad), "--category");
  bad = ok;
  bad.fee = Money::from_ore(-1);
  EXPECT_EQ(c(bad), "--fee-kr");
  bad = ok;
  bad.age = 131;
  EXPECT_EQ(c(bad), "--age");
  auto t = [&](app::TurnoverCapParameters p) { return option_of([&] { svc.turnover_cap(p); }); };
  EXPECT_EQ(t({.kind = "half_time"}), "--kind");
  EXPECT_EQ(t({.turnover = Money::from_ore(-5)}), "--turnover-kr");
  EXPECT_EQ(t({.threshold = Money::from_ore(-5)}), "--threshold-kr");
}

TEST(PracticeAreaService, AVisitIsPaidBySubsidyAndCopaymentAndAHardCapPaysNothingAbove) {
  const Settings s;
  const app::PracticeAreaService svc(s);
  const auto r = svc.copayment(
      {.area = "physiotherapy", .fee = Money::from_ore(30050), .age = 70, .referral = true});
  EXPECT_EQ(r.visit.area, PracticeArea::physiotherapy);
  EXPECT_EQ(r.visit.fee.ore, 30050);
  EXPECT_EQ(r.price.subsidy.ore + r.price.copayment.ore, 30050);
  const auto cap = svc.turnover_cap({.kind = "part_time",
                                     .turnover = Money::from_ore(500'000'000),
                                     .threshold = Money::from_ore(400'000'000)});
  EXPECT_EQ(cap.paid.ore, 400'000'000);
  EXPECT_EQ(cap.cut.ore, 100'000'000);
}

TEST(GoodwillService, BadParametersNameTheOption) {
  auto v = [](app::GoodwillParameters p) { return option_of([&] { p.validate(); }); };
  EXPECT_EQ(v({}), "--income-kr");                 // neither incomes nor a store
  EXPECT_EQ(v({.store = "x.db"}), "--income-kr");  // a store without a ydernummer
  EXPECT_EQ(v({.store = "x.db", .ydernummer = 5}), "no error");
  EXPECT_EQ(v({.specialist = true}), "--specialist");
  EXPECT_EQ(v({.specialist = true,
               .profits = {Money::from_ore(1)},
               .indices = {100},
               .index_now = {100, 101}}),
            "--index-now");
}

TEST(GoodwillService, TheCapIsTheShareOfTheAverageIncome) {
  const Settings s;
  const std::vector<Money> incomes = {Money::from_ore(300'000'000), Money::from_ore(310'000'000),
                                      Money::from_ore(320'000'000)};
  const auto r =
      app::GoodwillService(s).check({.price = Money::from_ore(421'600'000), .incomes = incomes});
  EXPECT_EQ(r.check.basis.ore, 310'000'000);
  EXPECT_EQ(r.check.cap.ore, 421'600'000);  // 136 % of 3,100,000 kr
  EXPECT_TRUE(r.check.allowed);             // at the cap is allowed
  EXPECT_TRUE(r.income_by_year.empty());
}

TEST(ClaimsService, BadParametersNameTheOption) {
  auto g = [](app::ClaimGenerationParameters p) { return option_of([&] { p.validate(); }); };
  EXPECT_EQ(g({.year = 2024}), "--db");
  EXPECT_EQ(g({.store = "x.db", .year = 1800}), "--year");
  EXPECT_EQ(g({.store = "x.db", .year = 2024}), "no error");
  auto i = [](app::ClaimImportParameters p) { return option_of([&] { p.validate(); }); };
  EXPECT_EQ(i({.store = "x.db", .year = 2024}), "FILE");
  EXPECT_EQ(i({.file = "c.csv", .store = "x.db", .year = 2201}), "--year");
  auto e = [](app::ClaimExportParameters p) { return option_of([&] { p.validate(); }); };
  EXPECT_EQ(e({.store = "x.db", .year = 2024}), "--out");
}

TEST(ClaimsService, AGeneratedYearExportsAndImportsLineForLine) {
  const Settings s;
  const app::ClaimsService svc(s);
  const std::string db = stored_toy_world("claims-service");
  const auto g = svc.generate({.store = db, .year = 2023, .threads = 1});
  EXPECT_GT(g.stats.lines, 0);
  EXPECT_EQ(g.written_to, db);
  // The year has claims now: generating it again without --replace is refused.
  EXPECT_EQ(option_of([&] { svc.generate({.store = db, .year = 2023}); }), "--year");
  const std::string file = (testing::temp_dir("claims-service-file") / "c.csv").string();
  EXPECT_EQ(svc.export_year({.store = db, .year = 2023, .out = file}), g.stats.lines);
  const std::string other = stored_toy_world("claims-service-other");
  EXPECT_EQ(svc.import({.file = file, .store = other, .year = 2023}), g.stats.lines);
  EXPECT_EQ(option_of([&] { svc.export_year({.store = db, .year = 2022, .out = file}); }),
            "--year");
}

TEST(HomeVisitService, BadParametersNameTheOption) {
  auto v = [](app::HomeVisitParameters p) { return option_of([&] { p.validate(); }); };
  EXPECT_EQ(v({.year = 2024}), "--db");
  EXPECT_EQ(v({.store = "x.db"}), "--year");
  const Settings s;
  const std::string db = stored_toy_world("home-visits-none");
  EXPECT_EQ(option_of([&] { app::HomeVisitService(s).run({.store = db, .year = 2024}); }),
            "--year");  // no claims stored for the year
}

TEST(HomeVisitService, TheNationIsTheSumOfItsRegions) {
  const Settings s;
  const std::string db = stored_toy_world("home-visits");
  app::ClaimsService(s).generate({.store = db, .year = 2024, .threads = 1});
  const auto r = app::HomeVisitService(s).run({.store = db, .year = 2024});
  ASSERT_GE(r.areas.size(), 2u);
  EXPECT_EQ(r.areas[0].code, 0);  // the nation first
  std::int64_t visits = 0, aged = 0;
  for (std::size_t i = 1; i < r.areas.size(); ++i) {
    visits += r.areas[i].visits;
    aged += r.areas[i].aged_citizens;
  }
  EXPECT_EQ(r.areas[0].visits, visits);
  EXPECT_EQ(r.areas[0].aged_citizens, aged);
  EXPECT_GT(aged, 0);
  EXPECT_FALSE(r.tables(Lang::en).empty());
}

TEST(SettlementService, BadParametersNameTheOption) {
  auto v = [](app::SettlementParameters p) { return option_of([&] { p.validate(); }); };
  EXPECT_EQ(v({.year = 2024}), "no error");
  EXPECT_EQ(v({.year = 1800}), "--year");
  EXPECT_EQ(v({.year = 2024, .level = "kommune"}), "--level");  // a scenario's level
  EXPECT_EQ(v({.year = 2024, .scenario = "s.toml", .level = "frame"}), "--level");
  EXPECT_EQ(v({.year = 2024, .previous_small_overrun = "maybe"}), "--previous-small-overrun");
  EXPECT_EQ(v({.year = 2024, .forgiveness = Money::from_ore(-1)}), "--forgiveness-kr");
  EXPECT_EQ((app::SettlementParameters{.year = 2024, .level = "frame"}.csv_table()), "frame");
  EXPECT_EQ((app::SettlementParameters{.year = 2024, .scenario = "s.toml"}.csv_table()),
            "threatened");
}

TEST(SettlementService, AYearIsSettledAndStoredAndAnUnknownClinicChangesNothing) {
  const Settings s;
  const app::SettlementService svc(s);
  const std::string db = stored_toy_world("settlement");
  app::ClaimsService(s).generate({.store = db, .year = 2024, .threads = 1});
  // An unknown --clinic is refused before the year is settled.
  EXPECT_EQ(
      option_of([&] { svc.run({.store = db, .year = 2024, .threatened = "none", .clinic = 1}); }),
      "--clinic");
  {
    auto store = open_store(db, false);
    EXPECT_FALSE(open_economy_repository(*store)->load_settlement(2024).has_value());
  }
  const auto r = svc.run({.store = db, .year = 2024, .threatened = "101", .clinic = 302});
  ASSERT_TRUE(r.settlement.has_value());
  ASSERT_TRUE(r.explained.has_value());
  EXPECT_FALSE(r.scenario.has_value());
  EXPECT_EQ(r.settlement->clinics.size(), 4u);
  EXPECT_EQ(r.explained->clinic.ydernummer, 302u);
  EXPECT_TRUE(r.frame_is_national);  // a toy world spends far less than Denmark's frame
  const auto shown = svc.run({.store = db, .year = 2024, .show = true});
  ASSERT_TRUE(shown.settlement.has_value());
  EXPECT_EQ(shown.settlement->nation.total().ore, r.settlement->nation.total().ore);
}

}  // namespace
}  // namespace praksis
