// Interchange format: validation errors name file:line:column (field), rejected imports leave the
// store exactly as it was, and export of an import reproduces the input byte for byte.
#include "praksis/io/interchange.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "praksis/output/text.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/synth/generator.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace fs = std::filesystem;
namespace {

const fs::path kData = PRAKSIS_TEST_DATA_DIR;

/// The valid fixture with one file replaced by tests/data/invalid/<case>__<file>.
fs::path dataset_with(const std::string& invalid_case) {
  const fs::path dir = testing::temp_dir("dataset");
  for (const auto& e : fs::directory_iterator(kData / "valid"))
    fs::copy_file(e.path(), dir / e.path().filename());
  for (const auto& e : fs::directory_iterator(kData / "invalid")) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(invalid_case + "__")) {
      fs::copy_file(e.path(), dir / name.substr(invalid_case.size() + 2),
                    fs::copy_options::overwrite_existing);
      return dir;
    }
  }
  ADD_FAILURE() << "no invalid fixture " << invalid_case;
  return dir;
}

/// Everything a store holds, as text: the export of its world plus its data version.
std::string store_state(SqliteStore& store) {
  const fs::path out = testing::temp_dir("state");
  write_world(store.load_world(), out);
  std::string s = std::to_string(store.data_version()) + "\n";
  for (const auto& f : interchange_files()) s += testing::read_text(out / f.name);
  return s;
}

struct ValidationCase {
  const char* name;
  const char* where;   // expected "file:line:column (field)" suffix
  const char* reason;  // expected part of the reason
};

class Validation : public ::testing::TestWithParam<ValidationCase> {};

TEST_P(Validation, RejectsWithLocationAndLeavesStoreUnchanged) {
  const auto& c = GetParam();
  const Settings settings;
  SqliteStore store(testing::temp_dir("store") / "praksis.db");
  store.replace_world(read_world(kData / "valid", settings));
  const std::string before = store_state(store);

  const fs::path dir = dataset_with(c.name);
  try {
    const World w = read_world(dir, settings);
    store.replace_world(w);  // only reached when validation wrongly passes
    FAIL() << c.name << ": expected a validation error";
  } catch (const InputError& e) {
    ASSERT_FALSE(e.issues().empty());
    const auto& issue = e.issues().front();
    const std::string where = issue.where.to_string();
    EXPECT_TRUE(where.ends_with(c.where)) << c.name << ": got " << where;
    // The reasons in English (issues raised through the catalogue are Danish by default).
    EXPECT_NE(issue_reason(issue, Lang::en).find(c.reason), std::string::npos)
        << c.name << ": got " << issue.reason;
  }
  EXPECT_EQ(store_state(store), before) << c.name << ": the store changed";
}

/// The first issue of reading `dir`, in `lang`.
std::string first_issue(const fs::path& dir, Lang lang) {
  try {
    (void)read_world(dir, Settings{}, lang);
  } catch (const InputError& e) {
    if (!e.issues().empty())
      return e.issues().front().where.to_string() + ": " + e.issues().front().reason;
  }
  return "";
}

TEST(Interchange, SeaRefusalIsDanishByDefaultAndEnglishOnRequest) {
  const fs::path home = dataset_with("citizen_home_in_sea");
  const std::string da = first_issue(home, Lang::da);
  EXPECT_NE(da.find("citizens.csv:3:5 (lat): 55.45000, 12.40000 ligger i havet eller i udlandet, "
                    "6,26 km fra Danmarks land (data/dk_land.csv; godtages op til "
                    "dataset.coast_tolerance_km = 0.25)"),
            std::string::npos)
      << da;
  const std::string en = first_issue(home, Lang::en);
  EXPECT_NE(en.find("citizens.csv:3:5 (lat): 55.45000, 12.40000 lies in the sea or abroad, 6.26 km "
                    "from Denmark's land (data/dk_land.csv; accepted up to "
                    "dataset.coast_tolerance_km = 0.25)"),
            std::string::npos)
      << en;
  const fs::path clinic = dataset_with("clinic_in_sea");  // the same directory, now this case
  EXPECT_NE(first_issue(clinic, Lang::en)
                .find("clinics.csv:3:5 (lat): 55.50000, 12.45000 lies in "
                      "the sea or abroad, 9.8"),
            std::string::npos);
  EXPECT_NE(first_issue(clinic, Lang::da)
                .find("clinics.csv:3:5 (lat): 55.50000, 12.45000 ligger i "
                      "havet eller i udlandet, 9,8"),
            std::string::npos);
}

TEST(InterchangeCli, ImportRefusesAHomeInTheSeaInDanishAndInEnglishWithLangEn) {
  const fs::path dir = dataset_with("citizen_home_in_sea");
  const fs::path db = testing::temp_dir("sea") / "praksis.db";
  const auto da = testing::run_praksis("import " + dir.string() + " --db " + db.string());
  EXPECT_EQ(da.code, 2) << da.out << da.err;
  EXPECT_NE(da.err.find("citizens.csv:3:5 (lat): 55.45000, 12.40000 ligger i havet eller i "
                        "udlandet, 6,26 km fra Danmarks land"),
            std::string::npos)
      << da.err;
  EXPECT_EQ(da.err.find("lies in the sea"), std::string::npos) << da.err;
  const auto en = testing::run_praksis("--lang en import " + dir.string() + " --db " + db.string());
  EXPECT_EQ(en.code, 2) << en.out << en.err;
  EXPECT_NE(en.err.find("citizens.csv:3:5 (lat): 55.45000, 12.40000 lies in the sea or abroad, "
                        "6.26 km from Denmark's land"),
            std::string::npos)
      << en.err;
  EXPECT_FALSE(fs::exists(db)) << "validation comes before the store is opened";
}

// citizens.csv above 1 MiB is parsed in two parts on two threads: a problem in the second part is
// named at its line of the whole file, and the store (the file, byte for byte) stays as it was.
TEST(InterchangeCli, AnErrorInTheSecondHalfOfALargeCitizensFileNamesItsLineAndChangesNothing) {
  const fs::path dir = testing::temp_dir("large");
  write_world(generate_world({0.003, 7, 2}, Settings{}), dir / "good");
  const std::string text = testing::read_text(dir / "good" / "citizens.csv");
  ASSERT_GT(text.size(), std::size_t{1} << 20) << "the file must be split in two parts";
  const fs::path db = dir / "praksis.db";
  const auto ok =
      testing::run_praksis("import " + (dir / "good").string() + " --db " + db.string());
  ASSERT_EQ(ok.code, 0) << ok.out << ok.err;
  const std::string before = testing::read_text(db);

  // A birth year that is not a number on a line three quarters into the file (the second part).
  std::size_t at = text.find('\n', text.size() * 3 / 4) + 1;
  const auto line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const std::size_t year = text.find(',', text.find(',', at) + 1) + 1;  // the third field
  std::string bad = text;
  bad.replace(year, 4, "19x0");
  fs::create_directories(dir / "bad");
  for (const auto& e : fs::directory_iterator(dir / "good"))
    fs::copy_file(e.path(), dir / "bad" / e.path().filename());
  std::ofstream(dir / "bad" / "citizens.csv", std::ios::binary | std::ios::trunc) << bad;

  const auto r =
      testing::run_praksis("--lang en import " + (dir / "bad").string() + " --db " + db.string());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(
      r.err.find(fmt::format("citizens.csv:{}:3 (birth_year): '19x0' is not an integer", line)),
      std::string::npos)
      << "line " << line << ": " << r.err;
  EXPECT_EQ(testing::read_text(db), before) << "the store changed";
  EXPECT_FALSE(fs::exists(db.string() + ".import"));
}

INSTANTIATE_TEST_SUITE_P(
    Interchange, Validation,
    ::testing::Values(
        ValidationCase{"wrong_column_count", "citizens.csv:4", "expected 13 columns, found 12"},
        ValidationCase{"non_numeric_capacities", "clinics.csv:3:9 (capacities)",
                       "'two' is not an integer"},
        ValidationCase{"non_numeric_birth_year", "citizens.csv:5:3 (birth_year)",
                       "'19x0' is not an integer"},
        ValidationCase{"latitude_outside_denmark", "citizens.csv:3:5 (lat)",
                       "outside Denmark's bounding box"},
        ValidationCase{"clinic_longitude_outside_denmark", "clinics.csv:2:6 (lon)",
                       "outside Denmark's bounding box"},
        // Inside the bounding box but in the sea (Køge Bugt), with the distance to land (in
        // Danish by default; English below).
        ValidationCase{"citizen_home_in_sea", "citizens.csv:3:5 (lat)",
                       "55.45000, 12.40000 ligger i havet eller i udlandet, 6,2"},
        ValidationCase{"clinic_in_sea", "clinics.csv:3:5 (lat)",
                       "55.50000, 12.45000 ligger i havet eller i udlandet, 9,8"},
        ValidationCase{"unknown_kommunekode", "citizens.csv:7:7 (kommunekode)",
                       "unknown kommunekode 999"},
        ValidationCase{"unknown_clinic_for_citizen", "citizens.csv:9:12 (ydernummer)",
                       "unknown ydernummer 123456"},
        ValidationCase{"unknown_clinic_for_doctor", "doctors.csv:5:2 (ydernummer)",
                       "unknown ydernummer 100009"},
        ValidationCase{"duplicate_citizen_id", "citizens.csv:9:1 (citizen_id)",
                       "duplicate citizen_id 0000000000000a01 (first at line 2)"},
        ValidationCase{"duplicate_ydernummer", "clinics.csv:4:1 (ydernummer)",
                       "duplicate ydernummer 100001"},
        ValidationCase{"duplicate_doctor_id", "doctors.csv:4:1 (doctor_id)",
                       "duplicate doctor_id 5001"},
        ValidationCase{"group1_adult_without_listing", "citizens.csv:5:12 (ydernummer)",
                       "must be listed with a GP (rule L1)"},
        ValidationCase{"group2_with_listing", "citizens.csv:6:12 (ydernummer)",
                       "group-2 citizen cannot be listed"},
        // A Latin-1 byte inside a quoted text field, and a NUL byte in a plain one.
        ValidationCase{"non_utf8_clinic_name", "clinics.csv:3:2 (name)",
                       "byte 0xE6 at offset 27 is not valid UTF-8"},
        ValidationCase{"nul_byte_in_kommune_name", "kommuner.csv:4:2 (name)",
                       "a NUL byte is not allowed"},
        // Rules A1-A2 and L8: the optional files are validated like the others.
        ValidationCase{"unknown_clinic_for_services", "clinic_services.csv:3:1 (ydernummer)",
                       "unknown ydernummer 100009"},
        ValidationCase{"unknown_attached_clinic", "nursing_homes.csv:2:7 (attached_ydernummer)",
                       "unknown ydernummer 100007"},
        // Capacities in the pipeline (rule S1) and the doctors' hearing.
        ValidationCase{"pipeline_bad_date", "capacity_pipeline.csv:3:6 (advertised)",
                       "'2022-02-30' is not a date YYYY-MM-DD"},
        ValidationCase{"pipeline_unknown_kommune", "capacity_pipeline.csv:2:3 (kommunekode)",
                       "unknown kommunekode 999"},
        ValidationCase{"pipeline_unknown_ydernummer", "capacity_pipeline.csv:3:4 (ydernummer)",
                       "unknown ydernummer 100009"},
        ValidationCase{"pipeline_bad_status", "capacity_pipeline.csv:2:2 (status)",
                       "unknown status 'ledig' (valid: i_opslag, tildelt, afventer_etablering)"},
        ValidationCase{"pipeline_start_before_assigned",
                       "capacity_pipeline.csv:3:8 (expected_start)",
                       "expected_start 2022-05-01 is before assigned 2022-06-01"},
        ValidationCase{"pipeline_assigned_missing", "capacity_pipeline.csv:2:7 (assigned)",
                       "must not be empty for status tildelt"},
        ValidationCase{"pipeline_clinic_in_other_kommune", "capacity_pipeline.csv:2:4 (ydernummer)",
                       "clinic 100002 lies in kommune 147, not 101"},
        ValidationCase{"hearing_unknown_ydernummer", "gp_hearing.csv:3:1 (ydernummer)",
                       "unknown ydernummer 100007"},
        ValidationCase{"hearing_doctor_not_at_clinic", "gp_hearing.csv:2:2 (doctor_id)",
                       "doctor 5003 does not work at ydernummer 100001"},
        ValidationCase{"hearing_retirement_in_past", "gp_hearing.csv:2:7 (retirement_year)",
                       "2019 is out of range [2023, 2063]"},
        ValidationCase{"hearing_retirement_too_far", "gp_hearing.csv:2:7 (retirement_year)",
                       "2070 is out of range [2023, 2063]"},
        ValidationCase{"hearing_bad_list_status", "gp_hearing.csv:2:4 (wished_list_status)",
                       "'half' must be open, closed or empty"},
        ValidationCase{"hearing_unknown_move_kommune", "gp_hearing.csv:2:5 (move_to_kommunekode)",
                       "unknown kommunekode 998"},
        ValidationCase{"hearing_wish_on_doctor_row", "gp_hearing.csv:2:4 (wished_list_status)",
                       "must be empty on a doctor's row"},
        ValidationCase{"hearing_duplicate_doctor", "gp_hearing.csv:3:2 (doctor_id)",
                       "duplicate row for doctor 5001 at ydernummer 100001"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Interchange, ExportOfImportIsByteIdentical) {
  const Settings settings;
  SqliteStore store(testing::temp_dir("store") / "praksis.db");
  store.replace_world(read_world(kData / "valid", settings));
  const fs::path out = testing::temp_dir("export");
  write_world(store.load_world(), out);
  for (const auto& f : interchange_files()) {
    EXPECT_EQ(testing::read_text(out / f.name), testing::read_text(kData / "valid" / f.name))
        << f.name;
  }
}

TEST(Interchange, MissingFileAndBadHeaderAreNamed) {
  const Settings settings;
  const fs::path dir = dataset_with("wrong_column_count");
  fs::remove(dir / "doctors.csv");
  try {
    read_world(dir, settings);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(error_text(e, Lang::en).find("doctors.csv: missing file"), std::string::npos)
        << e.what();
  }
  const fs::path dir2 = dataset_with("wrong_column_count");
  std::ofstream(dir2 / "regions.csv") << "regionskode,navn\n1084,Region Hovedstaden\n";
  try {
    read_world(dir2, settings);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(error_text(e, Lang::en)
                  .find("regions.csv:1:2 (navn): unexpected column 'navn', expected 'name'"),
              std::string::npos)
        << e.what();
  }
}

TEST(Interchange, ReportsSeveralProblemsAtOnce) {
  const fs::path dir = dataset_with("non_numeric_birth_year");
  std::string text = testing::read_text(dir / "citizens.csv");
  text += "0000000000000a09,000000000000b006,2000,X,55.67000,12.57000,101,1,0,0,student,100002,1\n";
  std::ofstream(dir / "citizens.csv", std::ios::binary) << text;
  try {
    read_world(dir, Settings{});
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 2u) << e.what();
    EXPECT_TRUE(e.issues()[1].where.to_string().ends_with("citizens.csv:10:4 (sex)")) << e.what();
  }
}

TEST(Interchange, CoordinatesAreCanonicalisedToFiveDecimals) {
  const fs::path dir = dataset_with("non_numeric_birth_year");
  fs::copy_file(kData / "valid" / "citizens.csv", dir / "citizens.csv",
                fs::copy_options::overwrite_existing);
  std::string clinics = testing::read_text(dir / "clinics.csv");
  const auto pos = clinics.find("55.69250,12.55180");
  ASSERT_NE(pos, std::string::npos);
  clinics.replace(pos, 17, "55.692504,12.5518");
  std::ofstream(dir / "clinics.csv", std::ios::binary) << clinics;
  const World w = read_world(dir, Settings{});
  EXPECT_EQ(w.clinics[0].location, (GeoPoint{5569250, 1255180}));
}

// A bad CSV field is told in Danish by default and in English on request, at the same
// file:line:column (field).
TEST(Interchange, BadFieldIsDanishByDefaultAndEnglishWithLangEn) {
  const fs::path dir = dataset_with("non_numeric_birth_year");
  try {
    read_world(dir, Settings{});
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string where = (dir / "citizens.csv").string() + ":5:3 (birth_year): ";
    EXPECT_EQ(std::string(e.what()), where + "'19x0' er ikke et heltal");
    EXPECT_EQ(error_text(e, Lang::da), where + "'19x0' er ikke et heltal");
    EXPECT_EQ(error_text(e, Lang::en), where + "'19x0' is not an integer");
  }
}

}  // namespace
}  // namespace praksis
