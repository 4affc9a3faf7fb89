// Both stores behind the one factory: round trip, snapshot with changed rows, atomic replace,
// and what is refused without changing anything.
#include <gtest/gtest.h>

#include <fstream>

#include "praksis/core/error.hpp"
#include "praksis/store/postgres_store.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/synth/generator.hpp"
#include "support/stores.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

using testing::StoreKind;

std::string testing_read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// Runs one SQL statement on the store's own connection (a writer outside praksis).
void raw_sql(Store& s, const std::string& sqlite_sql, const std::string& postgres_sql) {
  if (auto* q = dynamic_cast<SqliteStore*>(&s)) q->db().exec(sqlite_sql);
  if (auto* p = dynamic_cast<PostgresStore*>(&s)) p->connection().exec(postgres_sql);
}

std::int64_t rows_read(Store& s) {
  if (auto* q = dynamic_cast<SqliteStore*>(&s)) return q->rows_read_from_table();
  return dynamic_cast<PostgresStore&>(s).rows_read_from_table();
}

void expect_same_world(const World& a, const World& b) {
  ASSERT_EQ(a.citizens.size(), b.citizens.size());
  EXPECT_EQ(a.citizens.id, b.citizens.id);
  EXPECT_EQ(a.citizens.household, b.citizens.household);
  EXPECT_EQ(a.citizens.birth_year, b.citizens.birth_year);
  EXPECT_EQ(a.citizens.home, b.citizens.home);
  EXPECT_EQ(a.citizens.kommune, b.citizens.kommune);
  EXPECT_EQ(a.citizens.group, b.citizens.group);
  EXPECT_EQ(a.citizens.conditions, b.citizens.conditions);
  EXPECT_EQ(a.citizens.labour, b.citizens.labour);
  EXPECT_EQ(a.citizens.listing, b.citizens.listing);
  EXPECT_EQ(a.citizens.home_visit_right, b.citizens.home_visit_right);
  ASSERT_EQ(a.clinics.size(), b.clinics.size());
  for (std::size_t i = 0; i < a.clinics.size(); ++i) {
    EXPECT_EQ(a.clinics[i].ydernummer, b.clinics[i].ydernummer);
    EXPECT_EQ(a.clinics[i].name, b.clinics[i].name);
    EXPECT_EQ(a.clinics[i].capacities, b.clinics[i].capacities);
    EXPECT_EQ(a.clinics[i].open, b.clinics[i].open);
    EXPECT_EQ(a.clinics[i].services.has_value(), b.clinics[i].services.has_value());
  }
  EXPECT_EQ(a.doctors.size(), b.doctors.size());
  EXPECT_EQ(a.nursing_homes.size(), b.nursing_homes.size());
  EXPECT_EQ(a.kommuner.size(), b.kommuner.size());
}

class BothStores : public testing::StoreKindTest {};

TEST_P(BothStores, LoadsWhatWasStored) {
  const World w = generate_world({0.003, 5, 2}, Settings{});
  const std::string at = fresh();
  auto store = open_store(at);
  EXPECT_FALSE(store->has_world());
  store->replace_world(w);
  EXPECT_TRUE(store->has_world());
  const World back = store->load_world();
  EXPECT_EQ(rows_read(*store), 0);  // all from the snapshot
  expect_same_world(w, back);
  EXPECT_EQ(store->counts().citizens, static_cast<std::int64_t>(w.citizens.size()));
  // Another connection sees the same world.
  auto again = open_store(at);
  expect_same_world(w, again->load_world());
}

TEST_P(BothStores, RowsChangedAfterTheSnapshotAreReadFromTheTable) {
  World w = generate_world({0.003, 6, 2}, Settings{});
  const std::string at = fresh();
  auto store = open_store(at);
  store->replace_world(w);
  const std::string other = std::to_string(w.clinics[1].ydernummer);
  raw_sql(*store,
          "UPDATE citizens SET ydernummer = " + other + ", home_visit = 0 WHERE row IN (3, 100)",
          "UPDATE citizens SET ydernummer = " + other + ", home_visit = 0 WHERE pos IN (3, 100)");
  w.citizens.listing[3] = w.citizens.listing[100] = 1;
  w.citizens.home_visit_right[3] = w.citizens.home_visit_right[100] = 0;
  auto again = open_store(at);
  expect_same_world(w, again->load_world());
  EXPECT_EQ(rows_read(*again), 2);
}

TEST_P(BothStores, SnapshotIsRefreshedAfterManyChanges) {
  World w = generate_world({0.003, 7, 2}, Settings{});
  const std::string at = fresh();
  {
    auto store = open_store(at);
    store->replace_world(w);
    raw_sql(*store, "UPDATE citizens SET home_visit = 1 - home_visit WHERE row < 12000",
            "UPDATE citizens SET home_visit = 1 - home_visit WHERE pos < 12000");
  }
  for (std::size_t i = 0; i < 12000 && i < w.citizens.size(); ++i)
    w.citizens.home_visit_right[i] ^= 1;
  auto a = open_store(at);
  expect_same_world(w, a->load_world());
  EXPECT_GT(rows_read(*a), 10000);
  auto b = open_store(at);
  expect_same_world(w, b->load_world());
  EXPECT_EQ(rows_read(*b), 0);
}

TEST_P(BothStores, FailedReplaceLeavesTheStoreAsItWas) {
  World w = generate_world({0.002, 8, 2}, Settings{});
  auto store = open_store(fresh());
  store->replace_world(w);
  const auto version = store->data_version();
  World broken = w;
  broken.clinics.push_back(broken.clinics.front());  // duplicate ydernummer: the insert fails
  EXPECT_THROW(store->replace_world(broken), std::runtime_error);
  EXPECT_EQ(store->data_version(), version);
  expect_same_world(w, store->load_world());
  EXPECT_EQ(store->counts().clinics, static_cast<std::int64_t>(w.clinics.size()));
}

TEST_P(BothStores, MissingStoreIsRefusedWithoutCreatingIt) {
  const std::string at = fresh();
  EXPECT_THROW(open_store(at, false), InputError);
  // Still nothing there: opening with create makes an empty store.
  auto s = open_store(at, true);
  EXPECT_FALSE(s->has_world());
}

TEST_P(BothStores, ADatabaseThatIsNotAPraksisStoreIsRefusedAndLeftAsItWas) {
  const std::string at = fresh();
  std::string before;
  if (GetParam() == StoreKind::sqlite) {
    { sqlite::Database(at).exec("CREATE TABLE patients(id INTEGER PRIMARY KEY)"); }
    before = testing_read(at);
  } else {
    pg::Connection(at).exec("CREATE TABLE patients(id integer PRIMARY KEY)");
  }
  for (bool create : {false, true}) {
    try {
      open_store(at, create);
      FAIL() << "opened a foreign database";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("ikke et praksis-lager"), std::string::npos) << e.what();
    }
  }
  if (GetParam() == StoreKind::sqlite) {
    EXPECT_EQ(testing_read(at), before);
  } else {
    pg::Connection c(at);
    EXPECT_EQ(c.query_int("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 1);
  }
}

PRAKSIS_BOTH_STORES(BothStores);

TEST(PostgresStore, UnreachableServerIsAnInputErrorNamingTheDb) {
  try {
    open_store("postgresql://nobody:secret@/praksis?host=/nonexistent&connect_timeout=1");
    FAIL();
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("--db"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("secret"), std::string::npos) << msg;
  }
}

TEST(PostgresStore, LocationWithoutPassword) {
  EXPECT_EQ(pg::location_without_password("postgresql://u:pw@h:5432/db"),
            "postgresql://u@h:5432/db");
  EXPECT_EQ(pg::location_without_password("postgresql://u@h/db"), "postgresql://u@h/db");
  EXPECT_TRUE(pg::is_postgres_location("postgresql://"));
  EXPECT_FALSE(pg::is_postgres_location("/tmp/postgresql.db"));
}

}  // namespace
}  // namespace praksis
