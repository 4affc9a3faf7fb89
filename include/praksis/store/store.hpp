// The store interface: where the world and every decision live. SQLite is the embedded default;
// PostgreSQL is the store a region and its kommuner share (docs/store.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/model/citizen_rows.hpp"
#include "praksis/model/world.hpp"
#include "praksis/store/world_snapshot.hpp"

namespace praksis {

struct StoreCounts {
  std::int64_t regions = 0, kommuner = 0, clinics = 0, doctors = 0, citizens = 0;
};

/// The record kept of a change committed to the world (a what-if applied with `--apply`): where
/// it came from, the change file itself and what the re-listing did.
struct WorldChangeAudit {
  std::string at;       // ISO timestamp of the commit
  std::string source;   // the change file's path
  std::string changes;  // the change file's text
  std::string summary;  // counts of the re-listing, as JSON
};

/// What one GP choice decision reads of the world (issue 15: a caseworker's `praksis choose` or
/// `move` does not load the country): everything but the citizens, of the citizens only those
/// asked for and the members of their households (in store row order), and per clinic the number
/// of listed group-1 patients over all citizens (rule C1).
struct DecisionSlice {
  World world;
  std::vector<std::uint32_t> listed;  // by ClinicIndex
  std::int64_t loaded_version = 0;    // the data version read
};

class Store {
 public:
  virtual ~Store() = default;
  /// "sqlite" or "postgresql".
  virtual const char* kind() const = 0;
  /// Where the store is (file path or connection string without credentials).
  virtual std::string location() const = 0;
  virtual bool has_world() = 0;
  virtual StoreCounts counts() = 0;
  /// Increases with every committed change; a cache keyed on it is valid while it is unchanged.
  virtual std::int64_t data_version() = 0;
  /// The whole model in memory.
  virtual World load_world() = 0;
  /// The slice a decision about `citizens` reads, from one consistent read (unknown ids are left
  /// out); nullopt when this store cannot read one cheaply (the caller loads the whole world).
  virtual std::optional<DecisionSlice> load_decision_slice(std::span<const CitizenId> citizens) {
    (void)citizens;
    return std::nullopt;
  }
  /// Replaces the world (and everything recorded about the old one) in one transaction; on any
  /// failure the store is exactly as before.
  virtual void replace_world(const World& w) = 0;
  /// Writes what differs between `before` (the world loaded at data version `loaded_version`)
  /// and `after`: clinics added, changed or closed, the doctors of closed clinics, citizens'
  /// listings. Unlike replace_world nothing else is touched (decisions and economy stay). One
  /// transaction with an audit record; throws, leaving the store exactly as before, when the
  /// store has changed since the load, the citizens differ in more than their listing, or a
  /// constraint fails.
  virtual void apply_world_changes(const World& before, const World& after,
                                   const WorldChangeAudit& audit, std::int64_t loaded_version) = 0;

  // Survey years (issue 11): the world as of each survey date, kept beside the current world.
  // replace_world and apply_world_changes leave the snapshots alone.

  /// Stores `w` as the world of `as_of` (replacing that date's snapshot and its cached figures)
  /// in one transaction.
  void save_snapshot(Date as_of, const World& w);
  /// The world of `as_of`, or nullopt when the store has no snapshot of that date.
  std::optional<World> load_snapshot(Date as_of);
  /// Every snapshot, oldest first.
  virtual std::vector<SnapshotInfo> snapshots() = 0;
  /// The schema version this store had before opening it migrated it (0: it was not migrated).
  int migrated_from() const { return migrated_from_; }
  /// Figures computed from the snapshot of `as_of` under `key` (e.g. the survey under a settings
  /// hash), or nullopt; kept until the snapshot is replaced.
  virtual std::optional<std::string> snapshot_figures(Date as_of, std::string_view key) = 0;
  virtual void save_snapshot_figures(Date as_of, std::string_view key, std::string_view data) = 0;

 protected:
  int migrated_from_ = 0;
  virtual void put_snapshot(Date as_of, std::int64_t citizens, std::string_view blob) = 0;
  virtual std::optional<std::string> get_snapshot(Date as_of) = 0;
};

/// A world replacing the store's while it is still being read (`praksis import`, issue 15): the
/// citizens' rows handed on as they are parsed are inserted on a thread of the store's own, and
/// finish() writes the rest of `w` (whose citizens are the rows handed on, in order) and makes it
/// the store's world, as replace_world(w) would. Destroyed before finish() (bad input, any
/// failure), it leaves the store exactly as it was.
class WorldImport : public CitizenRowSink {
 public:
  virtual void finish(const World& w) = 0;
};

/// What opening a store made by an older praksis (an older schema version) does: refuse it with a
/// message naming `praksis migrate` and change nothing (every command but migrate), or upgrade it
/// by the ordered migrations in one transaction (`praksis migrate`).
enum class SchemaUpgrade { refuse, migrate };

/// Opens the store at `location`: a postgresql:// (or postgres://) URI means PostgreSQL (its
/// missing parts from PGHOST, PGSERVICE and the other libpq variables), anything else a SQLite
/// file. The schema is created if `create` and the place is empty.
std::unique_ptr<Store> open_store(const std::string& location, bool create = true,
                                  SchemaUpgrade upgrade = SchemaUpgrade::refuse);

/// A WorldImport into the store at `location` (refused like open_store: not a praksis store,
/// another schema version), or nullptr when the store cannot take one: PostgreSQL, a SQLite store
/// another connection has open. Then read the world whole and replace_world it. A store that does
/// not exist yet is created by finish() only.
std::unique_ptr<WorldImport> begin_world_import(const std::string& location);

/// The schema version stores of this praksis have (both kinds; docs/store.md lists them).
inline constexpr int kStoreSchemaVersion = 5;

/// The refusal of a store of another schema version (InputError naming --db, nothing changed).
[[noreturn]] void refuse_schema_version(const std::string& location, int have, int oldest);

}  // namespace praksis
