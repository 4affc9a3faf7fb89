// PostgreSQL listing repository: a batch of decisions, their audit events and idempotency keys in
// one transaction, sent as one pipeline.
#include "praksis/listing/postgres_listing_repository.hpp"

#include <fmt/format.h>

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

std::optional<std::int64_t> yder_of(const World& w, ClinicIndex c) {
  if (c == kNoClinic) return std::nullopt;
  return w.clinics[c].ydernummer;
}

/// The statements that write one decision's effects (rules L6, C2, C1, L2, L5, L7).
void add_effects(pg::Pipeline& pipe, const Outcome& out, const Envelope& env, const World& w,
                 std::set<CitizenId>& touched) {
  const auto& ct = w.citizens;
  for (const auto& effect : out.effects) {
    std::visit(
        [&](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          pg::Params p;
          if constexpr (std::is_same_v<T, ListingChange>) {
            p.add(yder_of(w, e.to)).add(e.home_visit_to ? 1 : 0).add(e.citizen);
            pipe.add("UPDATE citizens SET ydernummer=$1, home_visit=$2 WHERE pos=$3", std::move(p));
            // Rule L6: the listing takes effect on the decision's date.
            pg::Params d;
            d.add(sid(ct.id[e.citizen])).add(yder_of(w, e.from)).add(yder_of(w, e.to));
            d.add(out.decision.effective_from.value_or(env.notified_on).to_string());
            pipe.add(
                "INSERT INTO listing_changes(citizen, from_ydernummer, to_ydernummer, "
                "effective_on) VALUES($1,$2,$3,$4)",
                std::move(d));
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
  // one after another (docs/store.md). In READ COMMITTED the check below then sees every batch
  // committed before this one; a batch decided on an older state is not written.
  store_.bump_data_version();
  if (last_audit_id() > seen_audit_id) return false;  // rolled back by tx: nothing written
  std::vector<std::int64_t> ids;
  {
    pg::Params p;
    p.add(static_cast<std::int64_t>(records.size()));
    auto r = c.query(
        "SELECT nextval(pg_get_serial_sequence('listing_audit', 'id')) FROM generate_series(1, "
        "$1)",
        p);
    for (int i = 0; i < r.rows(); ++i) ids.push_back(r.int64(i, 0));
  }
  pg::Pipeline pipe(c);
  for (std::size_t n = 0; n < records.size(); ++n) {
    auto& rec = records[n];
    const Envelope& env = *rec.envelope;
    const Outcome& out = *rec.outcome;
    std::set<CitizenId> touched;
    add_effects(pipe, out, env, w, touched);
    const Subject sub = subject_of(env.command);
    std::string subject = sub.citizen  ? hex_id(*sub.citizen)
                          : sub.clinic ? std::to_string(*sub.clinic)
                                       : "";
    if (sub.citizen) touched.insert(*sub.citizen);
    const Decision& d = out.decision;
    rec.decision_id = ids.at(n);
    pg::Params a;
    a.add(rec.decision_id).add(rec.at).add(env.actor.name).add(to_string(env.actor.role));
    a.add(action_name(env.command)).add(subject);
    if (sub.clinic)
      a.add(*sub.clinic);
    else
      a.add_null();
    a.add(rec.region).add(d.allowed ? 1 : 0).add(join(d.rules)).add(d.reason);
    a.add(env.request_json).add(effects_json(out.effects, w).dump());
    pipe.add(
        "INSERT INTO listing_audit(id, at, actor, role, action, subject, clinic, region, allowed, "
        "rules, reason, request, effects) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)",
        std::move(a));
    for (CitizenId id : touched) {
      pg::Params t;
      t.add(sid(id)).add(rec.decision_id);
      pipe.add(
          "INSERT INTO listing_audit_citizens(citizen, audit_id) VALUES($1,$2) ON CONFLICT DO "
          "NOTHING",
          std::move(t));
    }
    nlohmann::json resp = rec.response;
    resp["decision_id"] = rec.decision_id;
    rec.response_text = resp.dump();
    pg::Params k;
    k.add(rec.key).add(static_cast<std::int64_t>(rec.request_hash)).add(rec.decision_id);
    k.add(rec.response_text);
    pipe.add(
        "INSERT INTO listing_idempotency(key, request_hash, audit_id, response) "
        "VALUES($1,$2,$3,$4)",
        std::move(k));
  }
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
