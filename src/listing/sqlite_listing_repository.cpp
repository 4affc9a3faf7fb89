// SQLite listing repository: decisions, audit events and idempotency keys in one transaction.
#include "praksis/listing/sqlite_listing_repository.hpp"

#include <fmt/format.h>

#include <set>

#include "listing/repository_rows.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/listing/listing_json.hpp"

namespace praksis::listing {
namespace {

constexpr std::string_view kSchema = R"sql(
-- Append-only audit trail of every decision (allowed or denied): who, when, what, rules, effects.
CREATE TABLE IF NOT EXISTS listing_audit(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
  subject TEXT NOT NULL, clinic INTEGER, region INTEGER NOT NULL,
  allowed INTEGER NOT NULL, rules TEXT NOT NULL, reason TEXT NOT NULL,
  request TEXT NOT NULL, effects TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS listing_audit_clinic ON listing_audit(clinic);
CREATE INDEX IF NOT EXISTS listing_audit_region ON listing_audit(region, id);
CREATE INDEX IF NOT EXISTS listing_audit_actor ON listing_audit(actor, id);
-- Every citizen an event concerns (the subject and everyone its effects touch).
CREATE TABLE IF NOT EXISTS listing_audit_citizens(
  citizen INTEGER NOT NULL, audit_id INTEGER NOT NULL, PRIMARY KEY(citizen, audit_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS listing_idempotency(
  key TEXT PRIMARY KEY, request_hash INTEGER NOT NULL, audit_id INTEGER NOT NULL,
  response TEXT NOT NULL) WITHOUT ROWID;
-- Free new choice after a move, deregistration, shutdown or assignment (L5, L7, C2, L2).
CREATE TABLE IF NOT EXISTS listing_entitlements(
  citizen INTEGER PRIMARY KEY, rule TEXT NOT NULL, since TEXT NOT NULL, closed_exception INTEGER NOT NULL);
-- The region's pending assignments (L2, C2): proposed clinics as a JSON array, nearest first.
CREATE TABLE IF NOT EXISTS listing_assignments(
  citizen INTEGER PRIMARY KEY, rule TEXT NOT NULL, created TEXT NOT NULL, proposals TEXT NOT NULL);
-- Cooperation committee approvals to stay open above 2,700 per capacity (C1).
CREATE TABLE IF NOT EXISTS clinic_approvals(
  ydernummer INTEGER PRIMARY KEY, reference TEXT NOT NULL, valid_until TEXT NOT NULL);
-- Every change of a citizen's clinic with the day it takes effect (L6), in the order decided;
-- citizens.ydernummer holds the listing after all of them.
CREATE TABLE IF NOT EXISTS listing_changes(
  id INTEGER PRIMARY KEY, citizen INTEGER NOT NULL, from_ydernummer INTEGER, to_ydernummer INTEGER,
  effective_on TEXT NOT NULL);
-- Clinics shut down / ydernumre handed back (C2).
CREATE TABLE IF NOT EXISTS clinic_shutdowns(ydernummer INTEGER PRIMARY KEY, effective_on TEXT NOT NULL);
)sql";

using rows::date_of;
using rows::join;
using rows::sid;
using rows::split;

}  // namespace

struct SqliteListingRepository::Statements {
  explicit Statements(sqlite::Database& db)
      : listing(db, "UPDATE citizens SET ydernummer=?, home_visit=? WHERE id=?"),
        home(db, "UPDATE citizens SET lat_e5=?, lon_e5=?, kommune=? WHERE id=?"),
        group(db, "UPDATE citizens SET grp=? WHERE id=?"),
        open(db, "UPDATE clinics SET open=? WHERE ydernummer=?"),
        shut_put(db,
                 "INSERT OR REPLACE INTO clinic_shutdowns(ydernummer, effective_on) VALUES(?,?)"),
        shut_del(db, "DELETE FROM clinic_shutdowns WHERE ydernummer=?"),
        appr_put(db,
                 "INSERT OR REPLACE INTO clinic_approvals(ydernummer, reference, valid_until) "
                 "VALUES(?,?,?)"),
        appr_del(db, "DELETE FROM clinic_approvals WHERE ydernummer=?"),
        ent_put(db,
                "INSERT OR REPLACE INTO listing_entitlements(citizen, rule, since, "
                "closed_exception) VALUES(?,?,?,?)"),
        ent_del(db, "DELETE FROM listing_entitlements WHERE citizen=?"),
        asg_put(db,
                "INSERT OR REPLACE INTO listing_assignments(citizen, rule, created, proposals) "
                "VALUES(?,?,?,?)"),
        asg_del(db, "DELETE FROM listing_assignments WHERE citizen=?"),
        audit(db,
              "INSERT INTO listing_audit(at, actor, role, action, subject, clinic, region, "
              "allowed, rules, reason, "
              "request, effects) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"),
        audit_citizen(
            db, "INSERT OR IGNORE INTO listing_audit_citizens(citizen, audit_id) VALUES(?,?)"),
        idem_put(db,
                 "INSERT INTO listing_idempotency(key, request_hash, audit_id, response) "
                 "VALUES(?,?,?,?)"),
        idem_get(db, "SELECT request_hash, response FROM listing_idempotency WHERE key=?"),
        last_id(db, "SELECT coalesce(max(id), 0) FROM listing_audit"),
        dated(db,
              "INSERT INTO listing_changes(citizen, from_ydernummer, to_ydernummer, effective_on) "
              "VALUES(?,?,?,?)") {}
  sqlite::Statement listing, home, group, open, shut_put, shut_del, appr_put, appr_del, ent_put,
      ent_del, asg_put, asg_del, audit, audit_citizen, idem_put, idem_get, last_id, dated;
};

SqliteListingRepository::SqliteListingRepository(SqliteStore& store) : store_(store) {
  {
    sqlite::Transaction tx(store_.db());
    store_.db().exec(kSchema);
    tx.commit();
  }
  st_ = std::make_unique<Statements>(store_.db());
}

SqliteListingRepository::~SqliteListingRepository() = default;

void SqliteListingRepository::load(ListingState& state) {
  auto& db = store_.db();
  const World& w = state.world();
  const std::string where = db.path();
  {
    auto st = db.prepare("SELECT ydernummer, effective_on FROM clinic_shutdowns");
    while (st.step()) {
      auto c = w.find_clinic(static_cast<Ydernummer>(st.int64(0)));
      if (!c) throw Error(fmt::format("{}: shutdown of unknown clinic {}", where, st.int64(0)));
      state.restore(*c, date_of(st.text_view(1), where), state.approval(*c));
    }
  }
  {
    auto st = db.prepare("SELECT ydernummer, reference, valid_until FROM clinic_approvals");
    while (st.step()) {
      auto c = w.find_clinic(static_cast<Ydernummer>(st.int64(0)));
      if (!c) throw Error(fmt::format("{}: approval of unknown clinic {}", where, st.int64(0)));
      state.restore(*c, state.shut_on(*c), Approval{st.text(1), date_of(st.text_view(2), where)});
    }
  }
  auto row_of = [&](std::int64_t id) {
    const CitizenIndex i = w.find_citizen(static_cast<CitizenId>(id));
    if (i == kNoCitizen)
      throw Error(fmt::format("{}: unknown citizen {}", where, hex_id(static_cast<CitizenId>(id))));
    return i;
  };
  // Over a slice of the world (one decision's citizens) only their rows are read.
  const bool partial = state.partial();
  const std::string by_citizen = partial ? " WHERE citizen = ?" : "";
  const auto each_row = [&](sqlite::Statement& st, const auto& row) {
    if (!partial) {
      while (st.step()) row(st);
      return;
    }
    for (const CitizenId id : w.citizens.id) {
      st.bind(1, sid(id));
      while (st.step()) row(st);
      st.reset();
    }
  };
  {
    auto st = db.prepare("SELECT citizen, rule, since, closed_exception FROM listing_entitlements" +
                         by_citizen);
    each_row(st, [&](sqlite::Statement& r) {
      state.restore(row_of(r.int64(0)),
                    Entitlement{r.text(1), date_of(r.text_view(2), where), r.int64(3) != 0},
                    std::nullopt);
    });
  }
  {
    auto st = db.prepare("SELECT citizen, rule, created, proposals FROM listing_assignments" +
                         by_citizen);
    each_row(st, [&](sqlite::Statement& r) {
      Assignment a{r.text(1), date_of(r.text_view(2), where),
                   nlohmann::json::parse(r.text_view(3)).get<std::vector<Ydernummer>>()};
      state.restore(row_of(r.int64(0)), std::nullopt, std::move(a));
    });
  }
}

std::optional<StoredAnswer> SqliteListingRepository::find_answer(const std::string& key) {
  auto& st = st_->idem_get;
  st.bind(1, key);
  std::optional<StoredAnswer> a;
  if (st.step()) a = StoredAnswer{static_cast<std::uint64_t>(st.int64(0)), st.text(1)};
  st.reset();
  return a;
}

std::int64_t SqliteListingRepository::last_audit_id() {
  // Prepared once: readers ask before every search (ListingService::refresh).
  auto& st = st_->last_id;
  const std::int64_t id = st.step() ? st.int64(0) : 0;
  st.reset();
  return id;
}

bool SqliteListingRepository::commit(std::span<DecisionRecord> records, const World& w,
                                     std::int64_t seen_audit_id) {
  auto& db = store_.db();
  auto& s = *st_;
  const auto& ct = w.citizens;
  // BEGIN IMMEDIATE takes the database's write lock before the check: every process writing
  // to this file commits one after another, and each sees the others' commits here.
  sqlite::Transaction tx(db);
  if (last_audit_id() > seen_audit_id) return false;  // rolled back by tx: nothing written
  for (auto& rec : records) {
    const Envelope& env = *rec.envelope;
    const Outcome& out = *rec.outcome;
    std::set<CitizenId> touched;
    for (const auto& effect : out.effects) {
      std::visit(
          [&](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, ListingChange>) {
              if (e.to == kNoClinic)
                s.listing.bind_null(1);
              else
                s.listing.bind(1, w.clinics[e.to].ydernummer);
              s.listing.bind(2, e.home_visit_to ? 1 : 0).bind(3, sid(ct.id[e.citizen]));
              s.listing.run();
              // Rule L6: the listing takes effect on the decision's date.
              s.dated.bind(1, sid(ct.id[e.citizen]));
              if (e.from == kNoClinic)
                s.dated.bind_null(2);
              else
                s.dated.bind(2, w.clinics[e.from].ydernummer);
              if (e.to == kNoClinic)
                s.dated.bind_null(3);
              else
                s.dated.bind(3, w.clinics[e.to].ydernummer);
              s.dated.bind(4, out.decision.effective_from.value_or(env.notified_on).to_string());
              s.dated.run();
              touched.insert(ct.id[e.citizen]);
            } else if constexpr (std::is_same_v<T, HomeChange>) {
              s.home.bind(1, e.to.lat_e5).bind(2, e.to.lon_e5).bind(3, e.kommune_to);
              s.home.bind(4, sid(ct.id[e.citizen]));
              s.home.run();
              touched.insert(ct.id[e.citizen]);
            } else if constexpr (std::is_same_v<T, GroupChange>) {
              s.group.bind(1, static_cast<int>(e.to)).bind(2, sid(ct.id[e.citizen]));
              s.group.run();
              touched.insert(ct.id[e.citizen]);
            } else if constexpr (std::is_same_v<T, ClinicOpenChange>) {
              s.open.bind(1, e.to ? 1 : 0).bind(2, w.clinics[e.clinic].ydernummer);
              s.open.run();
            } else if constexpr (std::is_same_v<T, ShutdownChange>) {
              if (e.to) {
                s.shut_put.bind(1, w.clinics[e.clinic].ydernummer).bind(2, e.to->to_string());
                s.shut_put.run();
              } else {
                s.shut_del.bind(1, w.clinics[e.clinic].ydernummer);
                s.shut_del.run();
              }
            } else if constexpr (std::is_same_v<T, ApprovalChange>) {
              if (e.to) {
                s.appr_put.bind(1, w.clinics[e.clinic].ydernummer).bind(2, e.to->reference);
                s.appr_put.bind(3, e.to->valid_until.to_string());
                s.appr_put.run();
              } else {
                s.appr_del.bind(1, w.clinics[e.clinic].ydernummer);
                s.appr_del.run();
              }
            } else if constexpr (std::is_same_v<T, EntitlementChange>) {
              if (e.to) {
                s.ent_put.bind(1, sid(ct.id[e.citizen]))
                    .bind(2, e.to->rule)
                    .bind(3, e.to->since.to_string());
                s.ent_put.bind(4, e.to->closed_exception ? 1 : 0);
                s.ent_put.run();
              } else {
                s.ent_del.bind(1, sid(ct.id[e.citizen]));
                s.ent_del.run();
              }
            } else {
              if (e.to) {
                s.asg_put.bind(1, sid(ct.id[e.citizen]))
                    .bind(2, e.to->rule)
                    .bind(3, e.to->created.to_string());
                s.asg_put.bind(4, nlohmann::json(e.to->proposals).dump());
                s.asg_put.run();
              } else {
                s.asg_del.bind(1, sid(ct.id[e.citizen]));
                s.asg_del.run();
              }
            }
          },
          effect);
    }
    const Subject sub = subject_of(env.command);
    const std::optional<Ydernummer> clinic = sub.clinic;
    std::string subject = sub.citizen  ? hex_id(*sub.citizen)
                          : sub.clinic ? std::to_string(*sub.clinic)
                                       : "";
    if (sub.citizen) touched.insert(*sub.citizen);
    const Decision& d = out.decision;
    s.audit.bind(1, rec.at).bind(2, env.actor.name).bind(3, to_string(env.actor.role));
    s.audit.bind(4, action_name(env.command)).bind(5, subject);
    if (clinic)
      s.audit.bind(6, *clinic);
    else
      s.audit.bind_null(6);
    s.audit.bind(7, rec.region)
        .bind(8, d.allowed ? 1 : 0)
        .bind(9, join(d.rules))
        .bind(10, d.reason);
    s.audit.bind(11, env.request_json).bind(12, effects_json(out.effects, w).dump());
    s.audit.run();
    rec.decision_id = db.last_insert_rowid();
    for (CitizenId id : touched) {
      s.audit_citizen.bind(1, sid(id)).bind(2, rec.decision_id);
      s.audit_citizen.run();
    }
    nlohmann::json resp = rec.response;
    resp["decision_id"] = rec.decision_id;
    rec.response_text = resp.dump();
    s.idem_put.bind(1, rec.key).bind(2, static_cast<std::int64_t>(rec.request_hash));
    s.idem_put.bind(3, rec.decision_id).bind(4, rec.response_text);
    s.idem_put.run();
  }
  store_.bump_data_version();
  tx.commit();
  return true;
}

std::vector<AuditEvent> SqliteListingRepository::audit(const AuditQuery& q) {
  std::unique_ptr<sqlite::Database> reader;
  {
    std::lock_guard lock(read_mutex_);
    if (!readers_.empty()) {
      reader = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  if (!reader)
    reader = std::make_unique<sqlite::Database>(store_.db().path(), sqlite::OpenMode::read_write);
  struct GiveBack {  // the connection goes back to the pool also when the query throws
    SqliteListingRepository& repo;
    std::unique_ptr<sqlite::Database>& db;
    ~GiveBack() {
      std::lock_guard lock(repo.read_mutex_);
      repo.readers_.push_back(std::move(db));
    }
  } give_back{*this, reader};
  std::string sql =
      "SELECT a.id, a.at, a.actor, a.role, a.action, a.subject, a.region, a.allowed, a.rules, "
      "a.reason, a.request, "
      "a.effects FROM ";
  std::vector<std::string> where;
  if (q.citizen) {
    // A citizen's events are read through their (citizen, audit_id) key; CROSS JOIN keeps SQLite
    // from walking the region's whole trail instead (148 ms against 3 ms nationally).
    sql += "listing_audit_citizens c CROSS JOIN listing_audit a ON a.id = c.audit_id";
    where = {"c.citizen = ?2", "c.audit_id > ?1"};
  } else {
    sql += "listing_audit a";
    where = {"a.id > ?1"};
  }
  if (q.clinic) where.push_back("a.clinic = ?3");
  if (q.region) where.push_back("a.region = ?4");
  if (q.actor) where.push_back("a.actor = ?6");
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  sql += q.citizen ? " ORDER BY c.audit_id LIMIT ?5" : " ORDER BY a.id LIMIT ?5";
  auto st = reader->prepare(sql);
  st.bind(1, q.after_id);
  if (q.citizen) st.bind(2, sid(*q.citizen));
  if (q.clinic) st.bind(3, *q.clinic);
  if (q.region) st.bind(4, *q.region);
  if (q.actor) st.bind(6, *q.actor);
  st.bind(5, q.limit);
  std::vector<AuditEvent> out;
  while (st.step()) {
    AuditEvent e;
    e.id = st.int64(0);
    e.at = st.text(1);
    e.actor = st.text(2);
    e.role = st.text(3);
    e.action = st.text(4);
    e.subject = st.text(5);
    e.region = static_cast<RegionCode>(st.int64(6));
    e.allowed = st.int64(7) != 0;
    e.rules = split(st.text_view(8));
    e.reason = st.text(9);
    e.request = nlohmann::json::parse(st.text_view(10));
    e.effects = nlohmann::json::parse(st.text_view(11));
    out.push_back(std::move(e));
  }
  return out;
}

std::int64_t SqliteListingRepository::audit_count() {
  return store_.db().query_int("SELECT count(*) FROM listing_audit").value_or(0);
}

std::vector<DatedListing> load_dated_listings(SqliteStore& store, const World& w) {
  auto& db = store.db();
  std::vector<DatedListing> out;
  if (db.query_int("SELECT count(*) FROM sqlite_schema WHERE name='listing_changes'").value_or(0) ==
      0)
    return out;
  const std::string where = db.path();
  auto clinic = [&](sqlite::Statement& st, int col) -> ClinicIndex {
    if (st.is_null(col)) return kNoClinic;
    const auto c = w.find_clinic(static_cast<Ydernummer>(st.int64(col)));
    if (!c)
      throw Error(fmt::format("{}: listing change names unknown clinic {}", where, st.int64(col)));
    return *c;
  };
  auto st = db.prepare(
      "SELECT citizen, from_ydernummer, to_ydernummer, effective_on FROM listing_changes ORDER BY "
      "id");
  while (st.step()) {
    DatedListing d;
    d.citizen = w.find_citizen(static_cast<CitizenId>(st.int64(0)));
    if (d.citizen == kNoCitizen)
      throw Error(fmt::format("{}: listing change of an unknown citizen", where));
    d.from = clinic(st, 1);
    d.to = clinic(st, 2);
    d.effective = date_of(st.text_view(3), where);
    out.push_back(d);
  }
  return out;
}

}  // namespace praksis::listing
