// SQLite store: schema, bulk import in one transaction, and the columnar load.
#include "praksis/store/sqlite_store.hpp"

#include <fmt/format.h>

#include <vector>

#include "praksis/core/error.hpp"

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
CREATE TABLE IF NOT EXISTS doctors(
  id INTEGER PRIMARY KEY,
  pos INTEGER NOT NULL UNIQUE,
  ydernummer INTEGER NOT NULL REFERENCES clinics(ydernummer),
  birth_year INTEGER NOT NULL, role TEXT NOT NULL, since_year INTEGER NOT NULL);
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
)sql";

std::int64_t as_signed(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t as_unsigned(std::int64_t v) { return static_cast<std::uint64_t>(v); }
}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& path, bool create)
    : db_(path, create ? sqlite::OpenMode::read_write_create : sqlite::OpenMode::read_write) {
  create_schema();
}

void SqliteStore::create_schema() {
  sqlite::Transaction tx(db_);
  db_.exec(kSchema);
  auto v = db_.prepare("SELECT value FROM meta WHERE key='schema_version'");
  if (v.step()) {
    const int have = std::stoi(v.text(0));
    if (have != kSchemaVersion) {
      throw Error(fmt::format("{}: store schema version {} is not supported (expected {})",
                              db_.path(), have, kSchemaVersion));
    }
  } else {
    db_.exec(fmt::format("INSERT INTO meta VALUES('schema_version','{}'),('data_version','0')",
                         kSchemaVersion));
  }
  v = {};
  tx.commit();
}

bool SqliteStore::has_world() { return db_.query_int("SELECT count(*) FROM regions").value_or(0) > 0; }

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
  return db_.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='data_version'").value_or(0);
}

void SqliteStore::bump_data_version() {
  db_.exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='data_version'");
}

void SqliteStore::replace_world(const World& w) {
  sqlite::Transaction tx(db_);
  // Everything recorded about the old world goes with it; constraints are checked at commit.
  db_.exec("PRAGMA defer_foreign_keys=ON");
  std::vector<std::string> tables;
  {
    auto st = db_.prepare(
        "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'meta'");
    while (st.step()) tables.push_back(st.text(0));
  }
  for (const auto& t : tables) db_.exec(fmt::format("DELETE FROM \"{}\"", t));

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
        "INSERT INTO clinics(ydernummer,pos,name,practice_form,kommune,lat_e5,lon_e5,open,established,"
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
  {
    // The unique index is rebuilt after the bulk insert: one sort instead of 6 M random inserts.
    db_.exec("DROP INDEX IF EXISTS citizens_id");
    auto st = db_.prepare(
        "INSERT INTO citizens(row,id,household,birth_year,sex,lat_e5,lon_e5,kommune,grp,conditions,"
        "labour,ydernummer,home_visit) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto& ct = w.citizens;
    for (std::size_t i = 0; i < ct.size(); ++i) {
      st.bind(1, static_cast<std::int64_t>(i)).bind(2, as_signed(ct.id[i]));
      st.bind(3, as_signed(ct.household[i])).bind(4, ct.birth_year[i]);
      st.bind(5, static_cast<int>(ct.sex[i])).bind(6, ct.home[i].lat_e5).bind(7, ct.home[i].lon_e5);
      st.bind(8, ct.kommune[i]).bind(9, static_cast<int>(ct.group[i]));
      st.bind(10, static_cast<int>(ct.conditions[i])).bind(11, static_cast<int>(ct.labour[i]));
      if (ct.listing[i] == kNoClinic) st.bind_null(12);
      else st.bind(12, w.clinics[ct.listing[i]].ydernummer);
      st.bind(13, static_cast<int>(ct.home_visit_right[i]));
      st.run();
    }
    db_.exec("CREATE UNIQUE INDEX citizens_id ON citizens(id)");
  }
  bump_data_version();
  tx.commit();
}

World SqliteStore::load_world() {
  World w;
  // One read transaction so the world is a consistent snapshot while writers continue.
  db_.exec("BEGIN");
  try {
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
        if (!form) throw Error(fmt::format("{}: clinic {} has unknown practice form", db_.path(), c.ydernummer));
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
      auto st = db_.prepare(
          "SELECT id,ydernummer,birth_year,role,since_year FROM doctors ORDER BY pos");
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
    w.build_indexes();
    {
      const auto n = static_cast<std::size_t>(db_.query_int("SELECT count(*) FROM citizens").value_or(0));
      auto& ct = w.citizens;
      ct.resize(n);
      // Ydernummer -> clinic position through a dense table (ydernumre are < 1,000,000).
      std::vector<ClinicIndex> by_yder(1'000'000, kNoClinic);
      for (std::size_t i = 0; i < w.clinics.size(); ++i) by_yder[w.clinics[i].ydernummer] = static_cast<ClinicIndex>(i);
      auto st = db_.prepare(
          "SELECT id,household,birth_year,sex,lat_e5,lon_e5,kommune,grp,conditions,labour,ydernummer,"
          "home_visit FROM citizens ORDER BY row");
      std::size_t i = 0;
      while (st.step()) {
        if (i >= n) throw Error(fmt::format("{}: citizens changed while loading", db_.path()));
        ct.id[i] = as_unsigned(st.int64(0));
        ct.household[i] = as_unsigned(st.int64(1));
        ct.birth_year[i] = static_cast<std::uint16_t>(st.int64(2));
        ct.sex[i] = static_cast<Sex>(st.int64(3));
        ct.home[i] = {static_cast<std::int32_t>(st.int64(4)), static_cast<std::int32_t>(st.int64(5))};
        ct.kommune[i] = static_cast<KommuneCode>(st.int64(6));
        ct.group[i] = static_cast<InsuranceGroup>(st.int64(7));
        ct.conditions[i] = static_cast<std::uint8_t>(st.int64(8));
        ct.labour[i] = static_cast<LabourStatus>(st.int64(9));
        const std::int64_t y = st.is_null(10) ? -1 : st.int64(10);
        ct.listing[i] = (y >= 0 && y < 1'000'000) ? by_yder[static_cast<std::size_t>(y)] : kNoClinic;
        ct.home_visit_right[i] = static_cast<std::uint8_t>(st.int64(11));
        ++i;
      }
      ct.resize(i);
    }
    db_.exec("COMMIT");
  } catch (...) {
    db_.exec("ROLLBACK");
    throw;
  }
  w.build_indexes();
  return w;
}

std::unique_ptr<Store> open_store(const std::string& location, bool create) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    throw InputError(InputLocation{"--db", 0, 0, {}},
                     "PostgreSQL stores are planned but not available in this version; use a file path (SQLite)");
  }
  if (!create && !std::filesystem::exists(location)) {
    throw InputError(InputLocation{location, 0, 0, "--db"}, "store does not exist (run `praksis import` or `praksis demo` first)");
  }
  return std::make_unique<SqliteStore>(location, create);
}

}  // namespace praksis
