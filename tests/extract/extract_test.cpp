// A region's extract (`praksis extract`, docs/extract.md): cut from a synthetic Denmark
// (scale 0.02), written, read back and surveyed, its resident-side figures equal the national
// survey's for the region's kommuner and the region; the manifest, the stores and bad inputs.
#include "praksis/io/extract.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "praksis/io/interchange.hpp"
#include "praksis/model/area_scope.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/synth/generator.hpp"
#include "support/cli.hpp"
#include "support/stores.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

namespace fs = std::filesystem;
using testing::temp_dir;

const World& national() {
  static const World w = generate_world({0.02, 1, 2}, Settings{});
  return w;
}

void expect_same_distances(const DistanceSummary& a, const DistanceSummary& b,
                           const std::string& what) {
  EXPECT_EQ(a.mean_km.numerator, b.mean_km.numerator) << what;
  EXPECT_EQ(a.mean_km.denominator, b.mean_km.denominator) << what;
  EXPECT_EQ(a.unreachable, b.unreachable) << what;
  EXPECT_EQ(a.median_km, b.median_km) << what;
  EXPECT_EQ(a.p90_km, b.p90_km) << what;
  EXPECT_EQ(a.max_km, b.max_km) << what;
  EXPECT_EQ(a.histogram, b.histogram) << what;
}

void expect_same_ratio(const Ratio& a, const Ratio& b, const std::string& what) {
  EXPECT_EQ(a.numerator, b.numerator) << what;
  EXPECT_EQ(a.denominator, b.denominator) << what;
}

/// Every resident-side figure of docs/extract.md, exactly.
void expect_same_resident_figures(const AreaFigures& n, const AreaFigures& x) {
  const std::string at = fmt::format("area {} {}", n.code, n.name);
  EXPECT_EQ(n.citizens, x.citizens) << at;
  EXPECT_EQ(n.group1_citizens, x.group1_citizens) << at;
  EXPECT_EQ(n.listed_residents, x.listed_residents) << at;
  EXPECT_EQ(n.listed_other_region, x.listed_other_region) << at;
  expect_same_ratio(n.mean_resident_weight, x.mean_resident_weight, at + " S2 weight");
  expect_same_ratio(n.without_two_open_choices_share, x.without_two_open_choices_share,
                    at + " S4 share");
  expect_same_distances(n.nearest_open, x.nearest_open, at + " S4 nearest");
  expect_same_distances(n.second_open, x.second_open, at + " S4 second");
  expect_same_ratio(n.temporary_form_share, x.temporary_form_share, at + " S5 temporary");
  expect_same_ratio(n.outside_labour_market_share, x.outside_labour_market_share, at + " D1");
  EXPECT_EQ(n.nursing_homes, x.nursing_homes) << at;
  expect_same_ratio(n.attached_doctor_share, x.attached_doctor_share, at + " L8");
  expect_same_ratio(n.residents_with_attached_doctor, x.residents_with_attached_doctor,
                    at + " L8 residents");
  // The region's planning inputs travel with the extract (S1 pipeline, S5 stated retirements).
  EXPECT_EQ(n.capacities_in_pipeline, x.capacities_in_pipeline) << at;
  EXPECT_EQ(n.stated_retirements, x.stated_retirements) << at;
}

/// Extracts `region` from the national world, writes and reads it back, and compares surveys.
void check_region(RegionCode region) {
  const Settings settings;
  const World& w = national();
  ExtractParameters p;
  p.scope = parse_area_scope(w, {region}, {});
  const ExtractResult r = extract_world(w, settings, p);
  const fs::path dir = temp_dir(fmt::format("extract-{}", region));
  write_world(r.world, dir);
  ASSERT_TRUE(fs::exists(dir / "extract.csv"));
  const World x = read_world(dir, settings);
  ASSERT_TRUE(x.extract.has_value());
  EXPECT_EQ(x.listed_outside.size(), r.listed_outside);
  EXPECT_EQ(x.listed_outside, r.world.listed_outside);

  const Survey ns = run_survey(w, settings);
  const Survey xs = run_survey(x, settings);
  std::size_t kommuner = 0, residents = 0;
  for (const AreaFigures& k : ns.kommuner) {
    if (k.region != region) continue;
    const AreaFigures* e = xs.find_kommune(k.code);
    ASSERT_NE(e, nullptr) << k.code;
    expect_same_resident_figures(k, *e);
    EXPECT_EQ(k.listed_outside_extract, 0u);
    ++kommuner;
    residents += e->citizens;
  }
  EXPECT_GT(kommuner, 10u);
  for (std::size_t i = 0; i < ns.regions.size(); ++i) {
    if (ns.regions[i].code != region) continue;
    expect_same_resident_figures(ns.regions[i], xs.regions[i]);
    EXPECT_EQ(xs.regions[i].citizens, residents);
    EXPECT_EQ(xs.regions[i].listed_outside_extract, r.listed_outside);
  }
  // The extract holds only the region's residents, and some are listed outside it.
  EXPECT_EQ(x.citizens.size(), residents);
  EXPECT_GT(r.listed_outside, 0u);
  EXPECT_GT(r.outside_clinics, 0u);
  // Not vacuous: the region's clinics stated retirements in the hearing.
  EXPECT_FALSE(x.hearing.empty());
  // The extract's own normalisation would give its residents a mean weight of exactly 1.0; the
  // national one does not (Sjælland is older than the mean), so S2 above tests the manifest.
  const auto& reg = *std::find_if(xs.regions.begin(), xs.regions.end(),
                                  [&](const AreaFigures& a) { return a.code == region; });
  EXPECT_NE(reg.mean_resident_weight.value(), std::optional<double>(1.0));
}

TEST(Extract, SjaellandSurveyEqualsNationalForEveryResidentSideFigure) {
  check_region(1085);
}
TEST(Extract, NordjyllandSurveyEqualsNationalForEveryResidentSideFigure) {
  check_region(1081);
}

TEST(Extract, KommuneListSurveyEqualsNational) {
  const Settings settings;
  const World& w = national();
  ExtractParameters p;
  p.scope = parse_area_scope(w, {}, {101, 147});
  const ExtractResult r = extract_world(w, settings, p);
  const fs::path dir = temp_dir("extract-kbh");
  write_world(r.world, dir);
  const World x = read_world(dir, settings);
  const Survey ns = run_survey(w, settings), xs = run_survey(x, settings);
  for (int code : {101, 147})
    expect_same_resident_figures(*ns.find_kommune(code), *xs.find_kommune(code));
}

TEST(Extract, ExportOfAnImportedExtractIsByteIdentical) {
  const Settings settings;
  ExtractParameters p;
  p.scope = parse_area_scope(national(), {1085}, {});
  const ExtractResult r = extract_world(national(), settings, p);
  const fs::path a = temp_dir("extract-a"), b = temp_dir("extract-b");
  write_world(r.world, a);
  write_world(read_world(a, settings), b);
  for (const char* f : {"extract.csv", "citizens.csv", "clinics.csv", "doctors.csv",
                        "nursing_homes.csv", "clinic_services.csv"})
    EXPECT_EQ(testing::read_text(a / f), testing::read_text(b / f)) << f;
}

TEST(Extract, ManifestRoundTripsAndBadRowsNameLineAndColumn) {
  ExtractInfo info;
  info.regions = {1085};
  info.kommuner = {101};
  info.margin_km = 5;
  info.national_citizens = 118653;
  info.national_contacts = 812345.123456789012;
  info.outside_clinics = {{1234, PracticeForm::regionsklinik, 1084}};
  info.national_listings = {{55, 1700}};
  const std::string text = extract_manifest_text(info);
  const ExtractInfo back = parse_extract_manifest(text, "m.csv");
  EXPECT_EQ(back.national_contacts, info.national_contacts);
  EXPECT_EQ(extract_manifest_text(back), text);
  ASSERT_NE(back.find_outside(1234), nullptr);
  EXPECT_EQ(back.find_outside(1234)->form, PracticeForm::regionsklinik);
  EXPECT_EQ(back.find_listing(55)->listed_patients, 1700u);
  EXPECT_EQ(back.find_listing(56), nullptr);
  try {
    parse_extract_manifest(text + "outside_clinic,99 nonsense 1084\n", "m.csv");
    FAIL() << "a bad practice form was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("m.csv:10:2 (value)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_extract_manifest("key,value\nformat,1\n", "m.csv"), InputError);
  EXPECT_THROW(parse_extract_manifest(text + "colour,blue\n", "m.csv"), InputError);
}

// Both stores keep the manifest and the listings outside the extract (no schema change).
class ExtractStore : public testing::StoreKindTest {};
PRAKSIS_BOTH_STORES(ExtractStore);

TEST_P(ExtractStore, KeepsManifestAndListingsOutside) {
  const Settings settings;
  ExtractParameters p;
  p.scope = parse_area_scope(national(), {1085}, {});
  const ExtractResult r = extract_world(national(), settings, p);
  const std::string db = fresh();
  {
    auto store = open_store(db);
    store->replace_world(r.world);
  }
  auto store = open_store(db, false);
  const World back = store->load_world();
  ASSERT_TRUE(back.extract.has_value());
  EXPECT_EQ(extract_manifest_text(*back.extract), extract_manifest_text(*r.world.extract));
  EXPECT_EQ(back.listed_outside, r.world.listed_outside);
  EXPECT_GT(back.listed_outside.size(), 0u);
  const Survey a = run_survey(r.world, settings), b = run_survey(back, settings);
  for (std::size_t k = 0; k < a.kommuner.size(); ++k)
    expect_same_resident_figures(a.kommuner[k], b.kommuner[k]);
  // A national world replacing the extract leaves no manifest behind.
  store->replace_world(national());
  EXPECT_FALSE(open_store(db, false)->load_world().extract.has_value());
}

// --- the command line ---------------------------------------------------------------------

testing::CliRun import_dir(const fs::path& dir, const fs::path& store) {
  return testing::run_praksis(fmt::format("import '{}' --db '{}'", dir.string(), store.string()));
}

struct ExtractCli : ::testing::Test {
  static fs::path data, db;
  static void SetUpTestSuite() {
    const fs::path dir = temp_dir("extract-cli");
    data = dir / "national";
    db = dir / "national.db";
    write_world(national(), data);
    ASSERT_EQ(import_dir(data, db).code, 0);
  }
};
fs::path ExtractCli::data, ExtractCli::db;

testing::CliRun extract_sjaelland(const fs::path& out) {
  return testing::run_praksis(fmt::format("extract --db '{}' --region 1085 --out '{}'",
                                          ExtractCli::db.string(), out.string()));
}
TEST_F(ExtractCli, ExtractImportSurveyGivesTheNationalRegionRows) {
  const fs::path dir = temp_dir("extract-cli-sj");
  const auto ex = extract_sjaelland(dir / "sj");
  ASSERT_EQ(ex.code, 0) << ex.err;
  EXPECT_NE(ex.out.find("udtræk for Region Sjælland"), std::string::npos) << ex.out;
  const fs::path xdb = dir / "sj.db";
  ASSERT_EQ(import_dir(dir / "sj", xdb).code, 0);
  // The extract's survey covers its own region by default; the resident-side CSV columns agree.
  const auto n =
      testing::run_praksis(fmt::format("survey --db '{}' --region 1085 --format csv", db.string()));
  const auto x = testing::run_praksis(fmt::format("survey --db '{}' --format csv", xdb.string()));
  ASSERT_EQ(n.code, 0) << n.err;
  ASSERT_EQ(x.code, 0) << x.err;
  auto column = [](const std::string& csv, const std::string& name) {
    std::vector<std::string> out;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> head;
    std::stringstream hs(line);
    for (std::string c; std::getline(hs, c, ',');) head.push_back(c);
    const auto at = std::find(head.begin(), head.end(), name) - head.begin();
    while (std::getline(in, line)) {
      std::stringstream ls(line);
      std::string c;
      for (long i = 0; i <= at && std::getline(ls, c, ','); ++i) {
      }
      if (line.rfind("nation", 0) != 0) out.push_back(c);
    }
    return out;
  };
  for (const char* c : {"citizens", "listed_residents", "listed_other_region"})
    EXPECT_EQ(column(n.out, c), column(x.out, c)) << c;
  EXPECT_NE(column(n.out, "listed_outside_extract"), column(x.out, "listed_outside_extract"));
}

TEST_F(ExtractCli, UnknownRegionExitsTwoAndWritesNothing) {
  const fs::path out = temp_dir("extract-cli-bad") / "x";
  const auto r = testing::run_praksis(
      fmt::format("extract --db '{}' --region 1090 --out '{}'", db.string(), out.string()));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--region"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1090"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(ExtractCli, OutDirThatCannotBeWrittenExitsTwo) {
  const fs::path dir = temp_dir("extract-cli-file");
  const fs::path file = dir / "plain-file";
  std::ofstream(file) << "x";
  const auto r = testing::run_praksis(fmt::format("extract --db '{}' --region 1085 --out '{}'",
                                                  db.string(), (file / "sub").string()));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--out"), std::string::npos) << r.err;
  EXPECT_EQ(testing::read_text(file), "x");
}

TEST_F(ExtractCli, UnknownYdernummerIsRejectedWithoutAManifest) {
  // The extract without its manifest is not an extract: a listing outside is an unknown
  // ydernummer, named with file:line:column, and the store is not created.
  const fs::path dir = temp_dir("extract-cli-nomanifest");
  ASSERT_EQ(extract_sjaelland(dir / "sj").code, 0);
  fs::remove(dir / "sj" / "extract.csv");
  const auto r = import_dir(dir / "sj", dir / "sj.db");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("citizens.csv:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ukendt ydernummer"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "sj.db"));
}

TEST_F(ExtractCli, YdernummerNotInTheManifestIsRejectedInAnExtract) {
  const fs::path dir = temp_dir("extract-cli-typo");
  ASSERT_EQ(extract_sjaelland(dir / "sj").code, 0);
  // Replace the first listing outside by a ydernummer nobody has.
  const World x = read_world(dir / "sj", Settings{});
  ASSERT_FALSE(x.listed_outside.empty());
  const std::string yder = std::to_string(x.listed_outside.begin()->second);
  std::string csv = testing::read_text(dir / "sj" / "citizens.csv");
  const auto at = csv.find("," + yder + ",");
  ASSERT_NE(at, std::string::npos);
  csv.replace(at, yder.size() + 2, ",999998,");
  std::ofstream(dir / "sj" / "citizens.csv", std::ios::binary) << csv;
  const auto r = import_dir(dir / "sj", dir / "sj.db");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("ukendt ydernummer 999998 (hverken i clinics.csv eller en outside_clinic"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("extract.csv"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "sj.db"));
}

}  // namespace
}  // namespace praksis
