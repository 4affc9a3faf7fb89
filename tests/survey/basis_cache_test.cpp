// The survey basis's home locations cached in the SQLite store: the same basis as computed, and
// not used once the store or the S2 settings changed.
#include "praksis/survey/basis_cache.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "praksis/model/planning_areas.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/settings/settings.hpp"
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

void expect_same_counts(const CitizenCounts& a, const CitizenCounts& b) {
  ASSERT_EQ(a.area.size(), b.area.size());
  std::size_t different = 0;
  for (std::size_t k = 0; k < a.area.size(); ++k) {
    const CitizenCounts::Area &x = a.area[k], &y = b.area[k];
    different += x.citizens != y.citizens || x.group1 != y.group1 || x.listed != y.listed ||
                 x.temporary != y.temporary || x.working != y.working || x.outside != y.outside ||
                 x.listed_outside != y.listed_outside || x.other_region != y.other_region ||
                 x.weight_q != y.weight_q;
  }
  EXPECT_EQ(different, 0u);
  EXPECT_EQ(a.clinic_listed, b.clinic_listed);
  EXPECT_EQ(a.clinic_weight_q, b.clinic_weight_q);
  EXPECT_EQ(a.home_residents, b.home_residents);
  EXPECT_EQ(a.home_with_doctor, b.home_with_doctor);
}

CitizenCounts counted(const World& w, const Settings& s) {
  return count_citizens(w, PlanningAreas::per_kommune(w), SurveyBasis::of(w, s).weights, 1);
}

std::string csv_of(const Survey& s) {
  return survey_csv(s, SurveyRows::areas, CsvDialect::standard) +
         survey_csv(s, SurveyRows::clinics, CsvDialect::standard);
}

// The citizen pass cached beside the locations (format 3): the counts read back are the counted
// ones, a survey from them is the computed survey, and they are not taken under other S2
// settings, from an older cache format, or for a survey per planning area.
TEST(SurveyBasisCache, TheCachedCitizenCountsEqualTheCountedOnes) {
  const Settings settings;
  SqliteStore store(testing::temp_dir("basis_counts") / "p.db");
  store.replace_world(generate_world({0.003, 11, 2}, settings));
  const World w = store.load_world();
  ASSERT_FALSE(w.nursing_homes.empty());
  const CitizenCounts expected = counted(w, settings);
  const std::string survey = csv_of(run_survey(w, settings));

  const std::int64_t v = store.loaded_version();
  const SurveyBasis first = survey_basis_cached(store, v, w, settings, true, true);
  EXPECT_FALSE(first.locations_cached);
  ASSERT_TRUE(first.counts.has_value());
  expect_same_counts(*first.counts, expected);
  const SurveyBasis second = survey_basis_cached(store, v, w, settings, true, true);
  EXPECT_TRUE(second.locations_cached);
  ASSERT_TRUE(second.counts.has_value());
  EXPECT_TRUE(second.weights.empty());  // the counts read: no weights computed
  expect_same_counts(*second.counts, expected);
  EXPECT_EQ(csv_of(run_survey(w, settings, second)), survey);
  // Without asking for counts: the locations from the cache, the weights computed.
  const SurveyBasis plain = survey_basis_cached(store, v, w, settings, true, false);
  EXPECT_TRUE(plain.locations_cached);
  EXPECT_FALSE(plain.counts.has_value());
  EXPECT_EQ(plain.weights, SurveyBasis::of(w, settings).weights);

  // Per planning area (two kommuner merged) the basis's counts are not used.
  std::string toml = fmt::format("[[area]]\nid = 1\nname = \"a\"\nkommuner = [{}, {}]\n",
                                 w.kommuner[0].code, w.kommuner[1].code);
  for (std::size_t k = 2; k < w.kommuner.size(); ++k)
    toml += fmt::format("[[area]]\nid = {}\nname = \"k{}\"\nkommuner = [{}]\n", k, k,
                        w.kommuner[k].code);
  const auto dir = testing::temp_dir("basis_counts_areas");
  const PlanningAreas areas =
      PlanningAreas::of(PlanningAreaFile::parse(toml, (dir / "a.toml").string(), dir), w);
  ASSERT_EQ(areas.areas().size() + 1, w.kommuner.size());
  EXPECT_EQ(
      survey_csv(run_survey(w, settings, second, areas), SurveyRows::areas, CsvDialect::standard),
      survey_csv(run_survey(w, settings, areas), SurveyRows::areas, CsvDialect::standard));

  // Other S2 settings: the cache (and its counts) does not apply; counted again and replaced.
  Settings other = settings;
  other.demand.copd_factor *= 1.5;
  const SurveyBasis changed = survey_basis_cached(store, v, w, other, true, true);
  EXPECT_FALSE(changed.locations_cached);
  ASSERT_TRUE(changed.counts.has_value());
  const CitizenCounts other_expected = counted(w, other);
  expect_same_counts(*changed.counts, other_expected);
  EXPECT_NE(other_expected.area[0].weight_q, expected.area[0].weight_q);
  const SurveyBasis changed_again = survey_basis_cached(store, v, w, other, true, true);
  EXPECT_TRUE(changed_again.locations_cached);
  ASSERT_TRUE(changed_again.counts.has_value());
  expect_same_counts(*changed_again.counts, other_expected);

  // A cache of the locations only (written without counts, e.g. by a survey --as-of): the counts
  // are counted, added to it, and read from it the next time.
  ASSERT_FALSE(survey_basis_cached(store, v, w, settings, true, false).locations_cached);
  ASSERT_TRUE(survey_basis_cached(store, v, w, settings, true, false).locations_cached);
  const SurveyBasis added = survey_basis_cached(store, v, w, settings, true, true);
  EXPECT_TRUE(added.locations_cached);
  EXPECT_FALSE(added.weights.empty());  // counted: the weights were needed
  ASSERT_TRUE(added.counts.has_value());
  expect_same_counts(*added.counts, expected);
  const SurveyBasis read = survey_basis_cached(store, v, w, settings, true, true);
  EXPECT_TRUE(read.weights.empty());
  ASSERT_TRUE(read.counts.has_value());
  expect_same_counts(*read.counts, expected);

  // A cache of the previous format (its tag starts with 2|) is not used, and is rewritten.
  store.db().exec(
      "UPDATE survey_basis_cache SET data = CAST('2' || substr(CAST(data AS TEXT), 2) AS BLOB) "
      "WHERE name = 'tag'");
  const SurveyBasis old_format = survey_basis_cached(store, v, w, settings, true, true);
  EXPECT_FALSE(old_format.locations_cached);
  expect_same_counts(*old_format.counts, expected);
  const SurveyBasis rewritten = survey_basis_cached(store, v, w, settings, true, true);
  EXPECT_TRUE(rewritten.locations_cached);
  EXPECT_TRUE(rewritten.weights.empty());
  EXPECT_EQ(csv_of(run_survey(w, settings, rewritten)), survey);
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
