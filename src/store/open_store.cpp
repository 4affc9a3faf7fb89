// The one factory of stores: a postgresql:// location opens PostgreSQL, anything else a SQLite
// file.
#include <filesystem>

#include "praksis/core/error.hpp"
#include "praksis/store/postgres_store.hpp"
#include "praksis/store/sqlite_store.hpp"

namespace praksis {

std::unique_ptr<Store> open_store(const std::string& location, bool create) {
  if (pg::is_postgres_location(location)) {
    try {
      return std::make_unique<PostgresStore>(location, create);
    } catch (const pg::PgError& e) {
      throw InputError(InputLocation{pg::location_without_password(location), 0, 0, "--db"},
                       e.what());
    }
  }
  if (!create && !std::filesystem::exists(location)) {
    throw InputError(InputLocation{location, 0, 0, "--db"},
                     "store does not exist (run `praksis import` or `praksis demo` first)");
  }
  return std::make_unique<SqliteStore>(location, create);
}

}  // namespace praksis
