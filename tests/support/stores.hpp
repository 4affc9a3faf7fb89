// The stores the store, listing, economy and CLI tests run against: SQLite (always) and
// PostgreSQL (in the test cluster that tests/pg_cluster.sh starts for the `postgres` label).
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace praksis::testing {

enum class StoreKind { sqlite, postgres };

/// The connection URI of the test cluster (PRAKSIS_TEST_POSTGRES, or the file named by
/// PRAKSIS_TEST_POSTGRES_FILE); empty when there is none.
std::string postgres_test_uri();

/// A fresh, empty store location of `kind`: a file in a new temp directory, or a new schema of
/// the test database (a URI whose search_path is that schema).
std::string fresh_store(StoreKind kind, const std::string& name = "store");

/// gtest parameter names: "Sqlite", "Postgres".
std::string store_kind_name(const ::testing::TestParamInfo<StoreKind>& info);

/// A test over both stores; the PostgreSQL case is skipped when no test cluster runs.
class StoreKindTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (GetParam() == StoreKind::postgres && postgres_test_uri().empty())
      GTEST_SKIP() << "no PostgreSQL test cluster (ctest -L postgres starts one)";
  }
  std::string fresh(const std::string& name = "store") { return fresh_store(GetParam(), name); }
};

#define PRAKSIS_BOTH_STORES(suite)                                                     \
  INSTANTIATE_TEST_SUITE_P(Stores, suite,                                              \
                           ::testing::Values(::praksis::testing::StoreKind::sqlite,    \
                                             ::praksis::testing::StoreKind::postgres), \
                           ::praksis::testing::store_kind_name)

}  // namespace praksis::testing
