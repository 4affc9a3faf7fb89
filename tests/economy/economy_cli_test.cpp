// The economy commands end to end: generate, export and import claims, settle in every format,
// scenarios, goodwill and co-payment checks, and their exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "economy/economy_fixture.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "support/cli.hpp"

namespace praksis {
namespace {
namespace fs = std::filesystem;

using testing::CliRun;
using testing::read_text;

CliRun praksis_cli(const std::string& args) {
  return testing::run_praksis(args, testing::Stderr::merged);
}

/// A store with a random world, shared by the tests of this file.
class EconomyCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("praksis-economy-cli-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    SqliteStore store(*dir_ / "p.db");
    store.replace_world(testing::random_world(17, 12, 4000));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string db() { return (*dir_ / "p.db").string(); }
  static fs::path dir() { return *dir_; }
  static fs::path* dir_;
};
fs::path* EconomyCli::dir_ = nullptr;

TEST_F(EconomyCli, GenerateExportImportAndRejectABadFileWithExitTwo) {
  const CliRun gen = praksis_cli("generate-claims --db " + db() + " --year 2020 --seed 3");
  ASSERT_EQ(gen.code, 0) << gen.out;
  EXPECT_NE(gen.out.find("ydelseslinjer"), std::string::npos) << gen.out;
  EXPECT_EQ(praksis_cli("generate-claims --db " + db() + " --year 2020 --seed 3").code,
            2);  // needs --replace
  const auto file = dir() / "claims2020.csv";
  const CliRun exp =
      praksis_cli("export-claims --db " + db() + " --year 2020 --out " + file.string());
  ASSERT_EQ(exp.code, 0) << exp.out;
  const std::string text = read_text(file);
  const auto lines = std::count(text.begin(), text.end(), '\n');
  // Re-importing the exported file replaces the year with identical claims.
  const CliRun imp =
      praksis_cli("import-claims " + file.string() + " --db " + db() + " --year 2020 --replace");
  ASSERT_EQ(imp.code, 0) << imp.out;
  EXPECT_NE(imp.out.find("gemte " + std::to_string(lines - 1) + " ydelseslinjer"),
            std::string::npos)
      << imp.out;
  const auto again = dir() / "again.csv";
  ASSERT_EQ(praksis_cli("export-claims --db " + db() + " --year 2020 --out " + again.string()).code,
            0);
  EXPECT_EQ(read_text(again), text);
  // A bad line: exit 2, the place and reason, nothing changed.
  const auto bad = dir() / "bad.csv";
  std::ofstream(bad) << text << "99,2000,0000000010000000,2020-03-02,0999,1\n";
  const CliRun rej = praksis_cli("--lang en import-claims " + bad.string() + " --db " + db() +
                                 " --year 2020 --replace");
  EXPECT_EQ(rej.code, 2) << rej.out;
  EXPECT_NE(rej.out.find(bad.string() + ":" + std::to_string(lines + 1) +
                         ":5 (service_code): unknown service code '0999'"),
            std::string::npos)
      << rej.out;
  ASSERT_EQ(praksis_cli("export-claims --db " + db() + " --year 2020 --out " + again.string()).code,
            0);
  EXPECT_EQ(read_text(again), text);
}

TEST_F(EconomyCli, SettleWritesDanishCsvJsonAndExplainsAClinic) {
  ASSERT_EQ(praksis_cli("generate-claims --db " + db() + " --year 2021 --seed 4").code, 0);
  const auto csv = dir() / "regions.csv";
  const CliRun st = praksis_cli(
      "settle --db " + db() +
      " --year 2021 --threatened 360 --format csv --csv-dialect da --level region --out " +
      csv.string());
  ASSERT_EQ(st.code, 0) << st.out;
  const std::string c = read_text(csv);
  EXPECT_EQ(c.substr(0, 3), "\xEF\xBB\xBF");
  // The da dialect heads its columns with the labels a person reads (docs/language.md).
  EXPECT_NE(c.find("Region;Navn;Klinikker;Kapaciteter;Tilmeldte patienter;Basishonorar (kr)"),
            std::string::npos)
      << c;
  EXPECT_NE(c.find(",00;"), std::string::npos) << c;  // kr with decimal comma
  // A dataset far smaller than Denmark: the log says the frame is national and not scaled.
  // Danish by default.
  EXPECT_NE(st.out.find("er landets ramme og skaleres ikke til dette datasæt"), std::string::npos)
      << st.out;
  const CliRun en =
      praksis_cli("--lang en settle --db " + db() + " --year 2021 --threatened 360 --dry-run");
  ASSERT_EQ(en.code, 0) << en.out;
  EXPECT_NE(en.out.find("is the national frame and is not scaled to this dataset"),
            std::string::npos)
      << en.out;

  const CliRun js = praksis_cli("settle --db " + db() +
                                " --year 2021 --threatened 360 --format json --level clinic");
  ASSERT_EQ(js.code, 0) << js.out;
  const auto j = nlohmann::json::parse(js.out.substr(js.out.find('{')));
  Money sum;
  for (const auto& cl : j["clinics"])
    sum += Money::from_ore(*parse_fixed(cl["total_kr"].get<std::string>(), 2));
  EXPECT_EQ(sum.to_kr_string(), j["summary"]["total_kr"].get<std::string>());
  const std::string first_total = j["clinics"][0]["total_kr"];
  const auto yder = j["clinics"][0]["ydernummer"].get<std::int64_t>();

  const CliRun ex = praksis_cli("settle --db " + db() + " --year 2021 --threatened 360 --clinic " +
                                std::to_string(yder) + " --format csv");
  ASSERT_EQ(ex.code, 0) << ex.out;
  // The en dialect keeps the stable keys; the texts are in --lang (Danish by default).
  EXPECT_NE(ex.out.find("item,rule,units,replaced_units,fee_kr,amount_kr"), std::string::npos)
      << ex.out;
  EXPECT_NE(ex.out.find("I alt,,0,0,0.00," + first_total), std::string::npos) << ex.out;
  const CliRun ex_en =
      praksis_cli("--lang en settle --db " + db() + " --year 2021 --threatened 360 --clinic " +
                  std::to_string(yder) + " --format csv");
  EXPECT_NE(ex_en.out.find("Total,,0,0,0.00," + first_total), std::string::npos) << ex_en.out;
  // The terminal table: Danish titles, headings and texts by default, English with --lang en.
  const CliRun tab = praksis_cli("settle --db " + db() + " --year 2021 --threatened 360 --dry-run");
  for (const char* da : {"Afregning 2021 (hele landet)", "Økonomisk ramme 2021 (E5)",
                         "Tilmeldte patienter", "Lille overskridelse", "Hele landet"})
    EXPECT_NE(tab.out.find(da), std::string::npos) << da << "\n" << tab.out;
  for (const char* english : {"Settlement 2021", "listed_patients", "total_kr", "Regions"})
    EXPECT_EQ(tab.out.find(english), std::string::npos) << english << "\n" << tab.out;
  for (const char* english :
       {"Settlement 2021 (nation)", "Economic frame 2021 (E5)", "Listed patients", "Small overrun"})
    EXPECT_NE(en.out.find(english), std::string::npos) << english << "\n" << en.out;

  const CliRun shown = praksis_cli("settle --db " + db() + " --year 2021 --show --format json");
  ASSERT_EQ(shown.code, 0) << shown.out;
  const auto s2 = nlohmann::json::parse(shown.out.substr(shown.out.find('{')));
  EXPECT_EQ(s2["summary"]["total_kr"], j["summary"]["total_kr"]);
  // JSON carries every table, the clinics too, whatever --level says.
  EXPECT_EQ(s2["clinics"].size(), j["clinics"].size());
  EXPECT_GT(s2["clinics"].size(), 0u);
  EXPECT_EQ(praksis_cli("settle --db " + db() + " --year 2021 --threatened 999").code, 2);
}

TEST_F(EconomyCli, AYearWithoutClaimsIsRefusedWithExitTwoAndNothingWritten) {
  const auto file = dir() / "claims2031.csv";
  const CliRun exp =
      praksis_cli("export-claims --db " + db() + " --year 2031 --out " + file.string());
  EXPECT_EQ(exp.code, 2) << exp.out;
  EXPECT_NE(exp.out.find("der er ingen ydelser gemt for 2031"), std::string::npos) << exp.out;
  EXPECT_FALSE(fs::exists(file));
  for (const std::string extra : {" --dry-run", ""}) {
    const CliRun st = praksis_cli("settle --db " + db() + " --year 2031 --threatened none" + extra);
    EXPECT_EQ(st.code, 2) << st.out;
  }
  const CliRun dry =
      praksis_cli("--lang en settle --db " + db() + " --year 2031 --threatened none --dry-run");
  EXPECT_NE(dry.out.find("no claims are stored for 2031"), std::string::npos) << dry.out;
  const CliRun shown = praksis_cli("settle --db " + db() + " --year 2031 --show");
  EXPECT_EQ(shown.code, 2) << shown.out;  // nothing was stored
}

TEST_F(EconomyCli, E3_Model1PaysTheKommunerTheDesignationDesignatesByDefault) {
  ASSERT_EQ(praksis_cli("generate-claims --db " + db() + " --year 2024 --seed 6").code, 0);
  // The committee's plan: the criteria model plus a manual designation of Lolland (rule D3).
  const auto plan = dir() / "plan.toml";
  std::ofstream(plan) << "[[designation.manual]]\nkommune = 360\naction = \"designate\"\n"
                         "reason = \"Lokalkendskab\"\n";
  const std::string with_plan = "--settings " + plan.string() + " ";
  const CliRun des = testing::run_praksis(with_plan + "designate --db " + db() + " --format json");
  ASSERT_EQ(des.code, 0) << des.err;
  std::set<std::int64_t> designated;
  const auto doc = nlohmann::json::parse(des.out);
  for (const auto& a : doc["areas"])
    if (a["designated"].get<bool>()) designated.insert(a["kommune"].get<std::int64_t>());
  ASSERT_TRUE(designated.contains(360)) << des.out;

  auto settle = [&](const std::string& extra) {
    const CliRun r = testing::run_praksis(with_plan + "settle --db " + db() +
                                          " --year 2024 --dry-run --format json " + extra);
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out)["summary"];
  };
  std::string list;
  for (const auto k : designated) list += (list.empty() ? "" : ",") + std::to_string(k);
  const auto by_default = settle("");
  EXPECT_EQ(by_default["threatened_kommuner"].get<std::int64_t>(),
            static_cast<std::int64_t>(designated.size()));
  EXPECT_EQ(by_default, settle("--threatened " + list));  // the same kommuner given by hand
  const auto none = settle("--threatened none");
  EXPECT_EQ(none["threatened_kommuner"], 0);
  EXPECT_EQ(none["model1_kr"], "0.00");

  // The committee's decision kept for 2024 (D1-D3) is what the settlement of 2024 pays, even when
  // settled later without the plan's settings; other years are designated afresh.
  const CliRun saved =
      testing::run_praksis(with_plan + "designate --db " + db() + " --save 2024 --format json");
  ASSERT_EQ(saved.code, 0) << saved.err;
  const CliRun kept =
      testing::run_praksis("settle --db " + db() + " --year 2024 --dry-run --format json");
  ASSERT_EQ(kept.code, 0) << kept.err;
  EXPECT_NE(kept.err.find("udpegningen gemt for 2024"), std::string::npos) << kept.err;
  EXPECT_EQ(nlohmann::json::parse(kept.out)["summary"], by_default);
  ASSERT_EQ(praksis_cli("generate-claims --db " + db() + " --year 2025 --seed 7").code, 0);
  const CliRun fresh =
      testing::run_praksis("settle --db " + db() + " --year 2025 --dry-run --format json");
  ASSERT_EQ(fresh.code, 0) << fresh.err;
  EXPECT_NE(fresh.err.find("fra undersøgelsens udpegning"), std::string::npos) << fresh.err;
}

TEST_F(EconomyCli, ScenarioReportsChangesAndRejectsABadFile) {
  ASSERT_EQ(praksis_cli("generate-claims --db " + db() + " --year 2022 --seed 5").code, 0);
  const auto sc = dir() / "risk.toml";
  std::ofstream(sc) << "name = \"risk\"\nbasic_share = 0.55\nrisk_adjusted_basic = true\n";
  const CliRun r = praksis_cli("settle --db " + db() + " --year 2022 --threatened 360 --scenario " +
                               sc.string() + " --format csv --level kommune");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(
      r.out.find(
          "kommune,name,threatened,clinics,capacities,baseline_kr,scenario_kr,change_kr,change"),
      std::string::npos)
      << r.out;
  const auto bad = dir() / "bad.toml";
  std::ofstream(bad) << "basic_share = 0.55\nrisk_adjusted = true\n";
  const CliRun b =
      praksis_cli("--lang en settle --db " + db() + " --year 2022 --scenario " + bad.string());
  EXPECT_EQ(b.code, 2);
  EXPECT_NE(b.out.find(bad.string() + ":2:17 (risk_adjusted): unknown scenario key"),
            std::string::npos)
      << b.out;
}

TEST_F(EconomyCli, GoodwillAndCopaymentChecks) {
  const CliRun ok = praksis_cli("goodwill --price-kr 4216000 --income-kr 3000000,3100000,3200000");
  EXPECT_EQ(ok.code, 0) << ok.out;
  // Table numbers as the language writes them: Danish by default, English on request.
  EXPECT_NE(ok.out.find("4.216.000,00"), std::string::npos) << ok.out;
  const CliRun en =
      praksis_cli("--lang en goodwill --price-kr 4216000 --income-kr 3000000,3100000,3200000");
  EXPECT_NE(en.out.find("4,216,000.00"), std::string::npos) << en.out;
  // Titles, headings, texts and the rule's explanation too.
  for (const char* da : {"Goodwillkontrol", "Loft (kr)", "Tilladt        ja",
                         "C6: goodwill højst 136,0 % af den gennemsnitlige årlige bruttoindtægt"})
    EXPECT_NE(ok.out.find(da), std::string::npos) << da << "\n" << ok.out;
  for (const char* english : {"Goodwill check", "Cap (kr)", "Allowed     yes",
                              "C6: goodwill at most 136.0 % of the average annual gross income"})
    EXPECT_NE(en.out.find(english), std::string::npos) << english << "\n" << en.out;
  const CliRun over =
      praksis_cli("goodwill --price-kr 4216000.01 --income-kr 3000000,3100000,3200000");
  EXPECT_EQ(over.code, 1) << over.out;
  EXPECT_EQ(praksis_cli("goodwill --price-kr 1 --income-kr 3000000,3100000").code, 2);
  const CliRun spec = praksis_cli(
      "goodwill --specialist --price-kr 1742841.88 --profit-kr 1000000,1100000,1200000 --index "
      "100,104,108 "
      "--index-now 110");
  EXPECT_EQ(spec.code, 0) << spec.out;
  const CliRun copay =
      praksis_cli("copayment --area physiotherapy --fee-kr 300 --age 50 --referral --format json");
  ASSERT_EQ(copay.code, 0) << copay.out;
  EXPECT_NE(copay.out.find("\"subsidy_kr\": \"120.00\""), std::string::npos) << copay.out;
  EXPECT_NE(copay.out.find("E6: fysioterapi med henvisning, tilskud 40,0 %"), std::string::npos)
      << copay.out;
  EXPECT_EQ(praksis_cli("copayment --area dentist --category diabetes --fee-kr 300 --age 50").code,
            2);
}

}  // namespace
}  // namespace praksis
