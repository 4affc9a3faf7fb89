// The economy commands end to end: generate, export and import claims, settle in every format,
// scenarios, goodwill and co-payment checks, and their exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "economy/economy_fixture.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/store/sqlite_store.hpp"

namespace praksis {
namespace {
namespace fs = std::filesystem;

struct CliResult {
  int code = -1;
  std::string output;
};

CliResult praksis_cli(const std::string& args) {
  CliResult r;
  const std::string cmd = std::string(PRAKSIS_CLI) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
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
  const CliResult gen = praksis_cli("generate-claims --db " + db() + " --year 2020 --seed 3");
  ASSERT_EQ(gen.code, 0) << gen.output;
  EXPECT_NE(gen.output.find("claim lines"), std::string::npos) << gen.output;
  EXPECT_EQ(praksis_cli("generate-claims --db " + db() + " --year 2020 --seed 3").code,
            2);  // needs --replace
  const auto file = dir() / "claims2020.csv";
  const CliResult exp =
      praksis_cli("export-claims --db " + db() + " --year 2020 --out " + file.string());
  ASSERT_EQ(exp.code, 0) << exp.output;
  const std::string text = read(file);
  const auto lines = std::count(text.begin(), text.end(), '\n');
  // Re-importing the exported file replaces the year with identical claims.
  const CliResult imp =
      praksis_cli("import-claims " + file.string() + " --db " + db() + " --year 2020 --replace");
  ASSERT_EQ(imp.code, 0) << imp.output;
  EXPECT_NE(imp.output.find("stored " + std::to_string(lines - 1) + " claim lines"),
            std::string::npos)
      << imp.output;
  const auto again = dir() / "again.csv";
  ASSERT_EQ(praksis_cli("export-claims --db " + db() + " --year 2020 --out " + again.string()).code,
            0);
  EXPECT_EQ(read(again), text);
  // A bad line: exit 2, the place and reason, nothing changed.
  const auto bad = dir() / "bad.csv";
  std::ofstream(bad) << text << "99,2000,0000000010000000,2020-03-02,0999,1\n";
  const CliResult rej =
      praksis_cli("import-claims " + bad.string() + " --db " + db() + " --year 2020 --replace");
  EXPECT_EQ(rej.code, 2) << rej.output;
  EXPECT_NE(rej.output.find(bad.string() + ":" + std::to_string(lines + 1) +
                            ":5 (service_code): unknown service code '0999'"),
            std::string::npos)
      << rej.output;
  ASSERT_EQ(praksis_cli("export-claims --db " + db() + " --year 2020 --out " + again.string()).code,
            0);
  EXPECT_EQ(read(again), text);
}

TEST_F(EconomyCli, SettleWritesDanishCsvJsonAndExplainsAClinic) {
  ASSERT_EQ(praksis_cli("generate-claims --db " + db() + " --year 2021 --seed 4").code, 0);
  const auto csv = dir() / "regions.csv";
  const CliResult st = praksis_cli(
      "settle --db " + db() +
      " --year 2021 --threatened 360 --format csv --csv-dialect da --level region --out " +
      csv.string());
  ASSERT_EQ(st.code, 0) << st.output;
  const std::string c = read(csv);
  EXPECT_EQ(c.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(c.find("region;name;clinics;"), std::string::npos) << c;
  EXPECT_NE(c.find(",00;"), std::string::npos) << c;  // kr with decimal comma

  const CliResult js = praksis_cli("settle --db " + db() +
                                   " --year 2021 --threatened 360 --format json --level clinic");
  ASSERT_EQ(js.code, 0) << js.output;
  const auto j = nlohmann::json::parse(js.output.substr(js.output.find('{')));
  Money sum;
  for (const auto& cl : j["clinics"])
    sum += Money::from_ore(*parse_fixed(cl["total_kr"].get<std::string>(), 2));
  EXPECT_EQ(sum.to_kr_string(), j["summary"]["total_kr"].get<std::string>());
  const std::string first_total = j["clinics"][0]["total_kr"];
  const auto yder = j["clinics"][0]["ydernummer"].get<std::int64_t>();

  const CliResult ex =
      praksis_cli("settle --db " + db() + " --year 2021 --threatened 360 --clinic " +
                  std::to_string(yder) + " --format csv");
  ASSERT_EQ(ex.code, 0) << ex.output;
  EXPECT_NE(ex.output.find("Total,,0,0,0.00," + first_total), std::string::npos) << ex.output;

  const CliResult shown = praksis_cli("settle --db " + db() + " --year 2021 --show --format json");
  ASSERT_EQ(shown.code, 0) << shown.output;
  const auto s2 = nlohmann::json::parse(shown.output.substr(shown.output.find('{')));
  EXPECT_EQ(s2["summary"]["total_kr"], j["summary"]["total_kr"]);
  EXPECT_EQ(praksis_cli("settle --db " + db() + " --year 2021 --threatened 999").code, 2);
}

TEST_F(EconomyCli, ScenarioReportsChangesAndRejectsABadFile) {
  ASSERT_EQ(praksis_cli("generate-claims --db " + db() + " --year 2022 --seed 5").code, 0);
  const auto sc = dir() / "risk.toml";
  std::ofstream(sc) << "name = \"risk\"\nbasic_share = 0.55\nrisk_adjusted_basic = true\n";
  const CliResult r =
      praksis_cli("settle --db " + db() + " --year 2022 --threatened 360 --scenario " +
                  sc.string() + " --format csv --level kommune");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(
      r.output.find(
          "kommune,name,threatened,clinics,capacities,baseline_kr,scenario_kr,change_kr,change"),
      std::string::npos)
      << r.output;
  const auto bad = dir() / "bad.toml";
  std::ofstream(bad) << "basic_share = 0.55\nrisk_adjusted = true\n";
  const CliResult b =
      praksis_cli("settle --db " + db() + " --year 2022 --scenario " + bad.string());
  EXPECT_EQ(b.code, 2);
  EXPECT_NE(b.output.find(bad.string() + ":2:17 (risk_adjusted): unknown scenario key"),
            std::string::npos)
      << b.output;
}

TEST_F(EconomyCli, GoodwillAndCopaymentChecks) {
  const CliResult ok =
      praksis_cli("goodwill --price-kr 4216000 --income-kr 3000000,3100000,3200000");
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("4,216,000.00"), std::string::npos) << ok.output;
  const CliResult over =
      praksis_cli("goodwill --price-kr 4216000.01 --income-kr 3000000,3100000,3200000");
  EXPECT_EQ(over.code, 1) << over.output;
  EXPECT_EQ(praksis_cli("goodwill --price-kr 1 --income-kr 3000000,3100000").code, 2);
  const CliResult spec = praksis_cli(
      "goodwill --specialist --price-kr 1742841.88 --profit-kr 1000000,1100000,1200000 --index "
      "100,104,108 "
      "--index-now 110");
  EXPECT_EQ(spec.code, 0) << spec.output;
  const CliResult copay =
      praksis_cli("copayment --area physiotherapy --fee-kr 300 --age 50 --referral --format json");
  ASSERT_EQ(copay.code, 0) << copay.output;
  EXPECT_NE(copay.output.find("\"subsidy_kr\": \"120.00\""), std::string::npos) << copay.output;
  EXPECT_EQ(praksis_cli("copayment --area dentist --category diabetes --fee-kr 300 --age 50").code,
            2);
}

}  // namespace
}  // namespace praksis
