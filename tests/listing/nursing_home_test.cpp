// Nursing homes and their attached doctors (rule L8): the residents' choice, the survey figure
// beside the 80 % target, the interchange file and the store.
#include <gtest/gtest.h>

#include <fstream>

#include "listing/listing_fixture.hpp"
#include "praksis/io/interchange.hpp"
#include "praksis/output/text.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/synth/generator.hpp"

namespace praksis::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

/// Home 1 at 20 km south of the origin; its attached doctor practises at 3001 (closed list) at the
/// origin, 20 km away. Clinic 3002 next to the home is open. Citizen 0xB1 lives in the home and is
/// listed with 3002; citizen 0xB2 lives next door (not in the home). Home 2 has no doctor.
World world_with_a_nursing_home() {
  WorldBuilder b;
  const GeoPoint home = offset_km(kOrigin, 0, -20);  // west of København, on land
  b.clinic(3001, kOrigin, 1, /*open=*/false);
  const ClinicIndex near = b.clinic(3002, offset_km(home, 0, 1));
  b.clinic(3003, offset_km(home, 0, -2));
  b.citizen(0xB1, home, near, 1936);
  b.citizen(0xB2, offset_km(home, 0.1, 0), near, 1940);
  World w = b.build();
  w.nursing_homes.push_back({1, "Plejecenter Syd", 101, home, 40, Ydernummer{3001}});
  w.nursing_homes.push_back({2, "Plejecenter Nord", 101, offset_km(kOrigin, 5, 0), 30, {}});
  w.build_indexes();
  return w;
}

json choose(ServiceFixture& f, CitizenId who, Ydernummer clinic) {
  const auto r = f.run("choice", {{"citizen", listing::hex_id(who)}, {"clinic", clinic}},
                       Date::from_ymd(2024, 3, 10));
  EXPECT_EQ(r.status, listing::Result::Status::decided) << r.body;
  return json::parse(r.body);
}

TEST(NursingHome, L8_AResidentMayChooseTheAttachedDoctorBehindAClosedListBeyond15Km) {
  ServiceFixture f(world_with_a_nursing_home(), temp_dir("l8-resident"));
  const json d = choose(f, 0xB1, 3001);
  EXPECT_TRUE(d["allowed"].get<bool>()) << d.dump();
  EXPECT_EQ(d["rules"][0], "L8") << d.dump();
  // The attached doctor sees the residents at the home: the right to home visits stays.
  EXPECT_TRUE(d["home_visit_right"].get<bool>()) << d.dump();
  f.expect_store_matches_memory();
}

TEST(NursingHome, L8_ANeighbourOutsideTheHomeHasNoSuchChoice) {
  ServiceFixture f(world_with_a_nursing_home(), temp_dir("l8-neighbour"));
  const json d = choose(f, 0xB2, 3001);
  EXPECT_FALSE(d["allowed"].get<bool>()) << d.dump();
  EXPECT_EQ(d["rules"][0], "L3") << d.dump();  // closed, beyond 15 km, no doctor's acceptance
}

TEST(NursingHome, L8_OnlyTheAttachedDoctorIsChosenFreely) {
  World w = world_with_a_nursing_home();
  w.clinics[2].open = false;  // 3003, 2 km from the home, is closed and not attached
  ServiceFixture f(w, temp_dir("l8-other"));
  const json d = choose(f, 0xB1, 3003);
  EXPECT_FALSE(d["allowed"].get<bool>()) << d.dump();
  EXPECT_EQ(d["rules"][0], "L4") << d.dump();
}

TEST(NursingHome, L8_SurveyShareOfHomesWithAnAttachedDoctorBesideTheTarget) {
  World w = world_with_a_nursing_home();
  w.nursing_homes.push_back(
      {3, "Plejecenter Køge", 259, offset_km(kOrigin, -30, -5), 20, Ydernummer{3003}});
  w.build_indexes();
  w.citizens.listing[0] = *w.find_clinic(3001);  // 0xB1 chose the attached doctor
  const Settings settings;
  const Survey s = run_survey(w, settings);
  EXPECT_EQ(s.nation.nursing_homes, 3u);
  EXPECT_DOUBLE_EQ(s.nation.attached_doctor_share.numerator, 2);
  EXPECT_DOUBLE_EQ(s.nation.attached_doctor_share.denominator, 3);
  // Home 1 has one resident, listed with its doctor; home 3 has none.
  EXPECT_DOUBLE_EQ(s.nation.residents_with_attached_doctor.numerator, 1);
  EXPECT_DOUBLE_EQ(s.nation.residents_with_attached_doctor.denominator, 1);
  const AreaFigures* koege = s.find_kommune(259);
  ASSERT_NE(koege, nullptr);
  EXPECT_DOUBLE_EQ(koege->attached_doctor_share.numerator, 1);
  EXPECT_DOUBLE_EQ(koege->attached_doctor_share.denominator, 1);
  EXPECT_EQ(s.find_kommune(101)->nursing_homes, 2u);
  const json j = json::parse(survey_json(s, settings));
  EXPECT_DOUBLE_EQ(j["references"]["attached_doctor_share"].get<double>(), 0.80);
  EXPECT_DOUBLE_EQ(j["nation"]["l8"]["attached_doctor_share"]["value"].get<double>(), 2.0 / 3);
  EXPECT_EQ(j["regions"][0]["l8"]["nursing_homes"], 2) << j["regions"][0].dump();
  const std::string csv = survey_csv(s, SurveyRows::areas, CsvDialect::standard);
  EXPECT_NE(csv.find("attached_doctor_share"), std::string::npos);
  EXPECT_NE(csv.find(",3,0.6667,1.0000,"), std::string::npos) << csv;
  const std::string en = survey_table(s, settings, Lang::en);
  EXPECT_NE(en.find("nursing homes with an attached doctor: 2 of 3 (66.7 %, target 80 %)"),
            std::string::npos)
      << en;
  EXPECT_NE(survey_table(s, settings, Lang::da).find("plejehjem med fast tilknyttet læge: 2 af 3"),
            std::string::npos);
}

TEST(NursingHome, L8_HomesRoundTripThroughTheStoreAndTheFiles) {
  const World w = world_with_a_nursing_home();
  const fs::path dir = temp_dir("l8-store");
  SqliteStore store(dir / "praksis.db");
  store.replace_world(w);
  const World back = store.load_world();
  ASSERT_EQ(back.nursing_homes.size(), 2u);
  EXPECT_EQ(back.nursing_homes[0].name, "Plejecenter Syd");
  EXPECT_EQ(back.nursing_homes[0].attached, Ydernummer{3001});
  EXPECT_FALSE(back.nursing_homes[1].attached.has_value());
  EXPECT_NE(back.nursing_home_at(w.citizens.home[0]), nullptr);
  EXPECT_EQ(back.nursing_home_at(w.citizens.home[1]), nullptr);
  write_world(back, dir / "files");
  const World again = read_world(dir / "files", Settings{});
  ASSERT_EQ(again.nursing_homes.size(), 2u);
  EXPECT_EQ(again.nursing_homes[0].location, w.nursing_homes[0].location);
}

/// The valid fixture plus a nursing_homes.csv with `rows`.
fs::path dataset_with_homes(const std::string& rows) {
  const fs::path dir = temp_dir("l8-files");
  for (const auto& e : fs::directory_iterator(fs::path(PRAKSIS_TEST_DATA_DIR) / "valid"))
    fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
  std::ofstream(dir / "nursing_homes.csv")
      << "nursing_home_id,name,kommunekode,lat,lon,places,attached_ydernummer\n"
      << rows;
  return dir;
}

std::string import_error(const fs::path& dir) {
  try {
    read_world(dir, Settings{});
  } catch (const InputError& e) {
    return error_text(e, Lang::en);
  }
  return "";
}

TEST(NursingHome, L8_ImportRefusesBadRowsAtFileLineColumn) {
  EXPECT_NE(import_error(dataset_with_homes("1,A,101,55.68,12.53,40,999999\n"))
                .find("nursing_homes.csv:2:7 (attached_ydernummer): unknown ydernummer 999999"),
            std::string::npos);
  EXPECT_NE(import_error(dataset_with_homes("1,A,101,55.68,12.53,40,\n2,B,101,55.68,12.53,9,\n"))
                .find("nursing_homes.csv:3:4 (lat): nursing home 1 is at the same location"),
            std::string::npos);
  EXPECT_NE(import_error(dataset_with_homes("1,A,102,55.68,12.53,40,\n"))
                .find("nursing_homes.csv:2:3 (kommunekode): unknown kommunekode 102"),
            std::string::npos);
  EXPECT_NE(import_error(dataset_with_homes("1,A,101,55.68,12.53,0,\n"))
                .find("nursing_homes.csv:2:6 (places)"),
            std::string::npos);
  // Without the file the world simply has no nursing homes.
  const fs::path none = dataset_with_homes("");
  fs::remove(none / "nursing_homes.csv");
  EXPECT_TRUE(read_world(none, Settings{}).nursing_homes.empty());
}

TEST(NursingHome, L8_TheSyntheticDenmarkHasRealisticHomes) {
  const Settings s;
  const World w = generate_world({0.05, 5, 2}, s);
  // 900 homes at scale 1.0, ~44 places each; residents 65+ (mostly 80+) at the homes' addresses.
  EXPECT_EQ(w.nursing_homes.size(), 45u);
  std::size_t residents = 0, aged_80 = 0, places = 0, attached = 0;
  for (const auto& h : w.nursing_homes) {
    places += h.places;
    attached += h.attached.has_value();
    EXPECT_GE(w.kommune_index(h.kommune), 0);
  }
  for (std::size_t i = 0; i < w.citizens.size(); ++i) {
    if (!w.nursing_home_at(w.citizens.home[i])) continue;
    ++residents;
    const int age = w.citizens.age_in(i, s.dataset.reference_date.year());
    EXPECT_GE(age, 65);
    aged_80 += age >= 80;
  }
  EXPECT_NEAR(static_cast<double>(places) / 45, 44, 6);
  EXPECT_EQ(residents, places);
  EXPECT_GT(static_cast<double>(aged_80) / residents, 0.7);
  EXPECT_NEAR(static_cast<double>(attached) / 45, 0.9, 0.12);
}

}  // namespace
}  // namespace praksis::testing
