// PostgreSQL listing repository: a batch of decisions, their audit events and idempotency keys in
// one transaction, sent as one pipeline.
#include "praksis/listing/postgres_listing_repository.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "listing/repository_rows.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/listing/listing_json.hpp"

namespace praksis::listing {
namespace {

using rows::date_of;
using rows::join;
using rows::sid;
using rows::split;

nlohmann::json json_yder(const World& w, ClinicIndex c) {
  if (c == kNoClinic) return nullptr;
  return w.clinics[c].ydernummer;
}

/// The rows a batch writes to its busiest tables, sent as one statement per table (a JSON array
/// of records: json_to_recordset) instead of one statement per row; the server's work per
/// decision is then a few row inserts, not a few statements parsed and planned.
struct BatchRows {
  std::map<CitizenIndex, nlohmann::json> listing;  // the last listing per citizen wins
  nlohmann::json changes = nlohmann::json::array(), audit = nlohmann::json::array(),
                 audit_citizens = nlohmann::json::array(), keys = nlohmann::json::array();

  void add_to(pg::Pipeline& pipe) const {
    auto add = [&](const char* sql, const nlohmann::json& records) {
      if (records.empty()) return;
      pg::Params p;
      p.add(records.dump());
      pipe.add(sql, std::move(p));
    };
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& [pos, row] : listing) listed.push_back(row);
    add("UPDATE citizens c SET ydernummer = t.y, home_visit = t.h FROM json_to_recordset($1) "
        "AS t(pos integer, y integer, h integer) WHERE c.pos = t.pos",
        listed);
    // In the order decided: listing_changes' ids keep it (rule L6, load_dated_listings).
    add("INSERT INTO listing_changes(citizen, from_ydernummer, to_ydernummer, effective_on) "
        "SELECT x.citizen, x.\"from\", x.\"to\", x.\"on\" FROM ROWS FROM (json_to_recordset($1) "
        "AS (citizen bigint, \"from\" integer, \"to\" integer, \"on\" text)) WITH ORDINALITY "
        "AS x(citizen, \"from\", \"to\", \"on\", n) ORDER BY x.n",
        changes);
    add("INSERT INTO listing_audit(id, at, actor, role, action, subject, clinic, region, allowed, "
        "rules, reason, request, effects) SELECT * FROM json_to_recordset($1) AS t(id bigint, at "
        "text, actor text, role text, action text, subject text, clinic integer, region integer, "
        "allowed integer, rules text, reason text, request text, effects text)",
        audit);
    add("INSERT INTO listing_audit_citizens(citizen, audit_id) SELECT * FROM "
        "json_to_recordset($1) AS t(citizen bigint, audit_id bigint) ON CONFLICT DO NOTHING",
        audit_citizens);
    add("INSERT INTO listing_idempotency(key, request_hash, audit_id, response) SELECT * FROM "
        "json_to_recordset($1) AS t(key text, request_hash bigint, audit_id bigint, response "
        "text)",
        keys);
  }
};

/// The statements that write one decision's effects (rules L6, C2, C1, L2, L5, L7); listing
/// changes go into `rows`.
void add_effects(pg::Pipeline& pipe, BatchRows& rows, const Outcome& out, const Envelope& env,
                 const World& w, std::set<CitizenId>& touched) {
  const auto& ct = w.citizens;
  for (const auto& effect : out.effects) {
    std::visit(
        [&](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          pg::Params p;
          if constexpr (std::is_same_v<T, ListingChange>) {
            // Rule L6: the listing takes effect on the decision's date. Both rows go in the
            // batch's bulk statements (BatchRows).
            rows.listing[e.citizen] = {
                {"pos", e.citizen}, {"y", json_yder(w, e.to)}, {"h", e.home_visit_to ? 1 : 0}};
            rows.changes.push_back(
                {{"citizen", sid(ct.id[e.citizen])},
                 {"from", json_yder(w, e.from)},
                 {"to", json_yder(w, e.to)},
                 {"on", out.decision.effective_from.value_or(env.notified_on).to_string()}});
            touched.insert(ct.id[e.citizen]);
          } else if constexpr (std::is_same_v<T, HomeChange>) {
            p.add(e.to.lat_e5).add(e.to.lon_e5).add(e.kommune_to).add(e.citizen);
            pipe.add("UPDATE citizens SET lat_e5=$1, lon_e5=$2, kommune=$3 WHERE pos=$4",
                     std::move(p));
            touched.insert(ct.id[e.citizen]);
          } else if constexpr (std::is_same_v<T, GroupChange>) {
            p.add(static_cast<int>(e.to)).add(e.citizen);
            pipe.add("UPDATE citizens SET grp=$1 WHERE pos=$2", std::move(p));
            touched.insert(ct.id[e.citizen]);
          } else if constexpr (std::is_same_v<T, ClinicOpenChange>) {
            p.add(e.to ? 1 : 0).add(w.clinics[e.clinic].ydernummer);
            pipe.add("UPDATE clinics SET open=$1 WHERE ydernummer=$2", std::move(p));
          } else if constexpr (std::is_same_v<T, ShutdownChange>) {
            p.add(w.clinics[e.clinic].ydernummer);
            if (e.to) {
              p.add(e.to->to_string());
              pipe.add(
                  "INSERT INTO clinic_shutdowns(ydernummer, effective_on) VALUES($1,$2) ON "
                  "CONFLICT (ydernummer) DO UPDATE SET effective_on = excluded.effective_on",
                  std::move(p));
            } else {
              pipe.add("DELETE FROM clinic_shutdowns WHERE ydernummer=$1", std::move(p));
            }
          } else if constexpr (std::is_same_v<T, ApprovalChange>) {
            p.add(w.clinics[e.clinic].ydernummer);
            if (e.to) {
              p.add(e.to->reference).add(e.to->valid_until.to_string());
              pipe.add(
                  "INSERT INTO clinic_approvals(ydernummer, reference, valid_until) "
                  "VALUES($1,$2,$3) ON CONFLICT (ydernummer) DO UPDATE SET reference = "
                  "excluded.reference, valid_until = excluded.valid_until",
                  std::move(p));
            } else {
              pipe.add("DELETE FROM clinic_approvals WHERE ydernummer=$1", std::move(p));
            }
          } else if constexpr (std::is_same_v<T, EntitlementChange>) {
            p.add(sid(ct.id[e.citizen]));
            if (e.to) {
              p.add(e.to->rule).add(e.to->since.to_string()).add(e.to->closed_exception ? 1 : 0);
              pipe.add(
                  "INSERT INTO listing_entitlements(citizen, rule, since, closed_exception) "
                  "VALUES($1,$2,$3,$4) ON CONFLICT (citizen) DO UPDATE SET rule = excluded.rule, "
                  "since = excluded.since, closed_exception = excluded.closed_exception",
                  std::move(p));
            } else {
              pipe.add("DELETE FROM listing_entitlements WHERE citizen=$1", std::move(p));
            }
          } else {
            p.add(sid(ct.id[e.citizen]));
            if (e.to) {
              p.add(e.to->rule).add(e.to->created.to_string());
              p.add(nlohmann::json(e.to->proposals).dump());
              pipe.add(
                  "INSERT INTO listing_assignments(citizen, rule, created, proposals) "
                  "VALUES($1,$2,$3,$4) ON CONFLICT (citizen) DO UPDATE SET rule = excluded.rule, "
                  "created = excluded.created, proposals = excluded.proposals",
                  std::move(p));
            } else {
              pipe.add("DELETE FROM listing_assignments WHERE citizen=$1", std::move(p));
            }
          }
        },
        effect);
  }
}

}  // namespace

PostgresListingRepository::PostgresListingRepository(PostgresStore& store) : store_(store) {}
PostgresListingRepository::~PostgresListingRepository() = default;

void PostgresListingRepository::load(ListingState& state) {
  auto& c = store_.connection();
  const World& w = state.world();
  const std::string where = c.location();
  pg::Transaction tx(c, "REPEATABLE READ READ ONLY");
  {
    auto r = c.query("SELECT ydernummer, effective_on FROM clinic_shutdowns");
    for (int i = 0; i < r.rows(); ++i) {
      auto k = w.find_clinic(static_cast<Ydernummer>(r.int64(i, 0)));
      if (!k) throw Error(fmt::format("{}: shutdown of unknown clinic {}", where, r.int64(i, 0)));
      state.restore(*k, date_of(r.text(i, 1), where), state.approval(*k));
    }
  }
  {
    auto r = c.query("SELECT ydernummer, reference, valid_until FROM clinic_approvals");
    for (int i = 0; i < r.rows(); ++i) {
      auto k = w.find_clinic(static_cast<Ydernummer>(r.int64(i, 0)));
      if (!k) throw Error(fmt::format("{}: approval of unknown clinic {}", where, r.int64(i, 0)));
      state.restore(*k, state.shut_on(*k),
                    Approval{std::string(r.text(i, 1)), date_of(r.text(i, 2), where)});
    }
  }
  auto row_of = [&](std::int64_t id) {
    const CitizenIndex i = w.find_citizen(static_cast<CitizenId>(id));
    if (i == kNoCitizen)
      throw Error(fmt::format("{}: unknown citizen {}", where, hex_id(static_cast<CitizenId>(id))));
    return i;
  };
  {
    auto r = c.query("SELECT citizen, rule, since, closed_exception FROM listing_entitlements");
    for (int i = 0; i < r.rows(); ++i) {
      state.restore(
          row_of(r.int64(i, 0)),
          Entitlement{std::string(r.text(i, 1)), date_of(r.text(i, 2), where), r.int64(i, 3) != 0},
          std::nullopt);
    }
  }
  {
    auto r = c.query("SELECT citizen, rule, created, proposals FROM listing_assignments");
    for (int i = 0; i < r.rows(); ++i) {
      Assignment a{std::string(r.text(i, 1)), date_of(r.text(i, 2), where),
                   nlohmann::json::parse(r.text(i, 3)).get<std::vector<Ydernummer>>()};
      state.restore(row_of(r.int64(i, 0)), std::nullopt, std::move(a));
    }
  }
  tx.commit();
}

std::optional<StoredAnswer> PostgresListingRepository::find_answer(const std::string& key) {
  pg::Params p;
  p.add(key);
  auto r = store_.connection().query(
      "SELECT request_hash, response FROM listing_idempotency WHERE key=$1", p);
  if (r.rows() == 0) return std::nullopt;
  return StoredAnswer{static_cast<std::uint64_t>(r.int64(0, 0)), std::string(r.text(0, 1))};
}

std::int64_t PostgresListingRepository::last_audit_id() {
  return store_.connection()
      .query_int("SELECT coalesce(max(id), 0) FROM listing_audit")
      .value_or(0);
}

bool PostgresListingRepository::commit(std::span<DecisionRecord> records, const World& w,
                                       std::int64_t seen_audit_id) {
  auto& c = store_.connection();
  pg::Transaction tx(c);
  // The data-version row lock first: the writers of every process sharing the database commit
  // one after another (docs/store.md). In READ COMMITTED the next statement then sees every
  // batch committed before this one; a batch decided on an older state is not written.
  store_.bump_data_version();
  std::vector<std::int64_t> ids;
  {
    pg::Params p;
    p.add(static_cast<std::int64_t>(records.size()));
    auto r = c.query(
        "SELECT (SELECT coalesce(max(id), 0) FROM listing_audit), "
        "nextval(pg_get_serial_sequence('listing_audit', 'id')) FROM generate_series(1, $1)",
        p);
    if (r.rows() > 0 && r.int64(0, 0) > seen_audit_id) return false;  // rolled back by tx
    for (int i = 0; i < r.rows(); ++i) ids.push_back(r.int64(i, 1));
  }
  pg::Pipeline pipe(c);
  BatchRows rows;
  for (std::size_t n = 0; n < records.size(); ++n) {
    auto& rec = records[n];
    const Envelope& env = *rec.envelope;
    const Outcome& out = *rec.outcome;
    std::set<CitizenId> touched;
    add_effects(pipe, rows, out, env, w, touched);
    const Subject sub = subject_of(env.command);
    std::string subject = sub.citizen  ? hex_id(*sub.citizen)
                          : sub.clinic ? std::to_string(*sub.clinic)
                                       : "";
    if (sub.citizen) touched.insert(*sub.citizen);
    const Decision& d = out.decision;
    rec.decision_id = ids.at(n);
    rows.audit.push_back({{"id", rec.decision_id},
                          {"at", rec.at},
                          {"actor", env.actor.name},
                          {"role", to_string(env.actor.role)},
                          {"action", action_name(env.command)},
                          {"subject", subject},
                          {"clinic", sub.clinic ? nlohmann::json(*sub.clinic) : nullptr},
                          {"region", rec.region},
                          {"allowed", d.allowed ? 1 : 0},
                          {"rules", join(d.rules)},
                          {"reason", d.reason},
                          {"request", env.request_json},
                          {"effects", effects_json(out.effects, w).dump()}});
    for (CitizenId id : touched)
      rows.audit_citizens.push_back({{"citizen", sid(id)}, {"audit_id", rec.decision_id}});
    nlohmann::json resp = rec.response;
    resp["decision_id"] = rec.decision_id;
    rec.response_text = resp.dump();
    rows.keys.push_back({{"key", rec.key},
                         {"request_hash", static_cast<std::int64_t>(rec.request_hash)},
                         {"audit_id", rec.decision_id},
                         {"response", rec.response_text}});
  }
  rows.add_to(pipe);
  pipe.run();
  tx.commit();
  return true;
}

std::vector<AuditEvent> PostgresListingRepository::audit(const AuditQuery& q) {
  std::lock_guard lock(read_mutex_);
  if (!reader_) reader_ = std::make_unique<pg::Connection>(store_.conninfo());
  std::string sql =
      "SELECT a.id, a.at, a.actor, a.role, a.action, a.subject, a.region, a.allowed, a.rules, "
      "a.reason, a.request, a.effects FROM listing_audit a";
  pg::Params p;
  p.add(q.after_id);
  std::vector<std::string> where = {"a.id > $1"};
  if (q.citizen) {
    sql += " JOIN listing_audit_citizens c ON c.audit_id = a.id";
    p.add(sid(*q.citizen));
    where.push_back(fmt::format("c.citizen = ${}", p.size()));
  }
  if (q.clinic) {
    p.add(*q.clinic);
    where.push_back(fmt::format("a.clinic = ${}", p.size()));
  }
  if (q.region) {
    p.add(*q.region);
    where.push_back(fmt::format("a.region = ${}", p.size()));
  }
  if (q.actor) {
    p.add(*q.actor);
    where.push_back(fmt::format("a.actor = ${}", p.size()));
  }
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  p.add(q.limit);
  sql += fmt::format(" ORDER BY a.id LIMIT ${}", p.size());
  auto r = reader_->query(sql, p);
  std::vector<AuditEvent> out;
  for (int i = 0; i < r.rows(); ++i) {
    AuditEvent e;
    e.id = r.int64(i, 0);
    e.at = r.text(i, 1);
    e.actor = r.text(i, 2);
    e.role = r.text(i, 3);
    e.action = r.text(i, 4);
    e.subject = r.text(i, 5);
    e.region = static_cast<RegionCode>(r.int64(i, 6));
    e.allowed = r.int64(i, 7) != 0;
    e.rules = split(r.text(i, 8));
    e.reason = r.text(i, 9);
    e.request = nlohmann::json::parse(r.text(i, 10));
    e.effects = nlohmann::json::parse(r.text(i, 11));
    out.push_back(std::move(e));
  }
  return out;
}

std::int64_t PostgresListingRepository::audit_count() {
  return store_.connection().query_int("SELECT count(*) FROM listing_audit").value_or(0);
}

std::vector<DatedListing> load_dated_listings(PostgresStore& store, const World& w) {
  auto& c = store.connection();
  const std::string where = c.location();
  auto clinic = [&](const pg::Result& r, int i, int col) -> ClinicIndex {
    if (r.is_null(i, col)) return kNoClinic;
    const auto k = w.find_clinic(static_cast<Ydernummer>(r.int64(i, col)));
    if (!k)
      throw Error(
          fmt::format("{}: listing change names unknown clinic {}", where, r.int64(i, col)));
    return *k;
  };
  auto r = c.query(
      "SELECT citizen, from_ydernummer, to_ydernummer, effective_on FROM listing_changes ORDER BY "
      "id");
  std::vector<DatedListing> out;
  for (int i = 0; i < r.rows(); ++i) {
    DatedListing d;
    d.citizen = w.find_citizen(static_cast<CitizenId>(r.int64(i, 0)));
    if (d.citizen == kNoCitizen)
      throw Error(fmt::format("{}: listing change of an unknown citizen", where));
    d.from = clinic(r, i, 1);
    d.to = clinic(r, i, 2);
    d.effective = date_of(r.text(i, 3), where);
    out.push_back(d);
  }
  return out;
}

}  // namespace praksis::listing
