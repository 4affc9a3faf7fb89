// PostgreSQL store: schema and version, bulk import with COPY, and the columnar load.
#include "praksis/store/postgres_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "praksis/io/extract.hpp"
#include "praksis/output/log.hpp"
#include "store/postgres/schema.hpp"

namespace praksis {

namespace {

constexpr int kSnapshotFormat = 1;
constexpr std::string_view kCitizenColumns =
    "pos,id,household,birth_year,sex,lat_e5,lon_e5,kommune,grp,conditions,labour,ydernummer,"
    "home_visit";

std::int64_t as_signed(std::uint64_t v) {
  return static_cast<std::int64_t>(v);
}

/// Appends integers to a COPY text row.
struct CopyRow {
  explicit CopyRow(std::string& o) : out(o) {}
  std::string& out;
  bool first = true;
  CopyRow& num(std::int64_t v) {
    if (!first) out += '\t';
    first = false;
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
    return *this;
  }
  CopyRow& text(std::string_view v) {
    if (!first) out += '\t';
    first = false;
    pg::copy_field(out, v);
    return *this;
  }
  CopyRow& null() {
    if (!first) out += '\t';
    first = false;
    out += "\\N";
    return *this;
  }
  ~CopyRow() { out += '\n'; }
};

/// Splits a COPY text row of integers (NULL as \N, read as `null_value`).
int split_ints(std::string_view row, std::int64_t* out, int n, std::int64_t null_value) {
  int k = 0;
  const char* p = row.data();
  const char* end = p + row.size();
  while (k < n && p <= end) {
    const char* q =
        static_cast<const char*>(std::memchr(p, '\t', static_cast<std::size_t>(end - p)));
    if (!q) q = end;
    if (q - p == 2 && p[0] == '\\' && p[1] == 'N') {
      out[k] = null_value;
    } else {
      std::from_chars(p, q, out[k]);
    }
    ++k;
    p = q + 1;
  }
  return k;
}

void clinic_row(std::string& buf, const Clinic& c, std::int64_t pos) {
  CopyRow(buf)
      .num(c.ydernummer)
      .num(pos)
      .text(c.name)
      .text(to_string(c.form))
      .num(c.kommune)
      .num(c.location.lat_e5)
      .num(c.location.lon_e5)
      .num(c.open ? 1 : 0)
      .text(c.established.to_string())
      .num(c.capacities)
      .num(c.unfilled_capacities);
}

constexpr std::string_view kClinicColumns =
    "clinics(ydernummer,pos,name,practice_form,kommune,lat_e5,lon_e5,open,established,capacities,"
    "unfilled_capacities)";

/// Clinic positions by ydernummer (ydernumre are below 1,000,000), before the world's indexes.
std::vector<ClinicIndex> clinic_lookup(const World& w) {
  std::vector<ClinicIndex> by_yder(1'000'000, kNoClinic);
  for (std::size_t i = 0; i < w.clinics.size(); ++i)
    by_yder[w.clinics[i].ydernummer] = static_cast<ClinicIndex>(i);
  return by_yder;
}

ClinicIndex clinic_of(const std::vector<ClinicIndex>& by_yder, std::int64_t y) {
  return y > 0 && y < 1'000'000 ? by_yder[static_cast<std::size_t>(y)] : kNoClinic;
}

bool same_clinic(const Clinic& a, const Clinic& b) {
  return a.name == b.name && a.form == b.form && a.kommune == b.kommune &&
         a.location == b.location && a.open == b.open && a.established == b.established &&
         a.capacities == b.capacities && a.unfilled_capacities == b.unfilled_capacities;
}

}  // namespace

namespace {
void record_schema_version(pg::Connection& c, int version, const std::string& how) {
  pg::Params p;
  p.add(version).add(utc_timestamp_now()).add(how);
  c.query(
      "INSERT INTO schema_migrations(version, applied_at, how) VALUES($1,$2,$3) ON CONFLICT "
      "(version) DO UPDATE SET applied_at = excluded.applied_at, how = excluded.how",
      p);
}
}  // namespace

PostgresStore::PostgresStore(const std::string& conninfo, bool create, SchemaUpgrade upgrade)
    : conninfo_(conninfo), conn_(conninfo) {
  open_schema(create, upgrade);
}

void PostgresStore::open_schema(bool create, SchemaUpgrade upgrade) {
  const InputLocation where{conn_.location(), 0, 0, "--db"};
  pg::Transaction tx(conn_);
  // Two processes creating the schema at once: the second waits here and then finds it.
  conn_.exec("SELECT pg_advisory_xact_lock(hashtext(current_schema()))");
  const auto tables =
      conn_.query_int("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
  const auto has_meta = conn_.query_int(
      "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename='meta'");
  if (has_meta.value_or(0) == 0) {
    if (tables.value_or(0) > 0) throw InputError(where, message("store.error.foreign_database"));
    if (!create) throw InputError(where, message("store.error.not_found"));
    conn_.exec(pg_schema::kVersion3);
    for (const pg_schema::Migration& m : pg_schema::kMigrations) conn_.exec(m.sql);
    conn_.exec(fmt::format("INSERT INTO meta VALUES('schema_version','{}'),('data_version','0')",
                           kSchemaVersion));
    record_schema_version(conn_, kSchemaVersion, "created");
    tx.commit();
    return;
  }
  const auto have =
      conn_.query_int("SELECT value::bigint FROM meta WHERE key='schema_version'").value_or(0);
  if (have != kSchemaVersion) {
    // Checked before anything is written: an older store is not altered unless migrated.
    const int oldest = pg_schema::kMigrations[0].from;
    if (upgrade == SchemaUpgrade::refuse || have < oldest || have > kSchemaVersion)
      refuse_schema_version(conn_.location(), static_cast<int>(have), oldest);
    // Ordered migrations in this one transaction: a failure leaves the store at its version.
    for (const pg_schema::Migration& m : pg_schema::kMigrations)
      if (m.from >= have) conn_.exec(m.sql);
    conn_.exec(
        fmt::format("UPDATE meta SET value='{}' WHERE key='schema_version'", kSchemaVersion));
    record_schema_version(conn_, kSchemaVersion, fmt::format("migrated from version {}", have));
    migrated_from_ = static_cast<int>(have);
    log_info("log.store.migrated", conn_.location(), have, kSchemaVersion);
  }
  tx.commit();
}

bool PostgresStore::has_world() {
  return conn_.query_int("SELECT count(*) FROM regions").value_or(0) > 0;
}

StoreCounts PostgresStore::counts() {
  StoreCounts c;
  c.regions = conn_.query_int("SELECT count(*) FROM regions").value_or(0);
  c.kommuner = conn_.query_int("SELECT count(*) FROM kommuner").value_or(0);
  c.clinics = conn_.query_int("SELECT count(*) FROM clinics").value_or(0);
  c.doctors = conn_.query_int("SELECT count(*) FROM doctors").value_or(0);
  c.citizens = conn_.query_int("SELECT count(*) FROM citizens").value_or(0);
  return c;
}

std::int64_t PostgresStore::data_version() {
  return conn_.query_int("SELECT value::bigint FROM meta WHERE key='data_version'").value_or(0);
}

void PostgresStore::bump_data_version() {
  conn_.exec("UPDATE meta SET value = (value::bigint + 1)::text WHERE key='data_version'");
}

void PostgresStore::replace_world(const World& w) {
  pg::Transaction tx(conn_);
  conn_.exec("SET CONSTRAINTS ALL DEFERRED");
  bump_data_version();  // first: the row lock orders this writer before any other
  {
    std::string tables;
    auto r = conn_.query(
        fmt::format("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND "
                    "tablename NOT IN ({}) ORDER BY tablename",
                    pg_schema::kHistoryTables));
    for (int i = 0; i < r.rows(); ++i)
      tables += fmt::format("{}\"{}\"", tables.empty() ? "" : ",", r.text(i, 0));
    conn_.exec(fmt::format("TRUNCATE {} RESTART IDENTITY", tables));
  }
  // The snapshot is rewritten below; per-row change tracking is not needed for a bulk replace.
  conn_.exec("ALTER TABLE citizens DISABLE TRIGGER citizens_changed");
  std::string buf;
  for (const auto& r : w.regions) CopyRow(buf).num(r.code).text(r.name);
  conn_.copy_in("regions(code,name)", buf);
  buf.clear();
  for (const auto& k : w.kommuner) CopyRow(buf).num(k.code).text(k.name).num(k.region);
  conn_.copy_in("kommuner(code,name,region)", buf);
  buf.clear();
  for (std::size_t i = 0; i < w.clinics.size(); ++i)
    clinic_row(buf, w.clinics[i], static_cast<std::int64_t>(i));
  conn_.copy_in(kClinicColumns, buf);
  buf.clear();
  for (std::size_t i = 0; i < w.doctors.size(); ++i) {
    const auto& d = w.doctors[i];
    CopyRow(buf)
        .num(d.id)
        .num(static_cast<std::int64_t>(i))
        .num(d.ydernummer)
        .num(d.birth_year)
        .text(to_string(d.role))
        .num(d.since_year);
  }
  conn_.copy_in("doctors(id,pos,ydernummer,birth_year,role,since_year)", buf);
  buf.clear();
  // The unique index is rebuilt after the bulk load: one sort instead of 6 M index inserts.
  conn_.exec("DROP INDEX citizens_id");
  {
    const auto& ct = w.citizens;
    constexpr std::size_t kBatch = 500'000;
    for (std::size_t b = 0; b < ct.size(); b += kBatch) {
      buf.clear();
      for (std::size_t i = b; i < std::min(ct.size(), b + kBatch); ++i) {
        CopyRow row(buf);
        row.num(static_cast<std::int64_t>(i))
            .num(as_signed(ct.id[i]))
            .num(as_signed(ct.household[i]))
            .num(ct.birth_year[i])
            .num(static_cast<int>(ct.sex[i]))
            .num(ct.home[i].lat_e5)
            .num(ct.home[i].lon_e5)
            .num(ct.kommune[i])
            .num(static_cast<int>(ct.group[i]))
            .num(ct.conditions[i])
            .num(static_cast<int>(ct.labour[i]));
        if (ct.listing[i] != kNoClinic)
          row.num(w.clinics[ct.listing[i]].ydernummer);
        else if (auto it = w.listed_outside.find(ct.id[i]); it != w.listed_outside.end())
          row.num(it->second);  // listed outside the extract (docs/extract.md)
        else
          row.null();
        row.num(ct.home_visit_right[i]);
      }
      conn_.copy_in(
          "citizens(pos,id,household,birth_year,sex,lat_e5,lon_e5,kommune,grp,conditions,labour,"
          "ydernummer,home_visit)",
          buf);
    }
  }
  conn_.exec("CREATE UNIQUE INDEX citizens_id ON citizens(id)");
  buf.clear();
  for (const Clinic& c : w.clinics) {
    if (!c.services) continue;
    const ClinicServices& sv = *c.services;
    CopyRow(buf)
        .num(c.ydernummer)
        .num(sv.weekdays_8_16)
        .num(sv.evening_per_week)
        .num(sv.daily_phone_hour)
        .num(sv.same_day_acute)
        .num(sv.booking_weekdays)
        .num(sv.e_booking)
        .num(sv.e_prescription_renewal)
        .num(sv.e_consultation)
        .num(sv.video);
  }
  conn_.copy_in(
      "clinic_services(ydernummer,weekdays_8_16,evening_per_week,daily_phone_hour,same_day_acute,"
      "booking_weekdays,e_booking,e_prescription_renewal,e_consultation,video)",
      buf);
  buf.clear();
  for (std::size_t i = 0; i < w.nursing_homes.size(); ++i) {
    const NursingHome& h = w.nursing_homes[i];
    CopyRow row(buf);
    row.num(h.id)
        .num(static_cast<std::int64_t>(i))
        .text(h.name)
        .num(h.kommune)
        .num(h.location.lat_e5)
        .num(h.location.lon_e5)
        .num(h.places);
    if (h.attached)
      row.num(*h.attached);
    else
      row.null();
  }
  conn_.copy_in("nursing_homes(id,pos,name,kommune,lat_e5,lon_e5,places,attached_ydernummer)", buf);
  // A region's extract: its manifest (meta is not truncated above, so it is replaced here).
  conn_.exec("DELETE FROM meta WHERE key='extract_manifest'");
  if (w.extract) {
    pg::Params p;
    const std::string manifest = extract_manifest_text(*w.extract);
    p.add(manifest);
    conn_.query("INSERT INTO meta(key, value) VALUES('extract_manifest', $1)", p);
  }
  write_planning_inputs(w);
  write_snapshot(w);
  conn_.exec("ALTER TABLE citizens ENABLE TRIGGER citizens_changed");
  tx.commit();  // deferred foreign keys are checked here
  conn_.exec("ANALYZE regions, kommuner, clinics, doctors, citizens");
}

void PostgresStore::apply_world_changes(const World& before, const World& after,
                                        const WorldChangeAudit& audit,
                                        std::int64_t loaded_version) {
  // Fields of every refusal: the store, then the entry's own.
  const auto refuse = [](Message reason) { throw Error(std::move(reason)); };
  if (before.citizens.size() != after.citizens.size() || before.citizens.id != after.citizens.id)
    refuse(message("store.error.other_citizens", location()));
  pg::Transaction tx(conn_);
  // The data-version row lock first: no other writer commits between the check and ours.
  bump_data_version();
  if (data_version() != loaded_version + 1)
    refuse(message("store.error.changed", location(), data_version() - 1, loaded_version));
  conn_.exec("SET CONSTRAINTS ALL DEFERRED");
  std::int64_t next_pos = conn_.query_int("SELECT coalesce(max(pos), -1) + 1 FROM clinics").value();
  for (const Clinic& c : before.clinics) {
    if (after.find_clinic(c.ydernummer)) continue;
    pg::Params p;
    p.add(c.ydernummer);
    conn_.query("DELETE FROM doctors WHERE ydernummer=$1", p);
    conn_.query("DELETE FROM clinic_services WHERE ydernummer=$1", p);
    // A nursing home whose doctor's clinic closes has no attached doctor until a new one is
    // recorded (rule L8).
    conn_.query("UPDATE nursing_homes SET attached_ydernummer=NULL WHERE attached_ydernummer=$1",
                p);
    // A closed clinic's hearing answers go with it; capacities on the way to it stay in the
    // kommune's pipeline without a clinic.
    conn_.query("DELETE FROM gp_hearing WHERE ydernummer=$1", p);
    conn_.query("UPDATE capacity_pipeline SET ydernummer=NULL WHERE ydernummer=$1", p);
    conn_.query("DELETE FROM clinics WHERE ydernummer=$1", p);
  }
  std::string inserted;
  for (const Clinic& c : after.clinics) {
    const auto j = before.find_clinic(c.ydernummer);
    if (j && same_clinic(before.clinics[*j], c)) continue;
    if (!j) {
      clinic_row(inserted, c, next_pos++);
      continue;
    }
    pg::Params p;
    p.add(c.name).add(to_string(c.form)).add(c.kommune).add(c.location.lat_e5);
    p.add(c.location.lon_e5).add(c.open ? 1 : 0).add(c.established.to_string());
    p.add(c.capacities).add(c.unfilled_capacities).add(c.ydernummer);
    conn_.query(
        "UPDATE clinics SET name=$1,practice_form=$2,kommune=$3,lat_e5=$4,lon_e5=$5,open=$6,"
        "established=$7,capacities=$8,unfilled_capacities=$9 WHERE ydernummer=$10",
        p);
  }
  if (!inserted.empty()) conn_.copy_in(kClinicColumns, inserted);
  // Listings: the changed rows into a temporary table, then one UPDATE (the change trigger keeps
  // the citizen snapshot valid).
  std::string relist;
  std::int64_t relisted = 0;
  const auto yder = [](const World& w, ClinicIndex j) {
    return j == kNoClinic ? Ydernummer{0} : w.clinics[j].ydernummer;
  };
  for (std::size_t i = 0; i < after.citizens.size(); ++i) {
    const Ydernummer was = yder(before, before.citizens.listing[i]);
    const Ydernummer now = yder(after, after.citizens.listing[i]);
    if (was == now) continue;
    CopyRow row(relist);
    row.num(static_cast<std::int64_t>(i));
    if (now == 0)
      row.null();
    else
      row.num(now);
    ++relisted;
  }
  if (relisted) {
    conn_.exec("CREATE TEMPORARY TABLE relist(pos integer, ydernummer integer) ON COMMIT DROP");
    conn_.copy_in("relist(pos, ydernummer)", relist);
    conn_.exec("UPDATE citizens c SET ydernummer = r.ydernummer FROM relist r WHERE c.pos = r.pos");
  }
  {
    pg::Params p;
    p.add(audit.at).add(audit.source).add(audit.changes).add(audit.summary).add(loaded_version);
    conn_.query(
        "INSERT INTO world_change_audit(at,source,changes,summary,data_version_before) "
        "VALUES($1,$2,$3,$4,$5)",
        p);
  }
  tx.commit();
  spdlog::debug("store: applied world changes ({} listings changed)", relisted);
}

void PostgresStore::write_planning_inputs(const World& w) {
  std::string buf;
  const auto opt = [](CopyRow& row, const auto& v) {
    if (v)
      row.num(static_cast<std::int64_t>(*v));
    else
      row.null();
  };
  const auto opt_date = [](CopyRow& row, const std::optional<Date>& d) {
    if (d)
      row.text(d->to_string());
    else
      row.null();
  };
  for (std::size_t i = 0; i < w.capacity_pipeline.size(); ++i) {
    const PipelineCapacity& pc = w.capacity_pipeline[i];
    CopyRow row(buf);
    row.num(static_cast<std::int64_t>(i)).num(pc.id).text(to_string(pc.status)).num(pc.kommune);
    opt(row, pc.ydernummer);
    row.num(pc.capacities).text(pc.advertised.to_string());
    opt_date(row, pc.assigned);
    opt_date(row, pc.expected_start);
  }
  conn_.copy_in(
      "capacity_pipeline(pos,id,status,kommune,ydernummer,capacities,advertised,assigned,"
      "expected_start)",
      buf);
  buf.clear();
  for (std::size_t i = 0; i < w.hearing.size(); ++i) {
    const HearingEntry& h = w.hearing[i];
    CopyRow row(buf);
    row.num(static_cast<std::int64_t>(i)).num(h.ydernummer).num(h.doctor);
    opt(row, h.wished_list_size);
    opt(row, h.wished_open);
    opt(row, h.move_to);
    opt(row, h.extra_capacities);
    opt(row, h.retirement_year);
  }
  conn_.copy_in(
      "gp_hearing(pos,ydernummer,doctor_id,wished_list_size,wished_open,move_to,"
      "extra_capacities,retirement_year)",
      buf);
}

void PostgresStore::load_planning_inputs(World& w) {
  const auto bad = [&] {
    return Error(fmt::format("{}: capacity_pipeline has a bad value", location()));
  };
  const auto date = [&](const pg::Result& r, int i, int k) {
    auto d = Date::parse(r.text(i, k));
    if (!d) throw bad();
    return *d;
  };
  {
    auto r = conn_.query(
        "SELECT id,status,kommune,ydernummer,capacities,advertised,assigned,expected_start FROM "
        "capacity_pipeline ORDER BY pos");
    for (int i = 0; i < r.rows(); ++i) {
      PipelineCapacity pc;
      pc.id = static_cast<std::uint32_t>(r.int64(i, 0));
      auto status = parse_pipeline_status(r.text(i, 1));
      if (!status) throw bad();
      pc.status = *status;
      pc.kommune = static_cast<KommuneCode>(r.int64(i, 2));
      if (!r.is_null(i, 3)) pc.ydernummer = static_cast<Ydernummer>(r.int64(i, 3));
      pc.capacities = static_cast<std::uint16_t>(r.int64(i, 4));
      pc.advertised = date(r, i, 5);
      if (!r.is_null(i, 6)) pc.assigned = date(r, i, 6);
      if (!r.is_null(i, 7)) pc.expected_start = date(r, i, 7);
      w.capacity_pipeline.push_back(pc);
    }
  }
  auto r = conn_.query(
      "SELECT ydernummer,doctor_id,wished_list_size,wished_open,move_to,extra_capacities,"
      "retirement_year FROM gp_hearing ORDER BY pos");
  for (int i = 0; i < r.rows(); ++i) {
    HearingEntry h;
    h.ydernummer = static_cast<Ydernummer>(r.int64(i, 0));
    h.doctor = static_cast<DoctorId>(r.int64(i, 1));
    if (!r.is_null(i, 2)) h.wished_list_size = static_cast<std::uint32_t>(r.int64(i, 2));
    if (!r.is_null(i, 3)) h.wished_open = r.int64(i, 3) != 0;
    if (!r.is_null(i, 4)) h.move_to = static_cast<KommuneCode>(r.int64(i, 4));
    if (!r.is_null(i, 5)) h.extra_capacities = static_cast<std::uint16_t>(r.int64(i, 5));
    if (!r.is_null(i, 6)) h.retirement_year = static_cast<std::uint16_t>(r.int64(i, 6));
    w.hearing.push_back(h);
  }
}

void PostgresStore::write_snapshot(const World& w) {
  const auto& ct = w.citizens;
  conn_.exec("DELETE FROM citizen_snapshot; DELETE FROM citizen_changes;");
  std::vector<std::uint32_t> yder(ct.size());
  for (std::size_t i = 0; i < ct.size(); ++i)
    yder[i] = ct.listing[i] == kNoClinic ? 0 : w.clinics[ct.listing[i]].ydernummer;
  const auto put = [&](std::string_view name, const auto& v) {
    pg::Params p;
    p.add(name).add_bytes(v.data(), v.size() * sizeof(v[0]));
    conn_.query("INSERT INTO citizen_snapshot(name, data) VALUES($1, $2)", p);
  };
  put("id", ct.id);
  put("household", ct.household);
  put("birth_year", ct.birth_year);
  put("sex", ct.sex);
  put("home", ct.home);
  put("kommune", ct.kommune);
  put("grp", ct.group);
  put("conditions", ct.conditions);
  put("labour", ct.labour);
  put("ydernummer", yder);
  put("home_visit", ct.home_visit_right);
  conn_.exec(fmt::format(
      "INSERT INTO meta VALUES('snapshot_rows','{}'),('snapshot_format','{}') ON CONFLICT (key) "
      "DO UPDATE SET value = excluded.value",
      ct.size(), kSnapshotFormat));
}

bool PostgresStore::refresh_snapshot(const World& w, std::int64_t loaded_version) {
  pg::Transaction tx(conn_);
  // NOWAIT: a cache refresh never makes a writer wait; a busy store keeps the old snapshot.
  const auto v =
      conn_.query_int("SELECT value::bigint FROM meta WHERE key='data_version' FOR UPDATE NOWAIT");
  if (v != loaded_version) return false;  // changed since the world was loaded
  conn_.exec("ALTER TABLE citizens DISABLE TRIGGER citizens_changed");
  write_snapshot(w);
  conn_.exec("ALTER TABLE citizens ENABLE TRIGGER citizens_changed");
  tx.commit();
  return true;
}

void PostgresStore::read_citizens(World& w, bool only_changed) {
  const auto by_yder = clinic_lookup(w);
  auto& ct = w.citizens;
  const std::string sql =
      fmt::format("COPY (SELECT {} FROM citizens {} ORDER BY pos) TO STDOUT", kCitizenColumns,
                  only_changed ? "WHERE pos IN (SELECT pos FROM citizen_changes)" : "");
  conn_.copy_out(sql, [&](std::string_view row) {
    std::int64_t v[13];
    if (split_ints(row, v, 13, -1) != 13)
      throw Error(fmt::format("{}: a citizens row has too few columns", location()));
    const auto i = static_cast<std::size_t>(v[0]);
    if (i >= ct.size()) ct.resize(i + 1);
    ct.id[i] = static_cast<std::uint64_t>(v[1]);
    ct.household[i] = static_cast<std::uint64_t>(v[2]);
    ct.birth_year[i] = static_cast<std::uint16_t>(v[3]);
    ct.sex[i] = static_cast<Sex>(v[4]);
    ct.home[i] = {static_cast<std::int32_t>(v[5]), static_cast<std::int32_t>(v[6])};
    ct.kommune[i] = static_cast<KommuneCode>(v[7]);
    ct.group[i] = static_cast<InsuranceGroup>(v[8]);
    ct.conditions[i] = static_cast<std::uint8_t>(v[9]);
    ct.labour[i] = static_cast<LabourStatus>(v[10]);
    ct.listing[i] = clinic_of(by_yder, v[11]);
    ct.home_visit_right[i] = static_cast<std::uint8_t>(v[12]);
  });
}

World PostgresStore::load_world() {
  World w;
  {
    // One snapshot of the database for the whole load while writers continue.
    pg::Transaction tx(conn_, "REPEATABLE READ READ ONLY");
    {
      auto r = conn_.query("SELECT code, name FROM regions ORDER BY code");
      for (int i = 0; i < r.rows(); ++i)
        w.regions.push_back({static_cast<RegionCode>(r.int64(i, 0)), std::string(r.text(i, 1))});
    }
    {
      auto r = conn_.query("SELECT code, name, region FROM kommuner ORDER BY code");
      for (int i = 0; i < r.rows(); ++i)
        w.kommuner.push_back({static_cast<KommuneCode>(r.int64(i, 0)), std::string(r.text(i, 1)),
                              static_cast<RegionCode>(r.int64(i, 2))});
    }
    {
      auto r = conn_.query(
          "SELECT ydernummer,name,practice_form,kommune,lat_e5,lon_e5,open,established,"
          "capacities,unfilled_capacities FROM clinics ORDER BY pos");
      for (int i = 0; i < r.rows(); ++i) {
        Clinic c;
        c.ydernummer = static_cast<Ydernummer>(r.int64(i, 0));
        c.name = r.text(i, 1);
        auto form = parse_practice_form(r.text(i, 2));
        if (!form)
          throw Error(
              fmt::format("{}: clinic {} has unknown practice form", location(), c.ydernummer));
        c.form = *form;
        c.kommune = static_cast<KommuneCode>(r.int64(i, 3));
        c.location = {static_cast<std::int32_t>(r.int64(i, 4)),
                      static_cast<std::int32_t>(r.int64(i, 5))};
        c.open = r.int64(i, 6) != 0;
        auto d = Date::parse(r.text(i, 7));
        if (!d) throw Error(fmt::format("{}: clinic {} has a bad date", location(), c.ydernummer));
        c.established = *d;
        c.capacities = static_cast<std::uint16_t>(r.int64(i, 8));
        c.unfilled_capacities = static_cast<std::uint16_t>(r.int64(i, 9));
        w.clinics.push_back(std::move(c));
      }
    }
    {
      auto r =
          conn_.query("SELECT id,ydernummer,birth_year,role,since_year FROM doctors ORDER BY pos");
      for (int i = 0; i < r.rows(); ++i) {
        Doctor d;
        d.id = static_cast<DoctorId>(r.int64(i, 0));
        d.ydernummer = static_cast<Ydernummer>(r.int64(i, 1));
        d.birth_year = static_cast<std::uint16_t>(r.int64(i, 2));
        d.role = parse_doctor_role(r.text(i, 3)).value_or(DoctorRole::owner);
        d.since_year = static_cast<std::uint16_t>(r.int64(i, 4));
        w.doctors.push_back(d);
      }
    }
    {
      auto r = conn_.query(
          "SELECT ydernummer,weekdays_8_16,evening_per_week,daily_phone_hour,same_day_acute,"
          "booking_weekdays,e_booking,e_prescription_renewal,e_consultation,video FROM "
          "clinic_services");
      const auto by_yder = clinic_lookup(w);
      for (int i = 0; i < r.rows(); ++i) {
        const ClinicIndex c = clinic_of(by_yder, r.int64(i, 0));
        if (c == kNoClinic) continue;
        ClinicServices sv;
        sv.weekdays_8_16 = r.int64(i, 1) != 0;
        sv.evening_per_week = static_cast<std::uint8_t>(r.int64(i, 2));
        sv.daily_phone_hour = r.int64(i, 3) != 0;
        sv.same_day_acute = r.int64(i, 4) != 0;
        sv.booking_weekdays = static_cast<std::uint8_t>(r.int64(i, 5));
        sv.e_booking = r.int64(i, 6) != 0;
        sv.e_prescription_renewal = r.int64(i, 7) != 0;
        sv.e_consultation = r.int64(i, 8) != 0;
        sv.video = r.int64(i, 9) != 0;
        w.clinics[c].services = sv;
      }
    }
    {
      auto r = conn_.query(
          "SELECT id,name,kommune,lat_e5,lon_e5,places,attached_ydernummer FROM nursing_homes "
          "ORDER BY pos");
      for (int i = 0; i < r.rows(); ++i) {
        NursingHome h;
        h.id = static_cast<std::uint32_t>(r.int64(i, 0));
        h.name = r.text(i, 1);
        h.kommune = static_cast<KommuneCode>(r.int64(i, 2));
        h.location = {static_cast<std::int32_t>(r.int64(i, 3)),
                      static_cast<std::int32_t>(r.int64(i, 4))};
        h.places = static_cast<std::uint16_t>(r.int64(i, 5));
        if (!r.is_null(i, 6)) h.attached = static_cast<Ydernummer>(r.int64(i, 6));
        w.nursing_homes.push_back(std::move(h));
      }
    }
    load_planning_inputs(w);
    loaded_version_ = data_version();
    load_citizens(w);
    if (auto r = conn_.query("SELECT value FROM meta WHERE key='extract_manifest'"); r.rows() > 0) {
      w.extract = parse_extract_manifest(r.text(0, 0), location() + ": meta extract_manifest");
      // Listed outside the extract: a ydernummer without a clinic row.
      auto o = conn_.query(
          "SELECT id, ydernummer FROM citizens WHERE ydernummer IS NOT NULL AND ydernummer NOT IN "
          "(SELECT ydernummer FROM clinics)");
      for (int i = 0; i < o.rows(); ++i)
        w.listed_outside.emplace(static_cast<CitizenId>(o.int64(i, 0)),
                                 static_cast<Ydernummer>(o.int64(i, 1)));
    }
    tx.commit();
  }
  w.build_indexes();
  const auto rows = static_cast<std::int64_t>(w.citizens.size());
  if (refresh_on_load_ && changed_rows_ > std::max<std::int64_t>(10000, rows / 100)) {
    try {
      if (refresh_snapshot(w, loaded_version_)) spdlog::debug("store: citizen snapshot refreshed");
    } catch (const pg::PgError& e) {
      spdlog::debug("store: snapshot refresh skipped: {}", e.what());
    }
  }
  return w;
}

void PostgresStore::load_citizens(World& w) {
  auto& ct = w.citizens;
  const auto rows =
      static_cast<std::size_t>(conn_.query_int("SELECT count(*) FROM citizens").value_or(0));
  const auto max_row = conn_.query_int("SELECT max(pos) FROM citizens");
  const auto snap_rows =
      conn_.query_int("SELECT value::bigint FROM meta WHERE key='snapshot_rows'");
  const auto snap_format =
      conn_.query_int("SELECT value::bigint FROM meta WHERE key='snapshot_format'");
  const bool dense = rows == 0 || (max_row && static_cast<std::size_t>(*max_row) + 1 == rows);
  bool from_snapshot = false;
  if (dense && snap_rows && snap_format == kSnapshotFormat &&
      static_cast<std::size_t>(*snap_rows) <= rows) {
    const auto n = static_cast<std::size_t>(*snap_rows);
    auto r = conn_.query("SELECT name, data FROM citizen_snapshot", {}, true);
    std::vector<std::uint32_t> yder;
    int found = 0;
    bool sizes_ok = true;
    const auto get = [&](std::string_view name, std::string_view data, auto& v) {
      if (data.size() != n * sizeof(v[0])) {
        sizes_ok = false;
        return;
      }
      v.resize(n);
      if (n) std::memcpy(v.data(), data.data(), data.size());
      ++found;
      (void)name;
    };
    for (int i = 0; i < r.rows(); ++i) {
      const std::string_view name = r.text(i, 0), data = r.bytes(i, 1);
      if (name == "id")
        get(name, data, ct.id);
      else if (name == "household")
        get(name, data, ct.household);
      else if (name == "birth_year")
        get(name, data, ct.birth_year);
      else if (name == "sex")
        get(name, data, ct.sex);
      else if (name == "home")
        get(name, data, ct.home);
      else if (name == "kommune")
        get(name, data, ct.kommune);
      else if (name == "grp")
        get(name, data, ct.group);
      else if (name == "conditions")
        get(name, data, ct.conditions);
      else if (name == "labour")
        get(name, data, ct.labour);
      else if (name == "ydernummer")
        get(name, data, yder);
      else if (name == "home_visit")
        get(name, data, ct.home_visit_right);
    }
    from_snapshot = sizes_ok && found == 11;
    if (from_snapshot) {
      const auto by_yder = clinic_lookup(w);
      ct.listing.resize(n);
      for (std::size_t i = 0; i < n; ++i) ct.listing[i] = clinic_of(by_yder, yder[i]);
      changed_rows_ = conn_.query_int("SELECT count(*) FROM citizen_changes").value_or(0);
      read_citizens(w, true);
      from_snapshot = ct.size() == rows;
    }
  }
  if (!from_snapshot) {
    ct = CitizenTable{};
    ct.resize(rows);
    changed_rows_ = static_cast<std::int64_t>(rows);
    read_citizens(w, false);
    if (ct.size() != rows)
      throw Error(fmt::format("{}: citizens rows are not numbered 0..n-1", location()));
  }
  spdlog::debug("store: loaded {} citizens ({}; {} rows read from the table)", rows,
                from_snapshot ? "snapshot" : "table", changed_rows_);
}

void PostgresStore::put_snapshot(Date as_of, std::int64_t citizens, std::string_view blob) {
  pg::Transaction tx(conn_);
  const std::string day = as_of.to_string();
  pg::Params p;
  p.add(day);
  conn_.query("DELETE FROM world_snapshots WHERE as_of=$1", p);  // and its figures
  p.add(citizens).add_bytes(blob.data(), blob.size());
  conn_.query("INSERT INTO world_snapshots(as_of,citizens,data) VALUES($1,$2,$3)", p);
  tx.commit();
}

std::optional<std::string> PostgresStore::get_snapshot(Date as_of) {
  pg::Params p;
  p.add(as_of.to_string());
  auto r = conn_.query("SELECT data FROM world_snapshots WHERE as_of=$1", p, true);
  if (r.rows() == 0) return std::nullopt;
  return std::string(r.bytes(0, 0));
}

std::vector<SnapshotInfo> PostgresStore::snapshots() {
  std::vector<SnapshotInfo> out;
  auto r =
      conn_.query("SELECT as_of, octet_length(data), citizens FROM world_snapshots ORDER BY as_of");
  for (int i = 0; i < r.rows(); ++i) {
    const auto d = Date::parse(r.text(i, 0));
    if (!d)
      throw Error(fmt::format("{}: snapshot with a bad date '{}'", conn_.location(), r.text(i, 0)));
    out.push_back({*d, r.int64(i, 1), r.int64(i, 2)});
  }
  return out;
}

std::optional<std::string> PostgresStore::snapshot_figures(Date as_of, std::string_view key) {
  pg::Params p;
  p.add(as_of.to_string()).add(key);
  auto r = conn_.query("SELECT data FROM snapshot_figures WHERE as_of=$1 AND key=$2", p, true);
  if (r.rows() == 0) return std::nullopt;
  return std::string(r.bytes(0, 0));
}

void PostgresStore::save_snapshot_figures(Date as_of, std::string_view key, std::string_view data) {
  pg::Params p;
  p.add(as_of.to_string()).add(key).add_bytes(data.data(), data.size());
  conn_.query(
      "INSERT INTO snapshot_figures(as_of,key,data) VALUES($1,$2,$3) ON CONFLICT (as_of, key) DO "
      "UPDATE SET data = EXCLUDED.data",
      p);
}

}  // namespace praksis
