// Rule S1's capacities in the pipeline and S5's stated retirements from the doctors' hearing, on
// the hand-made dataset tests/data/valid (capacity_pipeline.csv, gp_hearing.csv).
#include <gtest/gtest.h>

#include "praksis/io/interchange.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {
namespace {

const std::filesystem::path kData = PRAKSIS_TEST_DATA_DIR;

Survey survey_on(const World& w, Date day, int stated_years = 5) {
  Settings s;
  s.dataset.reference_date = day;
  s.survey.stated_retirement_years = stated_years;
  return run_survey(w, s);
}

struct Pipeline {
  std::uint64_t all, opslag;
};
Pipeline in_pipeline(const Survey& s, int kommune) {
  const AreaFigures* a = kommune == 0 ? &s.nation : s.find_kommune(kommune);
  return {a->capacities_in_pipeline, a->capacities_in_opslag};
}

TEST(Survey, S1_CapacitiesInThePipeline_AdvertisedByTheDateAndNotYetStarted_EveryStatus) {
  const World w = read_world(kData / "valid", Settings{});
  // On 2023-01-01: row 1 (101, i_opslag, 2), row 2 (147, tildelt), row 3 (259, afventer, start
  // 2023-04-01); row 4 (101) started 2022-10-01 and no longer counts.
  const Survey s = survey_on(w, Date::from_ymd(2023, 1, 1));
  EXPECT_EQ(in_pipeline(s, 101).all, 2u);
  EXPECT_EQ(in_pipeline(s, 101).opslag, 2u);
  EXPECT_EQ(in_pipeline(s, 147).all, 1u);
  EXPECT_EQ(in_pipeline(s, 147).opslag, 0u);
  EXPECT_EQ(in_pipeline(s, 259).all, 1u);
  EXPECT_EQ(in_pipeline(s, 0).all, 4u);
  EXPECT_EQ(in_pipeline(s, 0).opslag, 2u);
  EXPECT_EQ(s.regions[0].capacities_in_pipeline, 3u);  // Hovedstaden: 101 and 147
  // Edges: advertised on the date counts; the expected start on the date does not.
  EXPECT_EQ(in_pipeline(survey_on(w, Date::from_ymd(2022, 9, 1)), 101).all, 3u);
  EXPECT_EQ(in_pipeline(survey_on(w, Date::from_ymd(2022, 8, 31)), 101).all, 1u);
  EXPECT_EQ(in_pipeline(survey_on(w, Date::from_ymd(2022, 10, 1)), 101).all, 2u);
  // Before row 3 was advertised only row 4 (advertised 2021-09-01) counts; before that none.
  EXPECT_EQ(in_pipeline(survey_on(w, Date::from_ymd(2022, 2, 28)), 0).all, 1u);
  EXPECT_EQ(in_pipeline(survey_on(w, Date::from_ymd(2021, 8, 31)), 0).all, 0u);
}

TEST(Survey, S1_CapacitiesInThePipeline_AreNotAddedToTheActiveCapacities) {
  const World with = read_world(kData / "valid", Settings{});
  World without = with;
  without.capacity_pipeline.clear();
  const Survey a = survey_on(with, Date::from_ymd(2023, 1, 1));
  const Survey b = survey_on(without, Date::from_ymd(2023, 1, 1));
  EXPECT_EQ(b.nation.capacities_in_pipeline, 0u);
  EXPECT_EQ(a.nation.capacities_filled, b.nation.capacities_filled);
  EXPECT_EQ(a.nation.capacities_unfilled, b.nation.capacities_unfilled);
  for (std::size_t k = 0; k < a.kommuner.size(); ++k) {
    EXPECT_EQ(a.kommuner[k].patients_per_capacity.denominator,
              b.kommuner[k].patients_per_capacity.denominator);
    EXPECT_EQ(a.kommuner[k].patients_per_capacity.value(),
              b.kommuner[k].patients_per_capacity.value());
  }
}

TEST(Survey, S5_StatedRetirements_WithinTheSettingsYearsOfTheReferenceYear) {
  const World w = read_world(kData / "valid", Settings{});
  // Doctor 5001 (clinic in 101) states 2027, doctor 5003 (clinic in 147) 2024.
  const Survey five = survey_on(w, Date::from_ymd(2023, 1, 1), 5);
  EXPECT_EQ(five.find_kommune(101)->stated_retirements, 1u);
  EXPECT_EQ(five.find_kommune(147)->stated_retirements, 1u);
  EXPECT_EQ(five.nation.stated_retirements, 2u);
  const Survey three = survey_on(w, Date::from_ymd(2023, 1, 1), 3);  // up to 2026
  EXPECT_EQ(three.find_kommune(101)->stated_retirements, 0u);
  EXPECT_EQ(three.find_kommune(147)->stated_retirements, 1u);
  const Survey four = survey_on(w, Date::from_ymd(2023, 1, 1), 4);  // 2027 included
  EXPECT_EQ(four.find_kommune(101)->stated_retirements, 1u);
}

}  // namespace
}  // namespace praksis
