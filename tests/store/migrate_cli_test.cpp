// `praksis migrate` (issue 13, point 2): a store made by an older praksis is refused by every
// other command with a message naming `praksis migrate`, byte for byte unchanged, and upgraded
// by `praksis migrate` in one step; a second migrate has nothing to do.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "praksis/store/sqlite.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {
namespace {

TEST(StoreMigration, AnOlderStoreIsRefusedUnchangedAndMigratedByTheCommand) {
  const auto dir = temp_dir("migrate-cli");
  const auto file = (dir / "old.db").string();
  {
    WorldBuilder b;
    const ClinicIndex c = b.clinic(1001, offset_km(kOrigin, 1, 0));
    b.citizen(0xa1, kOrigin, c);
    SqliteStore s(file);
    s.replace_world(b.build());
    // What a version-3 praksis left: no snapshot or version tables, version 3.
    s.db().exec(
        "DROP TABLE snapshot_figures; DROP TABLE world_snapshots; DROP TABLE schema_migrations; "
        "DROP TABLE capacity_pipeline; DROP TABLE gp_hearing; "
        "UPDATE meta SET value='3' WHERE key='schema_version'");
    s.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const std::string before = read_text(file);
  const auto survey = run_praksis("survey --db " + file);
  EXPECT_EQ(survey.code, 2) << survey.err;
  EXPECT_NE(survey.err.find("praksis migrate --db " + file), std::string::npos) << survey.err;
  EXPECT_NE(survey.err.find("lageret har skemaversion 3"), std::string::npos) << survey.err;
  EXPECT_EQ(read_text(file), before) << "a refused store must not change";

  const auto migrate = run_praksis("migrate --db " + file);
  EXPECT_EQ(migrate.code, 0) << migrate.err;
  EXPECT_NE(
      migrate.out.find(fmt::format("skemaversion 3 er opgraderet til {}", kStoreSchemaVersion)),
      std::string::npos)
      << migrate.out;
  const auto again = run_praksis("--lang en migrate --db " + file);
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find(fmt::format("already at schema version {}", kStoreSchemaVersion)),
            std::string::npos)
      << again.out;
  EXPECT_EQ(
      run_praksis("survey --db " + file + " --format csv --out " + (dir / "s.csv").string()).code,
      0);

  const auto missing = run_praksis("migrate --db " + (dir / "none.db").string());
  EXPECT_EQ(missing.code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "none.db"));
}

}  // namespace
}  // namespace praksis::testing
