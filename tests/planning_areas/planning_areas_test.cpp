// Planning areas (planlægningsområder, issue 11 point 2): a kommune split into two districts, two
// kommuner merged, the figures per area computed by hand; the default areas are the kommuner;
// bad definition files are rejected with file:line:column (or the JSON path).
#include "praksis/model/planning_areas.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "praksis/core/error.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/forecast/forecast.hpp"
#include "praksis/model/area_scope.hpp"
#include "praksis/output/text.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/survey/survey.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {
using testing::kOrigin;
using testing::offset_km;

// Region 1084: 101 København (split at the origin's latitude into Nord and Syd), 147
// Frederiksberg and 151 Ballerup (merged); region 1085: 259 Køge (its own area).
//
//   clinic 1001  101, 3 km north      2 capacities, open
//   clinic 1002  101, 3 km south      2 capacities, closed
//   clinic 1003  147, 2 km east       1 capacity,   open
//   clinic 1004  151, 40 km west      1 capacity,   open
//
//   citizens 1-3  101, 1 km north: listed 1001, 1001, 1003
//   citizens 4-5  101, 1 km south: listed 1002, none
//   citizens 6-7  147, 1 km east (1 km from 1003): listed 1003, 1003
//   citizen  8    151, 40 km west (at clinic 1004): listed 1004
//   citizen  9    259, 35 km south: none
World toy_world() {
  testing::WorldBuilder b;
  b.kommune(151, "Ballerup", 1084);
  const ClinicIndex c1 =
      b.clinic(1001, offset_km(kOrigin, 3, 0), 2, true, PracticeForm::kompagniskab, 101);
  const ClinicIndex c2 =
      b.clinic(1002, offset_km(kOrigin, -3, 0), 2, false, PracticeForm::kompagniskab, 101);
  const ClinicIndex c3 =
      b.clinic(1003, offset_km(kOrigin, 0, 2), 1, true, PracticeForm::kompagniskab, 147);
  const ClinicIndex c4 =
      b.clinic(1004, offset_km(kOrigin, 0, -40), 1, true, PracticeForm::kompagniskab, 151);
  const GeoPoint north = offset_km(kOrigin, 1, 0), south = offset_km(kOrigin, -1, 0);
  b.citizen(1, north, c1, 1980, 101);
  b.citizen(2, north, c1, 1980, 101);
  b.citizen(3, north, c3, 1980, 101);
  b.citizen(4, south, c2, 1980, 101);
  b.citizen(5, south, kNoClinic, 1980, 101);
  b.citizen(6, offset_km(kOrigin, 0, 1), c3, 1980, 147);
  b.citizen(7, offset_km(kOrigin, 0, 1), c3, 1980, 147);
  b.citizen(8, offset_km(kOrigin, 0, -40), c4, 1980, 151);
  b.citizen(9, offset_km(kOrigin, -35, 0), kNoClinic, 1980, 259);
  return b.build();
}

// Everything north of the origin's latitude, 12.0-13.0 degrees east.
constexpr const char* kNordGeoJson = R"({"type": "Feature", "properties": {"navn": "Nord"},
 "geometry": {"type": "Polygon", "coordinates": [[[12.0, 55.67594], [13.0, 55.67594],
   [13.0, 56.2], [12.0, 56.2], [12.0, 55.67594]]]}})";

constexpr const char* kAreas = R"(# toy planning areas
[[area]]
id = 1
name = "København Nord"
kommune = 101
geometry = "nord.geojson"

[[area]]
id = 2
name = "København Syd og Øst"
kommune = 101
remainder = true

[[area]]
id = 3
name = "Frederiksberg-Ballerup"
kommuner = [147, 151]
)";

std::filesystem::path write(const std::filesystem::path& dir, const std::string& name,
                            const std::string& text) {
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

PlanningAreaFile parse(const std::string& text, const std::filesystem::path& dir) {
  return PlanningAreaFile::parse(text, (dir / "areas.toml").string(), dir);
}

// "file:line:column (field): reason" of the first issue, or "no error".
std::string first_issue(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return issue_text(e.issues().front(), Lang::en);
  }
  return "no error";
}

const AreaFigures& row(const Survey& s, int id) {
  for (const AreaFigures& a : s.kommuner)
    if (a.code == id) return a;
  throw std::runtime_error("no row " + std::to_string(id));
}

class PlanningAreasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::temp_dir("planning-areas");
    write(dir_, "nord.geojson", kNordGeoJson);
  }
  std::filesystem::path dir_;
  const World world_ = toy_world();
  const Settings settings_{};
};

TEST_F(PlanningAreasTest, SplitAndMergedAreasGiveTheHandComputedS1S3S4) {
  const PlanningAreas areas = PlanningAreas::of(parse(kAreas, dir_), world_);
  // The file's three areas, then Køge (in no area: its own, id = kommunekode).
  ASSERT_EQ(areas.areas().size(), 4u);
  EXPECT_EQ(areas.areas()[3].id, 259);
  EXPECT_EQ(areas.areas()[3].region, 1085);
  const Survey s = run_survey(world_, settings_, areas);
  ASSERT_EQ(s.kommuner.size(), 4u);
  EXPECT_EQ(s.planning_areas, (dir_ / "areas.toml").string());

  const AreaFigures& nord = row(s, 1);
  EXPECT_EQ(nord.level, AreaLevel::planning_area);
  EXPECT_EQ(nord.name, "København Nord");
  EXPECT_EQ(nord.region, 1084);
  // S1: citizens 1-3; clinic 1001 (2 capacities) with citizens 1 and 2: 2 / 2 = 1.
  EXPECT_EQ(nord.citizens, 3u);
  EXPECT_EQ(nord.clinics, 1u);
  EXPECT_EQ(nord.capacities_filled + nord.capacities_unfilled, 2u);
  EXPECT_EQ(nord.listed_patients, 2u);
  EXPECT_DOUBLE_EQ(*nord.patients_per_capacity.value(), 1.0);
  // S3: 1001 is open: 1 / 1.
  EXPECT_DOUBLE_EQ(*nord.open_clinic_share.value(), 1.0);
  // S4: 1 km north, 1001 is 2 km away and 1003 sqrt(1 + 4) = 2.24 km: two open choices, 0 / 3.
  EXPECT_DOUBLE_EQ(*nord.without_two_open_choices_share.value(), 0.0);
  EXPECT_NEAR(*nord.nearest_open.mean_km.value(), 2.0, 0.01);

  const AreaFigures& syd = row(s, 2);
  EXPECT_EQ(syd.name, "København Syd og Øst");
  // S1: citizens 4-5; clinic 1002 (2 capacities) with citizen 4: 1 / 2 = 0.5.
  EXPECT_EQ(syd.citizens, 2u);
  EXPECT_EQ(syd.clinics, 1u);
  EXPECT_EQ(syd.capacities_filled + syd.capacities_unfilled, 2u);
  EXPECT_EQ(syd.listed_patients, 1u);
  EXPECT_DOUBLE_EQ(*syd.patients_per_capacity.value(), 0.5);
  // S3: 1002 is closed: 0 / 1.
  EXPECT_DOUBLE_EQ(*syd.open_clinic_share.value(), 0.0);
  // S4: 1 km south, 1003 is sqrt(1 + 4) = 2.24 km and 1001 4 km away: 0 / 2.
  EXPECT_DOUBLE_EQ(*syd.without_two_open_choices_share.value(), 0.0);
  EXPECT_NEAR(*syd.nearest_open.mean_km.value(), std::sqrt(5.0), 0.01);

  const AreaFigures& merged = row(s, 3);
  // S1: citizens 6-8; clinics 1003 (citizens 3, 6, 7) and 1004 (citizen 8), 2 capacities:
  // (3 + 1) / 2 = 2.
  EXPECT_EQ(merged.citizens, 3u);
  EXPECT_EQ(merged.clinics, 2u);
  EXPECT_EQ(merged.capacities_filled + merged.capacities_unfilled, 2u);
  EXPECT_EQ(merged.listed_patients, 4u);
  EXPECT_DOUBLE_EQ(*merged.patients_per_capacity.value(), 2.0);
  // S3: both open: 2 / 2.
  EXPECT_DOUBLE_EQ(*merged.open_clinic_share.value(), 1.0);
  // S4: 6 and 7 have 1003 at 1 km and 1001 at sqrt(9 + 1) = 3.16 km; 8 has 1004 at 0 km and the
  // next open clinic about 40 km away: 1 / 3. Nearest: (1 + 1 + 0) / 3 km.
  EXPECT_DOUBLE_EQ(*merged.without_two_open_choices_share.value(), 1.0 / 3.0);
  EXPECT_NEAR(*merged.nearest_open.mean_km.value(), 2.0 / 3.0, 0.01);

  const AreaFigures& koege = row(s, 259);
  EXPECT_EQ(koege.level, AreaLevel::planning_area);
  // S1: citizen 9, no clinic: no patients per capacity; S3 none; S4 1 / 1.
  EXPECT_EQ(koege.citizens, 1u);
  EXPECT_EQ(koege.clinics, 0u);
  EXPECT_FALSE(koege.patients_per_capacity.value());
  EXPECT_FALSE(koege.open_clinic_share.value());
  EXPECT_DOUBLE_EQ(*koege.without_two_open_choices_share.value(), 1.0);

  // Region 1084 sums Nord, Syd and the merged area: 8 citizens, 4 clinics, 6 capacities, 7
  // listed patients; it equals the per-kommune survey's region row.
  const Survey by_kommune = run_survey(world_, settings_);
  ASSERT_EQ(s.regions.size(), by_kommune.regions.size());
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    EXPECT_EQ(s.regions[r].citizens, by_kommune.regions[r].citizens);
    EXPECT_EQ(s.regions[r].listed_patients, by_kommune.regions[r].listed_patients);
    EXPECT_EQ(s.regions[r].without_two_open_choices_share.numerator,
              by_kommune.regions[r].without_two_open_choices_share.numerator);
  }
  EXPECT_EQ(s.regions[0].citizens, 8u);
  EXPECT_EQ(s.regions[0].clinics, 4u);
  EXPECT_EQ(s.regions[0].listed_patients, 7u);
  // Each clinic names its area.
  EXPECT_EQ(s.clinics[0].area, 1);
  EXPECT_EQ(s.clinics[1].area, 2);
  EXPECT_EQ(s.clinics[2].area, 3);
  EXPECT_EQ(s.clinics[3].area, 3);
}

TEST_F(PlanningAreasTest, DesignationIsPerPlanningArea) {
  const PlanningAreas areas = PlanningAreas::of(parse(kAreas, dir_), world_);
  const Survey s = run_survey(world_, settings_, areas);
  DesignationSettings ds = Settings{}.designation;
  ds.criteria = {DesignationCriterion{CriterionId::no_two_open_choices_share, 0.3,
                                      Comparison::above, false, 1.0}};
  ds.min_score = 1.0;
  const Designation d = designate(s, ds);
  ASSERT_EQ(d.areas.size(), 4u);
  // S4 share above 0.3: the merged area (1 / 3) and Køge (1 / 1); not Nord or Syd (0).
  EXPECT_FALSE(d.areas[0].designated);
  EXPECT_FALSE(d.areas[1].designated);
  EXPECT_TRUE(d.areas[2].designated);
  EXPECT_EQ(d.areas[2].kommune, 3);
  EXPECT_TRUE(d.areas[3].designated);
  EXPECT_FALSE(d.planning_areas.empty());
}

// The default areas and a file naming every kommune as its own area give the per-kommune
// figures bit for bit (only the rows' level differs).
TEST_F(PlanningAreasTest, OneAreaPerKommuneIsThePerKommuneSurvey) {
  const Survey plain = run_survey(world_, settings_);
  const Survey by_default = run_survey(world_, settings_, PlanningAreas::per_kommune(world_));
  EXPECT_EQ(survey_json(plain, settings_), survey_json(by_default, settings_));
  EXPECT_EQ(survey_csv(plain, SurveyRows::areas, CsvDialect::standard),
            survey_csv(by_default, SurveyRows::areas, CsvDialect::standard));
  const PlanningAreas own = PlanningAreas::of(parse(R"(
[[area]]
id = 101
name = "København"
kommuner = [101]
[[area]]
id = 147
name = "Frederiksberg"
kommuner = [147]
)",
                                                    dir_),
                                              world_);
  Survey s = run_survey(world_, settings_, own);
  ASSERT_EQ(s.kommuner.size(), plain.kommuner.size());
  for (AreaFigures& a : s.kommuner) {
    EXPECT_EQ(a.level, AreaLevel::planning_area);
    a.level = AreaLevel::kommune;
  }
  s.planning_areas.clear();
  // The rows come in the file's order, then the unlisted kommuner in world order: here the same.
  EXPECT_EQ(survey_json(s, settings_), survey_json(plain, settings_));
}

TEST_F(PlanningAreasTest, AreaNamesAreUtf8AndIdsAreChecked) {
  const PlanningAreas areas = PlanningAreas::of(parse(kAreas, dir_), world_);
  EXPECT_EQ(areas.areas()[1].name,
            "K\xC3\xB8"
            "benhavn Syd og \xC3\x98st");
  EXPECT_EQ(areas.find(3), 2);
  EXPECT_EQ(areas.find(4), -1);
}

TEST_F(PlanningAreasTest, PointsOutsideEveryDistrictAreAnErrorWithoutARemainder) {
  // Only the Nord district: citizens 4-5 and clinic 1002 lie south of it.
  const std::string text = R"([[area]]
id = 1
name = "Nord"
kommune = 101
geometry = "nord.geojson"
)";
  const std::string e = first_issue([&] { PlanningAreas::of(parse(text, dir_), world_); });
  EXPECT_NE(e.find("clinic 1002 at "), std::string::npos) << e;
  EXPECT_NE(e.find("lies in no district of kommune 101"), std::string::npos) << e;
}

TEST_F(PlanningAreasTest, OverlappingDistrictsAreAnError) {
  const std::string text = R"([[area]]
id = 1
name = "Nord"
kommune = 101
geometry = "nord.geojson"
[[area]]
id = 2
name = "Nord igen"
kommune = 101
geometry = "nord.geojson"
[[area]]
id = 3
name = "Rest"
kommune = 101
remainder = true
)";
  const std::string e = first_issue([&] { PlanningAreas::of(parse(text, dir_), world_); });
  EXPECT_NE(e.find("clinic 1001 at "), std::string::npos) << e;
  EXPECT_NE(e.find("lies in 2 districts"), std::string::npos) << e;
}

TEST(DistrictShape, HalfOpenRuleGivesAPointOnASharedEdgeToExactlyOneSide) {
  // Two unit squares side by side (in 1e-5 degrees) sharing the edge lon = 10.
  const DistrictShape west{{{{{0, 0}, {0, 10}, {10, 10}, {10, 0}}}}};
  const DistrictShape east{{{{{0, 10}, {0, 20}, {10, 20}, {10, 10}}}}};
  for (std::int32_t lat = -1; lat <= 11; ++lat) {
    for (std::int32_t lon = -1; lon <= 21; ++lon) {
      const GeoPoint p{lat, lon};
      const int in = west.contains(p) + east.contains(p);
      const bool inside_box = lat >= 0 && lat <= 10 && lon >= 0 && lon <= 20;
      // Strictly inside the union: exactly one; outside it: none.
      if (lat > 0 && lat < 10 && lon > 0 && lon < 20) {
        EXPECT_EQ(in, 1) << lat << "," << lon;
      }
      if (!inside_box) {
        EXPECT_EQ(in, 0) << lat << "," << lon;
      }
      EXPECT_LE(in, 1) << lat << "," << lon;
    }
  }
  // A hole (the second ring) is outside.
  const DistrictShape holed{
      {{{{0, 0}, {0, 10}, {10, 10}, {10, 0}}, {{4, 4}, {4, 6}, {6, 6}, {6, 4}}}}};
  EXPECT_TRUE(holed.contains({2, 2}));
  EXPECT_FALSE(holed.contains({5, 5}));
}

TEST_F(PlanningAreasTest, BadFilesAreRejectedWithTheirPlace) {
  const std::string src = (dir_ / "areas.toml").string();
  auto of = [&](const std::string& text) {
    return first_issue([&] { PlanningAreas::of(parse(text, dir_), world_); });
  };
  // An unknown kommunekode, at its line and column.
  EXPECT_EQ(of("[[area]]\nid = 1\nname = \"A\"\nkommuner = [147, 998]\n"),
            src + ":4:18 (area[0].kommuner[1]): kommune 998 is not in the world");
  // A kommune in two areas: the second place.
  EXPECT_EQ(of("[[area]]\nid = 1\nname = \"A\"\nkommuner = [147]\n[[area]]\nid = 2\nname = "
               "\"B\"\nkommuner = [151, 147]\n"),
            src + ":8:18 (area[1].kommuner[1]): kommune 147 is already in an area at line 4");
  // A kommune whole and split.
  EXPECT_NE(of("[[area]]\nid = 1\nname = \"A\"\nkommuner = [101]\n[[area]]\nid = 2\nname = "
               "\"B\"\nkommune = 101\nremainder = true\n")
                .find(":8:11 (area[1].kommune): kommune 101 is already a whole area's"),
            std::string::npos);
  // A kommune in none when a full partition is required.
  EXPECT_EQ(of("full_partition = true\n[[area]]\nid = 1\nname = \"A\"\nkommuner = [101, 147, "
               "151]\n"),
            src +
                ":1:18 (full_partition): kommune 259 Køge is in no area (full_partition = "
                "true)");
  // An area across two regions.
  EXPECT_NE(of("[[area]]\nid = 1\nname = \"A\"\nkommuner = [147, 259]\n")
                .find(":4:18 (area[0].kommuner[1]): kommune 259 is in region 1085"),
            std::string::npos);
  // Two areas with one id; an id that is an unlisted kommune's.
  EXPECT_NE(of("[[area]]\nid = 1\nname = \"A\"\nkommuner = [147]\n[[area]]\nid = 1\nname = "
               "\"B\"\nkommuner = [151]\n")
                .find(":5:1 (area[1]): id 1 is used by another area"),
            std::string::npos);
  EXPECT_NE(
      of("[[area]]\nid = 259\nname = \"A\"\nkommuner = [147]\n").find("id 259 is kommune Køge's"),
      std::string::npos);
  // Neither kommuner nor kommune; a district without geometry or remainder; an unknown key.
  EXPECT_NE(of("[[area]]\nid = 1\nname = \"A\"\n").find("give either kommuner"), std::string::npos);
  EXPECT_NE(of("[[area]]\nid = 1\nname = \"A\"\nkommune = 101\n")
                .find("either geometry = \"FILE\" or remainder = true"),
            std::string::npos);
  EXPECT_EQ(of("[[area]]\nid = 1\nname = \"A\"\nkommuner = [147]\npolygon = 3\n"),
            src +
                ":5:11 (area[0].polygon): unknown key (id, name, kommuner, or kommune with "
                "geometry or remainder)");
  // Not TOML; bad UTF-8 in a name (line 3, column 9).
  EXPECT_NE(of("[[area]\n").find(src + ":1:"), std::string::npos);
  const std::string bad_utf8 = of("[[area]]\nid = 1\nname = \"K\xF8ge\"\nkommuner = [147]\n");
  EXPECT_NE(bad_utf8.find(src + ":3:"), std::string::npos) << bad_utf8;
  EXPECT_NE(bad_utf8.find("not valid TOML"), std::string::npos) << bad_utf8;
}

TEST_F(PlanningAreasTest, MalformedGeoJsonIsRejectedWithItsPlaceOrPath) {
  auto district = [&](const std::string& geojson) {
    write(dir_, "bad.geojson", geojson);
    return first_issue([&] {
      parse("[[area]]\nid = 1\nname = \"A\"\nkommune = 101\ngeometry = \"bad.geojson\"\n", dir_);
    });
  };
  const std::string bad = (dir_ / "bad.geojson").string();
  // Not JSON: line and column.
  EXPECT_NE(district("{\"type\": \"Polygon\",\n \"coordinates\": [[[12, 55]],]}").find(bad + ":2:"),
            std::string::npos);
  // Bad UTF-8 inside a string.
  EXPECT_NE(district("{\"type\": \"Feature\", \"properties\": {\"navn\": \"K\xF8ge\"}}")
                .find(bad + ":1:"),
            std::string::npos);
  // A ring that does not close; too few positions; a point geometry; latitude out of range.
  EXPECT_EQ(
      district(R"({"type": "Polygon", "coordinates": [[[12, 55], [13, 55], [13, 56], [12, 56]]]})"),
      bad + " (coordinates[0]): a linear ring must end with its first position (closed)");
  EXPECT_EQ(district(R"({"type": "Polygon", "coordinates": [[[12, 55], [13, 55], [12, 55]]]})"),
            bad +
                " (coordinates[0]): a linear ring needs at least 4 positions (the first "
                "repeated last)");
  EXPECT_EQ(district(R"({"type": "FeatureCollection", "features": [{"type": "Feature",
  "geometry": {"type": "Point", "coordinates": [12, 55]}}]})"),
            bad + " (features[0].geometry.type): must be Polygon or MultiPolygon, got 'Point'");
  EXPECT_EQ(
      district(
          R"({"type": "MultiPolygon", "coordinates": [[[[12, 55], [13, 95], [13, 56], [12, 55]]]]})"),
      bad + " (coordinates[0][0][1][1]): latitude must be in -90..90");
  // A geometry file that does not exist: the TOML place.
  EXPECT_NE(first_issue([&] {
              parse("[[area]]\nid = 1\nname = \"A\"\nkommune = 101\ngeometry = \"none.geojson\"\n",
                    dir_);
            }).find(":5:12 (area[0].geometry): cannot read"),
            std::string::npos);
}

// The forecast is per kommune: areas of whole kommuner sum their kommuner's years; a district
// gets its kommune's years by its shares of the kommune's residents and capacities.
TEST_F(PlanningAreasTest, TheForecastOfAreasOfWholeKommunerSumsTheirKommuner) {
  ForecastResult r;
  r.base_year = 2024;
  r.to_year = 2025;
  // Per kommune and year: need, filled capacities, population.
  const struct {
    int code, region;
    double need[2], filled[2], population[2];
  } rows[] = {{101, 1084, {3, 4}, {4, 4}, {300, 310}},
              {147, 1084, {1, 1.5}, {1, 1}, {100, 120}},
              {151, 1084, {0.5, 0.6}, {1, 1}, {50, 55}},
              {259, 1085, {2, 2}, {1, 1}, {200, 200}}};
  for (const auto& k : rows) {
    ForecastArea a;
    a.level = AreaLevel::kommune;
    a.code = k.code;
    a.region = k.region;
    for (int y = 0; y < 2; ++y) {
      ForecastYear f;
      f.year = 2024 + y;
      f.need = k.need[y];
      f.capacities_filled = k.filled[y];
      f.population = k.population[y];
      a.years.push_back(f);
    }
    r.kommuner.push_back(std::move(a));
  }
  const PlanningAreas merged = PlanningAreas::of(parse(R"([[area]]
id = 3
name = "Frederiksberg-Ballerup"
kommuner = [147, 151]
)",
                                                       dir_),
                                                 world_);
  const ForecastResult by_area = forecast_by_areas(r, merged, world_);
  // The file's area, then 101 and 259 as their own areas.
  ASSERT_EQ(by_area.kommuner.size(), 3u);
  const ForecastArea& a = by_area.kommuner[0];
  EXPECT_EQ(a.level, AreaLevel::planning_area);
  EXPECT_EQ(a.code, 3);
  EXPECT_EQ(a.region, 1084);
  // 2024: need 1 + 0.5 = 1.5 < filled 1 + 1 = 2; 2025: need 1.5 + 0.6 = 2.1 > 2: short in 2025.
  EXPECT_DOUBLE_EQ(a.years[0].need, 1.5);
  EXPECT_DOUBLE_EQ(a.years[1].need, 2.1);
  EXPECT_DOUBLE_EQ(a.years[1].capacities_filled, 2.0);
  EXPECT_DOUBLE_EQ(a.years[1].population, 175.0);
  EXPECT_EQ(a.first_short_year, 2025);
  // 101 alone: need 3 and 4 never above 4 filled; 259: need 2 > 1 from 2024.
  EXPECT_EQ(by_area.kommuner[1].code, 101);
  EXPECT_FALSE(by_area.kommuner[1].first_short_year);
  EXPECT_EQ(by_area.kommuner[2].first_short_year, 2024);
  // Without a file the forecast is unchanged.
  EXPECT_EQ(forecast_by_areas(r, PlanningAreas::per_kommune(world_), world_).kommuner.size(), 4u);
  // 101 split: Nord holds 3 of its 5 residents (0.6), clinic 1001's 2 of its 4 filled capacities
  // (0.5); Syd og Øst the rest (0.4, 0.5).
  const PlanningAreas split = PlanningAreas::of(parse(kAreas, dir_), world_);
  const ForecastResult by_district = forecast_by_areas(r, split, world_);
  ASSERT_EQ(by_district.kommuner.size(), 4u);  // Nord, Syd og Øst, Frederiksberg-Ballerup, Køge
  const ForecastArea& nord = by_district.kommuner[0];
  const ForecastArea& syd = by_district.kommuner[1];
  EXPECT_EQ(nord.code, 1);
  EXPECT_EQ(syd.code, 2);
  // Nord: need 3 x 0.6 = 1.8 and 4 x 0.6 = 2.4, filled 4 x 0.5 = 2: short in 2025.
  EXPECT_DOUBLE_EQ(nord.years[0].need, 1.8);
  EXPECT_DOUBLE_EQ(nord.years[1].need, 2.4);
  EXPECT_DOUBLE_EQ(nord.years[1].capacities_filled, 2.0);
  EXPECT_DOUBLE_EQ(nord.years[1].population, 186.0);  // 310 x 0.6
  EXPECT_EQ(nord.first_short_year, 2025);
  // Syd og Øst: need 1.2 and 1.6, filled 2: never short.
  EXPECT_DOUBLE_EQ(syd.years[1].need, 1.6);
  EXPECT_FALSE(syd.first_short_year);
  // The districts add up to their kommune.
  EXPECT_DOUBLE_EQ(nord.years[1].need + syd.years[1].need, 4.0);
  EXPECT_DOUBLE_EQ(nord.years[1].capacities_filled + syd.years[1].capacities_filled, 4.0);
}

TEST_F(PlanningAreasTest, TheCliSurveysDesignatesAndReportsPerAreaAndRejectsBadFilesWithExit2) {
  const auto db = dir_ / "toy.db";
  {
    SqliteStore store(db);
    store.replace_world(world_);
  }
  const auto areas = write(dir_, "areas.toml", kAreas);
  const auto json = testing::run_praksis(
      fmt::format("survey --db {} --areas {} --format json", db.string(), areas.string()));
  ASSERT_EQ(json.code, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["planning_areas"].size(), 4u);
  EXPECT_EQ(j["planning_areas"][2]["name"], "Frederiksberg-Ballerup");
  EXPECT_EQ(j["planning_areas"][2]["level"], "planning_area");
  EXPECT_EQ(j["planning_areas"][2]["s1"]["listed_patients"], 4);
  EXPECT_FALSE(j.contains("kommuner"));
  const auto table =
      testing::run_praksis(fmt::format("survey --db {} --areas {}", db.string(), areas.string()));
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Planlægningsområder: " + areas.string() + " (4 områder)"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("3 Frederiksberg-Ballerup"), std::string::npos) << table.out;
  // --region selects the areas of the region.
  const auto region = testing::run_praksis(fmt::format(
      "survey --db {} --areas {} --region 1085 --format csv", db.string(), areas.string()));
  ASSERT_EQ(region.code, 0) << region.err;
  EXPECT_NE(region.out.find("planning_area,259,Køge,1085"), std::string::npos) << region.out;
  EXPECT_EQ(region.out.find("Frederiksberg-Ballerup"), std::string::npos) << region.out;
  const auto designate = testing::run_praksis(
      fmt::format("designate --db {} --areas {} --format csv", db.string(), areas.string()));
  ASSERT_EQ(designate.code, 0) << designate.err;
  EXPECT_EQ(designate.out.rfind("area,name,region", 0), 0u) << designate.out;
  EXPECT_NE(designate.out.find("3,Frederiksberg-Ballerup,1084"), std::string::npos);
  const auto report = dir_ / "report.html";
  const auto rep = testing::run_praksis(fmt::format("report --db {} --areas {} --out {}",
                                                    db.string(), areas.string(), report.string()));
  ASSERT_EQ(rep.code, 0) << rep.err;
  const std::string html = testing::read_text(report);
  EXPECT_NE(html.find("Frederiksberg-Ballerup"), std::string::npos);
  EXPECT_NE(html.find("København Syd og Øst"), std::string::npos);

  // The forecast per area of whole kommuner, and of districts by their shares.
  const auto merged = write(dir_, "merged.toml",
                            "[[area]]\nid = 3\nname = \"Frederiksberg-Ballerup\"\nkommuner = "
                            "[147, 151]\n");
  const auto fc = testing::run_praksis(fmt::format(
      "forecast --db {} --areas {} --to 2026 --format csv", db.string(), merged.string()));
  ASSERT_EQ(fc.code, 0) << fc.err;
  EXPECT_EQ(fc.out.rfind("area,name,region,gap_year", 0), 0u) << fc.out;
  EXPECT_NE(fc.out.find("\n3,Frederiksberg-Ballerup,1084,"), std::string::npos) << fc.out;
  const auto fc_split = testing::run_praksis(fmt::format(
      "forecast --db {} --areas {} --to 2026 --format csv", db.string(), areas.string()));
  ASSERT_EQ(fc_split.code, 0) << fc_split.err;
  EXPECT_NE(fc_split.out.find("\n1,København Nord,1084,"), std::string::npos) << fc_split.out;
  EXPECT_NE(fc_split.out.find("\n2,København Syd og Øst,1084,"), std::string::npos) << fc_split.out;

  // The setting survey.planning_areas names the file when --areas is not given.
  const auto settings =
      write(dir_, "settings.toml", "[survey]\nplanning_areas = \"" + areas.string() + "\"\n");
  const auto by_setting = testing::run_praksis(
      fmt::format("--settings {} survey --db {} --format json", settings.string(), db.string()));
  ASSERT_EQ(by_setting.code, 0) << by_setting.err;
  EXPECT_EQ(nlohmann::json::parse(by_setting.out)["planning_areas"].size(), 4u);
  EXPECT_EQ(testing::run_praksis(fmt::format("--settings {} designate --db {} --save 2024",
                                             settings.string(), db.string()))
                .code,
            2);

  // Bad files: exit 2 with the place; nothing is written.
  const auto bad = write(dir_, "bad.toml", "[[area]]\nid = 1\nname = \"A\"\nkommuner = [998]\n");
  for (const std::string cmd : {"survey", "designate"}) {
    const auto r =
        testing::run_praksis(fmt::format("{} --db {} --areas {}", cmd, db.string(), bad.string()));
    EXPECT_EQ(r.code, 2) << cmd << r.err;
    EXPECT_NE(r.err.find(bad.string() + ":4:13"), std::string::npos) << r.err;
  }
  const auto missing = testing::run_praksis(
      fmt::format("survey --db {} --areas {}", db.string(), (dir_ / "none.toml").string()));
  EXPECT_EQ(missing.code, 2) << missing.err;
  // --kommune selects kommuner; with --areas the rows are areas.
  const auto kommune = testing::run_praksis(
      fmt::format("survey --db {} --areas {} --kommune 101", db.string(), areas.string()));
  EXPECT_EQ(kommune.code, 2) << kommune.err;
  const auto save = testing::run_praksis(
      fmt::format("designate --db {} --areas {} --save 2024", db.string(), areas.string()));
  EXPECT_EQ(save.code, 2) << save.err;
}

// A malformed planning-areas file is told in Danish by default and in English on request, at the
// same place; a GeoJSON error found in a district's file keeps its message when it is collected.
TEST_F(PlanningAreasTest, BadFileErrorsAreDanishByDefaultAndEnglishWithLangEn) {
  const std::string text = "[[area]]\nid = 0\nname = \"Nord\"\nkommuner = [101]\n";
  try {
    parse(text, dir_);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string where = (dir_ / "areas.toml").string() + ":2:6 (area[0].id): ";
    EXPECT_EQ(std::string(e.what()), where + "skal være et heltal fra 1 til 999999");
    EXPECT_EQ(issue_text(e.issues().front(), Lang::da),
              where + "skal være et heltal fra 1 til 999999");
    EXPECT_EQ(issue_text(e.issues().front(), Lang::en),
              where + "must be a whole number from 1 to 999999");
  }
  write(dir_, "point.geojson", R"({"type": "Point", "coordinates": [12.5, 55.7]})");
  const std::string district =
      "[[area]]\nid = 1\nname = \"Nord\"\nkommune = 101\ngeometry = \"point.geojson\"\n";
  try {
    parse(district, dir_);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string where = (dir_ / "point.geojson").string() + " (type): ";
    EXPECT_EQ(issue_text(e.issues().front(), Lang::da),
              where + "skal være Polygon eller MultiPolygon, ikke 'Point'");
    EXPECT_EQ(issue_text(e.issues().front(), Lang::en),
              where + "must be Polygon or MultiPolygon, got 'Point'");
  }
}

}  // namespace
}  // namespace praksis
