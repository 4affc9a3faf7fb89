// `praksis survey`, `designate` and `report` end to end on a small stored world, including the
// report rendered by headless Chromium.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "praksis/geo/geo_point.hpp"
#include "praksis/store/store.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {
namespace fs = std::filesystem;
using testing::kOrigin;
using testing::offset_km;

using testing::CliRun;
using testing::read_text;

CliRun sh(const std::string& cmd) {
  return testing::run_command(cmd);
}
CliRun praksis(const std::string& args) {
  return testing::run_praksis(args);
}

/// Occurrences of `needle` in `hay`.
std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1))
    ++n;
  return n;
}

/// Whether `csv` has a field like ";12,5;" (digits, a decimal comma, digits).
bool has_decimal_comma_field(const std::string& csv) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] != ';') continue;
    std::size_t j = i + 1, a = j;
    while (j < csv.size() && digit(csv[j])) ++j;
    if (j == a || j >= csv.size() || csv[j] != ',') continue;
    const std::size_t b = ++j;
    while (j < csv.size() && digit(csv[j])) ++j;
    if (j > b && j < csv.size() && csv[j] == ';') return true;
  }
  return false;
}

/// The value of attribute `name` in the HTML tag `tag`, or "".
std::string attribute(const std::string& tag, const std::string& name) {
  const std::size_t at = tag.find(name + "=\"");
  if (at == std::string::npos) return {};
  const std::size_t begin = at + name.size() + 2;
  return tag.substr(begin, tag.find('"', begin) - begin);
}

/// The texts of the cells after the first in the table row whose first cell is `first`.
std::vector<std::string> row_cells(const std::string& html, const std::string& first) {
  std::vector<std::string> out;
  std::size_t at = html.find("<td>" + first + "</td>");
  if (at == std::string::npos) return out;
  const std::size_t end = html.find("</tr>", at);
  at = html.find("</td>", at) + 5;
  while (true) {
    const std::size_t open = html.find("<td", at);
    if (open == std::string::npos || open > end) break;
    const std::size_t text = html.find('>', open) + 1, close = html.find("</td>", text);
    out.push_back(html.substr(text, close - text));
    at = close + 5;
  }
  return out;
}

/// Three kommuner: København with many open clinics, Frederiksberg, and Køge with one clinic far
/// from the others (its citizens cannot choose between two open clinics within 15 km).
World cli_world() {
  testing::WorldBuilder b;
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-3, 3);
  std::vector<ClinicIndex> cph;
  for (int i = 0; i < 8; ++i) {
    cph.push_back(b.clinic(2000 + static_cast<Ydernummer>(i), offset_km(kOrigin, u(rng), u(rng)),
                           1 + i % 3, i % 2 == 0,
                           i == 7 ? PracticeForm::regionsklinik : PracticeForm::kompagniskab,
                           i < 6 ? 101 : 147));
    b.doctor(static_cast<DoctorId>(100 + i), 2000 + static_cast<Ydernummer>(i), 1955 + 3 * i);
  }
  const GeoPoint koege = offset_km(kOrigin, -35, -20);
  const ClinicIndex k = b.clinic(3000, koege, 2, true, PracticeForm::solo_med_samarbejde, 259);
  b.doctor(200, 3000, 1961);
  CitizenId id = 1;
  for (int i = 0; i < 240; ++i) {
    b.citizen(id++, offset_km(kOrigin, u(rng), u(rng)),
              cph[static_cast<std::size_t>(i) % cph.size()], 1940 + i % 70, i % 5 == 0 ? 147 : 101);
  }
  for (int i = 0; i < 60; ++i)
    b.citizen(id++, offset_km(koege, u(rng), u(rng)), k, 1950 + i % 60, 259);
  return b.build();
}

class SurveyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::temp_dir("survey-cli");
    db_ = (dir_ / "world.db").string();
    open_store(db_)->replace_world(cli_world());
  }
  fs::path dir_;
  std::string db_;
};

TEST_F(SurveyCli, S1_TableNamesEveryAreaWithDanishCharacters) {
  const CliRun r = praksis("survey --db " + db_);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Lægedækningsundersøgelse, skæringsdato"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("101 København"), std::string::npos);
  EXPECT_NE(r.out.find("259 Køge"), std::string::npos);
  EXPECT_NE(r.out.find("Region Sjælland"), std::string::npos);
  EXPECT_NE(r.out.find("300 borgere"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Nærmeste km"), std::string::npos) << r.out;
  const CliRun en = praksis("--lang en survey --db " + db_);
  ASSERT_EQ(en.code, 0) << en.err;
  EXPECT_NE(en.out.find("Coverage survey (lægedækningsundersøgelse)"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("300 citizens"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("Nearest km"), std::string::npos) << en.out;
}

TEST_F(SurveyCli, S1_JsonCarriesNumeratorsAndDenominators) {
  const CliRun r = praksis("survey --db " + db_ + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "praksis-survey");
  EXPECT_EQ(j["nation"]["s1"]["citizens"], 300);
  EXPECT_EQ(j["kommuner"].size(), 3u);
  const auto& koege = j["kommuner"][2];
  EXPECT_EQ(koege["name"], "Køge");
  EXPECT_EQ(koege["s4"]["without_two_open_choices_share"]["numerator"], 60);
  EXPECT_EQ(koege["s4"]["without_two_open_choices_share"]["denominator"], 60);
  EXPECT_EQ(koege["s4"]["without_two_open_choices_share"]["value"], 1.0);
  const auto& ppc = j["nation"]["s1"]["patients_per_capacity"];
  EXPECT_DOUBLE_EQ(ppc["value"].get<double>(),
                   ppc["numerator"].get<double>() / ppc["denominator"].get<double>());
  EXPECT_EQ(j["clinics"].size(), 9u);
  EXPECT_TRUE(j["clinic_load"].contains("p10"));
  EXPECT_EQ(j["clinic_load"]["reference_p90"], 2122);
  for (const char* key : {"s1", "s2", "s3", "s4", "s5", "s6", "socio_economic"})
    EXPECT_TRUE(j["nation"].contains(key)) << key;
}

TEST_F(SurveyCli, DanishCsvDialectHasSemicolonsDecimalCommasAndBom) {
  const CliRun r = praksis("survey --db " + db_ + " --format csv --csv-dialect da");
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_GT(r.out.size(), 3u);
  EXPECT_EQ(r.out.substr(0, 3), "\xEF\xBB\xBF");
  // The `da` dialect is for spreadsheets: its headers are labels in the chosen language.
  EXPECT_NE(r.out.find("Niveau;Kode;Navn;Region;Borgere;Borgere i gruppe 1"), std::string::npos)
      << r.out.substr(0, 300);
  EXPECT_NE(r.out.find("kommune;259;Køge;1085;60;"), std::string::npos) << r.out;
  EXPECT_TRUE(has_decimal_comma_field(r.out)) << "decimal commas";
  const CliRun da_en =
      praksis("--lang en survey --db " + db_ + " --format csv --csv-dialect da --rows clinics");
  ASSERT_EQ(da_en.code, 0) << da_en.err;
  EXPECT_NE(da_en.out.find("Ydernummer;Name;Municipality;Form"), std::string::npos)
      << da_en.out.substr(0, 300);
  // The `en` dialect is for scripts: the stable keys (those of the JSON), whatever the language.
  for (const char* lang : {"da", "en"}) {
    const CliRun en = praksis(std::string("--lang ") + lang + " survey --db " + db_ +
                              " --format csv --rows clinics");
    ASSERT_EQ(en.code, 0) << en.err;
    EXPECT_EQ(en.out.rfind("ydernummer,name,kommune,form,temporary_form,open,lat,lon", 0), 0u)
        << lang << ": " << en.out.substr(0, 200);
    EXPECT_NE(en.out.find("3000,Lægehuset 3000,259,solo_med_samarbejde"), std::string::npos)
        << en.out;
  }
  const CliRun areas = praksis("survey --db " + db_ + " --format csv");
  ASSERT_EQ(areas.code, 0) << areas.err;
  EXPECT_EQ(areas.out.rfind("level,code,name,region,citizens,group1_citizens", 0), 0u)
      << areas.out.substr(0, 200);
  // The same rule for the designation and the forecast.
  const CliRun des_da = praksis("designate --db " + db_ + " --format csv --csv-dialect da");
  ASSERT_EQ(des_da.code, 0) << des_da.err;
  EXPECT_NE(des_da.out.find("Kommune;Navn;Region;Udpeget;"), std::string::npos)
      << des_da.out.substr(0, 200);
  const CliRun des_en = praksis("designate --db " + db_ + " --format csv");
  EXPECT_EQ(des_en.out.rfind("kommune,name,region,designated,", 0), 0u)
      << des_en.out.substr(0, 200);
  const CliRun fc_da = praksis("forecast --db " + db_ + " --runs 0 --format csv --csv-dialect da");
  ASSERT_EQ(fc_da.code, 0) << fc_da.err;
  EXPECT_NE(fc_da.out.find("År;Indbyggere;"), std::string::npos) << fc_da.out.substr(0, 200);
  const CliRun fc_en = praksis("--lang da forecast --db " + db_ + " --runs 0 --format csv");
  ASSERT_EQ(fc_en.code, 0) << fc_en.err;
  EXPECT_NE(fc_en.out.find("year,population,"), std::string::npos) << fc_en.out.substr(0, 200);
}

// The GeoJSON checked against the world it maps, not against itself: each clinic point is the
// clinic's address (lon, lat order), each cell a closed 2 km square ring whose citizens and S4
// count are those of the world's homes inside it, and no cell below the disclosure limit.
TEST_F(SurveyCli, S4_GeoJsonHasClinicPointsAndGridCells) {
  const fs::path out = dir_ / "survey.geojson";
  const CliRun r = praksis("survey --db " + db_ + " --format geojson --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  const auto j = nlohmann::json::parse(read_text(out));
  EXPECT_EQ(j["type"], "FeatureCollection");
  const World w = cli_world();
  const Settings settings;
  auto e5 = [](double deg) { return static_cast<std::int64_t>(std::llround(deg * 1e5)); };
  int clinics = 0, cells = 0;
  std::uint64_t citizens_in_cells = 0;
  for (const auto& f : j["features"]) {
    const auto& g = f["geometry"];
    if (f["properties"]["kind"] == "clinic") {
      ++clinics;
      ASSERT_EQ(g["type"], "Point");
      const auto y = f["properties"]["ydernummer"].get<Ydernummer>();
      const auto c = w.find_clinic(y);
      ASSERT_TRUE(c.has_value()) << y;
      EXPECT_EQ(e5(g["coordinates"][0].get<double>()), w.clinics[*c].location.lon_e5) << y;
      EXPECT_EQ(e5(g["coordinates"][1].get<double>()), w.clinics[*c].location.lat_e5) << y;
      continue;
    }
    ++cells;
    ASSERT_EQ(g["type"], "Polygon");
    const auto& ring = g["coordinates"][0];
    ASSERT_EQ(ring.size(), 5u);
    EXPECT_EQ(ring[0], ring[4]) << "the ring is closed";
    const std::int64_t west = e5(ring[0][0].get<double>()), south = e5(ring[0][1].get<double>());
    const std::int64_t east = e5(ring[2][0].get<double>()), north = e5(ring[2][1].get<double>());
    EXPECT_EQ(e5(ring[1][0].get<double>()), east);
    EXPECT_EQ(e5(ring[3][1].get<double>()), north);
    // A square of grid_cell_km (2 km) on the ground, within the 1e-5 degree grid.
    const GeoPoint sw{static_cast<std::int32_t>(south), static_cast<std::int32_t>(west)};
    const GeoPoint se{static_cast<std::int32_t>(south), static_cast<std::int32_t>(east)};
    const GeoPoint nw{static_cast<std::int32_t>(north), static_cast<std::int32_t>(west)};
    EXPECT_NEAR(GreatCircle::distance_km(sw, nw), settings.survey.grid_cell_km, 0.01);
    EXPECT_NEAR(GreatCircle::distance_km(sw, se), settings.survey.grid_cell_km, 0.05);
    // Brute force over the world's homes: the cell's citizens, and those of Køge, who have a
    // single open clinic within 15 km (the only ones without two open choices in this world).
    std::uint64_t inside = 0, koege = 0;
    for (std::size_t i = 0; i < w.citizens.size(); ++i) {
      const GeoPoint h = w.citizens.home[i];
      if (h.lat_e5 < south || h.lat_e5 >= north || h.lon_e5 < west || h.lon_e5 >= east) continue;
      ++inside;
      koege += w.citizens.kommune[i] == 259;
    }
    const auto& p = f["properties"];
    EXPECT_EQ(p["citizens"].get<std::uint64_t>(), inside);
    EXPECT_GE(inside, static_cast<std::uint64_t>(settings.survey.grid_min_citizens));
    EXPECT_EQ(p["without_two_open_choices"].get<std::uint64_t>(), koege);
    EXPECT_DOUBLE_EQ(p["without_two_open_choices_share"].get<double>(),
                     static_cast<double>(koege) / static_cast<double>(inside));
    EXPECT_TRUE(p.contains("mean_e2sfca_per_10k"));
    citizens_in_cells += inside;
  }
  EXPECT_EQ(clinics, 9);
  EXPECT_GE(cells, 2);                 // the København cluster and Køge, 40 km apart
  EXPECT_LE(citizens_in_cells, 300u);  // cells below grid_min_citizens are left out
  EXPECT_GE(citizens_in_cells, 200u);
}

TEST_F(SurveyCli, BadArgumentsExitTwoAndWriteNothing) {
  const fs::path out = dir_ / "never.json";
  CliRun r = praksis("survey --db " + db_ + " --format xml --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--format: ukendt format 'xml' (gyldige: table, csv, json, geojson)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = praksis("survey --db " + db_ + " --csv-dialect fr --format csv");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--csv-dialect"), std::string::npos) << r.err;
  r = praksis("survey --db " + (dir_ / "missing.db").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--db: ingen lagerfil"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "missing.db"));
  r = praksis("designate --db " + db_ + " --format geojson");
  EXPECT_EQ(r.code, 2);
  std::ofstream(dir_ / "bad.toml") << "[survey]\ncatchment_km = -15\n";
  r = praksis("--settings " + (dir_ / "bad.toml").string() + " report --db " + db_ + " --out " +
              (dir_ / "r.html").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.toml:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("survey.catchment_km"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "r.html"));
}

TEST_F(SurveyCli, RegionAndKommuneScopeSelectRowsOfTheWholeWorldsSurvey) {
  const CliRun all = praksis("survey --db " + db_ + " --format json");
  ASSERT_EQ(all.code, 0) << all.err;
  const auto whole = nlohmann::json::parse(all.out);
  ASSERT_EQ(whole["kommuner"].size(), 3u);

  // --region 1085 (Sjælland): Køge's row and the region's, with the figures of the whole survey.
  const CliRun r = praksis("survey --db " + db_ + " --region 1085 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto sj = nlohmann::json::parse(r.out);
  ASSERT_EQ(sj["kommuner"].size(), 1u);
  EXPECT_EQ(sj["kommuner"][0]["code"], 259);
  EXPECT_EQ(sj["kommuner"][0], whole["kommuner"][2]);
  ASSERT_EQ(sj["regions"].size(), 1u);
  EXPECT_EQ(sj["regions"][0]["code"], 1085);
  EXPECT_EQ(sj["nation"], whole["nation"]);  // the national reference stays
  ASSERT_EQ(sj["clinics"].size(), 1u);
  EXPECT_EQ(sj["clinics"][0]["ydernummer"], 3000);

  // --kommune 101,147: those kommuner, no region row (the region was not given whole).
  const CliRun k = praksis("survey --db " + db_ + " --kommune 147,101 --format json");
  ASSERT_EQ(k.code, 0) << k.err;
  const auto hs = nlohmann::json::parse(k.out);
  ASSERT_EQ(hs["kommuner"].size(), 2u);
  EXPECT_EQ(hs["kommuner"][0], whole["kommuner"][0]);
  EXPECT_EQ(hs["kommuner"][1], whole["kommuner"][1]);
  EXPECT_TRUE(hs["regions"].empty());
  EXPECT_EQ(hs["clinics"].size(), 8u);

  // Region and kommune together: the union.
  const CliRun u = praksis("survey --db " + db_ + " --region 1085 --kommune 147 --format json");
  ASSERT_EQ(u.code, 0) << u.err;
  EXPECT_EQ(nlohmann::json::parse(u.out)["kommuner"].size(), 2u);

  // Designation and forecast take the same scope.
  const CliRun d = praksis("designate --db " + db_ + " --kommune 259 --format json");
  ASSERT_EQ(d.code, 0) << d.err;
  const auto dj = nlohmann::json::parse(d.out);
  ASSERT_EQ(dj["areas"].size(), 1u);
  EXPECT_EQ(dj["areas"][0]["kommune"], 259);
  const CliRun f = praksis("forecast --db " + db_ + " --kommune 101 --format json");
  ASSERT_EQ(f.code, 0) << f.err;
  const auto fj = nlohmann::json::parse(f.out.substr(f.out.find('{')));
  EXPECT_FALSE(fj.contains("national"));
  ASSERT_EQ(fj["kommuner"].size(), 1u);
  EXPECT_EQ(fj["kommuner"][0]["kommune"], 101);
}

TEST_F(SurveyCli, BadScopeExitsTwoNamingTheOptionAndWritesNothing) {
  const fs::path out = dir_ / "never.json";
  struct Case {
    std::string args, message;
  };
  for (const Case& c : std::vector<Case>{
           {"survey --region 1090", "--region: must be a regionskode from 1081"},
           {"survey --region 1081", "--region: region 1081 is not in the store"},
           {"survey --kommune 101,12a", "--kommune: '12a' is not a kommunekode"},
           {"survey --kommune 42", "--kommune: '42' is not a kommunekode (three digits)"},
           {"designate --kommune 999", "--kommune: kommune 999 is not in the store"},
           {"report --region 1090", "--region: must be a regionskode"},
           {"forecast --kommune 999", "--kommune: kommune 999 is not in the store"}}) {
    const CliRun r = praksis("--lang en " + c.args + " --db " + db_ + " --out " + out.string());
    EXPECT_EQ(r.code, 2) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.args;
  }
}

/// The words of `words` that `out` holds as whole words (a letter, digit or '_' on neither side,
/// so identifiers such as `weighted_patients_per_capacity` do not count).
std::vector<std::string> english_words_in(const std::string& out) {
  static const char* const words[] = {
      "the",        "and",        "of",       "is",         "with",       "citizens",
      "clinics",    "patients",   "doctors",  "capacities", "within",     "nearest",
      "designated", "threatened", "Coverage", "Forecast",   "Population", "home",
      "open",       "closed",     "free",     "charge",     "listed",     "Area"};
  auto word_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  std::vector<std::string> found;
  for (const char* w : words) {
    const std::string word(w);
    for (std::size_t at = out.find(word); at != std::string::npos; at = out.find(word, at + 1)) {
      const bool left = at == 0 || !word_char(out[at - 1]);
      const std::size_t end = at + word.size();
      const bool right = end >= out.size() || !word_char(out[end]);
      if (left && right) {
        found.push_back(word + " in \"" + out.substr(at > 30 ? at - 30 : 0, 70) + "\"");
        break;
      }
    }
  }
  return found;
}

// Danish by default: the terminal output of survey, designate, forecast and choose holds none of
// a list of common English words; with --lang en it does (so the list can find them).
TEST_F(SurveyCli, SurveyDesignateForecastAndChoosePrintNoEnglishByDefault) {
  std::ofstream(dir_ / "plan.toml") << "[designation]\nmin_score = 1.0\n[[designation.criteria]]\n"
                                       "id = \"no_two_open_choices_share\"\nthreshold = 0.5\n";
  const std::string plan = "--settings " + (dir_ / "plan.toml").string() + " ";
  const std::vector<std::string> commands = {
      "survey --db " + db_, plan + "designate --db " + db_, "forecast --db " + db_ + " --runs 0",
      // Citizens 1 and 2 live near København's clinics (2001 among them); 3000 is Køge's, far off.
      "choose --db " + db_ + " --citizen 0000000000000001 --clinic 2001",
      "choose --db " + db_ + " --citizen 0000000000000002 --clinic 3000"};
  for (const std::string& c : commands) {
    const CliRun da = praksis(c);
    ASSERT_TRUE(da.code == 0 || da.code == 3) << c << ": " << da.err;
    ASSERT_FALSE(da.out.empty()) << c;
    EXPECT_EQ(english_words_in(da.out), std::vector<std::string>{}) << c << "\n" << da.out;
  }
  for (const std::string& c : {commands[0], commands[1], commands[2], commands[4]}) {
    const CliRun en = praksis("--lang en " + c);
    ASSERT_TRUE(en.code == 0 || en.code == 3) << c << ": " << en.err;
    EXPECT_FALSE(english_words_in(en.out).empty()) << c << "\n" << en.out;
  }
}

TEST_F(SurveyCli, D3_DesignateListsTriggersAndManualOverrides) {
  std::ofstream(dir_ / "plan.toml") << R"toml(
[designation]
min_score = 1.0
[[designation.criteria]]
id = "no_two_open_choices_share"
threshold = 0.5
[[designation.manual]]
kommune = 147
action = "designate"
reason = "Lokalkendskab: lægen på Gl. Kongevej stopper"
)toml";
  const CliRun r =
      praksis("--settings " + (dir_ / "plan.toml").string() + " designate --db " + db_);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("2 af 3 kommuner udpeget"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("259 Køge: UDPEGET"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no_two_open_choices_share = 1 >= 0,5 (= 60 / 60"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("147 Frederiksberg: UDPEGET (manuel udpegning)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("manuel: Lokalkendskab: lægen på Gl. Kongevej stopper"), std::string::npos)
      << r.out;
  const CliRun en =
      praksis("--lang en --settings " + (dir_ / "plan.toml").string() + " designate --db " + db_);
  ASSERT_EQ(en.code, 0) << en.err;
  EXPECT_NE(en.out.find("2 of 3 kommuner designated"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("259 Køge: DESIGNATED"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("no_two_open_choices_share = 1 >= 0.5 (= 60 / 60"), std::string::npos)
      << en.out;
  EXPECT_NE(en.out.find("147 Frederiksberg: DESIGNATED (manual designation)"), std::string::npos)
      << en.out;
  EXPECT_NE(en.out.find("manual: Lokalkendskab: lægen på Gl. Kongevej stopper"), std::string::npos)
      << en.out;
  const CliRun j = praksis("--settings " + (dir_ / "plan.toml").string() + " designate --db " +
                           db_ + " --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["designated"], 2);
  EXPECT_EQ(doc["areas"][1]["manual"]["action"], "designate");
}

TEST_F(SurveyCli, ReportIsOneSelfContainedFile) {
  const fs::path out = dir_ / "report.html";
  const CliRun r = praksis("report --db " + db_ + " --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = read_text(out);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"map\""), std::string::npos);
  EXPECT_NE(html.find("259 Køge"), std::string::npos);
  EXPECT_NE(html.find("Lægedækningstruede områder"), std::string::npos);
  EXPECT_NE(html.find("reference_weighted_p10 = 1367.0"), std::string::npos) << "the settings used";
  // Nothing is fetched: no external scripts, styles, images or fonts.
  for (const char* forbidden : {"<link", "src=", "@import", "url(", "https://"}) {
    EXPECT_EQ(html.find(forbidden), std::string::npos) << forbidden;
  }
  // The only http:// text is the SVG namespace name (an identifier, never fetched).
  EXPECT_EQ(count(html, "http://"), count(html, "http://www.w3.org/2000/svg"));
  // Aggregates only: no citizen ids or birth years.
  EXPECT_EQ(html.find("0000000000000001"), std::string::npos);
  // The Køge row carries the world's facts (60 citizens, one clinic, all 60 without two open
  // choices within 15 km), not figures the page computes.
  const auto cells = row_cells(html, "259 Køge");
  ASSERT_GE(cells.size(), 8u) << html.substr(html.find("259 Køge"), 600);
  EXPECT_EQ(cells[0], "60");
  EXPECT_EQ(cells[1], "1");
  EXPECT_EQ(cells[6], "100,0");
}

TEST_F(SurveyCli, ReportRendersInHeadlessChromium) {
  if (!fs::exists("/usr/bin/chromium")) GTEST_SKIP() << "/usr/bin/chromium is not installed";
  const fs::path out = dir_ / "report.html";
  ASSERT_EQ(praksis("report --db " + db_ + " --out " + out.string()).code, 0);
  const fs::path profile = dir_ / "chromium-profile";
  const std::string chromium =
      "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic "
      "--no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --user-data-dir=" +
      profile.string() + " --window-size=1400,2000 ";
  const CliRun dom = sh(chromium + "--dump-dom file://" + out.string());
  ASSERT_EQ(dom.code, 0) << dom.err;
  // The DOM the browser built, counted here: one circle per clinic of the world (9), one row per
  // kommune (3), the Køge row with its 60 citizens, and the histogram and cell paths present.
  const std::string& d = dom.out;
  const std::size_t map_at = d.find("<svg id=\"map\"");
  ASSERT_NE(map_at, std::string::npos) << d.substr(0, 2000);
  const std::string map = d.substr(map_at, d.find("</svg>", map_at) - map_at);
  EXPECT_EQ(count(map, "<circle"), 9u);
  EXPECT_GE(count(map, "class=\"cells"), 1u);
  EXPECT_EQ(count(d, "<tr class=\"kommune"), 3u);
  EXPECT_EQ(row_cells(d, "259 Køge").at(0), "60");
  EXPECT_GT(count(d, "class=\"bar"), 0u);
  // Only the layout needs the page's script: the width the browser gave the map.
  const std::size_t at = d.find("<p id=\"render-check\"");
  ASSERT_NE(at, std::string::npos);
  const std::string check = d.substr(at, d.find('>', at) - at);
  EXPECT_GT(std::stoi(attribute(check, "data-map-width")), 300) << check;
  // And a screenshot was painted.
  const fs::path png = dir_ / "report.png";
  const CliRun shot = sh(chromium + "--screenshot=" + png.string() + " file://" + out.string());
  ASSERT_EQ(shot.code, 0) << shot.err;
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 10000u);
}

}  // namespace
}  // namespace praksis

namespace praksis {
namespace {

TEST(SurveyDemo, GeneratesSurveysDesignatesAndWritesTheReport) {
  const fs::path dir = testing::temp_dir("demo");
  const fs::path db = dir / "demo.db", report = dir / "demo-report.html";
  const CliRun r =
      praksis("demo --scale 0.005 --seed 3 --db " + db.string() + " --report " + report.string());
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  // Danish by default (the text catalogue), English on request.
  EXPECT_NE(r.out.find("lægedækningsundersøgelse (S1-S6)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lægedækningstruede kommuner udpeget:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Patienter pr. kapacitet"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rapport: " + fs::absolute(report).string()), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(report));
  EXPECT_NE(read_text(report).find("<svg id=\"map\""), std::string::npos);
  // A second run reuses the store.
  const CliRun again =
      praksis("--lang en demo --db " + db.string() + " --report " + report.string());
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("reusing the world"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("threatened kommuner designated:"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("Patients per capacity"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace praksis
