// SQLite store: schema, bulk import in one transaction, and the columnar load.
#include "praksis/store/sqlite_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "praksis/io/extract.hpp"
#include "praksis/output/log.hpp"

namespace praksis {

namespace {
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS regions(code INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kommuner(
  code INTEGER PRIMARY KEY, name TEXT NOT NULL, region INTEGER NOT NULL REFERENCES regions(code));
CREATE TABLE IF NOT EXISTS clinics(
  ydernummer INTEGER PRIMARY KEY,
  pos INTEGER NOT NULL UNIQUE,             -- order in clinics.csv
  name TEXT NOT NULL,
  practice_form TEXT NOT NULL,
  kommune INTEGER NOT NULL REFERENCES kommuner(code),
  lat_e5 INTEGER NOT NULL, lon_e5 INTEGER NOT NULL,
  open INTEGER NOT NULL,
  established TEXT NOT NULL,
  capacities INTEGER NOT NULL,
  unfilled_capacities INTEGER NOT NULL);
-- One row per doctor and ydernummer: an owner of several ydernumre (rule C3) has several rows.
CREATE TABLE IF NOT EXISTS doctors(
  pos INTEGER PRIMARY KEY,
  id INTEGER NOT NULL,
  ydernummer INTEGER NOT NULL REFERENCES clinics(ydernummer),
  birth_year INTEGER NOT NULL, role TEXT NOT NULL, since_year INTEGER NOT NULL,
  UNIQUE(id, ydernummer));
-- Citizens: row = order in citizens.csv; id is the 64-bit pseudonym (stored as signed integer).
-- Enumerations are stored as their numeric codes (docs/data-format.md).
CREATE TABLE IF NOT EXISTS citizens(
  row INTEGER PRIMARY KEY,
  id INTEGER NOT NULL,
  household INTEGER NOT NULL,
  birth_year INTEGER NOT NULL, sex INTEGER NOT NULL,
  lat_e5 INTEGER NOT NULL, lon_e5 INTEGER NOT NULL,
  kommune INTEGER NOT NULL,
  grp INTEGER NOT NULL, conditions INTEGER NOT NULL, labour INTEGER NOT NULL,
  ydernummer INTEGER,
  home_visit INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS citizens_id ON citizens(id);
-- Columnar snapshot of the citizens table for fast loading (a cache; citizens stays the source
-- of truth). Rows changed since the snapshot are recorded by triggers and read from citizens.
CREATE TABLE IF NOT EXISTS citizen_snapshot(name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS citizen_changes(row INTEGER PRIMARY KEY);
-- Rules A1-A2: the service data a clinic reported (none for a clinic that reported none).
CREATE TABLE IF NOT EXISTS clinic_services(
  ydernummer INTEGER PRIMARY KEY REFERENCES clinics(ydernummer),
  weekdays_8_16 INTEGER NOT NULL, evening_per_week INTEGER NOT NULL,
  daily_phone_hour INTEGER NOT NULL, same_day_acute INTEGER NOT NULL,
  booking_weekdays INTEGER NOT NULL, e_booking INTEGER NOT NULL,
  e_prescription_renewal INTEGER NOT NULL, e_consultation INTEGER NOT NULL, video INTEGER NOT NULL);
-- Rule L8: nursing homes; residents are the citizens at the home's location.
CREATE TABLE IF NOT EXISTS nursing_homes(
  id INTEGER PRIMARY KEY, pos INTEGER NOT NULL UNIQUE, name TEXT NOT NULL,
  kommune INTEGER NOT NULL REFERENCES kommuner(code),
  lat_e5 INTEGER NOT NULL, lon_e5 INTEGER NOT NULL, places INTEGER NOT NULL,
  attached_ydernummer INTEGER REFERENCES clinics(ydernummer));
-- Append-only record of the what-ifs committed with --apply (rule C2: the region's decisions).
CREATE TABLE IF NOT EXISTS world_change_audit(
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, source TEXT NOT NULL, changes TEXT NOT NULL,
  summary TEXT NOT NULL, data_version_before INTEGER NOT NULL);
)sql";

// Version 4: survey years (issue 11). A snapshot is the world of one survey date as one
// compressed blob (world_snapshot.hpp); figures are what was computed from it (cached surveys).
constexpr std::string_view kSnapshotTables = R"sql(
CREATE TABLE IF NOT EXISTS world_snapshots(
  as_of TEXT PRIMARY KEY, citizens INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshot_figures(
  as_of TEXT NOT NULL REFERENCES world_snapshots(as_of) ON DELETE CASCADE, key TEXT NOT NULL,
  data BLOB NOT NULL, PRIMARY KEY(as_of, key)) WITHOUT ROWID;
)sql";
// Version 5: the region's planning inputs (issue 11): capacities in the pipeline (rule S1) and the
// doctors' hearing (lægehøring); pos keeps the file order so export reproduces it. A hearing row
// with doctor_id 0 holds the clinic's wishes, any other a doctor's retirement year.
constexpr std::string_view kPlanningInputTables = R"sql(
CREATE TABLE IF NOT EXISTS capacity_pipeline(
  pos INTEGER PRIMARY KEY, id INTEGER NOT NULL UNIQUE, status TEXT NOT NULL,
  kommune INTEGER NOT NULL REFERENCES kommuner(code),
  ydernummer INTEGER REFERENCES clinics(ydernummer),
  capacities INTEGER NOT NULL, advertised TEXT NOT NULL, assigned TEXT, expected_start TEXT);
CREATE TABLE IF NOT EXISTS gp_hearing(
  pos INTEGER PRIMARY KEY, ydernummer INTEGER NOT NULL REFERENCES clinics(ydernummer),
  doctor_id INTEGER NOT NULL, wished_list_size INTEGER, wished_open INTEGER,
  move_to INTEGER REFERENCES kommuner(code), extra_capacities INTEGER, retirement_year INTEGER,
  UNIQUE(ydernummer, doctor_id));
)sql";
// The version table: how the store reached each schema version it had (created, or migrated by
// `praksis migrate` from the version before), and when.
constexpr std::string_view kVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations(
  version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, how TEXT NOT NULL);
)sql";

// Ordered migrations: migration i takes a store of version kMigrations[i].from to from + 1. The
// tables of versions 3 and earlier are created by kSchema (IF NOT EXISTS) before they run.
struct Migration {
  int from;
  std::string_view sql;
};
constexpr Migration kMigrations[] = {
    {2, ""},  // 3 adds clinic_services (A1-A2) and nursing_homes (L8), created empty by kSchema
    {3, kSnapshotTables},
    {4, kPlanningInputTables},
};
// Tables replace_world leaves alone: the history is not part of the current world.
constexpr std::string_view kHistoryTables =
    "'meta','schema_migrations','world_snapshots','snapshot_figures'";

constexpr std::string_view kChangeTriggers = R"sql(
CREATE TRIGGER IF NOT EXISTS citizens_changed_update AFTER UPDATE ON citizens BEGIN
  INSERT OR IGNORE INTO citizen_changes(row) VALUES(NEW.row);
  INSERT OR IGNORE INTO citizen_changes(row) VALUES(OLD.row);
END;
CREATE TRIGGER IF NOT EXISTS citizens_changed_insert AFTER INSERT ON citizens BEGIN
  INSERT OR IGNORE INTO citizen_changes(row) VALUES(NEW.row);
END;
CREATE TRIGGER IF NOT EXISTS citizens_changed_delete AFTER DELETE ON citizens BEGIN
  INSERT OR IGNORE INTO citizen_changes(row) VALUES(OLD.row);
END;
)sql";
constexpr std::string_view kDropChangeTriggers = R"sql(
DROP TRIGGER IF EXISTS citizens_changed_update;
DROP TRIGGER IF EXISTS citizens_changed_insert;
DROP TRIGGER IF EXISTS citizens_changed_delete;
)sql";

constexpr std::string_view kCitizenColumns =
    "id,household,birth_year,sex,lat_e5,lon_e5,kommune,grp,conditions,labour,ydernummer,home_visit";
constexpr int kSnapshotFormat = 1;

template <class T>
void put_column(sqlite::Database& db, std::string_view name, const std::vector<T>& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  auto st = db.prepare("INSERT INTO citizen_snapshot(name, data) VALUES(?, ?)");
  st.bind(1, name).bind_blob(2, v.data(), v.size() * sizeof(T));
  st.run();
}

template <class T>
bool get_column(sqlite::Database& db, std::string_view name, std::vector<T>& v, std::size_t n) {
  std::int64_t rowid = 0, bytes = 0;
  {
    auto st = db.prepare("SELECT rowid, length(data) FROM citizen_snapshot WHERE name = ?");
    st.bind(1, name);
    if (!st.step()) return false;
    rowid = st.int64(0);
    bytes = st.int64(1);
  }
  if (static_cast<std::size_t>(bytes) != n * sizeof(T)) return false;
  // Read straight into the column: a SELECT of the blob would copy ~50 MB through SQLite's own
  // buffer first (twice the page faults and one more pass over the memory).
  v.resize(n);
  db.read_blob("citizen_snapshot", "data", rowid, v.data(), n * sizeof(T));
  return true;
}

std::int64_t as_signed(std::uint64_t v) {
  return static_cast<std::int64_t>(v);
}
std::uint64_t as_unsigned(std::int64_t v) {
  return static_cast<std::uint64_t>(v);
}
// Rows changed since the citizen snapshot above which a load rewrites it.
std::int64_t snapshot_refresh_rows(std::int64_t rows) {
  return std::max<std::int64_t>(10000, rows / 100);
}

// Columns 1..12 of a `SELECT row,<kCitizenColumns>` into row `i` of the table.
template <class ClinicOf>
void read_citizen_columns(const sqlite::Statement& st, CitizenTable& ct, std::size_t i,
                          const ClinicOf& clinic_of) {
  ct.id[i] = as_unsigned(st.int64(1));
  ct.household[i] = as_unsigned(st.int64(2));
  ct.birth_year[i] = static_cast<std::uint16_t>(st.int64(3));
  ct.sex[i] = static_cast<Sex>(st.int64(4));
  ct.home[i] = {static_cast<std::int32_t>(st.int64(5)), static_cast<std::int32_t>(st.int64(6))};
  ct.kommune[i] = static_cast<KommuneCode>(st.int64(7));
  ct.group[i] = static_cast<InsuranceGroup>(st.int64(8));
  ct.conditions[i] = static_cast<std::uint8_t>(st.int64(9));
  ct.labour[i] = static_cast<LabourStatus>(st.int64(10));
  ct.listing[i] = st.is_null(11) ? kNoClinic : clinic_of(st.int64(11));
  ct.home_visit_right[i] = static_cast<std::uint8_t>(st.int64(12));
}

/// Per citizen row, the ydernummer stored with it: the listing's, or the one held outside a
/// region's extract (docs/extract.md), 0 for none.
std::vector<Ydernummer> listed_ydernumre(const World& w) {
  const auto& ct = w.citizens;
  std::vector<Ydernummer> y(ct.size(), 0);
  for (std::size_t i = 0; i < ct.size(); ++i) {
    if (ct.listing[i] != kNoClinic)
      y[i] = w.clinics[ct.listing[i]].ydernummer;
    else if (!w.listed_outside.empty())
      if (auto it = w.listed_outside.find(ct.id[i]); it != w.listed_outside.end())
        y[i] = it->second;
  }
  return y;
}

/// Citizen rows appended in row order, kRowsPerInsert rows per statement (one statement step and
/// its set-up per block). The id index is dropped first and built after the last row
/// (build_citizen_id_index): one sort instead of 6 M random inserts.
class CitizenInserter {
 public:
  explicit CitizenInserter(sqlite::Database& db) : db_(db) {
    db_.exec("DROP INDEX IF EXISTS citizens_id");
    block_ = db_.prepare(insert_sql(kRowsPerInsert));
    single_ = db_.prepare(insert_sql(1));
  }
  /// Appends the rows of `ct` (`ydernumre` per row, 0 for none) as rows next_row() onwards.
  void insert(const CitizenTable& ct, const std::vector<Ydernummer>& ydernumre) {
    std::size_t i = 0;
    for (; i + kRowsPerInsert <= ct.size(); i += kRowsPerInsert) {
      for (std::size_t r = 0; r < kRowsPerInsert; ++r)
        bind_row(block_, static_cast<int>(r * 13), ct, ydernumre, i + r);
      block_.run();
    }
    for (; i < ct.size(); ++i) {
      bind_row(single_, 0, ct, ydernumre, i);
      single_.run();
    }
    row_ += static_cast<std::int64_t>(ct.size());
  }
  std::int64_t next_row() const { return row_; }

 private:
  static constexpr std::size_t kRowsPerInsert = 32;
  static std::string insert_sql(std::size_t rows) {
    std::string sql =
        "INSERT INTO citizens(row,id,household,birth_year,sex,lat_e5,lon_e5,kommune,grp,"
        "conditions,labour,ydernummer,home_visit) VALUES";
    for (std::size_t r = 0; r < rows; ++r)
      sql += r ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?)";
    return sql;
  }
  void bind_row(sqlite::Statement& st, int at, const CitizenTable& ct,
                const std::vector<Ydernummer>& ydernumre, std::size_t i) const {
    st.bind(at + 1, row_ + static_cast<std::int64_t>(i)).bind(at + 2, as_signed(ct.id[i]));
    st.bind(at + 3, as_signed(ct.household[i])).bind(at + 4, ct.birth_year[i]);
    st.bind(at + 5, static_cast<int>(ct.sex[i])).bind(at + 6, ct.home[i].lat_e5);
    st.bind(at + 7, ct.home[i].lon_e5).bind(at + 8, ct.kommune[i]);
    st.bind(at + 9, static_cast<int>(ct.group[i]))
        .bind(at + 10, static_cast<int>(ct.conditions[i]));
    st.bind(at + 11, static_cast<int>(ct.labour[i]));
    if (ydernumre[i] != 0)
      st.bind(at + 12, ydernumre[i]);
    else
      st.bind_null(at + 12);
    st.bind(at + 13, static_cast<int>(ct.home_visit_right[i]));
  }
  sqlite::Database& db_;
  sqlite::Statement block_, single_;
  std::int64_t row_ = 0;
};

void build_citizen_id_index(sqlite::Database& db) {
  db.exec("CREATE UNIQUE INDEX citizens_id ON citizens(id)");
}
}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& path, bool create, SchemaUpgrade upgrade)
    : db_(path, create ? sqlite::OpenMode::read_write_create : sqlite::OpenMode::read_write) {
  create_schema(upgrade);
}

void SqliteStore::create_schema(SchemaUpgrade upgrade) {
  sqlite::Transaction tx(db_);
  auto record = [&](int version, const std::string& how) {
    auto st = db_.prepare(
        "INSERT OR REPLACE INTO schema_migrations(version, applied_at, how) VALUES(?,?,?)");
    st.bind(1, version).bind(2, utc_timestamp_now()).bind(3, how);
    st.run();
  };
  const bool has_meta =
      db_.query_int("SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='meta'")
          .value_or(0) > 0;
  if (!has_meta) {  // a new store (open_store refused files holding other tables)
    db_.exec(kSchema);
    db_.exec(kSnapshotTables);
    db_.exec(kPlanningInputTables);
    db_.exec(kVersionTable);
    db_.exec(fmt::format("INSERT INTO meta VALUES('schema_version','{}'),('data_version','0')",
                         kSchemaVersion));
    record(kSchemaVersion, "created");
  } else {
    const int have = static_cast<int>(
        db_.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'")
            .value_or(0));
    if (have != kSchemaVersion) {
      // Checked before anything is written: an older store is not altered unless migrated.
      if (upgrade == SchemaUpgrade::refuse || have > kSchemaVersion || have < kMigrations[0].from)
        refuse_schema_version(db_.path(), have, kMigrations[0].from);
      // All steps in this one transaction: a failure leaves the store at its old version.
      db_.exec(kSchema);  // the tables of version 3 and earlier (IF NOT EXISTS)
      for (const Migration& m : kMigrations)
        if (m.from >= have) db_.exec(m.sql);
      db_.exec(kVersionTable);
      db_.exec(
          fmt::format("UPDATE meta SET value='{}' WHERE key='schema_version'", kSchemaVersion));
      record(kSchemaVersion, fmt::format("migrated from version {}", have));
      migrated_from_ = have;
      log_info("log.store.migrated", db_.path(), have, kSchemaVersion);
    }
    db_.exec(kSchema);
  }
  db_.exec(kChangeTriggers);
  tx.commit();
}

bool SqliteStore::has_world() {
  return db_.query_int("SELECT count(*) FROM regions").value_or(0) > 0;
}

StoreCounts SqliteStore::counts() {
  StoreCounts c;
  c.regions = db_.query_int("SELECT count(*) FROM regions").value_or(0);
  c.kommuner = db_.query_int("SELECT count(*) FROM kommuner").value_or(0);
  c.clinics = db_.query_int("SELECT count(*) FROM clinics").value_or(0);
  c.doctors = db_.query_int("SELECT count(*) FROM doctors").value_or(0);
  c.citizens = db_.query_int("SELECT count(*) FROM citizens").value_or(0);
  return c;
}

std::int64_t SqliteStore::data_version() {
  return db_.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='data_version'")
      .value_or(0);
}

void SqliteStore::bump_data_version() {
  db_.exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='data_version'");
}

void SqliteStore::replace_world(const World& w) {
  if (!replace_world_in_new_file(w)) replace_world_in_place(w);
}

void SqliteStore::replace_world_in_place(const World& w) {
  sqlite::Transaction tx(db_);
  // Everything recorded about the old world goes with it; constraints are checked at commit.
  db_.exec("PRAGMA defer_foreign_keys=ON");
  // The snapshot is rewritten below; per-row change tracking is not needed for a bulk replace.
  db_.exec(kDropChangeTriggers);
  std::vector<std::string> tables;
  {
    auto st = db_.prepare(
        fmt::format("SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE "
                    "'sqlite_%' AND name NOT IN ({})",
                    kHistoryTables));
    while (st.step()) tables.push_back(st.text(0));
  }
  for (const auto& t : tables) db_.exec(fmt::format("DELETE FROM \"{}\"", t));
  write_world_rows(w);
  db_.exec(kChangeTriggers);
  bump_data_version();
  tx.commit();
}

void SqliteStore::write_world_rows(const World& w) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto ms = [&t0] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 t0)
        .count();
  };
  write_world_head(w);
  {
    // The unique index is rebuilt after the bulk insert: one sort instead of 6 M random inserts.
    CitizenInserter rows(db_);
    rows.insert(w.citizens, listed_ydernumre(w));
    spdlog::debug("store: {} citizen rows inserted ({} ms)", w.citizens.size(), ms());
  }
  build_citizen_id_index(db_);
  spdlog::debug("store: citizen id index built ({} ms)", ms());
  write_world_tail(w);
  spdlog::debug("store: rows, index and snapshot written ({} ms)", ms());
}

void SqliteStore::write_world_head(const World& w) {
  {
    auto st = db_.prepare("INSERT INTO regions(code, name) VALUES(?,?)");
    for (const auto& r : w.regions) {
      st.bind(1, r.code).bind(2, r.name);
      st.run();
    }
  }
  {
    auto st = db_.prepare("INSERT INTO kommuner(code, name, region) VALUES(?,?,?)");
    for (const auto& k : w.kommuner) {
      st.bind(1, k.code).bind(2, k.name).bind(3, k.region);
      st.run();
    }
  }
  {
    auto st = db_.prepare(
        "INSERT INTO "
        "clinics(ydernummer,pos,name,practice_form,kommune,lat_e5,lon_e5,open,established,"
        "capacities,unfilled_capacities) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t i = 0; i < w.clinics.size(); ++i) {
      const auto& c = w.clinics[i];
      st.bind(1, c.ydernummer).bind(2, static_cast<std::int64_t>(i)).bind(3, c.name);
      st.bind(4, to_string(c.form)).bind(5, c.kommune).bind(6, c.location.lat_e5);
      st.bind(7, c.location.lon_e5).bind(8, c.open ? 1 : 0).bind(9, c.established.to_string());
      st.bind(10, c.capacities).bind(11, c.unfilled_capacities);
      st.run();
    }
  }
  {
    auto st = db_.prepare(
        "INSERT INTO doctors(id,pos,ydernummer,birth_year,role,since_year) VALUES(?,?,?,?,?,?)");
    for (std::size_t i = 0; i < w.doctors.size(); ++i) {
      const auto& d = w.doctors[i];
      st.bind(1, d.id).bind(2, static_cast<std::int64_t>(i)).bind(3, d.ydernummer);
      st.bind(4, d.birth_year).bind(5, to_string(d.role)).bind(6, d.since_year);
      st.run();
    }
  }
}

void SqliteStore::write_world_tail(const World& w) {
  write_services_and_homes(w);
  // A region's extract: its manifest (meta survives the DELETEs above, so it is replaced here).
  db_.exec("DELETE FROM meta WHERE key='extract_manifest'");
  if (w.extract) {
    auto st = db_.prepare("INSERT INTO meta(key, value) VALUES('extract_manifest', ?)");
    st.bind(1, extract_manifest_text(*w.extract));
    st.run();
  }
  write_planning_inputs(w);
  write_snapshot(w);
}

namespace {
void remove_database_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"})
    std::filesystem::remove(path + suffix, ec);
}
/// fsync of a file or directory (a renamed file's directory entry).
void sync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) throw Error(fmt::format("{}: cannot open to sync: {}", path, std::strerror(errno)));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0 && !directory)
    throw Error(fmt::format("{}: fsync failed: {}", path, std::strerror(errno)));
}
std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += c;
  }
  return out + "'";
}
}  // namespace

namespace {
/// The store's objects (every area's tables, indexes and triggers), tables first.
std::vector<std::pair<std::string, std::string>> schema_objects(sqlite::Database& db) {
  std::vector<std::pair<std::string, std::string>> objects;
  auto st = db.prepare(
      "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
      "ORDER BY type <> 'table', rowid");
  while (st.step()) objects.emplace_back(st.text(0), st.text(1));
  return objects;
}
void create_missing_objects(sqlite::Database& f,
                            const std::vector<std::pair<std::string, std::string>>& objects) {
  for (const auto& [name, sql] : objects) {
    auto st = f.prepare("SELECT count(*) FROM sqlite_schema WHERE name = ?");
    st.bind(1, name);
    if (st.step() && st.int64(0) == 0) f.exec(sql);
  }
}
}  // namespace

bool SqliteStore::lock_for_import() {
  // The file's exclusive lock: no other connection (another process's serve, a reader) has the
  // store open, and none can open it until the new file is in place.
  db_.exec("PRAGMA locking_mode=EXCLUSIVE");
  db_.set_busy_timeout(0);
  try {
    db_.exec("BEGIN EXCLUSIVE");
    (void)db_.query_int("SELECT count(*) FROM meta");
    db_.exec("COMMIT");
  } catch (const sqlite::SqliteError&) {
    try {
      db_.exec("ROLLBACK");
    } catch (const sqlite::SqliteError&) {
    }
    db_.exec("PRAGMA locking_mode=NORMAL");
    db_.set_busy_timeout(sqlite::Database::kBusyTimeoutMs);
    spdlog::debug("{}: in use by another connection; the world is replaced in place", db_.path());
    return false;
  }
  db_.set_busy_timeout(sqlite::Database::kBusyTimeoutMs);
  return true;
}

void SqliteStore::unlock_after_import() {
  try {
    db_.exec("DETACH fresh");
  } catch (const sqlite::SqliteError&) {
  }
  db_.exec("PRAGMA locking_mode=NORMAL");
  (void)db_.query_int("SELECT count(*) FROM meta");  // the lock goes with the next read
}

/// replace_world through a new file beside the store (`STORE.import`), written while the dataset
/// is still read: a writer thread of its own inserts the citizens' rows as they are handed on and
/// builds the id index after the last; finish() writes the rest, copies the store's history in,
/// syncs the file and renames it over the store. Until then the store is untouched (and locked,
/// when it exists); destroyed unfinished, the new file is deleted.
class SqliteWorldImport final : public WorldImport {
 public:
  /// `store` is the store at `target`, locked (lock_for_import), or null when `target` does not
  /// exist yet (finish() creates it); `owned` holds it when it was opened for the import.
  SqliteWorldImport(std::unique_ptr<SqliteStore> owned, SqliteStore* store, std::string target)
      : owned_(std::move(owned)),
        store_(store),
        locked_(store != nullptr),
        target_(std::move(target)),
        fresh_path_(target_ + ".import") {
    if (store_) objects_ = schema_objects(store_->db_);
    remove_database_files(fresh_path_);  // left by a crashed import
    writer_ = std::thread([this] { write_rows(); });
  }
  SqliteWorldImport(const SqliteWorldImport&) = delete;
  SqliteWorldImport& operator=(const SqliteWorldImport&) = delete;
  ~SqliteWorldImport() override {
    if (finished_) return;
    {
      std::lock_guard lk(m_);
      stop_ = true;
      if (fresh_) sqlite3_interrupt(fresh_->db_.handle());  // an index build stops early
    }
    cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    fresh_.reset();
    remove_database_files(fresh_path_);
    if (locked_) {
      try {
        store_->unlock_after_import();
      } catch (const std::exception& e) {
        log_warn("log.store.unlock_failed", target_, e.what());
      }
    }
  }

  void add_citizens(CitizenTable rows, std::vector<Ydernummer> ydernumre) override {
    {
      std::lock_guard lk(m_);
      if (error_ || stop_) return;  // finish() reports the writer's failure
      queue_.push_back({std::move(rows), std::move(ydernumre)});
    }
    cv_.notify_all();
  }
  void citizens_done() override {
    {
      std::lock_guard lk(m_);
      done_ = true;
    }
    cv_.notify_all();
  }

  void finish(const World& w) override {
    citizens_done();
    writer_.join();
    if (error_) std::rethrow_exception(error_);
    if (rows_ != static_cast<std::int64_t>(w.citizens.size()))
      throw Error(fmt::format("{}: {} citizen rows were handed on for a world of {}", fresh_path_,
                              rows_, w.citizens.size()));
    const auto t0 = std::chrono::steady_clock::now();
    const auto ms = [&t0] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - t0)
          .count();
    };
    sqlite::Database& f = fresh_->db_;
    if (!store_) {  // the store is created now, as open_store would have
      owned_ = std::make_unique<SqliteStore>(target_, true);
      store_ = owned_.get();
      if (!store_->lock_for_import()) {  // opened by someone else meanwhile
        fresh_.reset();
        remove_database_files(fresh_path_);
        finished_ = true;
        store_->replace_world_in_place(w);
        return;
      }
      locked_ = true;
      objects_ = schema_objects(store_->db_);
      create_missing_objects(f, objects_);
    }
    fresh_->write_world_head(w);
    fresh_->write_world_tail(w);
    f.exec(kChangeTriggers);
    f.exec("COMMIT");
    fresh_.reset();
    spdlog::debug("store: new file {} written (the rest of the world and the snapshot: {} ms)",
                  fresh_path_, ms());
    sqlite::Database& db = store_->db_;
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");  // the old file's log is empty from here on
    // The history (survey years, migrations, meta) from the store, and its next data version.
    db.exec(fmt::format("ATTACH {} AS fresh", sql_literal(fresh_path_)));
    db.exec("PRAGMA fresh.synchronous=FULL");
    {
      sqlite::Transaction tx(db);
      db.exec("INSERT INTO fresh.world_snapshots SELECT * FROM main.world_snapshots");
      db.exec("INSERT INTO fresh.snapshot_figures SELECT * FROM main.snapshot_figures");
      db.exec(
          "INSERT OR REPLACE INTO fresh.schema_migrations SELECT * FROM main.schema_migrations");
      db.exec(
          "INSERT OR IGNORE INTO fresh.meta SELECT * FROM main.meta WHERE key NOT IN "
          "('extract_manifest','snapshot_rows','snapshot_format','data_version','schema_version')");
      db.exec(
          "UPDATE fresh.meta SET value = (SELECT CAST(value AS INTEGER) + 1 FROM main.meta WHERE "
          "key = 'data_version') WHERE key = 'data_version'");
      tx.commit();
    }
    db.exec("DETACH fresh");
    sync_path(fresh_path_, false);
    spdlog::debug("store: history copied and {} synced ({} ms)", fresh_path_, ms());
    // The switch: the store's name now points to the new file. The old connection's log was
    // emptied above, so nothing of the old file is replayed into the new one.
    std::error_code ec;
    std::filesystem::rename(fresh_path_, target_, ec);
    if (ec)
      throw Error(fmt::format("{}: cannot replace the store with {}: {}", target_, fresh_path_,
                              ec.message()));
    finished_ = true;
    const auto parent = std::filesystem::absolute(target_).parent_path();
    sync_path(parent.string(), true);
    db.reopen();
    spdlog::debug("store: {} replaced by the new file", target_);
  }

 private:
  struct Block {
    CitizenTable rows;
    std::vector<Ydernummer> ydernumre;
  };
  // The writer thread: the new file, its objects, and the citizens' rows in one transaction
  // (committed by finish()), then the id index.
  void write_rows() {
    try {
      const auto t0 = std::chrono::steady_clock::now();
      const auto ms = [&t0] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - t0)
            .count();
      };
      auto fresh = std::make_unique<SqliteStore>(fresh_path_, true);
      sqlite::Database& f = fresh->db_;
      // A new file nobody else sees until it is renamed over the store: no journal and no sync
      // while it is written (a failure deletes it); it is synced before the rename.
      f.exec("PRAGMA journal_mode=OFF");
      f.exec("PRAGMA synchronous=OFF");
      // The default page cache (2 MiB) on purpose: with 256 MiB the id index's sort took three
      // times the CPU nationally (one list sorted in memory instead of small runs merged).
      create_missing_objects(f, objects_);
      {
        std::lock_guard lk(m_);
        fresh_ = std::move(fresh);
        if (stop_) return;
      }
      f.exec("BEGIN");
      f.exec("PRAGMA defer_foreign_keys=ON");
      f.exec(kDropChangeTriggers);
      {
        CitizenInserter rows(f);
        for (;;) {
          Block b;
          {
            std::unique_lock lk(m_);
            cv_.wait(lk, [&] { return stop_ || done_ || !queue_.empty(); });
            if (stop_) return;
            if (queue_.empty()) break;
            b = std::move(queue_.front());
            queue_.pop_front();
          }
          rows.insert(b.rows, b.ydernumre);
        }
        rows_ = rows.next_row();
      }
      spdlog::debug("store: {} citizen rows inserted ({} ms)", rows_, ms());
      build_citizen_id_index(f);
      spdlog::debug("store: citizen id index built ({} ms)", ms());
    } catch (...) {
      std::lock_guard lk(m_);
      error_ = std::current_exception();
    }
  }

  std::unique_ptr<SqliteStore> owned_;
  SqliteStore* store_ = nullptr;
  bool locked_ = false;
  std::string target_, fresh_path_;
  std::vector<std::pair<std::string, std::string>> objects_;
  std::unique_ptr<SqliteStore> fresh_;
  std::thread writer_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Block> queue_;
  bool done_ = false, stop_ = false, finished_ = false;
  std::exception_ptr error_;
  std::int64_t rows_ = 0;
};

std::unique_ptr<WorldImport> SqliteStore::import_into(std::unique_ptr<SqliteStore> store,
                                                      const std::string& target) {
  if (target.empty() || target == ":memory:" || target.starts_with("file:")) return nullptr;
  if (store && !store->lock_for_import()) return nullptr;
  SqliteStore* s = store.get();
  return std::make_unique<SqliteWorldImport>(std::move(store), s, target);
}

bool SqliteStore::replace_world_in_new_file(const World& w) {
  const std::string target = db_.path();
  // Only a plain file that this connection alone uses, with no statement of another area open
  // on it (the connection is reopened on the new file below).
  if (target.empty() || target == ":memory:" || target.starts_with("file:") || db_.has_statements())
    return false;
  if (!lock_for_import()) return false;
  SqliteWorldImport import(nullptr, this, target);
  import.add_citizens(w.citizens, listed_ydernumre(w));
  import.finish(w);
  return true;
}

void SqliteStore::write_services_and_homes(const World& w) {
  {
    auto st = db_.prepare(
        "INSERT INTO clinic_services(ydernummer,weekdays_8_16,evening_per_week,daily_phone_hour,"
        "same_day_acute,booking_weekdays,e_booking,e_prescription_renewal,e_consultation,video) "
        "VALUES(?,?,?,?,?,?,?,?,?,?)");
    for (const Clinic& c : w.clinics) {
      if (!c.services) continue;
      const ClinicServices& sv = *c.services;
      st.bind(1, c.ydernummer).bind(2, int{sv.weekdays_8_16}).bind(3, int{sv.evening_per_week});
      st.bind(4, int{sv.daily_phone_hour}).bind(5, int{sv.same_day_acute});
      st.bind(6, int{sv.booking_weekdays}).bind(7, int{sv.e_booking});
      st.bind(8, int{sv.e_prescription_renewal}).bind(9, int{sv.e_consultation});
      st.bind(10, int{sv.video});
      st.run();
    }
  }
  auto st = db_.prepare(
      "INSERT INTO nursing_homes(id,pos,name,kommune,lat_e5,lon_e5,places,attached_ydernummer) "
      "VALUES(?,?,?,?,?,?,?,?)");
  for (std::size_t i = 0; i < w.nursing_homes.size(); ++i) {
    const NursingHome& h = w.nursing_homes[i];
    st.bind(1, static_cast<std::int64_t>(h.id)).bind(2, static_cast<std::int64_t>(i));
    st.bind(3, h.name).bind(4, h.kommune).bind(5, h.location.lat_e5).bind(6, h.location.lon_e5);
    st.bind(7, h.places);
    if (h.attached)
      st.bind(8, *h.attached);
    else
      st.bind_null(8);
    st.run();
  }
}

void SqliteStore::write_planning_inputs(const World& w) {
  const auto opt_int = [](sqlite::Statement& st, int k, const auto& v) {
    if (v)
      st.bind(k, static_cast<std::int64_t>(*v));
    else
      st.bind_null(k);
  };
  const auto opt_date = [](sqlite::Statement& st, int k, const std::optional<Date>& d) {
    if (d)
      st.bind(k, d->to_string());
    else
      st.bind_null(k);
  };
  {
    auto st = db_.prepare(
        "INSERT INTO capacity_pipeline(pos,id,status,kommune,ydernummer,capacities,advertised,"
        "assigned,expected_start) VALUES(?,?,?,?,?,?,?,?,?)");
    for (std::size_t i = 0; i < w.capacity_pipeline.size(); ++i) {
      const PipelineCapacity& pc = w.capacity_pipeline[i];
      st.bind(1, static_cast<std::int64_t>(i)).bind(2, static_cast<std::int64_t>(pc.id));
      st.bind(3, to_string(pc.status)).bind(4, pc.kommune);
      opt_int(st, 5, pc.ydernummer);
      st.bind(6, pc.capacities).bind(7, pc.advertised.to_string());
      opt_date(st, 8, pc.assigned);
      opt_date(st, 9, pc.expected_start);
      st.run();
    }
  }
  auto st = db_.prepare(
      "INSERT INTO gp_hearing(pos,ydernummer,doctor_id,wished_list_size,wished_open,move_to,"
      "extra_capacities,retirement_year) VALUES(?,?,?,?,?,?,?,?)");
  for (std::size_t i = 0; i < w.hearing.size(); ++i) {
    const HearingEntry& h = w.hearing[i];
    st.bind(1, static_cast<std::int64_t>(i)).bind(2, h.ydernummer);
    st.bind(3, static_cast<std::int64_t>(h.doctor));
    opt_int(st, 4, h.wished_list_size);
    opt_int(st, 5, h.wished_open);
    opt_int(st, 6, h.move_to);
    opt_int(st, 7, h.extra_capacities);
    opt_int(st, 8, h.retirement_year);
    st.run();
  }
}

void SqliteStore::load_planning_inputs(World& w) {
  const auto bad = [&](std::string_view what) {
    return Error(fmt::format("{}: {} has a bad value", db_.path(), what));
  };
  const auto opt_date = [&](sqlite::Statement& st, int k) -> std::optional<Date> {
    if (st.is_null(k)) return std::nullopt;
    auto d = Date::parse(st.text_view(k));
    if (!d) throw bad("capacity_pipeline");
    return d;
  };
  {
    auto st = db_.prepare(
        "SELECT id,status,kommune,ydernummer,capacities,advertised,assigned,expected_start FROM "
        "capacity_pipeline ORDER BY pos");
    while (st.step()) {
      PipelineCapacity pc;
      pc.id = static_cast<std::uint32_t>(st.int64(0));
      auto status = parse_pipeline_status(st.text_view(1));
      if (!status) throw bad("capacity_pipeline");
      pc.status = *status;
      pc.kommune = static_cast<KommuneCode>(st.int64(2));
      if (!st.is_null(3)) pc.ydernummer = static_cast<Ydernummer>(st.int64(3));
      pc.capacities = static_cast<std::uint16_t>(st.int64(4));
      auto adv = Date::parse(st.text_view(5));
      if (!adv) throw bad("capacity_pipeline");
      pc.advertised = *adv;
      pc.assigned = opt_date(st, 6);
      pc.expected_start = opt_date(st, 7);
      w.capacity_pipeline.push_back(pc);
    }
  }
  auto st = db_.prepare(
      "SELECT ydernummer,doctor_id,wished_list_size,wished_open,move_to,extra_capacities,"
      "retirement_year FROM gp_hearing ORDER BY pos");
  while (st.step()) {
    HearingEntry h;
    h.ydernummer = static_cast<Ydernummer>(st.int64(0));
    h.doctor = static_cast<DoctorId>(st.int64(1));
    if (!st.is_null(2)) h.wished_list_size = static_cast<std::uint32_t>(st.int64(2));
    if (!st.is_null(3)) h.wished_open = st.int64(3) != 0;
    if (!st.is_null(4)) h.move_to = static_cast<KommuneCode>(st.int64(4));
    if (!st.is_null(5)) h.extra_capacities = static_cast<std::uint16_t>(st.int64(5));
    if (!st.is_null(6)) h.retirement_year = static_cast<std::uint16_t>(st.int64(6));
    w.hearing.push_back(h);
  }
}

void SqliteStore::load_services_and_homes(World& w) {
  {
    auto st = db_.prepare(
        "SELECT ydernummer,weekdays_8_16,evening_per_week,daily_phone_hour,same_day_acute,"
        "booking_weekdays,e_booking,e_prescription_renewal,e_consultation,video FROM "
        "clinic_services");
    std::vector<std::pair<Ydernummer, ClinicIndex>> pos;
    for (std::size_t i = 0; i < w.clinics.size(); ++i)
      pos.emplace_back(w.clinics[i].ydernummer, static_cast<ClinicIndex>(i));
    std::sort(pos.begin(), pos.end());
    while (st.step()) {
      const auto y = static_cast<Ydernummer>(st.int64(0));
      auto it = std::lower_bound(pos.begin(), pos.end(), std::make_pair(y, ClinicIndex{0}));
      if (it == pos.end() || it->first != y) continue;
      ClinicServices sv;
      sv.weekdays_8_16 = st.int64(1) != 0;
      sv.evening_per_week = static_cast<std::uint8_t>(st.int64(2));
      sv.daily_phone_hour = st.int64(3) != 0;
      sv.same_day_acute = st.int64(4) != 0;
      sv.booking_weekdays = static_cast<std::uint8_t>(st.int64(5));
      sv.e_booking = st.int64(6) != 0;
      sv.e_prescription_renewal = st.int64(7) != 0;
      sv.e_consultation = st.int64(8) != 0;
      sv.video = st.int64(9) != 0;
      w.clinics[it->second].services = sv;
    }
  }
  auto st = db_.prepare(
      "SELECT id,name,kommune,lat_e5,lon_e5,places,attached_ydernummer FROM nursing_homes ORDER "
      "BY pos");
  while (st.step()) {
    NursingHome h;
    h.id = static_cast<std::uint32_t>(st.int64(0));
    h.name = st.text(1);
    h.kommune = static_cast<KommuneCode>(st.int64(2));
    h.location = {static_cast<std::int32_t>(st.int64(3)), static_cast<std::int32_t>(st.int64(4))};
    h.places = static_cast<std::uint16_t>(st.int64(5));
    if (!st.is_null(6)) h.attached = static_cast<Ydernummer>(st.int64(6));
    w.nursing_homes.push_back(std::move(h));
  }
}

namespace {
bool same_clinic(const Clinic& a, const Clinic& b) {
  return a.name == b.name && a.form == b.form && a.kommune == b.kommune &&
         a.location == b.location && a.open == b.open && a.established == b.established &&
         a.capacities == b.capacities && a.unfilled_capacities == b.unfilled_capacities;
}
}  // namespace

void SqliteStore::apply_world_changes(const World& before, const World& after,
                                      const WorldChangeAudit& audit, std::int64_t loaded_version) {
  // Fields of every refusal: the store, then the entry's own.
  const auto refuse = [](Message reason) { throw Error(std::move(reason)); };
  if (before.citizens.size() != after.citizens.size() || before.citizens.id != after.citizens.id)
    refuse(message("store.error.other_citizens", db_.path()));
  sqlite::Transaction tx(db_);
  if (data_version() != loaded_version)
    refuse(message("store.error.changed", db_.path(), data_version(), loaded_version));
  db_.exec("PRAGMA defer_foreign_keys=ON");
  std::int64_t next_pos = db_.query_int("SELECT coalesce(max(pos), -1) + 1 FROM clinics").value();
  // Clinics: closed ones go with their doctors, changed ones are updated, new ones appended.
  {
    auto del_doctors = db_.prepare("DELETE FROM doctors WHERE ydernummer=?");
    auto del_services = db_.prepare("DELETE FROM clinic_services WHERE ydernummer=?");
    // A nursing home whose doctor's clinic closes has no attached doctor until a new one is
    // recorded (rule L8).
    auto detach = db_.prepare(
        "UPDATE nursing_homes SET attached_ydernummer=NULL WHERE attached_ydernummer=?");
    // A closed clinic's hearing answers go with it; capacities on the way to it stay in the
    // kommune's pipeline without a clinic.
    auto del_hearing = db_.prepare("DELETE FROM gp_hearing WHERE ydernummer=?");
    auto unpipe = db_.prepare("UPDATE capacity_pipeline SET ydernummer=NULL WHERE ydernummer=?");
    auto del = db_.prepare("DELETE FROM clinics WHERE ydernummer=?");
    for (const Clinic& c : before.clinics) {
      if (after.find_clinic(c.ydernummer)) continue;
      del_hearing.bind(1, c.ydernummer);
      del_hearing.run();
      unpipe.bind(1, c.ydernummer);
      unpipe.run();
      del_doctors.bind(1, c.ydernummer);
      del_doctors.run();
      del_services.bind(1, c.ydernummer);
      del_services.run();
      detach.bind(1, c.ydernummer);
      detach.run();
      del.bind(1, c.ydernummer);
      del.run();
    }
    auto upd = db_.prepare(
        "UPDATE clinics SET name=?,practice_form=?,kommune=?,lat_e5=?,lon_e5=?,open=?,"
        "established=?,capacities=?,unfilled_capacities=? WHERE ydernummer=?");
    auto ins = db_.prepare(
        "INSERT INTO "
        "clinics(ydernummer,pos,name,practice_form,kommune,lat_e5,lon_e5,open,established,"
        "capacities,unfilled_capacities) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    for (const Clinic& c : after.clinics) {
      const auto j = before.find_clinic(c.ydernummer);
      if (j && same_clinic(before.clinics[*j], c)) continue;
      auto& st = j ? upd : ins;
      int k = 1;
      if (!j) {
        st.bind(1, c.ydernummer).bind(2, next_pos++);
        k = 3;
      }
      st.bind(k, c.name).bind(k + 1, to_string(c.form)).bind(k + 2, c.kommune);
      st.bind(k + 3, c.location.lat_e5).bind(k + 4, c.location.lon_e5).bind(k + 5, c.open ? 1 : 0);
      st.bind(k + 6, c.established.to_string()).bind(k + 7, c.capacities);
      st.bind(k + 8, c.unfilled_capacities);
      if (j) st.bind(k + 9, c.ydernummer);
      st.run();
    }
  }
  // Listings by ydernummer; the change triggers keep the citizen snapshot valid.
  std::int64_t relisted = 0;
  {
    auto st = db_.prepare("UPDATE citizens SET ydernummer=? WHERE row=?");
    const auto yder = [](const World& w, ClinicIndex j) {
      return j == kNoClinic ? Ydernummer{0} : w.clinics[j].ydernummer;
    };
    for (std::size_t i = 0; i < after.citizens.size(); ++i) {
      const Ydernummer was = yder(before, before.citizens.listing[i]);
      const Ydernummer now = yder(after, after.citizens.listing[i]);
      if (was == now) continue;
      if (now == 0)
        st.bind_null(1);
      else
        st.bind(1, now);
      st.bind(2, static_cast<std::int64_t>(i));
      st.run();
      ++relisted;
    }
  }
  {
    auto st = db_.prepare(
        "INSERT INTO world_change_audit(at,source,changes,summary,data_version_before) "
        "VALUES(?,?,?,?,?)");
    st.bind(1, audit.at).bind(2, audit.source).bind(3, audit.changes).bind(4, audit.summary);
    st.bind(5, loaded_version);
    st.run();
  }
  bump_data_version();
  tx.commit();  // deferred foreign keys (a clinic's kommune, a doctor's clinic) are checked here
  spdlog::debug("store: applied world changes ({} listings changed)", relisted);
}

void SqliteStore::write_snapshot(const World& w) {
  const auto& ct = w.citizens;
  db_.exec("DELETE FROM citizen_snapshot; DELETE FROM citizen_changes;");
  std::vector<std::uint32_t> yder(ct.size());
  for (std::size_t i = 0; i < ct.size(); ++i) {
    yder[i] = ct.listing[i] == kNoClinic ? 0 : w.clinics[ct.listing[i]].ydernummer;
  }
  put_column(db_, "id", ct.id);
  put_column(db_, "household", ct.household);
  put_column(db_, "birth_year", ct.birth_year);
  put_column(db_, "sex", ct.sex);
  put_column(db_, "home", ct.home);
  put_column(db_, "kommune", ct.kommune);
  put_column(db_, "grp", ct.group);
  put_column(db_, "conditions", ct.conditions);
  put_column(db_, "labour", ct.labour);
  put_column(db_, "ydernummer", yder);
  put_column(db_, "home_visit", ct.home_visit_right);
  db_.exec(fmt::format(
      "INSERT OR REPLACE INTO meta VALUES('snapshot_rows','{}'),('snapshot_format','{}')",
      ct.size(), kSnapshotFormat));
}

bool SqliteStore::refresh_snapshot(const World& w, std::int64_t loaded_version) {
  sqlite::Transaction tx(db_);
  if (data_version() != loaded_version) return false;  // changed since the world was loaded
  db_.exec(kDropChangeTriggers);
  write_snapshot(w);
  db_.exec(kChangeTriggers);
  tx.commit();
  return true;
}

void SqliteStore::load_extract(World& w) {
  auto st = db_.prepare("SELECT value FROM meta WHERE key='extract_manifest'");
  if (st.step())
    w.extract = parse_extract_manifest(st.text_view(0), db_.path() + ": meta extract_manifest");
}

void SqliteStore::load_world_without_citizens(World& w) {
  {
    auto st = db_.prepare("SELECT code, name FROM regions ORDER BY code");
    while (st.step()) {
      w.regions.push_back({static_cast<RegionCode>(st.int64(0)), st.text(1)});
    }
  }
  {
    auto st = db_.prepare("SELECT code, name, region FROM kommuner ORDER BY code");
    while (st.step()) {
      w.kommuner.push_back({static_cast<KommuneCode>(st.int64(0)), st.text(1),
                            static_cast<RegionCode>(st.int64(2))});
    }
  }
  {
    auto st = db_.prepare(
        "SELECT ydernummer,name,practice_form,kommune,lat_e5,lon_e5,open,established,capacities,"
        "unfilled_capacities FROM clinics ORDER BY pos");
    while (st.step()) {
      Clinic c;
      c.ydernummer = static_cast<Ydernummer>(st.int64(0));
      c.name = st.text(1);
      auto form = parse_practice_form(st.text_view(2));
      if (!form)
        throw Error(
            fmt::format("{}: clinic {} has unknown practice form", db_.path(), c.ydernummer));
      c.form = *form;
      c.kommune = static_cast<KommuneCode>(st.int64(3));
      c.location = {static_cast<std::int32_t>(st.int64(4)), static_cast<std::int32_t>(st.int64(5))};
      c.open = st.int64(6) != 0;
      auto d = Date::parse(st.text_view(7));
      if (!d) throw Error(fmt::format("{}: clinic {} has a bad date", db_.path(), c.ydernummer));
      c.established = *d;
      c.capacities = static_cast<std::uint16_t>(st.int64(8));
      c.unfilled_capacities = static_cast<std::uint16_t>(st.int64(9));
      w.clinics.push_back(std::move(c));
    }
  }
  {
    auto st =
        db_.prepare("SELECT id,ydernummer,birth_year,role,since_year FROM doctors ORDER BY pos");
    while (st.step()) {
      Doctor d;
      d.id = static_cast<DoctorId>(st.int64(0));
      d.ydernummer = static_cast<Ydernummer>(st.int64(1));
      d.birth_year = static_cast<std::uint16_t>(st.int64(2));
      d.role = parse_doctor_role(st.text_view(3)).value_or(DoctorRole::owner);
      d.since_year = static_cast<std::uint16_t>(st.int64(4));
      w.doctors.push_back(d);
    }
  }
  load_services_and_homes(w);
  load_extract(w);
  load_planning_inputs(w);
}

World SqliteStore::load_world() {
  World w;
  // One read transaction so the world is a consistent snapshot while writers continue.
  db_.exec("BEGIN");
  try {
    load_world_without_citizens(w);
    loaded_version_ = data_version();
    std::vector<ClinicIndex> by_yder(1'000'000, kNoClinic);
    for (std::size_t i = 0; i < w.clinics.size(); ++i)
      by_yder[w.clinics[i].ydernummer] = static_cast<ClinicIndex>(i);
    auto clinic_of = [&](std::int64_t y) {
      return (y > 0 && y < 1'000'000) ? by_yder[static_cast<std::size_t>(y)] : kNoClinic;
    };
    auto& ct = w.citizens;
    // Reads citizens rows (all, or those in citizen_changes) into the table.
    auto read_rows = [&](bool only_changed) {
      auto st = db_.prepare(
          fmt::format("SELECT row,{} FROM citizens {} ORDER BY row", kCitizenColumns,
                      only_changed ? "WHERE row IN (SELECT row FROM citizen_changes)" : ""));
      while (st.step()) {
        const auto i = static_cast<std::size_t>(st.int64(0));
        if (i >= ct.size()) ct.resize(i + 1);
        read_citizen_columns(st, ct, i, clinic_of);
      }
    };
    const auto rows =
        static_cast<std::size_t>(db_.query_int("SELECT count(*) FROM citizens").value_or(0));
    const auto max_row = db_.query_int("SELECT max(row) FROM citizens");
    const auto snap_rows =
        db_.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='snapshot_rows'");
    const auto snap_format =
        db_.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='snapshot_format'");
    const bool dense = rows == 0 || (max_row && static_cast<std::size_t>(*max_row) + 1 == rows);
    bool from_snapshot = false;
    if (dense && snap_rows && snap_format == kSnapshotFormat &&
        static_cast<std::size_t>(*snap_rows) <= rows) {
      const auto n = static_cast<std::size_t>(*snap_rows);
      std::vector<std::uint32_t> yder;
      from_snapshot =
          get_column(db_, "id", ct.id, n) && get_column(db_, "household", ct.household, n) &&
          get_column(db_, "birth_year", ct.birth_year, n) && get_column(db_, "sex", ct.sex, n) &&
          get_column(db_, "home", ct.home, n) && get_column(db_, "kommune", ct.kommune, n) &&
          get_column(db_, "grp", ct.group, n) && get_column(db_, "conditions", ct.conditions, n) &&
          get_column(db_, "labour", ct.labour, n) && get_column(db_, "ydernummer", yder, n) &&
          get_column(db_, "home_visit", ct.home_visit_right, n);
      if (from_snapshot) {
        ct.listing.resize(n);
        for (std::size_t i = 0; i < n; ++i) ct.listing[i] = clinic_of(yder[i]);
        changed_rows_ = db_.query_int("SELECT count(*) FROM citizen_changes").value_or(0);
        read_rows(true);
        from_snapshot = ct.size() == rows;
      }
    }
    if (!from_snapshot) {
      ct = CitizenTable{};
      ct.resize(rows);
      changed_rows_ = static_cast<std::int64_t>(rows);
      read_rows(false);
      if (ct.size() != rows)
        throw Error(fmt::format("{}: citizens rows are not numbered 0..n-1", db_.path()));
    }
    spdlog::debug("store: loaded {} citizens ({}; {} rows read from the table)", rows,
                  from_snapshot ? "snapshot" : "table", changed_rows_);
    if (w.extract) {
      // Listed outside the extract: a ydernummer without a clinic row.
      auto st = db_.prepare(
          "SELECT id, ydernummer FROM citizens WHERE ydernummer IS NOT NULL AND ydernummer NOT IN "
          "(SELECT ydernummer FROM clinics)");
      while (st.step())
        w.listed_outside.emplace(as_unsigned(st.int64(0)), static_cast<Ydernummer>(st.int64(1)));
    }
    db_.exec("COMMIT");
  } catch (...) {
    db_.exec("ROLLBACK");
    throw;
  }
  w.build_indexes();
  // Keep loading fast: once many rows changed since the snapshot, rewrite it (a cache refresh
  // that changes no data; skipped when a writer got there first or the store is busy).
  const auto rows = static_cast<std::int64_t>(w.citizens.size());
  if (refresh_on_load_ && changed_rows_ > snapshot_refresh_rows(rows)) {
    try {
      if (refresh_snapshot(w, loaded_version_)) spdlog::debug("store: citizen snapshot refreshed");
    } catch (const sqlite::SqliteError& e) {
      spdlog::debug("store: snapshot refresh skipped: {}", e.what());
    }
  }
  return w;
}

std::optional<DecisionSlice> SqliteStore::load_decision_slice(std::span<const CitizenId> ids) {
  DecisionSlice slice;
  World& w = slice.world;
  auto& ct = w.citizens;
  // One read transaction, as load_world: the slice is one consistent state of the store.
  db_.exec("BEGIN");
  try {
    const auto snap_rows =
        db_.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='snapshot_rows'");
    const auto snap_format =
        db_.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='snapshot_format'");
    const std::size_t n = snap_rows ? static_cast<std::size_t>(*snap_rows) : 0;
    // The snapshot's columns: rowid and whether each has n values.
    const auto column = [&](std::string_view name,
                            std::size_t width) -> std::optional<std::int64_t> {
      auto st = db_.prepare("SELECT rowid, length(data) FROM citizen_snapshot WHERE name = ?");
      st.bind(1, name);
      if (!st.step() || static_cast<std::size_t>(st.int64(1)) != n * width) return std::nullopt;
      return st.int64(0);
    };
    const auto household_col = column("household", sizeof(HouseholdId));
    const auto group_col = column("grp", sizeof(InsuranceGroup));
    const auto yder_col = column("ydernummer", sizeof(std::uint32_t));
    // Many rows changed since the snapshot: the whole load reads them once and rewrites the
    // snapshot (load_world), after which slices are cheap again.
    const std::int64_t changed_count =
        db_.query_int("SELECT count(*) FROM citizen_changes").value_or(0);
    if (!snap_rows || snap_format != kSnapshotFormat || !household_col || !group_col || !yder_col ||
        changed_count > snapshot_refresh_rows(static_cast<std::int64_t>(n))) {
      db_.exec("COMMIT");
      return std::nullopt;
    }
    load_world_without_citizens(w);
    slice.loaded_version = data_version();
    std::vector<ClinicIndex> by_yder(1'000'000, kNoClinic);
    for (std::size_t i = 0; i < w.clinics.size(); ++i)
      by_yder[w.clinics[i].ydernummer] = static_cast<ClinicIndex>(i);
    auto clinic_of = [&](std::int64_t y) {
      return (y > 0 && y < 1'000'000) ? by_yder[static_cast<std::size_t>(y)] : kNoClinic;
    };
    // Rows changed since the snapshot (updated, inserted or deleted: the triggers record every
    // one), as the table has them now; every other row of the snapshot is as it was written.
    struct Changed {
      std::int64_t row;
      HouseholdId household;
      InsuranceGroup group;
      ClinicIndex listing;
    };
    std::vector<std::int64_t> changed_rows;
    {
      auto st = db_.prepare("SELECT row FROM citizen_changes ORDER BY row");
      while (st.step()) changed_rows.push_back(st.int64(0));
    }
    std::vector<Changed> changed;
    {
      auto st = db_.prepare(
          // CROSS JOIN keeps the few changed rows as the outer loop (a plain join may scan all
          // citizens in row order instead).
          "SELECT c.row, c.household, c.grp, c.ydernummer FROM citizen_changes x CROSS JOIN "
          "citizens c ON c.row = x.row ORDER BY x.row");
      while (st.step()) {
        changed.push_back({st.int64(0), as_unsigned(st.int64(1)),
                           static_cast<InsuranceGroup>(st.int64(2)),
                           st.is_null(3) ? kNoClinic : clinic_of(st.int64(3))});
      }
    }
    // Walks the snapshot's rows in order, skipping the changed ones.
    const auto unchanged = [&](std::size_t& next_changed, std::size_t row) {
      while (next_changed < changed_rows.size() &&
             changed_rows[next_changed] < static_cast<std::int64_t>(row))
        ++next_changed;
      return next_changed == changed_rows.size() ||
             changed_rows[next_changed] != static_cast<std::int64_t>(row);
    };
    constexpr std::size_t kChunkRows = 1 << 19;
    // Rule C1: listed group-1 patients per clinic over every citizen.
    slice.listed.assign(w.clinics.size(), 0);
    {
      std::vector<InsuranceGroup> group(n);
      if (n) db_.read_blob("citizen_snapshot", "data", *group_col, group.data(), n);
      std::vector<std::uint32_t> yder(std::min(n, kChunkRows));
      std::size_t next_changed = 0;
      db_.scan_blob("citizen_snapshot", "data", *yder_col, n * sizeof(std::uint32_t), yder.data(),
                    yder.size() * sizeof(std::uint32_t),
                    [&](std::size_t offset, std::size_t bytes) {
                      const std::size_t first = offset / sizeof(std::uint32_t);
                      const std::size_t count = bytes / sizeof(std::uint32_t);
                      for (std::size_t k = 0; k < count; ++k) {
                        const std::size_t row = first + k;
                        if (group[row] != InsuranceGroup::group1) continue;
                        const ClinicIndex c = clinic_of(yder[k]);
                        if (c != kNoClinic && unchanged(next_changed, row)) ++slice.listed[c];
                      }
                    });
      for (const Changed& c : changed)
        if (c.group == InsuranceGroup::group1 && c.listing != kNoClinic) ++slice.listed[c.listing];
    }
    // The citizens asked for and their households.
    std::vector<std::int64_t> rows;
    std::vector<HouseholdId> households;
    {
      auto st = db_.prepare("SELECT row, household FROM citizens WHERE id = ?");
      for (const CitizenId id : ids) {
        st.bind(1, as_signed(id));
        if (st.step()) {
          rows.push_back(st.int64(0));
          households.push_back(as_unsigned(st.int64(1)));
        }
        st.reset();
      }
    }
    if (!households.empty()) {
      const auto wanted = [&](HouseholdId h) {
        return std::find(households.begin(), households.end(), h) != households.end();
      };
      std::vector<HouseholdId> household(std::min(n, kChunkRows));
      std::size_t next_changed = 0;
      db_.scan_blob("citizen_snapshot", "data", *household_col, n * sizeof(HouseholdId),
                    household.data(), household.size() * sizeof(HouseholdId),
                    [&](std::size_t offset, std::size_t bytes) {
                      const std::size_t first = offset / sizeof(HouseholdId);
                      const std::size_t count = bytes / sizeof(HouseholdId);
                      for (std::size_t k = 0; k < count; ++k) {
                        if (wanted(household[k]) && unchanged(next_changed, first + k))
                          rows.push_back(static_cast<std::int64_t>(first + k));
                      }
                    });
      for (const Changed& c : changed)
        if (wanted(c.household)) rows.push_back(c.row);
    }
    // In row order, as in the whole world (households list their members in that order).
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    {
      auto st =
          db_.prepare(fmt::format("SELECT row,{} FROM citizens WHERE row = ?", kCitizenColumns));
      for (const std::int64_t row : rows) {
        st.bind(1, row);
        if (st.step()) {
          const std::size_t i = ct.size();
          ct.resize(i + 1);
          read_citizen_columns(st, ct, i, clinic_of);
          if (w.extract && !st.is_null(11) && clinic_of(st.int64(11)) == kNoClinic)
            w.listed_outside.emplace(ct.id[i], static_cast<Ydernummer>(st.int64(11)));
        }
        st.reset();
      }
    }
    db_.exec("COMMIT");
  } catch (...) {
    db_.exec("ROLLBACK");
    throw;
  }
  w.build_indexes();
  spdlog::debug("store: decision slice of {} citizens", ct.size());
  return slice;
}

void SqliteStore::put_snapshot(Date as_of, std::int64_t citizens, std::string_view blob) {
  sqlite::Transaction tx(db_);
  auto del = db_.prepare("DELETE FROM snapshot_figures WHERE as_of=?");
  del.bind(1, as_of.to_string());
  del.run();
  auto st =
      db_.prepare("INSERT OR REPLACE INTO world_snapshots(as_of,citizens,data) VALUES(?,?,?)");
  st.bind(1, as_of.to_string()).bind(2, citizens).bind_blob(3, blob.data(), blob.size());
  st.run();
  tx.commit();
}

std::optional<std::string> SqliteStore::get_snapshot(Date as_of) {
  auto st = db_.prepare("SELECT data FROM world_snapshots WHERE as_of=?");
  st.bind(1, as_of.to_string());
  if (!st.step()) return std::nullopt;
  return std::string(st.blob(0));
}

std::vector<SnapshotInfo> SqliteStore::snapshots() {
  std::vector<SnapshotInfo> out;
  auto st = db_.prepare("SELECT as_of, length(data), citizens FROM world_snapshots ORDER BY as_of");
  while (st.step()) {
    const auto d = Date::parse(st.text_view(0));
    if (!d) throw Error(fmt::format("{}: snapshot with a bad date '{}'", db_.path(), st.text(0)));
    out.push_back({*d, st.int64(1), st.int64(2)});
  }
  return out;
}

std::optional<std::string> SqliteStore::snapshot_figures(Date as_of, std::string_view key) {
  auto st = db_.prepare("SELECT data FROM snapshot_figures WHERE as_of=? AND key=?");
  st.bind(1, as_of.to_string()).bind(2, key);
  if (!st.step()) return std::nullopt;
  return std::string(st.blob(0));
}

void SqliteStore::save_snapshot_figures(Date as_of, std::string_view key, std::string_view data) {
  auto st = db_.prepare("INSERT OR REPLACE INTO snapshot_figures(as_of,key,data) VALUES(?,?,?)");
  st.bind(1, as_of.to_string()).bind(2, key).bind_blob(3, data.data(), data.size());
  st.run();
}

}  // namespace praksis
