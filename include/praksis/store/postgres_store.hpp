// The shared store: one PostgreSQL database (or one schema of it) for a region and its kommuner.
#pragma once

#include <string>

#include "praksis/store/postgres.hpp"
#include "praksis/store/store.hpp"

namespace praksis {

class PostgresStore final : public Store {
 public:
  /// Connects to `conninfo` (a postgresql:// URI or libpq connection string). Creates the schema
  /// in an empty database when `create`; refuses (InputError naming --db, nothing changed) a
  /// database that holds other tables than a praksis store's, or a store of another version
  /// (an older one is migrated instead when `upgrade` says so).
  explicit PostgresStore(const std::string& conninfo, bool create = true,
                         SchemaUpgrade upgrade = SchemaUpgrade::refuse);

  const char* kind() const override { return "postgresql"; }
  std::string location() const override { return conn_.location(); }
  bool has_world() override;
  StoreCounts counts() override;
  std::int64_t data_version() override;
  World load_world() override;
  void replace_world(const World& w) override;
  void apply_world_changes(const World& before, const World& after, const WorldChangeAudit& audit,
                           std::int64_t loaded_version) override;
  std::vector<SnapshotInfo> snapshots() override;
  std::optional<std::string> snapshot_figures(Date as_of, std::string_view key) override;
  void save_snapshot_figures(Date as_of, std::string_view key, std::string_view data) override;

  /// The connection, for the PostgreSQL implementations of area repositories.
  pg::Connection& connection() { return conn_; }
  const std::string& conninfo() const { return conninfo_; }
  /// Records one more committed change; call inside the change's transaction. The row lock it
  /// takes orders the writers of every process sharing the database (docs/store.md).
  void bump_data_version();
  /// Rewrites the columnar citizen snapshot from `w` if the store is still at `loaded_version`.
  bool refresh_snapshot(const World& w, std::int64_t loaded_version);
  void set_snapshot_refresh(bool on) { refresh_on_load_ = on; }
  std::int64_t loaded_version() const { return loaded_version_; }
  std::int64_t rows_read_from_table() const { return changed_rows_; }

  static constexpr int kSchemaVersion = kStoreSchemaVersion;  // the same content as SQLite's

 protected:
  void put_snapshot(Date as_of, std::int64_t citizens, std::string_view blob) override;
  std::optional<std::string> get_snapshot(Date as_of) override;

 private:
  void open_schema(bool create, SchemaUpgrade upgrade);
  void write_snapshot(const World& w);
  void write_planning_inputs(const World& w);
  void load_planning_inputs(World& w);
  void read_citizens(World& w, bool only_changed);
  void load_citizens(World& w);
  std::string conninfo_;
  pg::Connection conn_;
  std::int64_t loaded_version_ = 0;
  std::int64_t changed_rows_ = 0;
  bool refresh_on_load_ = true;
};

}  // namespace praksis
