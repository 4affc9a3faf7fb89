// The SQLite economy repository: claim chunks, settlements, højestegrænse state, frame results.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "praksis/economy/claim_codec.hpp"
#include "praksis/economy/economy_repository.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "store/kommune_list.hpp"
#include "store/postgres/repositories.hpp"

namespace praksis {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS economy_service_codes(idx INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
-- Claims of a year in chunks of columns (docs/economy.md, "Claims in the store").
CREATE TABLE IF NOT EXISTS economy_claim_chunks(
  year INTEGER NOT NULL, seq INTEGER NOT NULL, lines INTEGER NOT NULL,
  first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY(year, seq));
CREATE TABLE IF NOT EXISTS economy_settlements(
  year INTEGER PRIMARY KEY, settled_at TEXT NOT NULL, tariffs_source TEXT NOT NULL,
  tariffs_csv TEXT NOT NULL, settings_toml TEXT NOT NULL, threatened TEXT NOT NULL,
  differentiated_unused INTEGER NOT NULL, fee_factor_ppb INTEGER NOT NULL);
-- One row per clinic and settled year; amounts in øre. imposed_after/years_below_after is the
-- højestegrænse state carried into the next year (rule E4).
CREATE TABLE IF NOT EXISTS economy_clinic_settlements(
  year INTEGER NOT NULL, ydernummer INTEGER NOT NULL, pos INTEGER NOT NULL,
  kommune INTEGER NOT NULL, region INTEGER NOT NULL, months INTEGER NOT NULL,
  capacities INTEGER NOT NULL, listed_patients INTEGER NOT NULL, patient_months INTEGER NOT NULL,
  chronic_patients INTEGER NOT NULL, model1_doctors INTEGER NOT NULL, claim_lines INTEGER NOT NULL,
  contacts INTEGER NOT NULL,
  basic INTEGER NOT NULL, chronic INTEGER NOT NULL, model1 INTEGER NOT NULL, model2 INTEGER NOT NULL,
  activity INTEGER NOT NULL, activity_cap_base INTEGER NOT NULL, activity_in_frame INTEGER NOT NULL,
  replaced_by_chronic INTEGER NOT NULL, cap_limit INTEGER NOT NULL, cap_repayment INTEGER NOT NULL,
  cap_subject INTEGER NOT NULL, cap_above INTEGER NOT NULL, cap_lapsed INTEGER NOT NULL,
  imposed_before INTEGER NOT NULL, years_below_before INTEGER NOT NULL,
  imposed_after INTEGER NOT NULL, years_below_after INTEGER NOT NULL,
  PRIMARY KEY(year, ydernummer)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS economy_clinic_services(
  year INTEGER NOT NULL, ydernummer INTEGER NOT NULL, code TEXT NOT NULL,
  paid_units INTEGER NOT NULL, replaced_units INTEGER NOT NULL, amount INTEGER NOT NULL,
  PRIMARY KEY(year, ydernummer, code)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS economy_frame(
  year INTEGER PRIMARY KEY, expenditure INTEGER NOT NULL, frame INTEGER NOT NULL,
  overrun INTEGER NOT NULL, overrun_share_ppb INTEGER NOT NULL, small_overrun INTEGER NOT NULL,
  offset_applied INTEGER NOT NULL, offset_amount INTEGER NOT NULL, forgiveness INTEGER NOT NULL,
  to_repay INTEGER NOT NULL, next_year_factor_ppb INTEGER NOT NULL, reason TEXT NOT NULL);
)sql";

class SqliteEconomyRepository final : public EconomyRepository {
 public:
  explicit SqliteEconomyRepository(SqliteStore& store) : store_(store), db_(store.db()) {
    sqlite::Transaction tx(db_);
    db_.exec(kSchema);
    // Stores made before the E5 fee factor was kept: add it (1.0 was applied then).
    bool has_factor = false;
    {
      auto info = db_.prepare("PRAGMA table_info(economy_settlements)");
      while (info.step()) has_factor = has_factor || info.text_view(1) == "fee_factor_ppb";
    }
    if (!has_factor) {
      db_.exec(
          "ALTER TABLE economy_settlements ADD COLUMN fee_factor_ppb INTEGER NOT NULL DEFAULT "
          "1000000000");
    }
    tx.commit();
  }

  std::vector<std::string> service_codes() override {
    std::vector<std::string> out;
    auto st = db_.prepare("SELECT idx, code FROM economy_service_codes ORDER BY idx");
    while (st.step()) {
      if (st.int64(0) != static_cast<std::int64_t>(out.size())) {
        throw Error(fmt::format("{}: service-code dictionary has a gap", db_.path()));
      }
      out.push_back(st.text(1));
    }
    return out;
  }

  void write_claims(int year, const ClaimColumns& claims, std::span<const std::string> codes,
                    bool replace) override {
    sqlite::Transaction tx(db_);
    // Map the caller's code list onto the dictionary, adding new codes.
    auto dict = service_codes();
    std::vector<std::uint16_t> map(codes.size());
    {
      auto ins = db_.prepare("INSERT INTO economy_service_codes(idx, code) VALUES(?, ?)");
      for (std::size_t i = 0; i < codes.size(); ++i) {
        auto it = std::find(dict.begin(), dict.end(), codes[i]);
        if (it == dict.end()) {
          if (dict.size() >= 65535) throw Error("too many distinct service codes (65,535)");
          ins.bind(1, static_cast<std::int64_t>(dict.size())).bind(2, codes[i]);
          ins.run();
          dict.push_back(codes[i]);
          it = dict.end() - 1;
        }
        map[i] = static_cast<std::uint16_t>(it - dict.begin());
      }
    }
    if (replace) {
      auto del = db_.prepare("DELETE FROM economy_claim_chunks WHERE year = ?");
      del.bind(1, year);
      del.run();
    }
    std::int64_t seq = 0;
    {
      auto q =
          db_.prepare("SELECT COALESCE(MAX(seq) + 1, 0) FROM economy_claim_chunks WHERE year = ?");
      q.bind(1, year);
      if (q.step()) seq = q.int64(0);
    }
    auto ins = db_.prepare(
        "INSERT INTO economy_claim_chunks(year, seq, lines, first_id, last_id, data) "
        "VALUES(?,?,?,?,?,?)");
    ClaimColumns part;
    for (std::size_t b = 0; b < claims.size(); b += claim_codec::kChunkRows) {
      const std::size_t e = std::min(claims.size(), b + claim_codec::kChunkRows);
      // Re-index services to the dictionary for this chunk.
      part.resize(0);
      part.reserve(e - b);
      for (std::size_t i = b; i < e; ++i) {
        part.push_back(claims.id[i], claims.clinic[i], claims.citizen[i], claims.day[i],
                       map.at(claims.service[i]), claims.quantity[i]);
      }
      const std::string blob = claim_codec::encode(part, 0, part.size());
      const auto [lo, hi] = std::minmax_element(part.id.begin(), part.id.end());
      ins.bind(1, year).bind(2, seq++).bind(3, static_cast<std::int64_t>(e - b));
      ins.bind(4, static_cast<std::int64_t>(*lo)).bind(5, static_cast<std::int64_t>(*hi));
      ins.bind_blob(6, blob.data(), blob.size());
      ins.run();
    }
    store_.bump_data_version();
    tx.commit();
  }

  std::vector<ClaimYearInfo> claim_years() override {
    std::vector<ClaimYearInfo> out;
    auto st = db_.prepare(
        "SELECT year, SUM(lines), COUNT(*) FROM economy_claim_chunks GROUP BY year ORDER BY year");
    while (st.step()) out.push_back({static_cast<int>(st.int64(0)), st.int64(1), st.int64(2)});
    return out;
  }

  void for_each_claim_chunk(int year, const std::function<void(std::string_view)>& fn) override {
    auto st = db_.prepare("SELECT data FROM economy_claim_chunks WHERE year = ? ORDER BY seq");
    st.bind(1, year);
    while (st.step()) fn(st.blob(0));
  }

  std::vector<std::uint64_t> claim_ids(int year) override {
    std::vector<std::uint64_t> ids;
    ClaimColumns c;
    for_each_claim_chunk(year, [&](std::string_view chunk) {
      claim_codec::decode(chunk, c);
      ids.insert(ids.end(), c.id.begin(), c.id.end());
    });
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::vector<int> settled_years() override {
    std::vector<int> out;
    auto st = db_.prepare("SELECT year FROM economy_settlements ORDER BY year");
    while (st.step()) out.push_back(static_cast<int>(st.int64(0)));
    return out;
  }

  void save_settlement(const Settlement& s, const FeeStructure& fees,
                       const ActivityMatrix& activity, const World& world,
                       std::string_view settings_toml) override {
    sqlite::Transaction tx(db_);
    for (const char* table : {"economy_settlements", "economy_clinic_settlements",
                              "economy_clinic_services", "economy_frame"}) {
      auto del = db_.prepare(fmt::format("DELETE FROM {} WHERE year = ?", table));
      del.bind(1, s.year);
      del.run();
    }
    {
      auto st = db_.prepare(
          "INSERT INTO economy_settlements(year, settled_at, tariffs_source, tariffs_csv, "
          "settings_toml, threatened, differentiated_unused, fee_factor_ppb) "
          "VALUES(?,?,?,?,?,?,?,?)");
      st.bind(1, s.year)
          .bind(2, utc_timestamp_now())
          .bind(3, s.tariffs_source)
          .bind(4, fees.tariffs.to_csv());
      st.bind(5, settings_toml)
          .bind(6, detail::join_kommuner(s.threatened))
          .bind(7, s.differentiated_unused.ore)
          .bind(8, s.fee_factor.ppb);
      st.run();
    }
    {
      auto st = db_.prepare(
          "INSERT INTO economy_clinic_settlements VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
          "?,?,?,?,?,?,?,?,?)");
      for (const auto& c : s.clinics) {
        const FeeTotals& f = c.fees;
        int i = 1;
        auto put = [&](std::int64_t v) { st.bind(i++, v); };
        for (std::int64_t v :
             {std::int64_t{s.year}, std::int64_t{c.ydernummer}, std::int64_t{c.clinic},
              std::int64_t{c.kommune}, std::int64_t{c.region}, std::int64_t{c.months}, f.capacities,
              f.listed_patients, f.patient_months, f.chronic_patients, f.model1_doctors,
              f.claim_lines, f.contacts}) {
          put(v);
        }
        for (Money m : {f.basic, f.chronic, f.model1, f.model2, f.activity, f.activity_cap_base,
                        f.activity_in_frame, f.replaced_by_chronic, c.cap.limit, f.cap_repayment}) {
          put(m.ore);
        }
        for (bool b : {c.cap.subject, c.cap.above, c.cap.lapsed, c.cap_before.imposed})
          put(b ? 1 : 0);
        put(c.cap_before.years_below);
        put(c.cap.after.imposed ? 1 : 0);
        put(c.cap.after.years_below);
        st.run();
      }
    }
    {
      auto st = db_.prepare("INSERT INTO economy_clinic_services VALUES(?,?,?,?,?,?)");
      for (const auto& c : s.clinics) {
        for (const auto& l : service_lines(activity, fees, c.clinic)) {
          st.bind(1, s.year).bind(2, world.clinics[c.clinic].ydernummer);
          st.bind(3, fees.tariffs[l.service].code).bind(4, l.paid_units);
          st.bind(5, l.replaced_units).bind(6, l.amount.ore);
          st.run();
        }
      }
    }
    {
      const FrameResult& f = s.frame;
      auto st = db_.prepare("INSERT INTO economy_frame VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
      st.bind(1, s.year).bind(2, f.expenditure.ore).bind(3, f.frame.ore).bind(4, f.overrun.ore);
      st.bind(5, f.overrun_share.ppb).bind(6, f.small_overrun ? 1 : 0).bind(7, f.offset ? 1 : 0);
      st.bind(8, f.offset_amount.ore).bind(9, f.forgiveness.ore).bind(10, f.to_repay.ore);
      st.bind(11, f.next_year_factor.ppb).bind(12, f.reason);
      st.run();
    }
    store_.bump_data_version();
    tx.commit();
  }

  std::optional<StoredSettlement> load_settlement(int year) override {
    StoredSettlement out;
    Settlement& s = out.settlement;
    {
      auto st = db_.prepare(
          "SELECT settled_at, tariffs_source, tariffs_csv, settings_toml, threatened, "
          "differentiated_unused, fee_factor_ppb FROM economy_settlements WHERE year = ?");
      st.bind(1, year);
      if (!st.step()) return std::nullopt;
      s.year = year;
      out.settled_at = st.text(0);
      s.tariffs_source = st.text(1);
      out.tariffs_csv = st.text(2);
      out.settings_toml = st.text(3);
      s.threatened = detail::split_kommuner(st.text_view(4), db_.path());
      s.differentiated_unused = Money::from_ore(st.int64(5));
      s.fee_factor = Rate{st.int64(6)};
    }
    {
      auto st = db_.prepare("SELECT * FROM economy_clinic_settlements WHERE year = ? ORDER BY pos");
      st.bind(1, year);
      while (st.step()) {
        ClinicSettlement c;
        int i = 1;
        c.ydernummer = static_cast<Ydernummer>(st.int64(i++));
        c.clinic = static_cast<ClinicIndex>(st.int64(i++));
        c.kommune = static_cast<KommuneCode>(st.int64(i++));
        c.region = static_cast<RegionCode>(st.int64(i++));
        c.months = static_cast<int>(st.int64(i++));
        FeeTotals& f = c.fees;
        f.clinics = 1;
        f.capacities = st.int64(i++);
        f.listed_patients = st.int64(i++);
        f.patient_months = st.int64(i++);
        f.chronic_patients = st.int64(i++);
        f.model1_doctors = st.int64(i++);
        f.claim_lines = st.int64(i++);
        f.contacts = st.int64(i++);
        for (Money* m :
             {&f.basic, &f.chronic, &f.model1, &f.model2, &f.activity, &f.activity_cap_base,
              &f.activity_in_frame, &f.replaced_by_chronic, &c.cap.limit, &f.cap_repayment}) {
          *m = Money::from_ore(st.int64(i++));
        }
        c.cap.repayment = f.cap_repayment;
        c.cap.subject = st.int64(i++) != 0;
        c.cap.above = st.int64(i++) != 0;
        c.cap.lapsed = st.int64(i++) != 0;
        c.cap_before.imposed = st.int64(i++) != 0;
        c.cap_before.years_below = static_cast<int>(st.int64(i++));
        c.cap.after.imposed = st.int64(i++) != 0;
        c.cap.after.years_below = static_cast<int>(st.int64(i++));
        f.clinics_above_cap = c.cap.above ? 1 : 0;
        f.clinics_repaying = f.cap_repayment.ore > 0 ? 1 : 0;
        s.clinics.push_back(c);
      }
    }
    {
      out.lines.resize(s.clinics.size());
      std::unordered_map<Ydernummer, std::size_t> pos;
      for (std::size_t i = 0; i < s.clinics.size(); ++i) pos[s.clinics[i].ydernummer] = i;
      auto st = db_.prepare(
          "SELECT ydernummer, code, paid_units, replaced_units, amount FROM "
          "economy_clinic_services "
          "WHERE year = ? ORDER BY ydernummer, code");
      st.bind(1, year);
      while (st.step()) {
        const auto it = pos.find(static_cast<Ydernummer>(st.int64(0)));
        if (it == pos.end()) continue;
        out.lines[it->second].push_back(
            {st.text(1), st.int64(2), st.int64(3), Money::from_ore(st.int64(4))});
      }
    }
    total_regions_and_nation(s);
    if (auto f = frame_result(year)) s.frame = *f;
    return out;
  }

  std::unordered_map<Ydernummer, CapState> cap_states(int year) override {
    std::unordered_map<Ydernummer, CapState> out;
    auto st = db_.prepare(
        "SELECT ydernummer, imposed_after, years_below_after FROM economy_clinic_settlements "
        "WHERE year = ?");
    st.bind(1, year);
    while (st.step()) {
      out[static_cast<Ydernummer>(st.int64(0))] =
          CapState{st.int64(1) != 0, static_cast<int>(st.int64(2))};
    }
    return out;
  }

  std::optional<FrameResult> frame_result(int year) override {
    auto st = db_.prepare("SELECT * FROM economy_frame WHERE year = ?");
    st.bind(1, year);
    if (!st.step()) return std::nullopt;
    FrameResult f;
    f.year = year;
    f.expenditure = Money::from_ore(st.int64(1));
    f.frame = Money::from_ore(st.int64(2));
    f.overrun = Money::from_ore(st.int64(3));
    f.overrun_share = Rate{st.int64(4)};
    f.small_overrun = st.int64(5) != 0;
    f.offset = st.int64(6) != 0;
    f.offset_amount = Money::from_ore(st.int64(7));
    f.forgiveness = Money::from_ore(st.int64(8));
    f.to_repay = Money::from_ore(st.int64(9));
    f.next_year_factor = Rate{st.int64(10)};
    f.reason = st.text(11);
    return f;
  }

  std::vector<std::pair<int, Money>> clinic_totals(Ydernummer y) override {
    std::vector<std::pair<int, Money>> out;
    auto st = db_.prepare(
        "SELECT year, basic + chronic + model1 + model2 + activity - cap_repayment "
        "FROM economy_clinic_settlements WHERE ydernummer = ? ORDER BY year");
    st.bind(1, y);
    while (st.step()) out.emplace_back(static_cast<int>(st.int64(0)), Money::from_ore(st.int64(1)));
    return out;
  }

 private:
  SqliteStore& store_;
  sqlite::Database& db_;
};

}  // namespace

std::unique_ptr<EconomyRepository> open_economy_repository(Store& store) {
  if (auto* s = dynamic_cast<SqliteStore*>(&store))
    return std::make_unique<SqliteEconomyRepository>(*s);
  if (auto* p = dynamic_cast<PostgresStore*>(&store)) return make_postgres_economy_repository(*p);
  throw Error(fmt::format("the economy repository is not available for {} stores", store.kind()));
}

}  // namespace praksis
