// Designations per year in the SQLite store: one row per year, as the designation is decided once
// a year (rule D2); the document keeps every reason.
#include <fmt/format.h>

#include "praksis/core/date.hpp"
#include "praksis/core/error.hpp"
#include "praksis/designation/designation_store.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "store/kommune_list.hpp"
#include "store/postgres/repositories.hpp"

namespace praksis {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS designations(
  year INTEGER PRIMARY KEY, decided_at TEXT NOT NULL, settings_source TEXT NOT NULL,
  settings_toml TEXT NOT NULL, designated TEXT NOT NULL, areas INTEGER NOT NULL,
  document TEXT NOT NULL);
)sql";

class SqliteDesignationStore final : public DesignationStore {
 public:
  explicit SqliteDesignationStore(SqliteStore& store) : db_(store.db()) {
    sqlite::Transaction tx(db_);
    db_.exec(kSchema);
    tx.commit();
  }

  void save(int year, const Designation& d, std::string_view settings_source,
            std::string_view settings_toml, std::string_view document) override {
    std::vector<KommuneCode> designated;
    for (const auto& a : d.areas)
      if (a.designated) designated.push_back(static_cast<KommuneCode>(a.kommune));
    sqlite::Transaction tx(db_);
    auto st = db_.prepare(
        "INSERT OR REPLACE INTO designations(year, decided_at, settings_source, settings_toml, "
        "designated, areas, document) VALUES(?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, year)
        .bind(2, utc_timestamp_now())
        .bind(3, settings_source)
        .bind(4, settings_toml)
        .bind(5, detail::join_kommuner(designated))
        .bind(6, static_cast<std::int64_t>(d.areas.size()))
        .bind(7, document);
    st.run();
    tx.commit();
  }

  std::optional<StoredDesignation> load(int year) override {
    auto st = db_.prepare(
        "SELECT decided_at, settings_source, settings_toml, designated, areas, document "
        "FROM designations WHERE year = ?");
    st.bind(1, year);
    if (!st.step()) return std::nullopt;
    StoredDesignation s;
    s.year = year;
    s.decided_at = st.text(0);
    s.settings_source = st.text(1);
    s.settings_toml = st.text(2);
    s.designated =
        detail::split_kommuner(st.text(3), fmt::format("{}: designation of {}", db_.path(), year));
    s.areas = static_cast<std::size_t>(st.int64(4));
    s.document = st.text(5);
    return s;
  }

  std::vector<int> years() override {
    std::vector<int> out;
    auto st = db_.prepare("SELECT year FROM designations ORDER BY year");
    while (st.step()) out.push_back(static_cast<int>(st.int64(0)));
    return out;
  }

 private:
  sqlite::Database& db_;
};

}  // namespace

std::unique_ptr<DesignationStore> open_designation_store(Store& store) {
  if (auto* s = dynamic_cast<SqliteStore*>(&store))
    return std::make_unique<SqliteDesignationStore>(*s);
  if (auto* p = dynamic_cast<PostgresStore*>(&store)) return make_postgres_designation_store(*p);
  throw Error(fmt::format("designations cannot be kept in {} stores", store.kind()));
}

}  // namespace praksis
