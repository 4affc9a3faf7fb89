// The praksis command line: exit codes and messages for good and bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/test_world.hpp"

namespace praksis {
namespace {
namespace fs = std::filesystem;

struct CliRun {
  int code = -1;
  std::string output;
};

CliRun run(const std::string& args) {
  CliRun r;
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

const fs::path kData = PRAKSIS_TEST_DATA_DIR;

TEST(Cli, ImportExportRoundTrip) {
  const auto dir = testing::temp_dir("cli");
  const auto db = (dir / "p.db").string();
  const CliRun imp = run("import " + (kData / "valid").string() + " --db " + db);
  ASSERT_EQ(imp.code, 0) << imp.output;
  EXPECT_NE(imp.output.find("imported 8 citizens, 3 clinics, 4 doctors"), std::string::npos) << imp.output;
  const CliRun exp = run("export --db " + db + " " + (dir / "out").string());
  ASSERT_EQ(exp.code, 0) << exp.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "citizens.csv"));
}

TEST(Cli, InvalidImportExitsTwoWithTheLocationAndChangesNothing) {
  const auto dir = testing::temp_dir("cli");
  const auto db = (dir / "p.db").string();
  ASSERT_EQ(run("import " + (kData / "valid").string() + " --db " + db).code, 0);
  const auto bad = dir / "bad";
  fs::create_directories(bad);
  for (const auto& e : fs::directory_iterator(kData / "valid")) fs::copy_file(e.path(), bad / e.path().filename());
  fs::copy_file(kData / "invalid" / "unknown_kommunekode__citizens.csv", bad / "citizens.csv",
                fs::copy_options::overwrite_existing);
  const CliRun r = run("import " + bad.string() + " --db " + db);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("citizens.csv:7:7 (kommunekode): unknown kommunekode 999"), std::string::npos) << r.output;
  const CliRun again = run("export --db " + db + " " + (dir / "after").string());
  ASSERT_EQ(again.code, 0);
  std::ifstream a(kData / "valid" / "citizens.csv"), b(dir / "after" / "citizens.csv");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}), std::string(std::istreambuf_iterator<char>(b), {}));
}

TEST(Cli, SettingsPrintAndBadSettingsFile) {
  const CliRun ok = run("settings --print");
  ASSERT_EQ(ok.code, 0);
  EXPECT_NE(ok.output.find("# C1: listed group-1 patients per capacity (normtal)\nnormtal = 1600"), std::string::npos);
  const auto dir = testing::temp_dir("cli");
  std::ofstream(dir / "bad.toml") << "[listing]\nchoice_radius_km = -1\n";
  const CliRun bad = run("--settings " + (dir / "bad.toml").string() + " settings --print");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("bad.toml:2:20 (listing.choice_radius_km): must be at least"), std::string::npos) << bad.output;
}

TEST(Cli, GenerateAndCheck) {
  const auto dir = testing::temp_dir("cli");
  const CliRun g = run("generate --scale 0.003 --seed 2 --out " + (dir / "dk").string());
  ASSERT_EQ(g.code, 0) << g.output;
  const CliRun c = run("generate --check " + (dir / "dk").string());
  EXPECT_NE(c.output.find("citizens Region Sjælland"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("calibration targets met"), std::string::npos);
  const CliRun bad = run("generate --scale 7 --out " + (dir / "x").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("--scale: scale 7 is outside (0, 2]"), std::string::npos) << bad.output;
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
  const CliRun r = run("frobnicate");
  EXPECT_EQ(r.code, 2);
}

}  // namespace
}  // namespace praksis
