// xlsx output (issue 12): every report table a sheet with typed cells, read back with Python's
// zipfile (the workbook is a zip of XML parts), and `--format xlsx` from the CLI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "praksis/core/error.hpp"
#include "praksis/output/tables.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

namespace fs = std::filesystem;

/// The XML of `part` in the zip `file` (python3 -c zipfile), "" when it is missing.
std::string zip_part(const fs::path& file, const std::string& part) {
  return testing::run_command(
             "python3 -c \"import sys,zipfile; "
             "sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2])"
             ".decode())\" '" +
             file.string() + "' '" + part + "'")
      .out;
}

TEST(Xlsx, EveryTableIsASheetWithTypedCells) {
  ReportTable a{"regions", "Regions", {}, {}, false};
  a.column("region", CellKind::code)
      .column("name", CellKind::text)
      .column("listed_patients", CellKind::integer)
      .column("total_kr", CellKind::money)
      .column("share", CellKind::share)
      .column("factor", CellKind::factor);
  a.row() = {std::int64_t{1085},         std::string("Region Sjælland"), std::int64_t{849857},
             Money::from_ore(123456789), Rate::from_double(0.25),        Rate::from_double(1.5)};
  ReportTable b{"a_name_longer_than_thirty_one_characters", "Long", {}, {}, false};
  b.column("x", CellKind::integer);
  b.row() = {std::int64_t{7}};
  const std::string bytes = xlsx_workbook({a, b});
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));  // a zip
  const fs::path file = testing::temp_dir("xlsx") / "t.xlsx";
  std::ofstream(file, std::ios::binary) << bytes;
  const std::string wb = zip_part(file, "xl/workbook.xml");
  EXPECT_NE(wb.find("name=\"regions\""), std::string::npos) << wb;
  EXPECT_NE(wb.find("name=\"a_name_longer_than_thirty_one_c\""), std::string::npos) << wb;
  const std::string sheet = zip_part(file, "xl/worksheets/sheet1.xml");
  // Numbers as numbers: the code, the count, kr with øre, the share and the factor.
  for (const char* v :
       {"<v>1085</v>", "<v>849857</v>", "<v>1234567.89</v>", "<v>0.25</v>", "<v>1.5</v>"})
    EXPECT_NE(sheet.find(v), std::string::npos) << v << "\n" << sheet;
  const std::string strings = zip_part(file, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Region Sjælland"), std::string::npos) << strings;
  EXPECT_NE(strings.find("listed_patients"), std::string::npos) << strings;
}

TEST(Xlsx, CsvOfAnUnknownTableNamesTheOptionAndTheTables) {
  ReportTable a{"regions", "Regions", {}, {}, false};
  a.column("region", CellKind::code);
  try {
    render_tables({a}, OutputFormat::csv, CsvDialect::standard, "kommuner", "--table", Lang::en);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--table"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tabeller: regions"), std::string::npos) << e.what();
  }
}

TEST(XlsxCli, ForecastWritesAWorkbookAndRefusesStandardOutput) {
  const fs::path dir = testing::temp_dir("xlsx-cli");
  const std::string db = (dir / "p.db").string();
  ASSERT_EQ(
      testing::run_praksis("generate --scale 0.005 --seed 2 --out " + (dir / "w").string()).code,
      0);
  ASSERT_EQ(testing::run_praksis("import " + (dir / "w").string() + " --db " + db).code, 0);
  const fs::path out = dir / "f.xlsx";
  const auto r =
      testing::run_praksis("forecast --db " + db + " --runs 0 --format xlsx --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string wb = zip_part(out, "xl/workbook.xml");
  for (const char* sheet : {"national", "regions", "kommuner", "assumptions"})
    EXPECT_NE(wb.find(std::string("name=\"") + sheet + "\""), std::string::npos) << wb;
  const auto bad = testing::run_praksis("forecast --db " + db + " --runs 0 --format xlsx");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--out"), std::string::npos) << bad.err;
  // Where a command has no table output, xlsx is an unknown format.
  const auto survey = testing::run_praksis("survey --db " + db + " --format xlsx");
  EXPECT_EQ(survey.code, 2);
  EXPECT_NE(survey.err.find("ukendt format 'xlsx'"), std::string::npos) << survey.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace praksis
