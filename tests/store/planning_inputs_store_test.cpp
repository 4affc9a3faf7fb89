// The region's planning inputs (issue 11 point 4): capacity_pipeline.csv and gp_hearing.csv
// persist in both stores, export after import reproduces them byte for byte (library and CLI),
// a dataset without them exports without them, and a version-4 store is migrated to version 5 by
// its own step.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "praksis/core/error.hpp"
#include "praksis/io/interchange.hpp"
#include "praksis/store/postgres_store.hpp"
#include "praksis/store/sqlite.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/store/store.hpp"
#include "support/cli.hpp"
#include "support/stores.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {
namespace fs = std::filesystem;
using testing::StoreKind;

const fs::path kData = PRAKSIS_TEST_DATA_DIR;

void expect_same_files(const fs::path& expected, const fs::path& got) {
  for (const auto& f : interchange_files()) {
    SCOPED_TRACE(std::string(f.name));
    EXPECT_EQ(fs::exists(got / f.name), fs::exists(expected / f.name));
    EXPECT_EQ(testing::read_text(got / f.name), testing::read_text(expected / f.name));
  }
}

class PlanningInputsStore : public testing::StoreKindTest {};

TEST_P(PlanningInputsStore, ExportAfterImportIsByteIdentical) {
  const Settings settings;
  const World w = read_world(kData / "valid", settings);
  ASSERT_EQ(w.capacity_pipeline.size(), 4u);
  ASSERT_EQ(w.hearing.size(), 4u);
  auto store = open_store(fresh());
  store->replace_world(w);
  const World back = store->load_world();
  EXPECT_EQ(back.capacity_pipeline, w.capacity_pipeline);
  EXPECT_EQ(back.hearing, w.hearing);
  const fs::path out = testing::temp_dir("planning-export");
  write_world(back, out);
  expect_same_files(kData / "valid", out);
}

TEST_P(PlanningInputsStore, ADatasetWithoutThemExportsWithoutThem) {
  const Settings settings;
  const fs::path in = testing::temp_dir("planning-none");
  for (const auto& e : fs::directory_iterator(kData / "valid"))
    fs::copy_file(e.path(), in / e.path().filename());
  fs::remove(in / "capacity_pipeline.csv");
  fs::remove(in / "gp_hearing.csv");
  auto store = open_store(fresh());
  store->replace_world(read_world(in, settings));
  const World back = store->load_world();
  EXPECT_TRUE(back.capacity_pipeline.empty());
  EXPECT_TRUE(back.hearing.empty());
  // An export into a directory holding an earlier export's files leaves no stale file behind.
  const fs::path out = testing::temp_dir("planning-none-out");
  write_world(read_world(kData / "valid", settings), out);
  ASSERT_TRUE(fs::exists(out / "gp_hearing.csv"));
  write_world(back, out);
  EXPECT_FALSE(fs::exists(out / "capacity_pipeline.csv"));
  EXPECT_FALSE(fs::exists(out / "gp_hearing.csv"));
  expect_same_files(in, out);
}

TEST_P(PlanningInputsStore, ClosingAClinicTakesItsHearingAndKeepsItsPipelineInTheKommune) {
  const Settings settings;
  const World w = read_world(kData / "valid", settings);
  auto store = open_store(fresh());
  store->replace_world(w);
  const World before = store->load_world();
  World after = before;
  // Close clinic 100002 (its patients unlisted); the hearing names it twice, the pipeline once.
  const ClinicIndex gone = *after.find_clinic(100002);
  for (std::size_t i = 0; i < after.citizens.size(); ++i) {
    if (after.citizens.listing[i] == gone)
      after.citizens.listing[i] = kNoClinic;
    else if (after.citizens.listing[i] != kNoClinic && after.citizens.listing[i] > gone)
      --after.citizens.listing[i];
  }
  after.clinics.erase(after.clinics.begin() + gone);
  std::erase_if(after.doctors, [](const Doctor& d) { return d.ydernummer == 100002; });
  after.build_indexes();
  store->apply_world_changes(before, after, {"2023-01-02T00:00:00Z", "test", "", "{}"},
                             store->data_version());
  const World back = store->load_world();
  ASSERT_EQ(back.hearing.size(), 2u);
  for (const HearingEntry& h : back.hearing) EXPECT_EQ(h.ydernummer, 100001u);
  ASSERT_EQ(back.capacity_pipeline.size(), 4u);
  EXPECT_EQ(back.capacity_pipeline[1].kommune, 147);
  EXPECT_FALSE(back.capacity_pipeline[1].ydernummer.has_value());
  EXPECT_EQ(back.capacity_pipeline[3].ydernummer, std::optional<Ydernummer>{100001});
}

PRAKSIS_BOTH_STORES(PlanningInputsStore);

/// The CLI on both stores: `import` then `export` gives the files back byte for byte.
class PlanningInputsCli : public testing::StoreKindTest {};

TEST_P(PlanningInputsCli, ImportThenExportGivesTheFilesBack) {
  const std::string db = fresh("planning-cli");
  const fs::path out = testing::temp_dir("planning-cli-out");
  const auto imp =
      testing::run_praksis(fmt::format("import '{}' --db '{}'", (kData / "valid").string(), db));
  ASSERT_EQ(imp.code, 0) << imp.err;
  const auto exp = testing::run_praksis(fmt::format("export --db '{}' '{}'", db, out.string()));
  ASSERT_EQ(exp.code, 0) << exp.err;
  expect_same_files(kData / "valid", out);
}

TEST_P(PlanningInputsCli, ABadPipelineFileExitsTwoAndChangesNothing) {
  const std::string db = fresh("planning-cli-bad");
  ASSERT_EQ(
      testing::run_praksis(fmt::format("import '{}' --db '{}'", (kData / "valid").string(), db))
          .code,
      0);
  const fs::path bad = testing::temp_dir("planning-cli-bad-in");
  for (const auto& e : fs::directory_iterator(kData / "valid"))
    fs::copy_file(e.path(), bad / e.path().filename());
  fs::copy_file(kData / "invalid" / "pipeline_bad_status__capacity_pipeline.csv",
                bad / "capacity_pipeline.csv", fs::copy_options::overwrite_existing);
  fs::remove(bad / "gp_hearing.csv");
  const auto r = testing::run_praksis(fmt::format("import '{}' --db '{}'", bad.string(), db));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("capacity_pipeline.csv:2:2 (status): ukendt status 'ledig'"),
            std::string::npos)
      << r.err;
  const fs::path out = testing::temp_dir("planning-cli-bad-out");
  ASSERT_EQ(testing::run_praksis(fmt::format("export --db '{}' '{}'", db, out.string())).code, 0);
  expect_same_files(kData / "valid", out);
}

PRAKSIS_BOTH_STORES(PlanningInputsCli);

// Schema version 5 is one step of its own: a version-4 store (no planning-input tables) is
// refused by every command but migrate, and migrated keeping its world.
TEST(StoreMigration, SqliteStoreOfVersion4GainsThePlanningInputTables) {
  const fs::path dir = testing::temp_dir("migrate-v4");
  const auto file = (dir / "v4.db").string();
  const Settings settings;
  {
    SqliteStore s(file);
    World w = read_world(kData / "valid", settings);
    w.capacity_pipeline.clear();
    w.hearing.clear();
    s.replace_world(w);
    s.db().exec("DROP TABLE capacity_pipeline; DROP TABLE gp_hearing;");
    s.db().exec(
        "DELETE FROM schema_migrations; UPDATE meta SET value='4' WHERE "
        "key='schema_version'");
  }
  EXPECT_THROW(SqliteStore{file}, InputError);
  {
    sqlite::Database db(file, sqlite::OpenMode::read_only);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_schema WHERE name='gp_hearing'"), 0);
  }
  SqliteStore s(file, false, SchemaUpgrade::migrate);
  EXPECT_EQ(s.migrated_from(), 4);
  EXPECT_EQ(s.db().query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'"),
            kStoreSchemaVersion);
  EXPECT_EQ(s.counts().citizens, 8);
  EXPECT_TRUE(s.load_world().hearing.empty());
  s.replace_world(read_world(kData / "valid", settings));
  EXPECT_EQ(s.load_world().capacity_pipeline.size(), 4u);
}

TEST(StoreMigrationPostgres, StoreOfVersion4GainsThePlanningInputTables) {
  if (testing::postgres_test_uri().empty()) GTEST_SKIP() << "no PostgreSQL test cluster";
  const std::string loc = testing::fresh_store(StoreKind::postgres, "migrate4");
  const Settings settings;
  {
    PostgresStore s(loc);
    World w = read_world(kData / "valid", settings);
    w.capacity_pipeline.clear();
    w.hearing.clear();
    s.replace_world(w);
    s.connection().exec(
        "DROP TABLE capacity_pipeline; DROP TABLE gp_hearing; DELETE FROM schema_migrations; "
        "UPDATE meta SET value='4' WHERE key='schema_version'");
  }
  EXPECT_THROW(PostgresStore{loc}, InputError);
  PostgresStore s(loc, false, SchemaUpgrade::migrate);
  EXPECT_EQ(s.migrated_from(), 4);
  EXPECT_EQ(s.connection().query_int("SELECT value::bigint FROM meta WHERE key='schema_version'"),
            kStoreSchemaVersion);
  EXPECT_EQ(s.counts().citizens, 8);
  s.replace_world(read_world(kData / "valid", settings));
  EXPECT_EQ(s.load_world().hearing.size(), 4u);
}

}  // namespace
}  // namespace praksis

namespace praksis {
namespace {

TEST_P(PlanningInputsStore, ASnapshotCarriesThem) {
  const Settings settings;
  const World w = read_world(kData / "valid", settings);
  auto store = open_store(fresh("planning-snapshot"));
  store->replace_world(w);
  store->save_snapshot(Date::from_ymd(2023, 1, 1), w);
  const auto back = store->load_snapshot(Date::from_ymd(2023, 1, 1));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->capacity_pipeline, w.capacity_pipeline);
  EXPECT_EQ(back->hearing, w.hearing);
}

}  // namespace
}  // namespace praksis
