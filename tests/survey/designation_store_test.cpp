// The designation kept per year in the store (D1-D3 decisions for E3 model 1).
#include "praksis/designation/designation_store.hpp"

#include <gtest/gtest.h>

#include "praksis/store/sqlite_store.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

Designation two_areas(bool first, bool second) {
  Designation d;
  d.min_score = 1.0;
  AreaDesignation a;
  a.kommune = 101;
  a.designated = first;
  d.areas.push_back(a);
  a.kommune = 259;
  a.designated = second;
  d.areas.push_back(a);
  return d;
}

TEST(DesignationStore, D2_OneDesignationPerYearReplacedAndKeptAcrossReopening) {
  const auto path = testing::temp_dir("designation-store") / "p.db";
  {
    SqliteStore store(path);
    auto ds = open_designation_store(store);
    EXPECT_FALSE(ds->load(2024).has_value());
    ds->save(2024, two_areas(true, true), "plan.toml", "[designation]\n", R"({"designated":2})");
    ds->save(2025, two_areas(false, true), "defaults", "", "{}");
    ds->save(2024, two_areas(false, true), "plan2.toml", "", R"({"designated":1})");  // replaces
  }
  SqliteStore store(path, false);
  auto ds = open_designation_store(store);
  EXPECT_EQ(ds->years(), (std::vector<int>{2024, 2025}));
  const auto d = ds->load(2024);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->designated, (std::vector<KommuneCode>{259}));
  EXPECT_EQ(d->areas, 2u);
  EXPECT_EQ(d->settings_source, "plan2.toml");
  EXPECT_EQ(d->document, R"({"designated":1})");
  EXPECT_EQ(d->decided_at.size(), 20u);  // 2026-11-23T05:06:07Z
  EXPECT_EQ(d->decided_at.back(), 'Z');
  ds->save(2026, two_areas(false, false), "defaults", "", "{}");
  EXPECT_TRUE(ds->load(2026)->designated.empty());
}

}  // namespace
}  // namespace praksis
