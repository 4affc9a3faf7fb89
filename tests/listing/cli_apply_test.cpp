// `praksis apply`, `choose`, `move` as a user runs them: answers per row, exit codes, and a bad
// batch changes nothing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "listing/listing_fixture.hpp"
#include "support/cli.hpp"

namespace praksis::testing {
namespace {

CliRun run(const std::string& args) {
  return run_praksis(args, Stderr::discarded);
}

int lines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

World world() {
  WorldBuilder b;
  const ClinicIndex a = b.clinic(1001, offset_km(kOrigin, 2, 0));
  b.clinic(1002, offset_km(kOrigin, 0, 5));
  b.clinic(1003, offset_km(kOrigin, 0, -5), 1, false);
  for (CitizenId id = 1; id <= 5; ++id) b.citizen(id, kOrigin, a);
  return b.build();
}

TEST(ListingCli, ApplyAnswersEveryRowAndABadBatchChangesNothing) {
  const auto dir = temp_dir("apply");
  const auto db = dir / "praksis.db";
  {
    SqliteStore store(db);
    store.replace_world(world());
  }
  auto audit = [&] {
    return SqliteStore(db, false).db().query_int("SELECT count(*) FROM listing_audit").value_or(-1);
  };
  const auto csv = dir / "batch.csv";
  std::ofstream(csv) << "action,citizen,clinic,status\n"
                        "choice,0000000000000001,1002,\n"
                        "choice,0000000000000002,1003,\n"
                        "list-status,,1001,closed\n"
                        "choice,00000000000000zz,1002,\n";
  CliRun bad = run(fmt::format("apply {} --db {}", csv.string(), db.string()));
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(audit(), 0);

  std::ofstream(csv) << "action,citizen,clinic,status\n"
                        "choice,0000000000000001,1002,\n"
                        "choice,0000000000000002,1003,\n"
                        "list-status,,1001,closed\n";
  CliRun ok = run(fmt::format("apply {} --db {}", csv.string(), db.string()));
  EXPECT_EQ(ok.code, 0);
  ASSERT_EQ(lines(ok.out), 3) << ok.out;
  EXPECT_NE(ok.out.find("\"line\":2"), std::string::npos);
  EXPECT_NE(ok.out.find("\"rules\":[\"L4\"]"), std::string::npos);  // 1003 is closed
  EXPECT_NE(ok.out.find("\"rules\":[\"C1\"]"), std::string::npos);  // 5 patients may not close
  EXPECT_EQ(audit(), 3);

  CliRun again = run(fmt::format("apply {} --db {}", csv.string(), db.string()));
  EXPECT_EQ(again.code, 0);
  EXPECT_EQ(lines(again.out), 3);
  EXPECT_NE(again.out.find("\"replayed\":true"), std::string::npos);
  EXPECT_EQ(audit(), 3);

  const auto jsonl = dir / "batch.jsonl";
  std::ofstream(jsonl)
      << R"({"action":"move","citizen":"0000000000000003","home":{"lat":55.9,"lon":12.3},"kommune":101})"
         "\n"
      << R"({"action":"choice","citizen":"0000000000000004","clinic":1002,"notified_on":"2024-03-16"})"
         "\n";
  CliRun j = run(fmt::format("apply {} --db {}", jsonl.string(), db.string()));
  EXPECT_EQ(j.code, 0);
  EXPECT_NE(j.out.find("\"effective_from\":\"2024-05-01\""), std::string::npos) << j.out;
  EXPECT_EQ(audit(), 5);

  EXPECT_EQ(
      run(fmt::format("choose --db {} --citizen 0000000000000005 --clinic 1002", db.string())).code,
      0);
  EXPECT_EQ(
      run(fmt::format("choose --db {} --citizen 0000000000000005 --clinic 1003", db.string())).code,
      3);
  EXPECT_EQ(
      run(fmt::format("choose --db {} --citizen 0000000000000005 --clinic 4711", db.string())).code,
      2);
  EXPECT_EQ(
      run(fmt::format("move --db {} --citizen 0000000000000005 --lat 40 --lon 12 --kommune 101",
                      db.string()))
          .code,
      2);
  EXPECT_EQ(audit(), 7);
}

}  // namespace
}  // namespace praksis::testing
