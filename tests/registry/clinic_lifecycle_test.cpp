// Rule C5: takeover requests for regionsklinikker (the 4-year right), udbudsklinikker and
// licensklinikker, the ordinary practice each becomes, in Danish and English, and the CLI.
#include "praksis/model/clinic_lifecycle.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "praksis/store/sqlite_store.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

Clinic clinic(PracticeForm f, Date established) {
  Clinic c;
  c.ydernummer = 4711;
  c.form = f;
  c.established = established;
  c.capacities = 2;
  return c;
}

const CapacitySettings kRules;

TEST(ClinicLifecycle, C5_ARegionClinicOfFourYearsMustBeTransferred) {
  const Clinic c = clinic(PracticeForm::regionsklinik, Date::from_ymd(2019, 3, 1));
  // Exactly four years on the day: the right holds.
  const TakeoverDecision d = decide_takeover(c, Date::from_ymd(2023, 3, 1), 1, kRules, Lang::da);
  EXPECT_EQ(d.outcome, TakeoverOutcome::must_agree);
  EXPECT_EQ(d.rules, std::vector<std::string>{"C5"});
  EXPECT_EQ(d.form_after, PracticeForm::solo_uden_samarbejde);
  EXPECT_FALSE(d.right_from.has_value());
  EXPECT_EQ(d.reason,
            "Regionsklinikken har eksisteret siden 2019-03-01 og dermed mindst 4 år den "
            "2023-03-01: regionen skal indgå aftale med lægen om overdragelse inden for rimelig "
            "tid. Efter overdragelsen bliver klinikken almindelig praksis: solo_uden_samarbejde.");
}

TEST(ClinicLifecycle, C5_AYoungerRegionClinicMayBeTransferredAndTheReasonNamesTheDay) {
  const Clinic c = clinic(PracticeForm::regionsklinik, Date::from_ymd(2019, 3, 1));
  const TakeoverDecision d = decide_takeover(c, Date::from_ymd(2023, 2, 28), 2, kRules, Lang::en);
  EXPECT_EQ(d.outcome, TakeoverOutcome::region_may_agree);
  EXPECT_EQ(d.right_from, Date::from_ymd(2023, 3, 1));
  EXPECT_EQ(d.form_after, PracticeForm::kompagniskab);  // two GPs take over together
  EXPECT_NE(d.reason.find("only existed since 2019-03-01"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("from 2023-03-01"), std::string::npos) << d.reason;
}

TEST(ClinicLifecycle, C5_TheYearsAreTheSettingAndALeapDayEndsOnTheLastOfFebruary) {
  CapacitySettings s;
  s.regionsklinik_transfer_years = 1;
  const Clinic c = clinic(PracticeForm::regionsklinik, Date::from_ymd(2020, 2, 29));
  EXPECT_EQ(decide_takeover(c, Date::from_ymd(2021, 2, 27), 1, s, Lang::da).right_from,
            Date::from_ymd(2021, 2, 28));
  EXPECT_EQ(decide_takeover(c, Date::from_ymd(2021, 2, 28), 1, s, Lang::da).outcome,
            TakeoverOutcome::must_agree);
}

TEST(ClinicLifecycle, C5_TenderedLicenceAndOrdinaryClinics) {
  const Date day = Date::from_ymd(2024, 6, 1), old = Date::from_ymd(2010, 1, 1);
  const auto u = decide_takeover(clinic(PracticeForm::udbudsklinik, old), day, 1, kRules, Lang::da);
  EXPECT_EQ(u.outcome, TakeoverOutcome::region_may_agree);  // however old: a contract, no claim
  EXPECT_NE(u.reason.find("ikke krav på overdragelse"), std::string::npos) << u.reason;
  const auto l = decide_takeover(clinic(PracticeForm::licensklinik, day), day, 1, kRules, Lang::da);
  EXPECT_EQ(l.outcome, TakeoverOutcome::may_buy);
  EXPECT_EQ(l.form_after, PracticeForm::solo_uden_samarbejde);
  for (PracticeForm f : {PracticeForm::kompagniskab, PracticeForm::solo_med_samarbejde,
                         PracticeForm::partnerskabsklinik}) {
    const auto o = decide_takeover(clinic(f, old), day, 1, kRules, Lang::en);
    EXPECT_EQ(o.outcome, TakeoverOutcome::not_applicable) << to_string(f);
    EXPECT_FALSE(o.form_after.has_value());
    EXPECT_NE(o.reason.find("already an ordinary practice"), std::string::npos) << o.reason;
  }
}

TEST(ClinicLifecycle, C5_TheCliDecidesInDanishAndRefusesBadInput) {
  testing::WorldBuilder b;
  const ClinicIndex r = b.clinic(7001, testing::kOrigin, 1, true, PracticeForm::regionsklinik);
  b.citizen(1, testing::kOrigin, r);
  World w = b.build();
  w.clinics[r].established = Date::from_ymd(2018, 5, 1);
  const auto db = testing::temp_dir("takeover") / "praksis.db";
  SqliteStore(db).replace_world(w);
  const auto ok = testing::run_praksis(fmt::format(
      "takeover --db {} --clinic 7001 --requested-on 2022-05-01 --format json", db.string()));
  ASSERT_EQ(ok.code, 0) << ok.err;
  const auto j = nlohmann::json::parse(ok.out)["takeover"];
  EXPECT_EQ(j["outcome"], "must_agree");
  EXPECT_EQ(j["rules"], "C5");
  EXPECT_EQ(j["Afgørelse"], "regionen skal aftale overdragelse");
  const auto text = testing::run_praksis(fmt::format(
      "--lang en takeover --db {} --clinic 7001 --requested-on 2022-04-30", db.string()));
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("the region may agree a transfer"), std::string::npos) << text.out;
  for (const char* bad : {"--clinic 9999", "--clinic 7001 --requested-on 2022-13-01",
                          "--clinic 7001 --requested-on 2999-01-01"}) {
    const auto r2 = testing::run_praksis(fmt::format("takeover --db {} {}", db.string(), bad));
    EXPECT_EQ(r2.code, 2) << bad << ": " << r2.out << r2.err;
  }
}

}  // namespace
}  // namespace praksis
