// The one factory of stores: a postgresql:// location opens PostgreSQL, anything else a SQLite
// file.
#include <fmt/format.h>

#include <filesystem>

#include "praksis/core/error.hpp"
#include "praksis/store/postgres_store.hpp"
#include "praksis/store/sqlite_store.hpp"

namespace praksis {

namespace {
/// A file with tables but no praksis meta table is someone else's database. It is read only
/// (not even switched to WAL) and refused, so nothing in it changes.
void refuse_foreign_sqlite(const std::string& path) {
  if (!std::filesystem::exists(path) || std::filesystem::file_size(path) == 0) return;
  sqlite::Database db(path, sqlite::OpenMode::read_only);
  const auto tables = db.query_int("SELECT count(*) FROM sqlite_schema").value_or(0);
  const auto meta =
      db.query_int("SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='meta'");
  if (tables > 0 && meta.value_or(0) == 0)
    throw InputError(InputLocation{path, 0, 0, "--db"}, message("store.error.foreign_file"));
}
}  // namespace

void refuse_schema_version(const std::string& location, int have, int oldest) {
  const InputLocation where{location, 0, 0, "--db"};
  if (have > kStoreSchemaVersion || have < oldest)
    throw InputError(where, message("store.error.schema_unsupported", have, kStoreSchemaVersion,
                                    oldest, kStoreSchemaVersion));
  throw InputError(where, message("store.error.schema_old", have, kStoreSchemaVersion, location));
}

std::unique_ptr<Store> open_store(const std::string& location, bool create, SchemaUpgrade upgrade) {
  if (pg::is_postgres_location(location)) {
    try {
      return std::make_unique<PostgresStore>(location, create, upgrade);
    } catch (const pg::PgError& e) {
      // The server's own diagnostics (libpq's words) are kept as they are.
      constexpr std::string_view kConnect = "cannot connect to PostgreSQL: ";
      const std::string_view what = e.what();
      throw InputError(InputLocation{pg::location_without_password(location), 0, 0, "--db"},
                       e.sqlstate() == "08001" && what.starts_with(kConnect)
                           ? message("store.error.pg_connect", what.substr(kConnect.size()))
                           : message("store.error.pg_open", what));
    }
  }
  if (!create && !std::filesystem::exists(location)) {
    throw InputError(InputLocation{location, 0, 0, "--db"}, message("store.error.not_found"));
  }
  refuse_foreign_sqlite(location);
  return std::make_unique<SqliteStore>(location, create, upgrade);
}

std::unique_ptr<WorldImport> begin_world_import(const std::string& location) {
  if (pg::is_postgres_location(location)) return nullptr;
  // A store that does not exist yet (or an empty file) is created by finish(): bad input found
  // before it leaves no file behind.
  std::error_code ec;
  if (!std::filesystem::exists(location, ec) || std::filesystem::file_size(location, ec) == 0)
    return SqliteStore::import_into(nullptr, location);
  refuse_foreign_sqlite(location);
  return SqliteStore::import_into(std::make_unique<SqliteStore>(location, false), location);
}

}  // namespace praksis
