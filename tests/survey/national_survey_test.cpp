// The survey on a generated synthetic Denmark (scale 0.2, about 1.2 M citizens): the S2 weight
// model's calibration, the indexed S4/S6 against brute force on real-looking data, and results
// that do not depend on the number of threads. One test, so the world is generated once.
#include <gtest/gtest.h>

#include <map>

#include "praksis/core/compensated_sum.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/synth/generator.hpp"

namespace praksis {
namespace {

TEST(NationalSurvey, SyntheticDenmark_S2Calibration_IndexedEqualsBruteForce_ThreadIndependent) {
  const Settings settings;
  const World w = generate_world({0.2, 1, 2}, settings);
  ASSERT_GT(w.citizens.size(), 1'000'000u);
  const int year = settings.dataset.reference_date.year();

  // S2 calibration facts (DOMAIN.md S2): 40.6 M contacts for 5,932,654 citizens in 2022, about
  // 15 a year at age 75, the oldest about 5 times the young.
  const DemandModel demand(settings.demand, year);
  const std::vector<float> contacts = demand.contacts(w.citizens);
  double sum = 0, at75 = 0, old = 0, young = 0;
  std::size_t n75 = 0, n_old = 0, n_young = 0;
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    sum += contacts[i];
    const int age = w.citizens.age_in(static_cast<CitizenIndex>(i), year);
    if (age == 75) at75 += contacts[i], ++n75;
    if (age >= 85) old += contacts[i], ++n_old;
    if (age >= 15 && age < 45) young += contacts[i], ++n_young;
  }
  const double mean = sum / static_cast<double>(contacts.size());
  EXPECT_NEAR(mean, 40.6e6 / 5932654, 0.02 * 40.6e6 / 5932654);
  EXPECT_NEAR(at75 / static_cast<double>(n75), 15.0, 0.75);
  EXPECT_NEAR((old / static_cast<double>(n_old)) / (young / static_cast<double>(n_young)), 5.0,
              0.75);

  // Indexed S4 and S6 equal brute force on every 8th home location of the generated country.
  const std::vector<double> weights = demand.weights(w.citizens);
  HomeLocations all = HomeLocations::build(w, weights, 2);
  // S2: the national mean weight is 1.0 (to 1e-12); home locations are the runs of consecutive
  // citizens at the same point and kommune, also across the build's chunk edges (> 2^20 citizens).
  CompensatedSum weight_sum;
  std::size_t runs = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    weight_sum += weights[i];
    const auto& t = w.citizens;
    if (i == 0 || !(t.home[i] == t.home[i - 1]) || t.kommune[i] != t.kommune[i - 1]) ++runs;
  }
  EXPECT_NEAR(weight_sum.value() / static_cast<double>(weights.size()), 1.0, 1e-12);
  EXPECT_EQ(all.size(), runs);
  HomeLocations sample = all.subset([](std::size_t i) { return i % 8 == 0; });
  const LocationGrid grid(sample, settings.survey.index_cell_km, settings.survey.index_block_cells);
  std::vector<UnitVector> clinics, open;
  std::vector<double> supply;
  for (const Clinic& c : w.clinics) {
    clinics.push_back(UnitVector::from(c.location));
    supply.push_back(c.total_capacities());
    if (c.open) open.push_back(clinics.back());
  }
  EXPECT_EQ(open_clinic_distances(sample, grid, open, 2, 2),
            open_clinic_distances_brute_force(sample, open, 2));
  const DecaySpec decay = DecaySpec::from(settings.survey);
  EXPECT_EQ(accessibility(sample, grid, clinics, supply, decay, 2),
            accessibility_brute_force(sample, clinics, supply, decay));

  // The whole survey is the same with one thread and with two.
  Settings one = settings, two = settings;
  one.survey.threads = 1;
  two.survey.threads = 2;
  const Survey s1 = run_survey(w, one), s2 = run_survey(w, two);
  EXPECT_EQ(survey_json(s1, one), survey_json(s2, two));
  EXPECT_EQ(s1.nation.citizens, w.citizens.size());
  std::uint64_t citizens_in_grid_cells = 0;
  for (const auto& g : s1.grid) citizens_in_grid_cells += g.citizens;
  EXPECT_LE(citizens_in_grid_cells, w.citizens.size());
  EXPECT_GT(citizens_in_grid_cells, w.citizens.size() * 9 / 10);
}

}  // namespace
}  // namespace praksis
