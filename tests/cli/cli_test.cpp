// The praksis command line: exit codes and messages for good and bad input.
#include "support/cli.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "praksis/output/text.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {
namespace fs = std::filesystem;

using testing::CliRun;

CliRun run(const std::string& args) {
  return testing::run_praksis(args, testing::Stderr::merged);
}

const fs::path kData = PRAKSIS_TEST_DATA_DIR;

TEST(Cli, ImportExportRoundTrip) {
  const auto dir = testing::temp_dir("cli");
  const auto db = (dir / "p.db").string();
  const CliRun imp = run("import " + (kData / "valid").string() + " --db " + db);
  ASSERT_EQ(imp.code, 0) << imp.out;
  EXPECT_NE(imp.out.find("importerede 8 borgere, 3 klinikker, 4 læger"), std::string::npos)
      << imp.out;
  const CliRun exp = run("export --db " + db + " " + (dir / "out").string());
  ASSERT_EQ(exp.code, 0) << exp.out;
  EXPECT_TRUE(fs::exists(dir / "out" / "citizens.csv"));
}

TEST(Cli, InvalidImportExitsTwoWithTheLocationAndChangesNothing) {
  const auto dir = testing::temp_dir("cli");
  const auto db = (dir / "p.db").string();
  ASSERT_EQ(run("import " + (kData / "valid").string() + " --db " + db).code, 0);
  const auto bad = dir / "bad";
  fs::create_directories(bad);
  for (const auto& e : fs::directory_iterator(kData / "valid"))
    fs::copy_file(e.path(), bad / e.path().filename());
  fs::copy_file(kData / "invalid" / "unknown_kommunekode__citizens.csv", bad / "citizens.csv",
                fs::copy_options::overwrite_existing);
  const CliRun r = run("import " + bad.string() + " --db " + db);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("citizens.csv:7:7 (kommunekode): ukendt kommunekode 999"), std::string::npos)
      << r.out;
  const CliRun again = run("export --db " + db + " " + (dir / "after").string());
  ASSERT_EQ(again.code, 0);
  std::ifstream a(kData / "valid" / "citizens.csv"), b(dir / "after" / "citizens.csv");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}),
            std::string(std::istreambuf_iterator<char>(b), {}));
}

TEST(Cli, SettingsPrintAndBadSettingsFile) {
  const CliRun ok = run("settings --print");
  ASSERT_EQ(ok.code, 0);
  EXPECT_NE(ok.out.find("# C1: listed group-1 patients per capacity (normtal)\nnormtal = 1600"),
            std::string::npos);
  const auto dir = testing::temp_dir("cli");
  std::ofstream(dir / "bad.toml") << "[listing]\nchoice_radius_km = -1\n";
  const CliRun bad = run("--settings " + (dir / "bad.toml").string() + " settings --print");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(
      bad.out.find("bad.toml:2:20 (listing.choice_radius_km): skal være mindst 1e-12 (fik -1)"),
      std::string::npos)
      << bad.out;
}

TEST(Cli, GenerateAndCheck) {
  const auto dir = testing::temp_dir("cli");
  const CliRun g = run("generate --scale 0.003 --seed 2 --out " + (dir / "dk").string());
  ASSERT_EQ(g.code, 0) << g.out;
  const CliRun c = run("generate --check " + (dir / "dk").string());
  EXPECT_NE(c.out.find("citizens Region Sjælland"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("kalibreringsmål er nået"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("forventet"), std::string::npos) << c.out;
  EXPECT_NE(run("--lang en generate --check " + (dir / "dk").string())
                .out.find("calibration targets met"),
            std::string::npos);
  const CliRun bad = run("generate --scale 7 --out " + (dir / "x").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("--scale: skalaen 7 ligger uden for (0, 2]"), std::string::npos)
      << bad.out;
  const CliRun en = run("--lang en generate --scale 7 --out " + (dir / "x").string());
  EXPECT_NE(en.out.find("--scale: scale 7 is outside (0, 2]"), std::string::npos) << en.out;
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
  const CliRun r = run("frobnicate");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out.find("did you mean"), std::string::npos) << r.out;
}

TEST(Cli, AMistypedSubcommandGetsTheNearestSuggested) {
  const CliRun r = run("survy --db x.db");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("mente du `praksis survey`?"), std::string::npos) << r.out;
  EXPECT_NE(run("--lang en imprt").out.find("did you mean `praksis import`?"), std::string::npos);
}

/// The subcommand names `praksis --help` lists (its "Kommandoer:" or "Subcommands:" section).
std::vector<std::string> listed_subcommands(const std::string& help,
                                            const std::string& heading = "Kommandoer:") {
  std::vector<std::string> names;
  const std::size_t at = help.find(heading);
  if (at == std::string::npos) return names;
  std::istringstream in(help.substr(at));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const std::size_t b = line.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    names.push_back(line.substr(b, line.find(' ', b) - b));
  }
  return names;
}

// The help is in the chosen language (main.cpp reads --lang before building the app), every
// command's one-line help from the catalogue.
TEST(Cli, HelpIsDanishByDefaultAndEnglishWithLangEn) {
  const CliRun da = run("--help");
  EXPECT_EQ(da.code, 0) << da.out;
  EXPECT_NE(da.out.find("almen praksis' lægedækning i Danmark"), std::string::npos) << da.out;
  EXPECT_NE(da.out.find("lægedækningsundersøgelse: S1-S6 pr. kommune, region og hele landet"),
            std::string::npos)
      << da.out;
  EXPECT_NE(da.out.find("sprog for tabeller, overskrifter og meddelelser"), std::string::npos);
  const CliRun en = run("--lang en --help");
  EXPECT_EQ(en.code, 0) << en.out;
  EXPECT_NE(en.out.find("S1-S6 per kommune, region and nation"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("pr. kommune"), std::string::npos) << en.out;
  const auto names = listed_subcommands(da.out);
  EXPECT_GE(names.size(), 25u) << da.out;
  for (const std::string& n : names) {
    EXPECT_TRUE(find_text("cli.cmd." + n, Lang::da)) << "no catalogue help for `" << n << "`";
    // The text CLI11 shows is the catalogue's.
    EXPECT_NE(da.out.find(std::string(text("cli.cmd." + n, Lang::da)).substr(0, 20)),
              std::string::npos)
        << n;
  }
}

// Every command's and option's help has its Danish and English form in the catalogue
// (`praksis check-texts` lists what is missing), and each command's --help is Danish by default,
// CLI11's own words too (Brug, Tilvalg, SKAL ANGIVES, TEKST), English with --lang en.
TEST(Cli, EveryCommandAndOptionHelpIsDanishByDefaultAndEnglishWithLangEn) {
  const CliRun check = run("check-texts");
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_EQ(check.out, "") << "help texts missing from src/output/texts/cli_options.inc";
  const auto names = listed_subcommands(run("--lang en --help").out, "Subcommands:");
  ASSERT_GE(names.size(), 25u);
  EXPECT_EQ(names, listed_subcommands(run("--help").out));
  for (const std::string& n : names) {
    const CliRun da = run(n + " --help");
    EXPECT_EQ(da.code, 0) << n;
    EXPECT_NE(da.out.find("Brug: praksis " + n), std::string::npos) << da.out;
    EXPECT_NE(da.out.find("Tilvalg:"), std::string::npos) << da.out;
    EXPECT_NE(da.out.find("vis denne hjælp og afslut"), std::string::npos) << da.out;
    for (const char* english : {" the ", " of ", " with ", " and ", " or ", "Usage", "Options",
                                "REQUIRED", "TEXT", "INT", "FLOAT", "Print this"})
      EXPECT_EQ(da.out.find(english), std::string::npos)
          << "`praksis " << n << " --help` says \"" << english << "\":\n"
          << da.out;
    const CliRun en = run("--lang en " + n + " --help");
    EXPECT_EQ(en.code, 0) << n;
    EXPECT_NE(en.out.find("Usage: praksis " + n), std::string::npos) << en.out;
    EXPECT_NE(en.out.find("Options:"), std::string::npos) << en.out;
    EXPECT_EQ(en.out.find("Tilvalg"), std::string::npos) << en.out;
  }
  // One command's own text, and a text shared by the commands, in both languages.
  EXPECT_NE(run("place --help").out.find("tidsgrænse for MILP i sekunder"), std::string::npos);
  EXPECT_NE(run("--lang en place --help").out.find("MILP wall-clock limit in seconds"),
            std::string::npos);
  EXPECT_NE(run("choose --help").out.find("--db TEKST SKAL ANGIVES     lageret (SQLite-fil)"),
            std::string::npos)
      << run("choose --help").out;
}

// The command line's own errors (CLI11's: a missing or unknown option, a value out of range or
// not a number) are Danish by default, English with --lang en; exit code 2, nothing run.
TEST(Cli, CommandLineErrorsAreDanishByDefaultAndEnglishWithLangEn) {
  const auto dir = testing::temp_dir("cli");
  const std::string db = (dir / "none.db").string();
  const struct {
    std::string args, da, en;
  } cases[] = {
      {"survey", "fejl: --db skal angives", "error: --db is required"},
      {"survey --db " + db + " --bogus", "fejl: uventet på kommandolinjen: --bogus",
       "The following argument was not expected: --bogus"},
      {"survey --db", "fejl: --db mangler sin værdi (TEKST)", "--db: 1 required TEXT missing"},
      {"generate-claims --db " + db + " --year 1800",
       "fejl: --year: 1800 ligger ikke mellem 1900 og 2200",
       "--year: Value 1800 not in range 1900 to 2200"},
      {"place --db " + db + " --add many", "fejl: --add: «many» er ikke en gyldig værdi",
       "Could not convert: --add = many"},
      {"--settings " + (dir / "no.toml").string() + " survey --db " + db,
       "fejl: --settings: filen findes ikke: ", "File does not exist: "},
      {"", "fejl: angiv en kommando", "A subcommand is required"},
  };
  for (const auto& c : cases) {
    const CliRun da = run(c.args);
    EXPECT_EQ(da.code, 2) << c.args;
    EXPECT_NE(da.out.find(c.da), std::string::npos) << c.args << ":\n" << da.out;
    EXPECT_NE(da.out.find("Kør med --help for at få mere at vide."), std::string::npos) << da.out;
    const CliRun en = run("--lang en " + c.args);
    EXPECT_EQ(en.code, 2) << c.args;
    EXPECT_NE(en.out.find(c.en), std::string::npos) << c.args << ":\n" << en.out;
    EXPECT_NE(en.out.find("Run with --help for more information."), std::string::npos) << en.out;
  }
  EXPECT_FALSE(fs::exists(db));
}

// Input errors raised through the catalogue are told in the chosen language: Danish by default.
// What a user reads on stderr while a command runs: the level and the line in the chosen
// language (Danish by default), the numbers as the language writes them.
TEST(Cli, LogLinesAreDanishByDefaultAndEnglishWithLangEn) {
  const auto dir = testing::temp_dir("cli");
  const auto db = (dir / "p.db").string();
  ASSERT_EQ(run("import " + (kData / "valid").string() + " --db " + db).code, 0);
  const std::string survey =
      "survey --db " + db + " --format csv --out " + (dir / "s.csv").string();
  const CliRun da = run(survey);
  ASSERT_EQ(da.code, 0) << da.out;
  EXPECT_NE(da.out.find("info: indlæste 8 borgere og 3 klinikker fra " + db + " på "),
            std::string::npos)
      << da.out;
  EXPECT_NE(da.out.find("info: undersøgelse af 8 borgere ("), std::string::npos) << da.out;
  EXPECT_EQ(da.out.find("loaded"), std::string::npos) << da.out;
  const CliRun en = run("--lang en " + survey);
  ASSERT_EQ(en.code, 0) << en.out;
  EXPECT_NE(en.out.find("info: loaded 8 citizens and 3 clinics from " + db + " in "),
            std::string::npos)
      << en.out;
  EXPECT_NE(en.out.find("info: survey of 8 citizens ("), std::string::npos) << en.out;
  // The level is named in the language too (debug lines themselves are the developers').
  const CliRun debug_da = run("--log-level debug " + survey);
  ASSERT_EQ(debug_da.code, 0) << debug_da.out;
  EXPECT_NE(debug_da.out.find("fejlsøgning: survey stages"), std::string::npos) << debug_da.out;
  const CliRun debug_en = run("--lang en --log-level debug " + survey);
  EXPECT_NE(debug_en.out.find("debug: survey stages"), std::string::npos) << debug_en.out;
}

// Every info, warning and error line goes through the catalogue (praksis/output/log.hpp): no
// source writes one of its own with spdlog directly. Debug and trace lines are the developers'.
TEST(Cli, NoSourceLogsAUserLineOutsideTheCatalogue) {
  const fs::path root = kData.parent_path().parent_path();
  const std::regex direct(R"re(spdlog::(info|warn|error|critical)\s*\()re");
  std::size_t files = 0;
  for (const char* d : {"src", "tools", "include"}) {
    for (const auto& f : fs::recursive_directory_iterator(root / d)) {
      const auto ext = f.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      ++files;
      if (f.path().filename() == "log.hpp") continue;  // the catalogue's own writer
      std::ifstream in(f.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n)
        EXPECT_FALSE(std::regex_search(line, direct))
            << f.path().lexically_relative(root).string() << ":" << n << ": " << line;
    }
  }
  EXPECT_GT(files, 100u);
}

TEST(Cli, ErrorsAreDanishByDefaultAndEnglishWithLangEn) {
  const auto dir = testing::temp_dir("cli");
  const CliRun da = run("survey --db " + (dir / "none.db").string());
  EXPECT_EQ(da.code, 2);
  EXPECT_NE(da.out.find("fejl: --db: "), std::string::npos) << da.out;
  const CliRun en = run("--lang en survey --db " + (dir / "none.db").string());
  EXPECT_EQ(en.code, 2);
  EXPECT_NE(en.out.find("error: --db: no store file"), std::string::npos) << en.out;
}

TEST(Cli, OutputToADeviceOrFifoIsWrittenInPlaceNotReplaced) {
  const auto dir = testing::temp_dir("cli-out");
  const auto db = (dir / "p.db").string();
  ASSERT_EQ(run("import " + (kData / "valid").string() + " --db " + db).code, 0);
  // A FIFO with a reader: the table arrives through it and the FIFO stays a FIFO.
  const auto fifo = dir / "fifo";
  ASSERT_EQ(testing::run_command("mkfifo " + fifo.string()).code, 0);
  const auto got = dir / "got.txt";
  const CliRun r = testing::run_command(
      "(cat " + fifo.string() + " > " + got.string() + " &) ; " + "sleep 0.1; " + PRAKSIS_CLI +
      std::string(" survey --db " + db + " --out " + fifo.string() + "; sleep 0.2"));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_FALSE(fs::exists(dir / "fifo.tmp"));
  EXPECT_NE(testing::read_text(got).find("S1"), std::string::npos) << testing::read_text(got);
  // A character device (only root may make one): it must stay a device.
  const auto null_dev = dir / "null";
  if (testing::run_command("mknod " + null_dev.string() + " c 1 3 2>/dev/null").code == 0) {
    EXPECT_EQ(run("survey --db " + db + " --out " + null_dev.string()).code, 0);
    EXPECT_TRUE(fs::is_character_file(null_dev));
  }
  // A regular file is still replaced whole.
  const auto file = dir / "table.txt";
  std::ofstream(file) << std::string(100000, 'x');
  EXPECT_EQ(run("survey --db " + db + " --out " + file.string()).code, 0);
  EXPECT_EQ(testing::read_text(file).find('x'), std::string::npos);
}

// Issue 12: a store that does not exist is refused in Danish by default, in English with
// --lang en, naming --db and creating nothing.
TEST(Cli, AMissingStoreIsRefusedInDanishByDefaultAndInEnglishWithLangEn) {
  const auto dir = testing::temp_dir("cli-missing-store");
  const auto db = (dir / "missing.db").string();
  const CliRun da = run("export --db " + db + " " + (dir / "out").string());
  EXPECT_EQ(da.code, 2);
  EXPECT_NE(da.out.find("fejl: " + db +
                        " (--db): lageret findes ikke (kør først `praksis import` eller "
                        "`praksis demo`)"),
            std::string::npos)
      << da.out;
  const CliRun en = run("--lang en export --db " + db + " " + (dir / "out").string());
  EXPECT_EQ(en.code, 2);
  EXPECT_NE(en.out.find("error: " + db +
                        " (--db): store does not exist (run `praksis import` or `praksis demo` "
                        "first)"),
            std::string::npos)
      << en.out;
  EXPECT_FALSE(fs::exists(db));
}

}  // namespace
}  // namespace praksis
