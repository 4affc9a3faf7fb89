// The forecast on hand-made worlds (rules F1-F3): every component of the cohort model and the
// supply by hand, external projections and scenario files, determinism of the Monte Carlo.
#include "praksis/forecast/forecast.hpp"

#include <gtest/gtest.h>

#include "praksis/core/error.hpp"
#include "praksis/core/random.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/forecast/forecast_tables.hpp"
#include "praksis/output/text.hpp"
#include "praksis/survey/survey.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

using testing::kOrigin;
using testing::offset_km;
using testing::WorldBuilder;

constexpr double kTol = 1e-9;

/// Settings where nothing happens unless a test turns it on.
Settings still_settings() {
  Settings s;
  ForecastSettings& f = s.forecast;
  f.mortality_level = 0;
  f.mortality_improvement = 0;
  f.total_fertility = 0;
  f.net_immigration = 0;
  f.internal_migration_factor = 0;
  f.training_posts = 0;
  f.owner_tenure_years = 0;
  return s;
}

/// `n` citizens of one sex and birth year in kommune `k`.
void add(WorldBuilder& b, CitizenId& id, int n, KommuneCode k, Sex sex, int birth_year) {
  for (int i = 0; i < n; ++i) {
    b.citizen(id++, offset_km(kOrigin, 0.1 * static_cast<double>(k % 7), 0.0), kNoClinic,
              birth_year, k);
    b.last_citizen().sex = sex;
  }
}

ForecastResult forecast(const World& w, const Settings& s, int to, int runs = 0) {
  const Survey survey = run_survey(w, s);
  ForecastParameters p;
  p.to_year = to;
  p.runs = runs;
  p.seed = 7;
  return run_forecast(w, survey, s, p);
}

/// Persons of one kommune, sex and age in a year, read back from the kommune path's cohort: the
/// result only holds totals, so the tests use one-cohort worlds or totals.
double population(const ForecastResult& r, std::size_t k, int year) {
  return r.kommuner[k].years[static_cast<std::size_t>(year - r.base_year)].population;
}

TEST(Forecast, F2_Ageing_CohortsMoveOneYearAndTheOpenGroupKeepsItsMembers) {
  WorldBuilder b;
  CitizenId id = 1;
  add(b, id, 10, 101, Sex::female, 2023 - 64);  // 64: turns 65 in one year
  add(b, id, 4, 101, Sex::male, 2023 - 84);     // 84: turns 85 in one year
  add(b, id, 3, 101, Sex::male, 2023 - 103);    // 100+ already
  const World w = b.build();
  const ForecastResult r = forecast(w, still_settings(), 2025);
  const ForecastYear& y0 = r.national(2023);
  const ForecastYear& y1 = r.national(2024);
  EXPECT_DOUBLE_EQ(y0.population, 17);
  EXPECT_DOUBLE_EQ(y0.aged_65, 7);
  EXPECT_DOUBLE_EQ(y0.aged_85, 3);
  EXPECT_DOUBLE_EQ(y1.population, 17);
  EXPECT_DOUBLE_EQ(y1.aged_65, 17);
  EXPECT_DOUBLE_EQ(y1.aged_85, 7);
  EXPECT_DOUBLE_EQ(r.national(2025).aged_85, 7);
}

TEST(Forecast, F2_Deaths_ProbabilityByAgeAndSexTimesLevelFallingByTheImprovement) {
  WorldBuilder b;
  CitizenId id = 1;
  add(b, id, 1000, 101, Sex::female, 2023 - 80);
  add(b, id, 1000, 147, Sex::male, 2023 - 80);
  const World w = b.build();
  Settings s = still_settings();
  s.forecast.mortality_level = 1;
  s.forecast.mortality_improvement = 0.5;
  const ForecastRates& q = ForecastRates::embedded();
  const ForecastResult r = forecast(w, s, 2025);
  // 2023 -> 2024 at age 80 with the full rate; 2024 -> 2025 at age 81 with half of it.
  const double women_2024 = 1000 * (1 - q.death_female[80]);
  const double men_2024 = 1000 * (1 - q.death_male[80]);
  EXPECT_NEAR(population(r, 0, 2024), women_2024, kTol);
  EXPECT_NEAR(population(r, 1, 2024), men_2024, kTol);
  EXPECT_NEAR(population(r, 0, 2025), women_2024 * (1 - 0.5 * q.death_female[81]), kTol);
  EXPECT_NEAR(population(r, 1, 2025), men_2024 * (1 - 0.5 * q.death_male[81]), kTol);
  EXPECT_GT(q.death_male[80], q.death_female[80]);
}

TEST(Forecast, F2_Births_WomenByAgeTimesFertilityShareTimesTotalFertility_SplitBySexRatio) {
  WorldBuilder b;
  CitizenId id = 1;
  add(b, id, 100, 101, Sex::female, 2023 - 31);
  add(b, id, 50, 101, Sex::male, 2023 - 31);  // men have no children in the model
  const World w = b.build();
  Settings s = still_settings();
  s.forecast.total_fertility = 2.0;
  s.forecast.male_birth_share = 0.5;
  const ForecastResult r = forecast(w, s, 2024);
  const double births = 100 * ForecastRates::embedded().fertility_share[31] * 2.0;
  EXPECT_GT(births, 5);
  EXPECT_NEAR(population(r, 0, 2024) - 150, births, kTol);
}

TEST(Forecast, F2_Births_FullFertileAgeRangeGivesTotalFertilityPerWoman) {
  WorldBuilder b;
  CitizenId id = 1;
  for (int age = 15; age <= 49; ++age) add(b, id, 10, 101, Sex::female, 2023 - age);
  const World w = b.build();
  Settings s = still_settings();
  s.forecast.total_fertility = 1.5;
  const ForecastResult r = forecast(w, s, 2024);
  // 10 women at every fertile age: 10 x 1.5 children over the shares (which sum to 1).
  EXPECT_NEAR(population(r, 0, 2024) - 350, 15.0, 1e-4);
}

TEST(Forecast, F2_Migration_MoversSettleLikeTheBaseYearResidentsOfTheirAge) {
  WorldBuilder b;
  CitizenId id = 1;
  add(b, id, 600, 101, Sex::female, 2023 - 25);
  add(b, id, 400, 147, Sex::female, 2023 - 26);
  const World w = b.build();
  Settings s = still_settings();
  s.forecast.internal_migration_factor = 1;
  const ForecastRates& rates = ForecastRates::embedded();
  ASSERT_DOUBLE_EQ(rates.internal_out_rate[26], 0.10);
  ASSERT_DOUBLE_EQ(rates.internal_out_rate[27], 0.10);
  const ForecastResult r = forecast(w, s, 2024);
  // 101's 600 turn 26: 60 move, all to 147 (the only kommune with 26-year-olds in 2023).
  // 147's 400 turn 27: 40 move; nobody was 27 in 2023, so they settle by total population:
  // 60 % (24) to 101 and 40 % (16) back into 147.
  EXPECT_NEAR(population(r, 0, 2024), 540 + 24, kTol);
  EXPECT_NEAR(population(r, 1, 2024), 60 + 360 + 16, kTol);
  EXPECT_NEAR(r.national(2024).population, 1000, kTol);
}

TEST(Forecast, F2_NetImmigration_AddsTheYearlyNumberByAgeShareAndDestination) {
  WorldBuilder b;
  CitizenId id = 1;
  // One kommune has every age, so every immigrant settles there.
  for (int age = 0; age <= 100; ++age) {
    add(b, id, 1, 101, Sex::female, 2023 - age);
    add(b, id, 1, 101, Sex::male, 2023 - age);
  }
  const World w = b.build();
  Settings s = still_settings();
  s.forecast.net_immigration = 1000;
  const ForecastResult r = forecast(w, s, 2024);
  double shares = 0;
  for (double x : ForecastRates::embedded().immigration_share) shares += x;
  EXPECT_NEAR(shares, 1.0, 1e-5);
  EXPECT_NEAR(population(r, 0, 2024), 202 + 1000 * shares, kTol);
  EXPECT_NEAR(population(r, 1, 2024), 0, kTol);
  EXPECT_NEAR(population(r, 2, 2024), 0, kTol);
}

/// A world with one clinic in 101 (2 filled + 1 unfilled capacity, doctors aged 50 and 70) and
/// residents in 101 and 147.
World supply_world() {
  WorldBuilder b;
  const ClinicIndex c = b.clinic(5001, kOrigin, 2);
  (void)c;
  b.doctor(1, 5001, 2023 - 50);
  b.doctor(2, 5001, 2023 - 70);
  CitizenId id = 1;
  add(b, id, 3200, 101, Sex::female, 2023 - 40);
  add(b, id, 1600, 147, Sex::female, 2023 - 40);
  World w = b.build();
  w.clinics[0].unfilled_capacities = 1;
  return w;
}

TEST(Forecast, F3_Retirement_ExitProbabilityByAge_HeldCapacitiesStayUnfilled) {
  const World w = supply_world();
  Settings s = still_settings();
  const ForecastRates& q = ForecastRates::embedded();
  const ForecastResult r = forecast(w, s, 2024);
  const ForecastYear& k0 = r.kommuner[0].years[0];
  EXPECT_DOUBLE_EQ(k0.gps, 2);
  EXPECT_DOUBLE_EQ(k0.capacities_filled, 2);
  EXPECT_DOUBLE_EQ(k0.capacities_unfilled, 1);
  const ForecastYear& k1 = r.kommuner[0].years[1];
  const double gps = 2 - q.gp_exit[50] - q.gp_exit[70];
  EXPECT_NEAR(k1.gps, gps, kTol);
  EXPECT_NEAR(k1.capacities_filled, gps, kTol);  // one doctor per filled capacity today
  EXPECT_NEAR(k1.capacities_unfilled, 3 - gps, kTol);
  EXPECT_NEAR(k1.senior_gps, 1 - q.gp_exit[70], kTol);
}

// The doctors' hearing: a stated retirement year comes before the model. Doctor 2 (70) states
// 2025: no modelled exit in 2023 and 2024, gone from 2026 on; doctor 1 (50) exits by the model.
TEST(Forecast, F3_StatedRetirement_ADoctorWithAStatedYearRetiresThenOthersByTheModel) {
  World w = supply_world();
  HearingEntry stated;
  stated.ydernummer = 5001;
  stated.doctor = 2;
  stated.retirement_year = 2025;
  w.hearing.push_back(stated);
  Settings s = still_settings();
  const ForecastRates& q = ForecastRates::embedded();
  const ForecastResult r = forecast(w, s, 2027);
  const auto gps = [&](int year) {
    return r.kommuner[0].years[static_cast<std::size_t>(year - r.base_year)];
  };
  const double d1_2024 = 1 - q.gp_exit[50];
  const double d1_2025 = d1_2024 * (1 - q.gp_exit[51]);
  const double d1_2026 = d1_2025 * (1 - q.gp_exit[52]);
  EXPECT_DOUBLE_EQ(gps(2023).gps, 2);
  EXPECT_NEAR(gps(2024).gps, d1_2024 + 1, kTol);
  EXPECT_NEAR(gps(2025).gps, d1_2025 + 1, kTol);  // still in practice in the stated year
  EXPECT_NEAR(gps(2025).senior_gps, 1, kTol);
  EXPECT_NEAR(gps(2026).gps, d1_2026, kTol);  // retired at the end of 2025
  EXPECT_NEAR(gps(2026).senior_gps, 0, kTol);
  // Without the hearing, the same doctor exits by the model from the first year.
  const ForecastResult m = forecast(supply_world(), s, 2027);
  EXPECT_NEAR(m.kommuner[0].years[1].gps, 2 - q.gp_exit[50] - q.gp_exit[70], kTol);
  // A stated year for a doctor of another clinic or a clinic row changes nothing here.
  World other = supply_world();
  HearingEntry wish;
  wish.ydernummer = 5001;
  wish.wished_open = false;
  other.hearing.push_back(wish);
  const ForecastResult o = forecast(other, s, 2027);
  EXPECT_NEAR(o.kommuner[0].years[1].gps, m.kommuner[0].years[1].gps, kTol);
}

TEST(Forecast, F3_RetirementAgeShift_MovesTheExitTableToOlderAges) {
  const World w = supply_world();
  Settings s = still_settings();
  s.forecast.retirement_age_shift = 5;
  const ForecastRates& q = ForecastRates::embedded();
  const ForecastResult r = forecast(w, s, 2024);
  EXPECT_NEAR(r.kommuner[0].years[1].gps, 2 - q.gp_exit[45] - q.gp_exit[65], kTol);
}

TEST(Forecast, F3_Inflow_PostsTimesFilledTimesGeneralPractice_PlacedByUnmetNeed) {
  const World w = supply_world();
  Settings s = still_settings();
  s.forecast.training_posts = 100;
  s.forecast.training_fill_share = 0.5;
  s.forecast.general_practice_share = 0.5;
  s.forecast.need_basis = NeedBasis::flat;
  s.forecast.new_gp_age = 37;
  const ForecastRates& q = ForecastRates::embedded();
  const ForecastResult r = forecast(w, s, 2024);
  // Need: 101 has 3,200 residents = 2 capacities, 147 has 1,600 = 1 (normtal 1,600). After
  // exits 101 holds `left` doctors (one per capacity): unmet 2 - left; 147 unmet 1.
  const double left = 2 - q.gp_exit[50] - q.gp_exit[70];
  const double unmet101 = 2 - left, unmet147 = 1;
  const double inflow = 25;
  EXPECT_NEAR(r.kommuner[0].years[1].gps, left + inflow * unmet101 / (unmet101 + unmet147), kTol);
  EXPECT_NEAR(r.kommuner[1].years[1].gps, inflow * unmet147 / (unmet101 + unmet147), kTol);
  // 147 held no capacity: one is created per doctor (at the national 1 doctor per capacity).
  EXPECT_NEAR(r.kommuner[1].years[1].capacities_filled, r.kommuner[1].years[1].gps, kTol);
  EXPECT_NEAR(r.kommuner[1].years[1].capacities_unfilled, 0, kTol);
  EXPECT_DOUBLE_EQ(r.kommuner[0].years[0].need, 2);
  EXPECT_DOUBLE_EQ(r.kommuner[1].years[0].need, 1);
}

TEST(Forecast, F3_Placement_Today_NewGpsGoWhereTheDoctorsAre) {
  const World w = supply_world();
  Settings s = still_settings();
  s.forecast.training_posts = 10;
  s.forecast.training_fill_share = 1;
  s.forecast.general_practice_share = 1;
  s.forecast.placement = NewCapacityPlacement::today;
  const ForecastRates& q = ForecastRates::embedded();
  const ForecastResult r = forecast(w, s, 2024);
  EXPECT_NEAR(r.kommuner[0].years[1].gps, 2 - q.gp_exit[50] - q.gp_exit[70] + 10, kTol);
  EXPECT_NEAR(r.kommuner[1].years[1].gps, 0, kTol);
}

TEST(Forecast, F1_Gap_ShortKommunerAndTheirCitizens_FirstShortYear) {
  const World w = supply_world();
  Settings s = still_settings();
  s.forecast.need_basis = NeedBasis::flat;
  const ForecastResult r = forecast(w, s, 2024);
  // 2023: 101 needs 2 and has 2 filled (not short); 147 needs 1 and has none (short).
  const ForecastYear& n0 = r.national(2023);
  EXPECT_EQ(n0.kommuner_short, 1u);
  EXPECT_DOUBLE_EQ(n0.citizens_in_short_kommuner, 1600);
  EXPECT_DOUBLE_EQ(n0.gap(), 3 - 2);
  EXPECT_EQ(r.kommuner[1].first_short_year, 2023);
  EXPECT_EQ(r.kommuner[0].first_short_year, 2024);  // a doctor's share retires in 2024
  EXPECT_EQ(r.national(2024).kommuner_short, 2u);
  EXPECT_DOUBLE_EQ(r.national(2024).citizens_in_short_kommuner, 4800);
}

TEST(Forecast, F1_YearZeroAgreesWithTheSurvey) {
  const World w = supply_world();
  const Settings s;
  const Survey survey = run_survey(w, s);
  ForecastParameters p;
  p.to_year = 2028;
  const ForecastResult r = run_forecast(w, survey, s, p);
  const ForecastYear& y0 = r.national(survey.year);
  EXPECT_DOUBLE_EQ(y0.listed_patients, survey.nation.patients_per_capacity.numerator);
  EXPECT_DOUBLE_EQ(y0.capacities(), survey.nation.patients_per_capacity.denominator);
  EXPECT_DOUBLE_EQ(y0.weighted_listed, survey.nation.weighted_patients_per_capacity.numerator);
  EXPECT_DOUBLE_EQ(y0.gps, survey.nation.doctors);
  EXPECT_DOUBLE_EQ(y0.senior_gps, survey.nation.senior_doctors);
  EXPECT_DOUBLE_EQ(y0.capacities_unfilled, survey.nation.capacities_unfilled);
  EXPECT_DOUBLE_EQ(y0.population, survey.nation.citizens);
  EXPECT_EQ(r.nation.years.size(), 6u);
}

TEST(Forecast, F1_Parameters_ToYearOutsideTheRangeNegativeRunsAndBadRegionAreRejected) {
  const ForecastSettings s;
  ForecastParameters p;
  p.to_year = 2022;
  EXPECT_THROW(p.validate(2023, s), InputError);
  p.to_year = s.last_year + 1;
  EXPECT_THROW(p.validate(2023, s), InputError);
  p.to_year = 2030;
  p.runs = -1;
  EXPECT_THROW(p.validate(2023, s), InputError);
  p.runs = 10;
  EXPECT_NO_THROW(p.validate(2023, s));
  for (int bad : {0, 1080, 1086, 101}) {
    p.region = bad;
    try {
      p.validate(2023, s);
      ADD_FAILURE() << "accepted region " << bad;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--region"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("1081"), std::string::npos) << e.what();
    }
  }
  p.region = 1081;
  EXPECT_NO_THROW(p.validate(2023, s));
}

TEST(Forecast, F1_MonteCarlo_SameSeedSameBands_IndependentOfThreads) {
  const World w = supply_world();
  Settings s;
  s.forecast.threads = 1;
  const ForecastResult one = forecast(w, s, 2030, 40);
  s.forecast.threads = 2;
  const ForecastResult two = forecast(w, s, 2030, 40);
  ASSERT_EQ(one.nation.bands.size(), kForecastBandMetrics.size() * 8);
  ASSERT_EQ(one.regions.size(), 2u);
  for (std::size_t a = 0; a < 3; ++a) {
    const auto& x = a == 0 ? one.nation.bands : one.regions[a - 1].bands;
    const auto& y = a == 0 ? two.nation.bands : two.regions[a - 1].bands;
    ASSERT_EQ(x.size(), kForecastBandMetrics.size() * 8);
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].p10, y[i].p10);
      EXPECT_EQ(x[i].p50, y[i].p50);
      EXPECT_EQ(x[i].p90, y[i].p90);
      EXPECT_LE(x[i].p10, x[i].p50);
      EXPECT_LE(x[i].p50, x[i].p90);
    }
  }
  // Another seed draws other paths.
  const Survey survey = run_survey(w, s);
  ForecastParameters p;
  p.to_year = 2030;
  p.runs = 40;
  p.seed = 8;
  const ForecastResult other = run_forecast(w, survey, s, p);
  EXPECT_NE(other.nation.bands.back().p50, one.nation.bands.back().p50);
}

TEST(Forecast, F1_MonteCarlo_PercentileIncInterpolatesBetweenOrderStatistics) {
  std::vector<double> v = {5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(percentile_inc(v, 0.5), 3);
  EXPECT_DOUBLE_EQ(percentile_inc(v, 0.1), 1.4);
  EXPECT_DOUBLE_EQ(percentile_inc(v, 0.9), 4.6);
}

// ---- external projection ----

World three_kommune_world() {
  WorldBuilder b;
  CitizenId id = 1;
  add(b, id, 5, 101, Sex::female, 1990);
  return b.build();
}

std::string projection_csv() {
  std::string csv = "year,kommunekode,sex,age,persons\n";
  for (int year = 2023; year <= 2025; ++year) {
    for (int k : {101, 147, 259}) {
      csv += fmt::format("{},{},F,30,{}\n", year, k, 100 + year - 2023);
      csv += fmt::format("{},{},M,104,{}\n", year, k, 10 * (year - 2022));
    }
  }
  return csv;
}

TEST(Forecast, F2_PopulationFile_TheForecastReproducesTheProjectionsOwnTotals) {
  const World w = three_kommune_world();
  const PopulationProjection proj = PopulationProjection::parse(projection_csv(), "p.csv", w);
  EXPECT_EQ(proj.first_year, 2023);
  EXPECT_EQ(proj.last_year, 2025);
  const Settings s;
  const Survey survey = run_survey(w, s);
  ForecastParameters p;
  p.to_year = 2025;
  p.population = &proj;
  const ForecastResult r = run_forecast(w, survey, s, p);
  EXPECT_TRUE(r.external_population);
  for (int year = 2023; year <= 2025; ++year) {
    const double expected = 3.0 * (100 + year - 2023) + 3.0 * 10 * (year - 2022);
    EXPECT_DOUBLE_EQ(proj.total(year), expected);
    EXPECT_DOUBLE_EQ(r.national(year).population, expected);
    EXPECT_DOUBLE_EQ(r.national(year).aged_85, 3.0 * 10 * (year - 2022));  // 104 -> 100+
  }
  p.to_year = 2026;
  EXPECT_THROW(run_forecast(w, survey, s, p), InputError);
}

std::string error_of(const std::string& csv, const World& w) {
  try {
    PopulationProjection::parse(csv, "p.csv", w);
  } catch (const InputError& e) {
    return error_text(e, Lang::en);
  }
  return "no error";
}

TEST(Forecast, F2_PopulationFile_BadFilesAreRejectedWithFileLineColumn) {
  const World w = three_kommune_world();
  const std::string header = "year,kommunekode,sex,age,persons\n";
  EXPECT_NE(error_of(header + "2023,101,X,30,5\n", w).find("p.csv:2:3"), std::string::npos);
  EXPECT_NE(error_of(header + "2023,999,F,30,5\n", w).find("p.csv:2:2"), std::string::npos);
  EXPECT_NE(error_of(header + "2023,101,F,-1,5\n", w).find("p.csv:2:4"), std::string::npos);
  EXPECT_NE(error_of(header + "2023,101,F,30,-5\n", w).find("p.csv:2:5"), std::string::npos);
  EXPECT_NE(error_of(header + "20x3,101,F,30,5\n", w).find("p.csv:2:1"), std::string::npos);
  EXPECT_NE(error_of("year,kommune,sex,age,persons\n2023,101,F,30,5\n", w).find("p.csv"),
            std::string::npos);
  std::string dup = projection_csv() + "2024,147,F,30,1\n";
  EXPECT_NE(error_of(dup, w).find("duplicate"), std::string::npos);
  std::string missing = header + "2023,101,F,30,5\n2023,147,F,30,5\n2023,259,F,30,5\n" +
                        "2024,101,F,30,5\n2024,147,F,30,5\n";
  EXPECT_NE(error_of(missing, w).find("no rows for kommune 259 in 2024"), std::string::npos);
}

// ---- scenario files ----

TEST(Forecast, F3_ScenarioFile_OverridesOnlyItsKeys_BadValuesNameFileLineAndKey) {
  Settings base;
  base.capacity.normtal = 1500;
  const Settings s =
      Settings::parse_over(base, "[forecast]\ntraining_posts = 220\n", "no_extra.toml");
  EXPECT_DOUBLE_EQ(s.forecast.training_posts, 220);
  EXPECT_EQ(s.capacity.normtal, 1500);
  try {
    Settings::parse_over(base, "[forecast]\n\ntraining_posts = -3\n", "bad.toml");
    FAIL() << "accepted a negative number of training posts";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.toml:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("forecast.training_posts"), std::string::npos);
  }
  EXPECT_THROW(Settings::parse_over(base, "[forecast]\nplacement = \"x\"\n", "b.toml"), InputError);
  EXPECT_THROW(Settings::parse_over(base, "[forecast]\nunknown = 1\n", "b.toml"), InputError);
  EXPECT_THROW(Settings::parse_over(base, "[forecast]\nnational_horizon = 2050\n", "b.toml"),
               InputError);
}

TEST(Forecast, F1_Tables_EveryLabelIsInTheCatalogue_KeysForCsvAndJson) {
  const World w = supply_world();
  const ForecastResult r = forecast(w, Settings{}, 2030, 5);
  for (Lang lang : {Lang::da, Lang::en}) {
    const auto tables = forecast_tables(r, lang);
    ASSERT_EQ(tables.size(), 5u);
  }
  const auto keyed = forecast_tables(r, Lang::da);
  EXPECT_EQ(keyed[0].columns[0].name, "year");
  EXPECT_EQ(keyed[0].columns[0].heading(), "År");
  EXPECT_EQ(forecast_tables(r, Lang::en)[0].columns[0].heading(), "Year");
  EXPECT_EQ(keyed[0].rows.size(), 8u);
  const std::string json = to_json(keyed);
  EXPECT_NE(json.find("\"gap\""), std::string::npos);
  EXPECT_NE(json.find("\"bands\""), std::string::npos);
}

// ---- owner-doctors' tenure (F3) ----

TEST(Forecast, F3_OwnerTenure_HazardIsOneOverTheMeanWithoutExits) {
  ForecastSettings s;
  s.retirement_factor = 0;
  s.owner_tenure_years = 16.8;
  const ForecastRates& q = ForecastRates::embedded();
  // Without exits the stay is geometric: sum over t of (1 - h)^t = 1 / h.
  EXPECT_NEAR(owner_tenure_hazard(q, s), 1 / 16.8, 1e-12);
  s.owner_tenure_years = 4;
  EXPECT_NEAR(owner_tenure_hazard(q, s), 0.25, 1e-12);
  s.owner_tenure_years = 0;
  EXPECT_EQ(owner_tenure_hazard(q, s), 0);
}

TEST(Forecast, F3_OwnerTenure_WithTheExitsByAgeTheMeanStayIs16Point8Years) {
  const ForecastSettings s;  // defaults: 16.8 years, the embedded exits, entry at 37
  ASSERT_DOUBLE_EQ(s.owner_tenure_years, 16.8);
  const ForecastRates& q = ForecastRates::embedded();
  const double h = owner_tenure_hazard(q, s);
  // The exits alone end a stay later than 16.8 years on average; the tenure hazard adds the rest.
  EXPECT_GT(mean_owner_tenure(q, s, 0), 16.8);
  EXPECT_GT(h, 0);
  EXPECT_LT(h, 1 / 16.8);
  EXPECT_NEAR(mean_owner_tenure(q, s, h), 16.8, 1e-9);
  // Brute-force reference: follow 200,000 owners one by one from age 37, each year drawing an
  // exit by age and then the end of the tenure.
  Rng rng(42);
  double years = 0;
  const int owners = 200000;
  for (int i = 0; i < owners; ++i) {
    for (int age = s.new_gp_age;; ++age) {
      years += 1;  // the year that starts at `age` is spent in the clinic
      if (rng.chance(gp_exit_probability(q, s, age))) break;
      if (rng.chance(h)) break;
    }
  }
  EXPECT_NEAR(years / owners, 16.8, 0.1);
  // A mean the exits alone cannot reach: no tenure hazard.
  ForecastSettings long_stay = s;
  long_stay.owner_tenure_years = 60;
  EXPECT_EQ(owner_tenure_hazard(q, long_stay), 0);
}

TEST(Forecast, F3_OwnerTenure_OwnersLeaveTheirClinicAndSettleLikeNewGps) {
  WorldBuilder b;
  b.clinic(5001, kOrigin, 2);
  for (DoctorId d = 1; d <= 4; ++d) b.doctor(d, 5001, 2023 - 40);
  b.doctor(5, 5001, 2023 - 40, DoctorRole::employed);
  CitizenId id = 1;
  add(b, id, 3200, 101, Sex::female, 2023 - 40);
  add(b, id, 1600, 147, Sex::female, 2023 - 40);
  const World w = b.build();
  Settings s = still_settings();
  s.forecast.retirement_factor = 0;
  s.forecast.owner_tenure_years = 4;  // hazard 1/4 (no exits)
  s.forecast.need_basis = NeedBasis::flat;
  const ForecastResult r = forecast(w, s, 2025);
  const ForecastYear& k0 = r.kommuner[0].years[0];
  EXPECT_DOUBLE_EQ(k0.gps, 5);
  EXPECT_DOUBLE_EQ(k0.owners, 4);
  EXPECT_DOUBLE_EQ(k0.owner_departures, 0);
  // 2024: one of the 4 owners leaves 101's clinic. Need: 101 2 capacities, 147 1. 101 keeps 4
  // doctors at 2.5 doctors per capacity = 1.6 capacities: unmet 0.4; 147 unmet 1. The mover
  // settles 0.4 / 1.4 in 101 and 1 / 1.4 in 147 and stays an owner.
  const ForecastYear& a = r.kommuner[0].years[1];
  const ForecastYear& c = r.kommuner[1].years[1];
  EXPECT_NEAR(a.owner_departures, 1, kTol);
  EXPECT_NEAR(a.gps, 4 + 0.4 / 1.4, kTol);
  EXPECT_NEAR(a.owners, 3 + 0.4 / 1.4, kTol);
  EXPECT_NEAR(c.gps, 1 / 1.4, kTol);
  EXPECT_NEAR(c.owners, 1 / 1.4, kTol);
  EXPECT_NEAR(c.capacities_filled, 1 / 1.4 / 2.5, kTol);
  EXPECT_NEAR(r.national(2024).gps, 5, kTol);  // moving is not leaving practice
  EXPECT_NEAR(r.national(2024).owners, 4, kTol);
  // 2025: a quarter of each kommune's owners leave again.
  EXPECT_NEAR(r.kommuner[0].years[2].owner_departures, 0.25 * a.owners, kTol);
  EXPECT_NEAR(r.kommuner[1].years[2].owner_departures, 0.25 * c.owners, kTol);
}

TEST(Forecast, F3_OwnerTenure_ExitsAndTenureCombine_EmployedDoctorsOnlyExit) {
  WorldBuilder b;
  b.clinic(5001, kOrigin, 2);
  b.doctor(1, 5001, 2023 - 70);
  b.doctor(2, 5001, 2023 - 70, DoctorRole::employed);
  CitizenId id = 1;
  add(b, id, 3200, 101, Sex::female, 2023 - 40);
  const World w = b.build();
  Settings s = still_settings();
  s.forecast.owner_tenure_years = 16.8;
  const ForecastRates& q = ForecastRates::embedded();
  const double h = owner_tenure_hazard(q, s.forecast);
  const double e = q.gp_exit[70];
  const ForecastResult r = forecast(w, s, 2024);
  const ForecastYear& y = r.kommuner[0].years[1];
  // The owner leaves by exit (e) or, still practising, at the end of the tenure ((1 - e) h);
  // the mover settles back in 101, the only kommune.
  EXPECT_NEAR(y.owner_departures, e + (1 - e) * h, kTol);
  EXPECT_NEAR(y.gps, 2 * (1 - e), kTol);
  EXPECT_NEAR(y.owners, 1 - e, kTol);
}

// ---- contacts by age band (F2) ----

TEST(Forecast, F2_ContactsByAgeBand_TheCitizensS2ContactsIn0To64_65To84And85Plus) {
  WorldBuilder b;
  CitizenId id = 1;
  add(b, id, 7, 101, Sex::female, 2023 - 30);
  add(b, id, 5, 101, Sex::male, 2023 - 84);
  add(b, id, 3, 147, Sex::female, 2023 - 90);
  const World w = b.build();
  const Settings s = still_settings();
  const ForecastResult r = forecast(w, s, 2024);
  const DemandModel demand(s.demand, 2023);
  const std::vector<float> c = demand.contacts(w.citizens);
  double young = 0, old = 0, oldest = 0;
  for (std::size_t i = 0; i < w.citizens.size(); ++i) {
    const int age = w.citizens.age_in(static_cast<CitizenIndex>(i), 2023);
    (age >= 85 ? oldest : age >= 65 ? old : young) += c[i];
  }
  const ForecastYear& y0 = r.national(2023);
  EXPECT_NEAR(y0.contacts_0_64, young, 1e-9);
  EXPECT_NEAR(y0.contacts_65_84, old, 1e-9);
  EXPECT_NEAR(y0.contacts_85, oldest, 1e-9);
  EXPECT_GT(young * old * oldest, 0);
  // A year on the 84-year-olds are 85 and count in the oldest band.
  const ForecastYear& y1 = r.national(2024);
  EXPECT_DOUBLE_EQ(y1.contacts_65_84, 0);
  EXPECT_NEAR(y1.contacts_0_64 + y1.contacts_65_84 + y1.contacts_85, y1.contacts, 1e-9);
  const auto tables = forecast_tables(r, Lang::da);
  EXPECT_NE(to_json(tables).find("\"contacts_85\""), std::string::npos);
}

// ---- one region (F1) ----

TEST(Forecast, F1_Region_OutputIsTheRegionAndItsKommuner_BandsPerRegionAddUp) {
  const World w = supply_world();
  Settings s;
  const Survey survey = run_survey(w, s);
  ForecastParameters p;
  p.to_year = 2028;
  p.runs = 1;  // one path: P10 = P50 = P90 = the path, so regions add up to the nation
  p.seed = 5;
  p.region = 1085;
  const ForecastResult r = run_forecast(w, survey, s, p);
  EXPECT_EQ(r.region, 1085);
  EXPECT_EQ(r.selected().code, 1085);
  ASSERT_EQ(r.regions.size(), 2u);
  for (std::size_t m = 0; m < kForecastBandMetrics.size(); ++m) {
    const std::string_view metric = kForecastBandMetrics[m];
    if (metric == "share_65" || metric == "share_85") continue;  // shares do not add
    for (std::size_t i = 0; i < r.nation.bands.size(); ++i) {
      if (r.nation.bands[i].metric != metric) continue;
      const double sum = r.regions[0].bands[i].p50 + r.regions[1].bands[i].p50;
      EXPECT_NEAR(sum, r.nation.bands[i].p50, 1e-9 * std::max(1.0, std::abs(sum))) << metric;
      EXPECT_EQ(r.regions[1].bands[i].p10, r.regions[1].bands[i].p90);
    }
  }
  const auto tables = forecast_tables(r, Lang::en);
  std::vector<std::string> names;
  for (const ReportTable& t : tables) names.push_back(t.name);
  EXPECT_EQ(names, (std::vector<std::string>{"regions", "kommuner", "bands", "assumptions"}));
  for (const ReportTable& t : tables) {
    if (t.name == "regions" || t.name == "bands") {
      ASSERT_FALSE(t.rows.empty());
      for (const auto& row : t.rows) EXPECT_EQ(std::get<std::int64_t>(row[0]), 1085);
    }
    if (t.name == "kommuner") {
      ASSERT_EQ(t.rows.size(), 1u);  // 259 Køge
      EXPECT_EQ(std::get<std::int64_t>(t.rows[0][0]), 259);
    }
  }
  // A regionskode the store does not hold.
  p.region = 1081;
  try {
    run_forecast(w, survey, s, p);
    FAIL() << "accepted a region outside the store";
  } catch (const InputError& e) {
    EXPECT_NE(error_text(e, Lang::en).find("region 1081 is not in the store"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace praksis
