// The SQLite store: round trip of a world, the columnar snapshot with changed rows, atomic replace.
#include "praksis/store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "praksis/io/interchange.hpp"
#include "praksis/synth/generator.hpp"
#include "support/cli.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

void expect_same_citizens(const World& a, const World& b) {
  ASSERT_EQ(a.citizens.size(), b.citizens.size());
  for (std::size_t i = 0; i < a.citizens.size(); ++i) {
    const Citizen x = a.citizens.get(static_cast<CitizenIndex>(i));
    const Citizen y = b.citizens.get(static_cast<CitizenIndex>(i));
    ASSERT_EQ(x.id, y.id) << i;
    ASSERT_EQ(x.household, y.household) << i;
    ASSERT_EQ(x.birth_year, y.birth_year) << i;
    ASSERT_EQ(x.home, y.home) << i;
    ASSERT_EQ(x.kommune, y.kommune) << i;
    ASSERT_EQ(x.group, y.group) << i;
    ASSERT_EQ(x.conditions, y.conditions) << i;
    ASSERT_EQ(x.labour, y.labour) << i;
    ASSERT_EQ(x.home_visit_right, y.home_visit_right) << i;
    const auto yd = [](const World& w, ClinicIndex c) {
      return c == kNoClinic ? 0u : w.clinics[c].ydernummer;
    };
    ASSERT_EQ(yd(a, x.listing), yd(b, y.listing)) << i;
  }
}

TEST(SqliteStore, LoadsWhatWasStored) {
  const World w = generate_world({0.003, 5, 2}, Settings{});
  SqliteStore store(testing::temp_dir("s") / "p.db");
  EXPECT_FALSE(store.has_world());
  store.replace_world(w);
  EXPECT_TRUE(store.has_world());
  const World back = store.load_world();
  EXPECT_EQ(store.rows_read_from_table(), 0);  // all from the snapshot
  expect_same_citizens(w, back);
  EXPECT_EQ(back.clinics.size(), w.clinics.size());
  EXPECT_EQ(back.doctors.size(), w.doctors.size());
  EXPECT_EQ(store.counts().citizens, static_cast<std::int64_t>(w.citizens.size()));
}

TEST(SqliteStore, RowsChangedAfterTheSnapshotAreReadFromTheTable) {
  World w = generate_world({0.003, 6, 2}, Settings{});
  const auto path = testing::temp_dir("s") / "p.db";
  SqliteStore store(path);
  store.replace_world(w);
  // A writer (the GP-choice service) changes rows with plain SQL.
  const Ydernummer other = w.clinics[1].ydernummer;
  {
    sqlite::Database db(path);
    db.exec("UPDATE citizens SET ydernummer = " + std::to_string(other) +
            ", home_visit = 0 WHERE row IN (3, 100)");
  }
  w.citizens.listing[3] = w.citizens.listing[100] = 1;
  w.citizens.home_visit_right[3] = w.citizens.home_visit_right[100] = 0;
  SqliteStore again(path);
  const World back = again.load_world();
  EXPECT_EQ(again.rows_read_from_table(), 2);
  expect_same_citizens(w, back);
}

TEST(SqliteStore, SnapshotIsRefreshedAfterManyChanges) {
  World w = generate_world({0.003, 7, 2}, Settings{});
  const auto path = testing::temp_dir("s") / "p.db";
  {
    SqliteStore store(path);
    store.replace_world(w);
    store.db().exec("UPDATE citizens SET home_visit = 1 - home_visit WHERE row < 12000");
  }
  for (std::size_t i = 0; i < 12000 && i < w.citizens.size(); ++i)
    w.citizens.home_visit_right[i] ^= 1;
  SqliteStore a(path);
  expect_same_citizens(w, a.load_world());
  EXPECT_GT(a.rows_read_from_table(), 10000);
  SqliteStore b(path);
  expect_same_citizens(w, b.load_world());
  EXPECT_EQ(b.rows_read_from_table(), 0);
}

TEST(SqliteStore, FailedReplaceLeavesTheStoreAsItWas) {
  World w = generate_world({0.002, 8, 2}, Settings{});
  SqliteStore store(testing::temp_dir("s") / "p.db");
  store.replace_world(w);
  const auto version = store.data_version();
  World broken = w;
  broken.clinics.push_back(broken.clinics.front());  // duplicate ydernummer: the insert fails
  EXPECT_THROW(store.replace_world(broken), sqlite::SqliteError);
  EXPECT_EQ(store.data_version(), version);
  expect_same_citizens(w, store.load_world());
  EXPECT_EQ(store.counts().clinics, static_cast<std::int64_t>(w.clinics.size()));
  EXPECT_FALSE(std::filesystem::exists(store.location() + ".import")) << "the new file is removed";
}

// replace_world writes a new file and renames it over the store: what replace_world keeps (the
// history, other areas' tables empty, meta) is in the new file, and nothing is left beside it.
TEST(SqliteStore, ReplacedThroughANewFileKeepsTheOtherTablesAndTheHistory) {
  const World w = generate_world({0.002, 8, 2}, Settings{});
  const World w2 = generate_world({0.002, 9, 2}, Settings{});
  const auto path = testing::temp_dir("s") / "p.db";
  SqliteStore store(path);
  store.replace_world(w);
  const Date year = Date::from_ymd(2021, 1, 1);
  store.save_snapshot(year, w);
  store.db().exec(
      "CREATE TABLE other_area(id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX other_v ON "
      "other_area(v); INSERT INTO other_area VALUES(1, 'a'); INSERT INTO meta "
      "VALUES('other_key', 'kept')");
  const auto version = store.data_version();
  store.replace_world(w2);
  EXPECT_EQ(store.data_version(), version + 1);
  expect_same_citizens(w2, store.load_world());
  EXPECT_EQ(store.db().query_int("SELECT count(*) FROM other_area"), 0);
  EXPECT_EQ(store.db().query_int("SELECT count(*) FROM sqlite_schema WHERE name='other_v'"), 1);
  EXPECT_EQ(store.db().query_int("SELECT count(*) FROM meta WHERE key='other_key'"), 1);
  ASSERT_EQ(store.snapshots().size(), 1u);
  expect_same_citizens(w, *store.load_snapshot(year));
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".import"));
  auto mode = store.db().prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.text(0), "wal");
  // A second store object on the file sees the new world (the store was reopened on it).
  SqliteStore again(path, false);
  expect_same_citizens(w2, again.load_world());
}

// Another connection holding the store open (another process's server, a reader) keeps it from
// being replaced by a new file: the world is replaced in place, and that connection sees it.
TEST(SqliteStore, ReplaceWithAnotherConnectionOpenIsDoneInPlace) {
  const World w = generate_world({0.002, 8, 2}, Settings{});
  const World w2 = generate_world({0.0025, 9, 2}, Settings{});
  ASSERT_NE(w.citizens.size(), w2.citizens.size());
  const auto path = testing::temp_dir("s") / "p.db";
  SqliteStore store(path);
  store.replace_world(w);
  sqlite::Database other(path, sqlite::OpenMode::read_only);
  EXPECT_EQ(other.query_int("SELECT count(*) FROM citizens"),
            static_cast<std::int64_t>(w.citizens.size()));
  store.replace_world(w2);
  EXPECT_EQ(other.query_int("SELECT count(*) FROM citizens"),
            static_cast<std::int64_t>(w2.citizens.size()));
  expect_same_citizens(w2, store.load_world());
}

// An import while reading (praksis import): the citizens' rows go into the new file while the
// dataset is still parsed (in blocks, the file's second part after its first). The store is the
// one replace_world writes of the same dataset: the same rows, the history kept, the next version.
TEST(SqliteStore, AnImportWhileReadingStoresWhatReplaceWorldStores) {
  const auto dir = testing::temp_dir("s");
  write_world(generate_world({0.012, 4, 2}, Settings{}), dir / "dk");
  ASSERT_GT(std::filesystem::file_size(dir / "dk" / "citizens.csv"), std::size_t{1} << 20);
  const World read = read_world(dir / "dk", Settings{});
  ASSERT_GT(read.citizens.size(), std::size_t{2} << 15) << "more than one block of rows";
  {
    SqliteStore a(dir / "a.db");
    a.replace_world(read);
  }
  const auto b = (dir / "b.db").string();
  std::int64_t version = 0;
  const Date year = Date::from_ymd(2021, 1, 1);
  {
    SqliteStore store(b);
    store.replace_world(generate_world({0.002, 8, 2}, Settings{}));
    store.save_snapshot(year, read);
    version = store.data_version();
  }
  auto import = begin_world_import(b);
  ASSERT_NE(import, nullptr);
  const World w = read_world(dir / "dk", Settings{}, Lang::da, import.get());
  import->finish(w);
  import.reset();
  EXPECT_FALSE(std::filesystem::exists(b + ".import"));
  SqliteStore store(b, false);
  EXPECT_EQ(store.data_version(), version + 1);
  expect_same_citizens(read, store.load_world());
  ASSERT_EQ(store.snapshots().size(), 1u);
  store.db().exec("ATTACH '" + (dir / "a.db").string() + "' AS a");
  for (const char* table : {"citizens", "clinics", "doctors", "kommuner", "regions",
                            "clinic_services", "nursing_homes", "citizen_snapshot"}) {
    const std::string t = table;
    EXPECT_EQ(store.db().query_int("SELECT count(*) FROM main." + t),
              store.db().query_int("SELECT count(*) FROM a." + t))
        << t;
    EXPECT_EQ(store.db().query_int("SELECT count(*) FROM (SELECT * FROM main." + t +
                                   " EXCEPT SELECT * FROM a." + t + ")"),
              0)
        << t;
  }
  EXPECT_EQ(store.db().query_int("SELECT count(*) FROM sqlite_schema WHERE name='citizens_id'"), 1);
  EXPECT_EQ(store.db().query_int("SELECT count(*) FROM pragma_integrity_check WHERE "
                                 "integrity_check <> 'ok'"),
            0);
}

// A problem found after every row was handed on (a duplicate citizen id, while the id index is
// being built): the new file is deleted and the store is byte for byte as it was.
TEST(SqliteStore, AnImportStoppedByBadInputAfterItsRowsLeavesTheStoreAsItWas) {
  const auto dir = testing::temp_dir("s");
  write_world(generate_world({0.012, 5, 2}, Settings{}), dir / "good");
  const auto db = (dir / "p.db").string();
  {
    SqliteStore store(db);
    store.replace_world(read_world(dir / "good", Settings{}));
  }
  const std::string before = testing::read_text(db);
  std::filesystem::copy(dir / "good", dir / "bad");
  std::string text = testing::read_text(dir / "good" / "citizens.csv");
  const std::size_t first = text.find('\n') + 1;                    // line 2: the first citizen
  const std::size_t at = text.find('\n', text.size() * 3 / 4) + 1;  // in the second part
  text.replace(at, 16, text.substr(first, 16));
  std::ofstream(dir / "bad" / "citizens.csv", std::ios::binary | std::ios::trunc) << text;
  {
    auto import = begin_world_import(db);
    ASSERT_NE(import, nullptr);
    EXPECT_THROW((void)read_world(dir / "bad", Settings{}, Lang::en, import.get()), InputError);
  }
  EXPECT_EQ(testing::read_text(db), before) << "the store changed";
  EXPECT_FALSE(std::filesystem::exists(db + ".import"));
  SqliteStore store(db, false);
  EXPECT_EQ(store.counts().citizens,
            static_cast<std::int64_t>(read_world(dir / "good", Settings{}).citizens.size()));
}

// A store that does not exist is created by finish() only: bad input leaves no file behind, a
// good dataset makes the store of data version 1.
TEST(SqliteStore, AnImportIntoANewStoreCreatesItOnlyWhenFinished) {
  const auto dir = testing::temp_dir("s");
  write_world(generate_world({0.002, 6, 2}, Settings{}), dir / "dk");
  std::filesystem::copy(dir / "dk", dir / "bad");
  std::ofstream(dir / "bad" / "citizens.csv", std::ios::app) << "not,a,citizen\n";
  const auto db = (dir / "new.db").string();
  {
    auto import = begin_world_import(db);
    ASSERT_NE(import, nullptr);
    EXPECT_THROW((void)read_world(dir / "bad", Settings{}, Lang::en, import.get()), InputError);
  }
  EXPECT_FALSE(std::filesystem::exists(db));
  EXPECT_FALSE(std::filesystem::exists(db + ".import"));
  auto import = begin_world_import(db);
  ASSERT_NE(import, nullptr);
  EXPECT_FALSE(std::filesystem::exists(db)) << "not before finish()";
  const World w = read_world(dir / "dk", Settings{}, Lang::da, import.get());
  import->finish(w);
  SqliteStore store(db, false);
  EXPECT_EQ(store.data_version(), 1);
  expect_same_citizens(w, store.load_world());
}

// Another connection holding the store open: no import through a new file is begun (the caller
// reads the world whole and replaces it in place), and nothing changes.
TEST(SqliteStore, NoImportIsBegunWhileAnotherConnectionHoldsTheStore) {
  const auto path = (testing::temp_dir("s") / "p.db").string();
  {
    SqliteStore store(path);
    store.replace_world(generate_world({0.002, 8, 2}, Settings{}));
  }
  sqlite::Database other(path, sqlite::OpenMode::read_only);
  EXPECT_GT(other.query_int("SELECT count(*) FROM citizens").value_or(0), 0);
  EXPECT_EQ(begin_world_import(path), nullptr);
  EXPECT_FALSE(std::filesystem::exists(path + ".import"));
  EXPECT_EQ(begin_world_import("postgresql://nobody@localhost:1/none"), nullptr);
}

}  // namespace
}  // namespace praksis
