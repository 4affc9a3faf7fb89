// Fresh store locations for the tests: SQLite files and PostgreSQL schemas.
#include "support/stores.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "praksis/store/postgres.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {

std::string postgres_test_uri() {
  if (const char* uri = std::getenv("PRAKSIS_TEST_POSTGRES"); uri && *uri) return uri;
  if (const char* file = std::getenv("PRAKSIS_TEST_POSTGRES_FILE"); file && *file) {
    std::ifstream in(file);
    std::string uri;
    std::getline(in, uri);
    return uri;
  }
  return {};
}

std::string fresh_store(StoreKind kind, const std::string& name) {
  static std::atomic<int> counter{0};
  if (kind == StoreKind::sqlite) return (temp_dir(name) / "praksis.db").string();
  const std::string base = postgres_test_uri();
  const std::string schema = fmt::format("t{}_{}", getpid(), ++counter);
  {
    pg::Connection c(base);
    c.exec(fmt::format("CREATE SCHEMA {}", schema));
  }
  return fmt::format("{}{}options=-csearch_path%3D{}", base,
                     base.find('?') == std::string::npos ? "?" : "&", schema);
}

std::string store_kind_name(const ::testing::TestParamInfo<StoreKind>& info) {
  return info.param == StoreKind::sqlite ? "Sqlite" : "Postgres";
}

}  // namespace praksis::testing
