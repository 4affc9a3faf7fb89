// `praksis apply`, `choose`, `move` as a user runs them: answers per row, exit codes, and a bad
// batch changes nothing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "listing/listing_fixture.hpp"
#include "praksis/core/csv.hpp"
#include "praksis/store/sqlite_store.hpp"
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

struct CliStore {
  std::filesystem::path dir = temp_dir("cli");
  std::filesystem::path db = dir / "praksis.db";
  CliStore() {
    SqliteStore store(db);
    store.replace_world(world());
  }
  std::int64_t audit() const {
    return SqliteStore(db, false).db().query_int("SELECT count(*) FROM listing_audit").value_or(-1);
  }
};

TEST(ListingCli, L6_NotificationDatedInTheFutureIsRefusedLikeTheApi) {
  CliStore s;
  CliRun r = run_praksis(fmt::format(
      "choose --db {} --citizen 0000000000000005 --clinic 1002 --notified-on 2999-01-01",
      s.db.string()));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--notified-on"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("in the future"), std::string::npos) << r.err;
  const auto jsonl = s.dir / "future.jsonl";
  std::ofstream(jsonl)
      << R"({"action":"choice","citizen":"0000000000000004","clinic":1002,"notified_on":"2999-01-01"})"
         "\n";
  CliRun a = run_praksis(fmt::format("apply {} --db {}", jsonl.string(), s.db.string()));
  EXPECT_EQ(a.code, 2);
  EXPECT_NE(a.err.find("future.jsonl:1 (notified_on)"), std::string::npos) << a.err;
  EXPECT_EQ(s.audit(), 0);
}

TEST(ListingCli, RepeatingAChoiceWithoutKeyIsDecidedOnTodaysFacts) {
  CliStore s;
  const std::string choose =
      fmt::format("choose --db {} --citizen 0000000000000005 --clinic 1003", s.db.string());
  EXPECT_EQ(run(choose).code, 3);  // 1003's list is closed (rule L4)
  EXPECT_EQ(run(fmt::format(
                    "apply {} --db {}",
                    [&] {
                      const auto f = s.dir / "open.csv";
                      std::ofstream(f) << "action,clinic,status\nlist-status,1003,open\n";
                      return f.string();
                    }(),
                    s.db.string()))
                .code,
            0);
  // The same command again: the list is open now, so the answer is a new decision, not a replay.
  CliRun again = run_praksis(choose);
  EXPECT_EQ(again.code, 0) << again.out << again.err;
  EXPECT_EQ(again.out.find("replayed"), std::string::npos);
  EXPECT_EQ(s.audit(), 3);
  // With --key a repeat answers the first decision again.
  const std::string keyed = fmt::format(
      "choose --db {} --citizen 0000000000000004 --clinic 1002 --key k-4", s.db.string());
  EXPECT_EQ(run(keyed).code, 0);
  EXPECT_EQ(run(keyed).code, 0);
  EXPECT_EQ(s.audit(), 4);
}

TEST(ListingCli, ApplyRefusesBadJsonLinesNamingLineAndField) {
  CliStore s;
  const auto jsonl = s.dir / "bad.jsonl";
  std::ofstream(jsonl)
      << R"({"action":"move","citizen":"0000000000000003","home":{"lat":55.9,"lon":12.3},"kommune":101})"
         "\n"
      << R"({"action":"move","citizen":"0000000000000003","home":{"lat":1e999,"lon":12.3},"kommune":101})"
         "\n"
      << R"({"action":"choice","citizen":"0000000000000004","clinic":1002,"clinic":1001})"
         "\n"
      << "{\"action\":\"choice\",\"citizen\":\"\xff\",\"clinic\":1002}\n";
  CliRun r = run_praksis(fmt::format("--lang en apply {} --db {}", jsonl.string(), s.db.string()));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("bad.jsonl:2 (home.lat): number is out of range"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("bad.jsonl:3 (clinic): duplicate key"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.jsonl:4 (citizen): not valid JSON"), std::string::npos) << r.err;
  // Danish by default.
  r = run_praksis(fmt::format("apply {} --db {}", jsonl.string(), s.db.string()));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("fejl: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.jsonl:2 (home.lat): tallet er uden for det tilladte område"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("bad.jsonl:3 (clinic): dobbelt nøgle"), std::string::npos) << r.err;
  EXPECT_EQ(s.audit(), 0);
}

TEST(ListingCli, ApplyReadsTheDanishCsvDialectPraksisWrites) {
  CliStore s;
  const auto csv = s.dir / "da.csv";
  {
    CsvWriter w(csv, CsvDialect::danish);
    w.header({"action", "citizen", "clinic", "lat", "lon", "kommune"});
    w.text("move").text("0000000000000003").empty().decimal(55.9, 5).decimal(12.3, 5).integer(101);
    w.end_row();
    w.text("choice").text("0000000000000004").integer(1002).empty().empty().empty();
    w.end_row();
    w.close();
  }
  ASSERT_NE(read_text(csv).find("55,90000;12,30000"), std::string::npos);
  CliRun r = run_praksis(fmt::format("apply {} --db {}", csv.string(), s.db.string()));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines(r.out), 2) << r.out;
  EXPECT_EQ(s.audit(), 2);
}

}  // namespace
}  // namespace praksis::testing
