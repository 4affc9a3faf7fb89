// Clinic service data (rules A1-A2): what each requirement needs, the compliance figure per
// kommune, region and nation, video only from its start day, and the data through the store.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "praksis/report/survey_output.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/survey/survey.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {
namespace {

ClinicServices all_met() {
  return {true, 1, true, true, 5, true, true, true, true};
}

/// Three clinics in 101 and one in 259: every requirement met, one without video, one with an
/// appointment in 6 weekdays and no evening; the fourth reported nothing.
World world_with_services() {
  WorldBuilder b;
  const ClinicIndex first = b.clinic(4001, kOrigin);
  b.citizen(0xC1, kOrigin, first);
  b.clinic(4002, offset_km(kOrigin, 1, 0));
  b.clinic(4003, offset_km(kOrigin, 2, 0));
  b.clinic(4004, offset_km(kOrigin, -30, 0), 1, true, PracticeForm::kompagniskab, 259);
  World w = b.build();
  w.clinics[0].services = all_met();
  w.clinics[1].services = all_met();
  w.clinics[1].services->video = false;
  w.clinics[2].services = all_met();
  w.clinics[2].services->booking_weekdays = 6;
  w.clinics[2].services->evening_per_week = 0;
  return w;
}

constexpr auto idx(ServiceRequirement r) {
  return static_cast<std::size_t>(r);
}

TEST(ServiceRequirements, A1_EachRequirementAtItsThreshold) {
  const ServiceSettings s;
  ClinicServices c = all_met();
  auto met = meets_requirements(c, s);
  for (bool m : met) EXPECT_TRUE(m);
  c.evening_per_week = 0;
  c.daily_phone_hour = false;
  met = meets_requirements(c, s);
  EXPECT_FALSE(met[idx(ServiceRequirement::evening)]);
  EXPECT_FALSE(met[idx(ServiceRequirement::phone_hour)]);
  EXPECT_TRUE(met[idx(ServiceRequirement::weekdays_8_16)]);
  ServiceSettings two = s;
  two.min_evening_per_week = 2;
  c.evening_per_week = 1;
  EXPECT_FALSE(meets_requirements(c, two)[idx(ServiceRequirement::evening)]);
}

TEST(ServiceRequirements, A2_BookingWithinFiveWeekdaysInclusive) {
  const ServiceSettings s;
  ClinicServices c = all_met();
  c.booking_weekdays = 5;
  EXPECT_TRUE(meets_requirements(c, s)[idx(ServiceRequirement::booking)]);
  c.booking_weekdays = 6;
  EXPECT_FALSE(meets_requirements(c, s)[idx(ServiceRequirement::booking)]);
}

TEST(ServiceRequirements, A2_VideoIsRequiredOnlyFromItsStartDay) {
  const ServiceSettings s;
  EXPECT_FALSE(requirement_applies(ServiceRequirement::video, Date::from_ymd(2024, 12, 31), s));
  EXPECT_TRUE(requirement_applies(ServiceRequirement::video, Date::from_ymd(2025, 1, 1), s));
  EXPECT_TRUE(requirement_applies(ServiceRequirement::booking, Date::from_ymd(2020, 1, 1), s));

  const World w = world_with_services();
  Settings before;  // reference date 2023-01-01
  const Survey a = run_survey(w, before);
  // 4001 and 4002 meet all requirements in force (video not yet); 4003 misses two.
  EXPECT_DOUBLE_EQ(a.nation.all_service_requirements.numerator, 2);
  EXPECT_DOUBLE_EQ(a.nation.all_service_requirements.denominator, 3);
  EXPECT_FALSE(a.video_required);
  Settings after;
  after.dataset.reference_date = Date::from_ymd(2025, 1, 1);
  const Survey b = run_survey(w, after);
  EXPECT_DOUBLE_EQ(b.nation.all_service_requirements.numerator, 1);  // 4002 lacks video
  EXPECT_TRUE(b.video_required);
}

TEST(ServiceRequirements, A1_ComplianceSharePerKommuneRegionAndNation) {
  const Settings settings;
  const Survey s = run_survey(world_with_services(), settings);
  const AreaFigures* kbh = s.find_kommune(101);
  ASSERT_NE(kbh, nullptr);
  const Ratio& evening = kbh->service_compliance[idx(ServiceRequirement::evening)];
  EXPECT_DOUBLE_EQ(evening.numerator, 2);
  EXPECT_DOUBLE_EQ(evening.denominator, 3);
  // Køge's only clinic reported nothing: no share, not 0 %.
  EXPECT_FALSE(s.find_kommune(259)->all_service_requirements.value().has_value());
  EXPECT_DOUBLE_EQ(s.regions[0].service_compliance[idx(ServiceRequirement::video)].numerator, 2);
  const auto j = nlohmann::json::parse(survey_json(s, settings));
  EXPECT_DOUBLE_EQ(j["nation"]["a1_a2"]["booking"]["value"].get<double>(), 2.0 / 3);
  EXPECT_EQ(j["nation"]["a1_a2"]["all"]["denominator"], 3);
  const std::string csv = survey_csv(s, SurveyRows::areas, CsvDialect::standard);
  EXPECT_NE(csv.find("a_weekdays_8_16"), std::string::npos);
  const std::string en = survey_table(s, settings, Lang::en);
  EXPECT_NE(en.find("evening consultation every week: 66.7 %"), std::string::npos) << en;
  EXPECT_NE(en.find("video consultation required only from 2025-01-01"), std::string::npos);
}

TEST(ServiceRequirements, A2_ServiceDataRoundTripsThroughTheStore) {
  const World w = world_with_services();
  SqliteStore store(temp_dir("a2-store") / "praksis.db");
  store.replace_world(w);
  const World back = store.load_world();
  for (std::size_t c = 0; c < w.clinics.size(); ++c)
    EXPECT_EQ(back.clinics[c].services, w.clinics[c].services) << c;
}

TEST(ServiceRequirements, A1_AVersion2StoreIsMigratedToVersion3WithItsWorld) {
  const auto path = temp_dir("a1-migrate") / "praksis.db";
  {
    SqliteStore store(path);
    store.replace_world(world_with_services());
    // Make it a version-2 store: no service or nursing-home tables, version 2.
    store.db().exec(
        "DROP TABLE clinic_services; DROP TABLE nursing_homes; UPDATE meta SET value='2' WHERE "
        "key='schema_version'");
  }
  SqliteStore store(path, false, SchemaUpgrade::migrate);  // `praksis migrate`
  EXPECT_EQ(store.migrated_from(), 2);
  EXPECT_EQ(store.db().query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE "
                                 "key='schema_version'"),
            SqliteStore::kSchemaVersion);
  const World w = store.load_world();
  EXPECT_EQ(w.clinics.size(), 4u);
  EXPECT_FALSE(w.clinics[0].services.has_value());  // re-import to get the service data
  store.replace_world(world_with_services());
  EXPECT_TRUE(store.load_world().clinics[0].services.has_value());
}

}  // namespace
}  // namespace praksis::testing
