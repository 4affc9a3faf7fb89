// The PostgreSQL economy repository: claim chunks, settlements, højestegrænse state, frame results.
#include <fmt/format.h>

#include <algorithm>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "praksis/economy/claim_codec.hpp"
#include "store/kommune_list.hpp"
#include "store/postgres/repositories.hpp"

namespace praksis {
namespace {

class PostgresEconomyRepository final : public EconomyRepository {
 public:
  explicit PostgresEconomyRepository(PostgresStore& store)
      : store_(store), c_(store.connection()) {}

  std::vector<std::string> service_codes() override {
    std::vector<std::string> out;
    auto r = c_.query("SELECT idx, code FROM economy_service_codes ORDER BY idx");
    for (int i = 0; i < r.rows(); ++i) {
      if (r.int64(i, 0) != static_cast<std::int64_t>(out.size()))
        throw Error(fmt::format("{}: service-code dictionary has a gap", c_.location()));
      out.emplace_back(r.text(i, 1));
    }
    return out;
  }

  void write_claims(int year, const ClaimColumns& claims, std::span<const std::string> codes,
                    bool replace) override {
    pg::Transaction tx(c_);
    store_.bump_data_version();  // the row lock: one writer of the dictionary at a time
    auto dict = service_codes();
    std::vector<std::uint16_t> map(codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
      auto it = std::find(dict.begin(), dict.end(), codes[i]);
      if (it == dict.end()) {
        if (dict.size() >= 65535) throw Error("too many distinct service codes (65,535)");
        pg::Params p;
        p.add(static_cast<std::int64_t>(dict.size())).add(codes[i]);
        c_.query("INSERT INTO economy_service_codes(idx, code) VALUES($1, $2)", p);
        dict.push_back(codes[i]);
        it = dict.end() - 1;
      }
      map[i] = static_cast<std::uint16_t>(it - dict.begin());
    }
    if (replace) {
      pg::Params p;
      p.add(year);
      c_.query("DELETE FROM economy_claim_chunks WHERE year = $1", p);
    }
    pg::Params q;
    q.add(year);
    std::int64_t seq =
        c_.query_int("SELECT COALESCE(MAX(seq) + 1, 0) FROM economy_claim_chunks WHERE year = $1",
                     q)
            .value_or(0);
    constexpr std::size_t kChunksPerTrip = 16;
    ClaimColumns part;
    std::vector<std::string> blobs;
    blobs.reserve(kChunksPerTrip);
    pg::Pipeline pipe(c_);

    for (std::size_t b = 0; b < claims.size(); b += claim_codec::kChunkRows) {
      const std::size_t e = std::min(claims.size(), b + claim_codec::kChunkRows);
      part.resize(0);
      part.reserve(e - b);
      for (std::size_t i = b; i < e; ++i) {
        part.push_back(claims.id[i], claims.clinic[i], claims.citizen[i], claims.day[i],
                       map.at(claims.service[i]), claims.quantity[i]);
      }
      blobs.push_back(claim_codec::encode(part, 0, part.size()));
      const auto [lo, hi] = std::minmax_element(part.id.begin(), part.id.end());
      pg::Params p;
      p.add(year).add(seq++).add(static_cast<std::int64_t>(e - b));
      p.add(static_cast<std::int64_t>(*lo)).add(static_cast<std::int64_t>(*hi));
      p.add_bytes(blobs.back().data(), blobs.back().size());
      pipe.add(
          "INSERT INTO economy_claim_chunks(year, seq, lines, first_id, last_id, data) "
          "VALUES($1,$2,$3,$4,$5,$6)",
          std::move(p));
      if (pipe.size() == kChunksPerTrip) {
        pipe.run();
        blobs.clear();
      }
    }
    pipe.run();
    tx.commit();
  }

  std::vector<ClaimYearInfo> claim_years() override {
    std::vector<ClaimYearInfo> out;
    auto r = c_.query(
        "SELECT year, SUM(lines), COUNT(*) FROM economy_claim_chunks GROUP BY year ORDER BY year");
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({static_cast<int>(r.int64(i, 0)), r.int64(i, 1), r.int64(i, 2)});
    return out;
  }

  void for_each_claim_chunk(int year, const std::function<void(std::string_view)>& fn) override {
    pg::Params p;
    p.add(year);
    auto seqs = c_.query("SELECT seq FROM economy_claim_chunks WHERE year = $1 ORDER BY seq", p);
    // One chunk per query keeps the memory at one chunk, not a year of claims.
    for (int i = 0; i < seqs.rows(); ++i) {
      pg::Params q;
      q.add(year).add(seqs.int64(i, 0));
      auto r =
          c_.query("SELECT data FROM economy_claim_chunks WHERE year = $1 AND seq = $2", q, true);
      if (r.rows() == 1) fn(r.bytes(0, 0));
    }
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
    auto r = c_.query("SELECT year FROM economy_settlements ORDER BY year");
    for (int i = 0; i < r.rows(); ++i) out.push_back(static_cast<int>(r.int64(i, 0)));
    return out;
  }

  void save_settlement(const Settlement& s, const FeeStructure& fees,
                       const ActivityMatrix& activity, const World& world,
                       std::string_view settings_toml) override {
    pg::Transaction tx(c_);
    store_.bump_data_version();
    for (const char* table : {"economy_settlements", "economy_clinic_settlements",
                              "economy_clinic_services", "economy_frame"}) {
      pg::Params p;
      p.add(s.year);
      c_.query(fmt::format("DELETE FROM {} WHERE year = $1", table), p);
    }
    {
      pg::Params p;
      p.add(s.year).add(utc_timestamp_now()).add(s.tariffs_source).add(fees.tariffs.to_csv());
      p.add(settings_toml).add(detail::join_kommuner(s.threatened));
      p.add(s.differentiated_unused.ore).add(s.fee_factor.ppb);
      c_.query(
          "INSERT INTO economy_settlements(year, settled_at, tariffs_source, tariffs_csv, "
          "settings_toml, threatened, differentiated_unused, fee_factor_ppb) "
          "VALUES($1,$2,$3,$4,$5,$6,$7,$8)",
          p);
    }
    std::string rows;
    const auto put = [&](std::int64_t v) {
      if (!rows.empty() && rows.back() != '\n') rows += '\t';
      rows += std::to_string(v);
    };
    for (const auto& c : s.clinics) {
      const FeeTotals& f = c.fees;
      for (std::int64_t v :
           {std::int64_t{s.year}, std::int64_t{c.ydernummer}, std::int64_t{c.clinic},
            std::int64_t{c.kommune}, std::int64_t{c.region}, std::int64_t{c.months}, f.capacities,
            f.listed_patients, f.patient_months, f.chronic_patients, f.model1_doctors,
            f.claim_lines, f.contacts})
        put(v);
      for (Money m : {f.basic, f.chronic, f.model1, f.model2, f.activity, f.activity_cap_base,
                      f.activity_in_frame, f.replaced_by_chronic, c.cap.limit, f.cap_repayment})
        put(m.ore);
      for (bool b : {c.cap.subject, c.cap.above, c.cap.lapsed, c.cap_before.imposed})
        put(b ? 1 : 0);
      put(c.cap_before.years_below);
      put(c.cap.after.imposed ? 1 : 0);
      put(c.cap.after.years_below);
      rows += '\n';
    }
    c_.copy_in("economy_clinic_settlements", rows);
    rows.clear();
    for (const auto& c : s.clinics) {
      for (const auto& l : service_lines(activity, fees, c.clinic)) {
        rows += fmt::format("{}\t{}\t", s.year, world.clinics[c.clinic].ydernummer);
        pg::copy_field(rows, fees.tariffs[l.service].code);
        rows += fmt::format("\t{}\t{}\t{}\n", l.paid_units, l.replaced_units, l.amount.ore);
      }
    }
    c_.copy_in("economy_clinic_services", rows);
    {
      const FrameResult& f = s.frame;
      pg::Params p;
      p.add(s.year).add(f.expenditure.ore).add(f.frame.ore).add(f.overrun.ore);
      p.add(f.overrun_share.ppb).add(f.small_overrun ? 1 : 0).add(f.offset ? 1 : 0);
      p.add(f.offset_amount.ore).add(f.forgiveness.ore).add(f.to_repay.ore);
      p.add(f.next_year_factor.ppb).add(f.reason);
      c_.query("INSERT INTO economy_frame VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)", p);
    }
    tx.commit();
  }

  std::optional<StoredSettlement> load_settlement(int year) override {
    StoredSettlement out;
    Settlement& s = out.settlement;
    pg::Params y;
    y.add(year);
    {
      auto r = c_.query(
          "SELECT settled_at, tariffs_source, tariffs_csv, settings_toml, threatened, "
          "differentiated_unused, fee_factor_ppb FROM economy_settlements WHERE year = $1",
          y);
      if (r.rows() == 0) return std::nullopt;
      s.year = year;
      out.settled_at = r.text(0, 0);
      s.tariffs_source = r.text(0, 1);
      out.tariffs_csv = r.text(0, 2);
      out.settings_toml = r.text(0, 3);
      s.threatened = detail::split_kommuner(r.text(0, 4), c_.location());
      s.differentiated_unused = Money::from_ore(r.int64(0, 5));
      s.fee_factor = Rate{r.int64(0, 6)};
    }
    {
      auto r = c_.query("SELECT * FROM economy_clinic_settlements WHERE year = $1 ORDER BY pos", y);
      for (int row = 0; row < r.rows(); ++row) {
        ClinicSettlement c;
        int i = 1;
        const auto next = [&] { return r.int64(row, i++); };
        c.ydernummer = static_cast<Ydernummer>(next());
        c.clinic = static_cast<ClinicIndex>(next());
        c.kommune = static_cast<KommuneCode>(next());
        c.region = static_cast<RegionCode>(next());
        c.months = static_cast<int>(next());
        FeeTotals& f = c.fees;
        f.clinics = 1;
        f.capacities = next();
        f.listed_patients = next();
        f.patient_months = next();
        f.chronic_patients = next();
        f.model1_doctors = next();
        f.claim_lines = next();
        f.contacts = next();
        for (Money* m :
             {&f.basic, &f.chronic, &f.model1, &f.model2, &f.activity, &f.activity_cap_base,
              &f.activity_in_frame, &f.replaced_by_chronic, &c.cap.limit, &f.cap_repayment})
          *m = Money::from_ore(next());
        c.cap.repayment = f.cap_repayment;
        c.cap.subject = next() != 0;
        c.cap.above = next() != 0;
        c.cap.lapsed = next() != 0;
        c.cap_before.imposed = next() != 0;
        c.cap_before.years_below = static_cast<int>(next());
        c.cap.after.imposed = next() != 0;
        c.cap.after.years_below = static_cast<int>(next());
        f.clinics_above_cap = c.cap.above ? 1 : 0;
        f.clinics_repaying = f.cap_repayment.ore > 0 ? 1 : 0;
        s.clinics.push_back(c);
      }
    }
    {
      out.lines.resize(s.clinics.size());
      std::unordered_map<Ydernummer, std::size_t> pos;
      for (std::size_t i = 0; i < s.clinics.size(); ++i) pos[s.clinics[i].ydernummer] = i;
      // COLLATE "C": the same byte order as SQLite's, whatever the database's locale.
      auto r = c_.query(
          "SELECT ydernummer, code, paid_units, replaced_units, amount FROM "
          "economy_clinic_services WHERE year = $1 ORDER BY ydernummer, code COLLATE \"C\"",
          y);
      for (int i = 0; i < r.rows(); ++i) {
        const auto it = pos.find(static_cast<Ydernummer>(r.int64(i, 0)));
        if (it == pos.end()) continue;
        out.lines[it->second].push_back({std::string(r.text(i, 1)), r.int64(i, 2), r.int64(i, 3),
                                         Money::from_ore(r.int64(i, 4))});
      }
    }
    total_regions_and_nation(s);
    if (auto f = frame_result(year)) s.frame = *f;
    return out;
  }

  std::unordered_map<Ydernummer, CapState> cap_states(int year) override {
    std::unordered_map<Ydernummer, CapState> out;
    pg::Params p;
    p.add(year);
    auto r = c_.query(
        "SELECT ydernummer, imposed_after, years_below_after FROM economy_clinic_settlements "
        "WHERE year = $1",
        p);
    for (int i = 0; i < r.rows(); ++i)
      out[static_cast<Ydernummer>(r.int64(i, 0))] =
          CapState{r.int64(i, 1) != 0, static_cast<int>(r.int64(i, 2))};
    return out;
  }

  std::optional<FrameResult> frame_result(int year) override {
    pg::Params p;
    p.add(year);
    auto r = c_.query("SELECT * FROM economy_frame WHERE year = $1", p);
    if (r.rows() == 0) return std::nullopt;
    FrameResult f;
    f.year = year;
    f.expenditure = Money::from_ore(r.int64(0, 1));
    f.frame = Money::from_ore(r.int64(0, 2));
    f.overrun = Money::from_ore(r.int64(0, 3));
    f.overrun_share = Rate{r.int64(0, 4)};
    f.small_overrun = r.int64(0, 5) != 0;
    f.offset = r.int64(0, 6) != 0;
    f.offset_amount = Money::from_ore(r.int64(0, 7));
    f.forgiveness = Money::from_ore(r.int64(0, 8));
    f.to_repay = Money::from_ore(r.int64(0, 9));
    f.next_year_factor = Rate{r.int64(0, 10)};
    f.reason = r.text(0, 11);
    return f;
  }

  std::vector<std::pair<int, Money>> clinic_totals(Ydernummer y) override {
    std::vector<std::pair<int, Money>> out;
    pg::Params p;
    p.add(y);
    auto r = c_.query(
        "SELECT year, basic + chronic + model1 + model2 + activity - cap_repayment "
        "FROM economy_clinic_settlements WHERE ydernummer = $1 ORDER BY year",
        p);
    for (int i = 0; i < r.rows(); ++i)
      out.emplace_back(static_cast<int>(r.int64(i, 0)), Money::from_ore(r.int64(i, 1)));
    return out;
  }

 private:
  PostgresStore& store_;
  pg::Connection& c_;
};

}  // namespace

std::unique_ptr<EconomyRepository> make_postgres_economy_repository(PostgresStore& store) {
  return std::make_unique<PostgresEconomyRepository>(store);
}

}  // namespace praksis
