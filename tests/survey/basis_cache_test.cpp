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
  auto same_unit = [](const UnitVector& u, const UnitVector& v) {
    return u.x == v.x && u.y == v.y && u.z == v.z;
  };
  std::size_t cells_differ = 0, blocks_differ = 0;
  for (std::size_t c = 0; c < a.grid.cells.size(); ++c) {
    const LocationGrid::Cell &p = a.grid.cells[c], &q = b.grid.cells[c];
    cells_differ += p.begin != q.begin || p.end != q.end || p.demand != q.demand ||
                    !same_unit(p.center, q.center);
  }
  EXPECT_EQ(cells_differ, 0u);
  ASSERT_EQ(a.grid.blocks.size(), b.grid.blocks.size());
  for (std::size_t k = 0; k < a.grid.blocks.size(); ++k) {
    const LocationGrid::Block &p = a.grid.blocks[k], &q = b.grid.blocks[k];
    blocks_differ += p.first_cell != q.first_cell || p.end_cell != q.end_cell ||
                     p.demand != q.demand || p.radius_chord != q.radius_chord ||
                     !same_unit(p.center, q.center);
  }
  EXPECT_EQ(blocks_differ, 0u);
  EXPECT_EQ(a.grid.cell_radius_chord, b.grid.cell_radius_chord);
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

TEST(SurveyBasisCache, TheGridIndexedInPiecesEqualsTheSerialOne) {
  Settings one;
  one.survey.threads = 1;
  const World w = generate_world({0.003, 7, 2}, one);
  const SurveyBasis serial = SurveyBasis::of(w, one);
  ASSERT_GT(serial.locations.size(), 4096u);  // several pieces
  for (int threads : {2, 3, 8}) {
    Settings more = one;
    more.survey.threads = threads;
    expect_same_basis(SurveyBasis::of(w, more), serial);
  }
}

}  // namespace
}  // namespace praksis
