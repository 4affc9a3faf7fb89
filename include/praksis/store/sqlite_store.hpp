// The embedded default store: one SQLite file in WAL mode.
#pragma once

#include <filesystem>

#include "praksis/store/sqlite.hpp"
#include "praksis/store/store.hpp"

namespace praksis {

class SqliteStore final : public Store {
 public:
  /// Opens (with `create`: creates) the store file; a store of an older schema version is
  /// migrated when `upgrade` says so and refused otherwise (refuse_schema_version).
  explicit SqliteStore(const std::filesystem::path& path, bool create = true,
                       SchemaUpgrade upgrade = SchemaUpgrade::refuse);

  const char* kind() const override { return "sqlite"; }
  std::string location() const override { return db_.path(); }
  bool has_world() override;
  StoreCounts counts() override;
  std::int64_t data_version() override;
  World load_world() override;
  /// From the columnar snapshot (household, group and listing columns scanned in chunks) and the
  /// rows changed since it; nullopt when the snapshot is missing or not of this format.
  std::optional<DecisionSlice> load_decision_slice(std::span<const CitizenId> citizens) override;
  void replace_world(const World& w) override;
  void apply_world_changes(const World& before, const World& after, const WorldChangeAudit& audit,
                           std::int64_t loaded_version) override;
  std::vector<SnapshotInfo> snapshots() override;
  std::optional<std::string> snapshot_figures(Date as_of, std::string_view key) override;
  void save_snapshot_figures(Date as_of, std::string_view key, std::string_view data) override;

  /// The connection, for the SQLite implementations of area repositories (listing, economy).
  sqlite::Database& db() { return db_; }
  /// Records one more committed change; call inside the change's transaction.
  void bump_data_version();
  /// Rewrites the columnar citizen snapshot from `w` if the store is still at `loaded_version`
  /// (the data version seen by the load that produced `w`); false when it has moved on.
  bool refresh_snapshot(const World& w, std::int64_t loaded_version);
  /// Whether load_world() rewrites a stale snapshot (default on).
  void set_snapshot_refresh(bool on) { refresh_on_load_ = on; }
  /// Data version and number of citizen rows read from the table by the last load_world().
  std::int64_t loaded_version() const { return loaded_version_; }
  std::int64_t rows_read_from_table() const { return changed_rows_; }

  // 2: doctors keyed by row (rule C3); 3: clinic_services (A1-A2) and nursing_homes (L8);
  // 4: world_snapshots and snapshot_figures (survey years, issue 11)
  static constexpr int kSchemaVersion = kStoreSchemaVersion;

  /// A WorldImport into a new file beside `target` (begin_world_import): `store` is the store
  /// at `target`, or null when there is none yet. nullptr when another connection has the store
  /// open or `target` is not a plain file.
  static std::unique_ptr<WorldImport> import_into(std::unique_ptr<SqliteStore> store,
                                                  const std::string& target);

 protected:
  void put_snapshot(Date as_of, std::int64_t citizens, std::string_view blob) override;
  std::optional<std::string> get_snapshot(Date as_of) override;

 private:
  friend class SqliteWorldImport;
  void create_schema(SchemaUpgrade upgrade);
  /// The world's rows, the id index and the snapshot, into emptied tables (inside a transaction).
  void write_world_rows(const World& w);
  /// replace_world by writing a new file beside the store and renaming it over the store (no
  /// journal while it is written; a failure or a crash leaves the old store). False, with
  /// nothing changed, when another connection has the store open: then it is replaced in place.
  bool replace_world_in_new_file(const World& w);
  /// replace_world in one transaction on this file (another connection has it open).
  void replace_world_in_place(const World& w);
  /// The store's exclusive lock for an import through a new file (a probe that does not wait);
  /// false, with nothing changed, when another connection has the store open.
  bool lock_for_import();
  void unlock_after_import();
  /// write_world_rows without the citizens and their index: regions, kommuner, clinics,
  /// doctors (head); services, nursing homes, manifest, planning inputs, snapshot (tail).
  void write_world_head(const World& w);
  void write_world_tail(const World& w);
  void write_snapshot(const World& w);
  void write_services_and_homes(const World& w);
  void load_services_and_homes(World& w);
  void load_extract(World& w);
  /// Regions, kommuner, clinics, doctors and everything else but the citizens (inside a read).
  void load_world_without_citizens(World& w);
  void write_planning_inputs(const World& w);
  void load_planning_inputs(World& w);
  sqlite::Database db_;
  std::int64_t loaded_version_ = 0;
  std::int64_t changed_rows_ = 0;
  bool refresh_on_load_ = true;
};

}  // namespace praksis
