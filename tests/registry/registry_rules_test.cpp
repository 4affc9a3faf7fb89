// Rules C3 (ydernumre per owner) and C4 (employed doctors per capacities) at import, in the store,
// in the generator and in what-if changes: scenarios at the limits, the exceptions, bad input.
#include "praksis/model/registry_rules.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include "praksis/io/interchange.hpp"
#include "praksis/output/text.hpp"
#include "praksis/placement/what_if.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/synth/generator.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace fs = std::filesystem;
namespace {

const fs::path kData = PRAKSIS_TEST_DATA_DIR;

// The valid fixture (clinic 100001: kompagniskab in 101 with 3 capacities and owners 5001, 5002;
// 100002: solo in 147 owned by 5003; 100003: regionsklinik in 259 with 1+1 capacities and one
// employed doctor) with rows appended to clinics.csv and doctors.csv.
fs::path dataset(const std::string& extra_clinics, const std::string& extra_doctors) {
  const fs::path dir = testing::temp_dir("registry");
  for (const auto& e : fs::directory_iterator(kData / "valid"))
    fs::copy_file(e.path(), dir / e.path().filename());
  std::ofstream(dir / "clinics.csv", std::ios::app) << extra_clinics;
  std::ofstream(dir / "doctors.csv", std::ios::app) << extra_doctors;
  return dir;
}

// n more kompagniskab clinics 100004.. in København, each with one capacity.
std::string clinics(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += fmt::format("{},Klinik {},kompagniskab,101,55.6{}000,12.55000,open,2010-01-01,1,0\n",
                     100004 + i, i, i);
  return s;
}

// Doctor 5001 (born 1965) as owner of clinics 100004.. as well.
std::string owner_5001_of(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += fmt::format("5001,{},1965,owner,2012\n", 100004 + i);
  return s;
}

// Settings in which no kommune is threatened unless `threatened` names it (no criteria, a
// manual designation with a reason for it): the C4 exception is then under the test's control.
Settings settings_with(std::optional<int> threatened = std::nullopt) {
  Settings s;
  s.designation.criteria.clear();
  if (threatened)
    s.designation.manual.push_back({*threatened, ManualAction::designate, "test: threatened"});
  return s;
}

InputIssue first_issue(const fs::path& dir, const Settings& s) {
  try {
    read_world(dir, s);
  } catch (const InputError& e) {
    return e.issues().front();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

TEST(RegistryRules, C3_SixYdernumreAreAllowedAndTheSeventhIsRefusedAtItsRow) {
  const Settings s = settings_with();
  // 5001 owns 100001 plus five more: six in all.
  const World six = read_world(dataset(clinics(6), owner_5001_of(5)), s);
  EXPECT_EQ(std::count_if(six.doctors.begin(), six.doctors.end(),
                          [](const Doctor& d) { return d.id == 5001; }),
            6);
  // Plus a sixth: seven. The 7th ownership is the 6th appended row, line 1 + 4 + 6 = 11.
  const InputIssue i = first_issue(dataset(clinics(6), owner_5001_of(6)), s);
  EXPECT_TRUE(i.where.to_string().ends_with("doctors.csv:11:1 (doctor_id)")) << i.where.to_string();
  EXPECT_EQ(issue_reason(i, Lang::en),
            "doctor 5001 owns 7 ydernumre; rule C3 allows at most 6 "
            "(capacity.max_ydernumre_per_doctor)");
}

TEST(RegistryRules, C3_TheLimitIsTheSetting) {
  Settings s = settings_with();
  s.capacity.max_ydernumre_per_doctor = 1;
  const InputIssue i = first_issue(dataset(clinics(1), owner_5001_of(1)), s);
  EXPECT_TRUE(i.where.to_string().ends_with("doctors.csv:6:1 (doctor_id)")) << i.where.to_string();
  EXPECT_NE(issue_reason(i, Lang::en).find("owns 2 ydernumre; rule C3 allows at most 1"),
            std::string::npos);
  // Employed rows of the same doctor elsewhere are not ownerships (2 capacities: C4 allows one).
  EXPECT_NO_THROW(
      read_world(dataset("100004,Klinik,kompagniskab,101,55.60000,12.55000,open,2010-01-01,2,0\n",
                         "5001,100004,1965,employed,2012\n"),
                 s));
}

TEST(RegistryRules, C3_AnOwnerOfSeveralYdernumreRoundTripsThroughTheStore) {
  const fs::path dir = dataset(clinics(2), owner_5001_of(2));
  const World w = read_world(dir, settings_with());
  SqliteStore store(testing::temp_dir("store") / "praksis.db");
  store.replace_world(w);
  const World back = store.load_world();
  ASSERT_EQ(back.doctors.size(), w.doctors.size());
  for (std::size_t i = 0; i < w.doctors.size(); ++i) {
    EXPECT_EQ(back.doctors[i].id, w.doctors[i].id);
    EXPECT_EQ(back.doctors[i].ydernummer, w.doctors[i].ydernummer);
  }
  const fs::path out = testing::temp_dir("export");
  write_world(back, out);
  EXPECT_EQ(testing::read_text(out / "doctors.csv"), testing::read_text(dir / "doctors.csv"));
}

TEST(RegistryRules, C3_ARepeatedDoctorMustKeepOneBirthYearAndOneRowPerYdernummer) {
  const Settings s = settings_with();
  InputIssue i = first_issue(dataset(clinics(1), "5001,100004,1966,owner,2012\n"), s);
  EXPECT_TRUE(i.where.to_string().ends_with("doctors.csv:6:3 (birth_year)")) << i.where.to_string();
  EXPECT_EQ(issue_reason(i, Lang::en), "doctor 5001 was born in 1965 on an earlier row");
  i = first_issue(dataset("", "5001,100001,1965,owner,1999\n"), s);
  EXPECT_TRUE(i.where.to_string().ends_with("doctors.csv:6:1 (doctor_id)")) << i.where.to_string();
  EXPECT_EQ(issue_reason(i, Lang::en), "duplicate doctor_id 5001 at ydernummer 100001");
}

TEST(RegistryRules, C4_HalfTheCapacitiesMayBeEmployedAndOneMoreIsRefused) {
  const Settings s = settings_with();
  // 100001 has 3 capacities: floor(3 / 2) = 1 employed doctor is allowed.
  EXPECT_NO_THROW(read_world(dataset("", "6001,100001,1985,employed,2020\n"), s));
  const InputIssue i = first_issue(
      dataset("", "6001,100001,1985,employed,2020\n6002,100001,1986,employed,2021\n"), s);
  EXPECT_TRUE(i.where.to_string().ends_with("clinics.csv:2:9 (capacities)")) << i.where.to_string();
  EXPECT_NE(issue_reason(i, Lang::en)
                .find("clinic 100001 has 2 employed doctors for 3 capacities; rule C4 allows "
                      "at most 1"),
            std::string::npos)
      << i.reason;
}

TEST(RegistryRules, C4_UnfilledCapacitiesCountAndTheShareIsTheSetting) {
  // A clinic with 1 filled and 3 unfilled capacities (4 in all) may have 2 employed doctors.
  const std::string clinic =
      "100004,Klinik,kompagniskab,101,55.60000,12.55000,open,2010-01-01,1,3\n";
  const std::string two = "6001,100004,1985,employed,2020\n6002,100004,1986,employed,2021\n";
  EXPECT_NO_THROW(read_world(dataset(clinic, two), settings_with()));
  Settings s = settings_with();
  s.capacity.max_employed_share = 0.25;
  const InputIssue i = first_issue(dataset(clinic, two), s);
  EXPECT_TRUE(i.where.to_string().ends_with("clinics.csv:5:9 (capacities)")) << i.where.to_string();
  EXPECT_NE(issue_reason(i, Lang::en)
                .find("2 employed doctors for 4 capacities; rule C4 allows at most 1"),
            std::string::npos);
}

TEST(RegistryRules, C4_AThreatenedAreaIsExempt) {
  const std::string two = "6001,100001,1985,employed,2020\n6002,100001,1986,employed,2021\n";
  EXPECT_NO_THROW(read_world(dataset("", two), settings_with(101)));
  // Threatened elsewhere does not help.
  EXPECT_THROW(read_world(dataset("", two), settings_with(147)), InputError);
}

TEST(RegistryRules, C4_ByDefaultTheCriteriaModelDecidesWhichAreasAreThreatened) {
  // With the default criteria, København's citizens in the fixture have one open clinic within
  // 15 km (100003 in Køge is farther): the area is threatened and the clinic exempt.
  const std::string two = "6001,100001,1985,employed,2020\n6002,100001,1986,employed,2021\n";
  EXPECT_NO_THROW(read_world(dataset("", two), Settings{}));
  Settings s;
  s.designation.manual.push_back({101, ManualAction::exclude, "test: not threatened"});
  EXPECT_THROW(read_world(dataset("", two), s), InputError);
}

TEST(RegistryRules, C4_RegionAndTenderedClinicsAndOwnersOfSeveralYdernumreAreExempt) {
  const Settings s = settings_with();
  // The regionsklinik 100003 (2 capacities) is run by the region with employed doctors only.
  EXPECT_NO_THROW(read_world(
      dataset("", "6001,100003,1985,employed,2020\n6002,100003,1986,employed,2021\n"), s));
  // 5001 owns 100001 and 100004: 100001 may have more employed doctors than half.
  const std::string two = "6001,100001,1985,employed,2020\n6002,100001,1986,employed,2021\n";
  EXPECT_NO_THROW(read_world(dataset(clinics(1), owner_5001_of(1) + two), s));
  EXPECT_THROW(read_world(dataset(clinics(1), two), s), InputError);
}

TEST(RegistryRules, C4_ImportRefusesWithExitTwoAndStoresNothing) {
  const fs::path dir =
      dataset("", "6001,100001,1985,employed,2020\n6002,100001,1986,employed,2021\n");
  // A settings file excluding København from the threatened areas.
  const fs::path toml = testing::temp_dir("settings") / "s.toml";
  std::ofstream(toml) << "[[designation.manual]]\nkommune = 101\naction = \"exclude\"\n"
                         "reason = \"test\"\n";
  const fs::path db = testing::temp_dir("db") / "w.db";
  const auto run = testing::run_praksis("--settings " + toml.string() + " import " + dir.string() +
                                        " --db " + db.string());
  EXPECT_EQ(run.code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("clinics.csv:2:9 (capacities)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("regel C4"), std::string::npos) << run.err;
  if (fs::exists(db)) {
    EXPECT_FALSE(open_store(db.string())->has_world());
  }
}

TEST(RegistryRules, C4_TheGeneratorKeepsEveryClinicWithinTheLimit) {
  Settings s;
  GeneratorOptions o;
  o.scale = 0.02;
  o.seed = 3;
  const World w = generate_world(o, s);
  int checked = 0;
  const auto breaches = registry_breaches(w, s.capacity, [&](KommuneCode) {
    ++checked;
    return false;  // stricter than the rule: no area is exempt
  });
  EXPECT_TRUE(breaches.empty()) << render(breaches.front().reason(), Lang::en);
  EXPECT_EQ(checked, 0);
  // The generator does employ doctors, so the check is not vacuous.
  EXPECT_GT(std::count_if(w.doctors.begin(), w.doctors.end(),
                          [](const Doctor& d) { return d.role == DoctorRole::employed; }),
            0);
}

TEST(RegistryRules, C4_AWhatIfThatRemovesCapacitiesBelowTheEmployedDoctorsIsRefusedAtTheChange) {
  testing::WorldBuilder b;
  const ClinicIndex a = b.clinic(1, testing::kOrigin, 4);
  b.clinic(2, testing::offset_km(testing::kOrigin, 2, 0), 1);
  b.citizen(1, testing::kOrigin, a);
  b.doctor(11, 1);
  b.doctor(12, 1);
  b.doctor(13, 1, 1980, DoctorRole::employed);
  b.doctor(14, 1, 1981, DoctorRole::employed);
  b.doctor(21, 2);
  const World w = b.build();
  const Settings s = settings_with();
  // 4 capacities, 2 employed: at the limit. Removing one leaves 3 with a limit of 1.
  EXPECT_NO_THROW(run_what_if(
      w, s,
      WhatIfScenario::parse("[[change]]\naction = \"capacities\"\nydernummer = 1\nchange = 1\n",
                            "up.toml")));
  const WhatIfScenario down = WhatIfScenario::parse(
      "\n[[change]]\naction = \"capacities\"\nydernummer = 1\nchange = -1\n", "down.toml");
  try {
    run_what_if(w, s, down);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("down.toml:2:1"), std::string::npos) << e.what();
    EXPECT_NE(error_text(e, Lang::en).find("2 employed doctors for 3 capacities; rule C4"),
              std::string::npos)
        << e.what();
  }
  // In a threatened area the same change is allowed.
  EXPECT_NO_THROW(run_what_if(w, settings_with(101), down));
}

TEST(RegistryRules, C4_EmployedDoctorLimitIsTheFloorOfTheShare) {
  EXPECT_EQ(employed_doctor_limit(0, 0.5), 0);
  EXPECT_EQ(employed_doctor_limit(1, 0.5), 0);
  EXPECT_EQ(employed_doctor_limit(3, 0.5), 1);
  EXPECT_EQ(employed_doctor_limit(4, 0.5), 2);
  EXPECT_EQ(employed_doctor_limit(10, 0.3), 3);  // 0.3 * 10 is 2.9999... in binary
  EXPECT_EQ(employed_doctor_limit(7, 1.0), 7);
}

}  // namespace
}  // namespace praksis
