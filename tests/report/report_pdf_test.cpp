// `praksis report --pdf` (issue 12, point 4): the report printed to an A4 PDF through headless
// Chromium, and a clear message, with nothing written, where no browser is installed.
#include <gtest/gtest.h>

#include <filesystem>

#include "praksis/report/pdf.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {
namespace {

namespace fs = std::filesystem;

std::string small_store(const fs::path& dir) {
  const std::string db = (dir / "w.db").string();
  EXPECT_EQ(run_praksis("generate --scale 0.01 --seed 3 --out " + (dir / "w").string()).code, 0);
  EXPECT_EQ(run_praksis("import " + (dir / "w").string() + " --db " + db).code, 0);
  return db;
}

TEST(ReportPdf, TheReportIsPrintedToAnA4Pdf) {
  if (!find_chromium()) GTEST_SKIP() << "no Chromium (scripts/bootstrap.sh --with-browser)";
  const fs::path dir = temp_dir("report-pdf");
  const std::string db = small_store(dir);
  const auto r = run_praksis("report --db " + db + " --out " + (dir / "r.html").string() +
                             " --pdf " + (dir / "r.pdf").string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string pdf = read_text(dir / "r.pdf");
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf.size(), 20000u);
  // A4 is 595 x 842 points; Chromium writes the page box as /MediaBox [0 0 594.96 841.92].
  EXPECT_NE(pdf.find("/MediaBox [0 0 594.9"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "r.html"));
  EXPECT_FALSE(fs::exists(dir / "r.pdf.tmp"));

  // --pdf alone: no HTML file is left behind.
  const auto only = run_praksis("report --db " + db + " --pdf " + (dir / "only.pdf").string());
  ASSERT_EQ(only.code, 0) << only.err;
  EXPECT_EQ(read_text(dir / "only.pdf").rfind("%PDF-", 0), 0u);
  EXPECT_FALSE(fs::exists(dir / "only.pdf.html.tmp"));
}

TEST(ReportPdf, WithoutABrowserTheMessageSaysWhatToInstallAndNothingIsWritten) {
  const fs::path dir = temp_dir("report-nopdf");
  const std::string db = small_store(dir);
  const auto none =
      run_command("PRAKSIS_CHROMIUM=/nonexistent/chromium " PRAKSIS_CLI " report --db " + db +
                      " --out " + (dir / "n.html").string() + " --pdf " + (dir / "n.pdf").string(),
                  Stderr::separate);
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.err.find("headless Chromium er ikke installeret"), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("--with-browser"), std::string::npos) << none.err;
  const auto none_en = run_command(
      "PRAKSIS_CHROMIUM=/nonexistent/chromium " PRAKSIS_CLI " --lang en report --db " + db +
          " --out " + (dir / "n.html").string() + " --pdf " + (dir / "n.pdf").string(),
      Stderr::separate);
  EXPECT_EQ(none_en.code, 1);
  EXPECT_NE(none_en.err.find("headless Chromium is not installed"), std::string::npos)
      << none_en.err;
  EXPECT_FALSE(fs::exists(dir / "n.pdf"));
  EXPECT_FALSE(fs::exists(dir / "n.html"));  // refused before any work
  const auto neither = run_praksis("report --db " + db);
  EXPECT_EQ(neither.code, 2);
  EXPECT_NE(neither.err.find("--out"), std::string::npos) << neither.err;
}

}  // namespace
}  // namespace praksis::testing
