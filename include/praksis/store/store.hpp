// The store interface: where the world and every decision live. SQLite is the embedded default;
// PostgreSQL is the store a region and its kommuner share (docs/store.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "praksis/model/world.hpp"

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
};

/// Opens the store at `location`: a postgresql:// (or postgres://) URI means PostgreSQL (its
/// missing parts from PGHOST, PGSERVICE and the other libpq variables), anything else a SQLite
/// file. The schema is created if `create` and the place is empty.
std::unique_ptr<Store> open_store(const std::string& location, bool create = true);

}  // namespace praksis
