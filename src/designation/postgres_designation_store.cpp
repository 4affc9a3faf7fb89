// Designations per year in the PostgreSQL store: one row per year (rule D2).
#include <fmt/format.h>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "store/kommune_list.hpp"
#include "store/postgres/repositories.hpp"

namespace praksis {
namespace {

class PostgresDesignationStore final : public DesignationStore {
 public:
  explicit PostgresDesignationStore(PostgresStore& store) : c_(store.connection()) {}

  void save(int year, const Designation& d, std::string_view settings_source,
            std::string_view settings_toml, std::string_view document) override {
    std::vector<KommuneCode> designated;
    for (const auto& a : d.areas)
      if (a.designated) designated.push_back(static_cast<KommuneCode>(a.kommune));
    pg::Transaction tx(c_);
    pg::Params p;
    p.add(year).add(utc_timestamp_now()).add(settings_source).add(settings_toml);
    p.add(detail::join_kommuner(designated)).add(static_cast<std::int64_t>(d.areas.size()));
    p.add(document);
    c_.query(
        "INSERT INTO designations(year, decided_at, settings_source, settings_toml, designated, "
        "areas, document) VALUES($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (year) DO UPDATE SET "
        "decided_at = excluded.decided_at, settings_source = excluded.settings_source, "
        "settings_toml = excluded.settings_toml, designated = excluded.designated, "
        "areas = excluded.areas, document = excluded.document",
        p);
    tx.commit();
  }

  std::optional<StoredDesignation> load(int year) override {
    pg::Params p;
    p.add(year);
    auto r = c_.query(
        "SELECT decided_at, settings_source, settings_toml, designated, areas, document "
        "FROM designations WHERE year = $1",
        p);
    if (r.rows() == 0) return std::nullopt;
    StoredDesignation s;
    s.year = year;
    s.decided_at = r.text(0, 0);
    s.settings_source = r.text(0, 1);
    s.settings_toml = r.text(0, 2);
    s.designated = detail::split_kommuner(
        r.text(0, 3), fmt::format("{}: designation of {}", c_.location(), year));
    s.areas = static_cast<std::size_t>(r.int64(0, 4));
    s.document = r.text(0, 5);
    return s;
  }

  std::vector<int> years() override {
    std::vector<int> out;
    auto r = c_.query("SELECT year FROM designations ORDER BY year");
    for (int i = 0; i < r.rows(); ++i) out.push_back(static_cast<int>(r.int64(i, 0)));
    return out;
  }

 private:
  pg::Connection& c_;
};

}  // namespace

std::unique_ptr<DesignationStore> make_postgres_designation_store(PostgresStore& store) {
  return std::make_unique<PostgresDesignationStore>(store);
}

}  // namespace praksis
