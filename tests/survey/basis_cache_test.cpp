// The survey basis's home locations cached in the SQLite store: the same basis as computed, and
// not used once the store or the S2 settings changed.
#include "praksis/survey/basis_cache.hpp"

#include <gtest/gtest.h>

#include "praksis/store/sqlite_store.hpp"
#include "praksis/synth/generator.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

void expect_same_basis(const SurveyBasis& a, const SurveyBasis& b) {
  EXPECT_EQ(a.weights, b.weights);
  const HomeLocations &x = a.locations, &y = b.locations;
  ASSERT_EQ(x.size(), y.size());
  std::size_t different = 0;
  for (std::size_t g = 0; g < x.size(); ++g) {
    different += !(x.point[g] == y.point[g]) || x.unit[g].x != y.unit[g].x ||
                 x.unit[g].y != y.unit[g].y || x.unit[g].z != y.unit[g].z ||
                 x.citizens[g] != y.citizens[g] || x.demand[g] != y.demand[g] ||
                 x.area[g] != y.area[g];
  }
  EXPECT_EQ(different, 0u);
  ASSERT_EQ(a.grid.cells.size(), b.grid.cells.size());
  for (std::size_t c = 0; c < a.grid.cells.size(); ++c) {
    EXPECT_EQ(a.grid.cells[c].begin, b.grid.cells[c].begin);
    EXPECT_EQ(a.grid.cells[c].end, b.grid.cells[c].end);
    EXPECT_EQ(a.grid.cells[c].demand, b.grid.cells[c].demand);
  }
  EXPECT_EQ(a.grid.blocks.size(), b.grid.blocks.size());
}

TEST(SurveyBasisCache, TheCachedBasisEqualsTheComputedOneUntilTheStoreChanges) {
  const Settings settings;
  SqliteStore store(testing::temp_dir("basis") / "p.db");
  store.replace_world(generate_world({0.003, 5, 2}, settings));
  const World w = store.load_world();
  const SurveyBasis fresh = SurveyBasis::of(w, settings);
  ASSERT_GT(fresh.locations.size(), 1000u);

  const SurveyBasis first = survey_basis_cached(store, store.loaded_version(), w, settings);
  EXPECT_FALSE(first.locations_cached);  // nothing cached after the import
  expect_same_basis(first, fresh);
  const SurveyBasis second = survey_basis_cached(store, store.loaded_version(), w, settings);
  EXPECT_TRUE(second.locations_cached);
  expect_same_basis(second, fresh);

  // Other S2 settings: other weights, so the cache does not apply (and is replaced).
  Settings other = settings;
  other.demand.copd_factor *= 1.5;
  const SurveyBasis changed = survey_basis_cached(store, store.loaded_version(), w, other);
  EXPECT_FALSE(changed.locations_cached);
  expect_same_basis(changed, SurveyBasis::of(w, other));

  // A committed change (here only the counter) makes the cache stale.
  {
    sqlite::Transaction tx(store.db());
    store.bump_data_version();
    tx.commit();
  }
  const World again = store.load_world();
  const SurveyBasis after = survey_basis_cached(store, store.loaded_version(), again, settings);
  EXPECT_FALSE(after.locations_cached);
  expect_same_basis(after, fresh);
  // A load at the old version does not take the cache written for the new one.
  EXPECT_FALSE(
      survey_basis_cached(store, store.loaded_version() - 1, again, settings).locations_cached);
}

}  // namespace
}  // namespace praksis
