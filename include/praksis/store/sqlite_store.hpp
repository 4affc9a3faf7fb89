// The embedded default store: one SQLite file in WAL mode.
#pragma once

#include <filesystem>

#include "praksis/store/sqlite.hpp"
#include "praksis/store/store.hpp"

namespace praksis {

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::filesystem::path& path, bool create = true);

  const char* kind() const override { return "sqlite"; }
  std::string location() const override { return db_.path(); }
  bool has_world() override;
  StoreCounts counts() override;
  std::int64_t data_version() override;
  World load_world() override;
  void replace_world(const World& w) override;

  /// The connection, for the SQLite implementations of area repositories (listing, economy).
  sqlite::Database& db() { return db_; }
  /// Records one more committed change; call inside the change's transaction.
  void bump_data_version();

  static constexpr int kSchemaVersion = 1;

 private:
  void create_schema();
  sqlite::Database db_;
};

}  // namespace praksis
