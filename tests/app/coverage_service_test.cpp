// The coverage and forecast services: parameters validated once, the survey, designation,
// what-if and forecast they return equal to the domain functions run by hand on the same world.
#include "praksis/app/coverage_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "praksis/app/forecast_service.hpp"
#include "praksis/core/error.hpp"
#include "praksis/designation/designation_store.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/store/store.hpp"
#include "support/input_error.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {
using testing::kOrigin;
using testing::offset_km;
using testing::WorldBuilder;

World small_world() {
  WorldBuilder b;
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-20, 20);
  std::vector<ClinicIndex> clinics;
  for (int i = 0; i < 6; ++i) {
    clinics.push_back(b.clinic(200 + static_cast<Ydernummer>(i), offset_km(kOrigin, u(rng), u(rng)),
                               1 + i % 2, i % 3 != 0, PracticeForm::kompagniskab,
                               i < 4 ? 101 : 259));
    b.doctor(static_cast<DoctorId>(20 + i), 200 + static_cast<Ydernummer>(i), 1952 + 3 * i);
  }
  for (int i = 0; i < 300; ++i)
    b.citizen(static_cast<CitizenId>(i + 1), offset_km(kOrigin, u(rng), u(rng)),
              clinics[static_cast<std::size_t>(i) % 4], 1940 + i % 70, i % 3 == 0 ? 259 : 101);
  return b.build();
}

std::string stored_world(const std::string& name) {
  const auto dir = testing::temp_dir(name);
  const std::string db = (dir / "world.db").string();
  open_store(db)->replace_world(small_world());
  return db;
}

using testing::option_of;

TEST(CoverageService, ParametersThatDoNotGoTogetherNameTheOption) {
  auto v = [](app::CoverageParameters p) { return option_of([&] { p.validate(); }); };
  EXPECT_EQ(v({.as_of = "2025-01-01", .year = 2025}), "--year");
  EXPECT_EQ(v({.year = 2025, .scenario = "w.toml"}), "--year");
  EXPECT_EQ(v({.apply = true}), "--apply");
  EXPECT_EQ(v({.as_of = "2025-01-01", .scenario = "w.toml"}), "--as-of");
  EXPECT_EQ(v({.scope = {{1084}, {}}, .scenario = "w.toml"}), "--region");
  EXPECT_EQ(v({.scope = {{}, {"101"}}, .scenario = "w.toml"}), "--region");
  EXPECT_EQ(v({.areas_file = "a.toml", .scenario = "w.toml"}), "--areas");
  EXPECT_EQ(v({.save_year = 2025}), "--save");
  EXPECT_EQ(v({.areas_file = "a.toml", .designate = true, .save_year = 2025}), "--save");
  EXPECT_EQ(v({.scope = {{1084}, {"101"}},
               .areas_file = "a.toml",
               .as_of = "2025-01-01",
               .designate = true,
               .save_year = 2025}),
            "--save");
  EXPECT_EQ(v({.scope = {{1084}, {}}, .as_of = "2025-01-01", .designate = true}), "no error");
}

TEST(CoverageService, SurveyAndDesignationAreThoseOfTheStoredWorld) {
  const std::string db = stored_world("coverage-plain");
  const Settings settings;
  const World world = open_store(db, false)->load_world();
  const Survey expected = run_survey(world, settings);
  const Designation expected_d = designate(expected, settings.designation);
  for (const bool cache : {false, true}) {
    const app::CoverageResult r =
        app::CoverageService(settings).run({.store = db, .designate = true, .cache_basis = cache});
    EXPECT_EQ(survey_json(r.survey, settings), survey_json(expected, settings)) << cache;
    ASSERT_TRUE(r.designation);
    EXPECT_EQ(designation_json(*r.designation), designation_json(expected_d));
    EXPECT_EQ(r.world.citizens.size(), world.citizens.size());
    EXPECT_TRUE(r.scope.whole());
  }
  // Without asking, no designation.
  EXPECT_FALSE(app::CoverageService(settings).run({.store = db}).designation);
}

TEST(CoverageService, TheScopeSelectsRowsOfTheWholeSurvey) {
  const std::string db = stored_world("coverage-scope");
  const Settings settings;
  const World world = open_store(db, false)->load_world();
  const app::CoverageResult r =
      app::CoverageService(settings).run({.store = db, .scope = {{}, {"259"}}, .designate = true});
  const AreaScope scope = parse_area_scope(world, {}, {259});
  EXPECT_EQ(survey_json(r.scoped_survey(), settings),
            survey_json(scoped_survey(run_survey(world, settings), scope), settings));
  const Designation d = r.scoped_designation();
  ASSERT_EQ(d.areas.size(), 1u);
  EXPECT_EQ(d.areas[0].kommune, 259);
  // An unknown kommune is refused naming the option, before anything is computed.
  EXPECT_EQ(option_of([&] {
              app::CoverageService(settings).run({.store = db, .scope = {{}, {"999"}}});
            }),
            "--kommune");
}

TEST(CoverageService, MissingStoresAndYearsAreInputErrors) {
  const Settings settings;
  const app::CoverageService svc(settings);
  const std::string missing = (testing::temp_dir("coverage-missing") / "none.db").string();
  EXPECT_EQ(option_of([&] { svc.run({.store = missing}); }), "--db");
  EXPECT_FALSE(std::filesystem::exists(missing));  // nothing created
  const std::string db = stored_world("coverage-year");
  EXPECT_EQ(option_of([&] { svc.run({.store = db, .year = 2020}); }), "--year");
  EXPECT_EQ(option_of([&] { svc.run({.store = db, .as_of = "2025-13-01"}); }), "--as-of");
}

TEST(CoverageService, SaveKeepsTheDesignationInTheStore) {
  const std::string db = stored_world("coverage-save");
  const Settings settings;
  const app::CoverageResult r = app::CoverageService(settings).run(
      {.store = db, .designate = true, .save_year = 2025, .settings_source = "test.toml"});
  auto store = open_store(db, false);
  const auto stored = open_designation_store(*store)->load(2025);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->settings_source, "test.toml");
  std::size_t designated = 0;
  for (const AreaDesignation& a : r.designation->areas) designated += a.designated ? 1 : 0;
  EXPECT_EQ(stored->designated.size(), designated);
}

TEST(CoverageService, WhatIfLeavesTheStoreAndMatchesTheDomainRun) {
  const std::string db = stored_world("coverage-whatif");
  const auto dir = std::filesystem::path(db).parent_path();
  {
    std::ofstream(dir / "add.toml") << "[[change]]\naction = \"add\"\nname = \"Ny\"\nlat = "
                                       "55.70\nlon = 12.30\nkommune = 101\nunfilled_capacities = "
                                       "2\n";
  }
  const Settings settings;
  const std::int64_t version = open_store(db, false)->data_version();
  const app::CoverageResult r =
      app::CoverageService(settings).run({.store = db, .scenario = (dir / "add.toml").string()});
  ASSERT_TRUE(r.what_if && r.scenario);
  const World world = open_store(db, false)->load_world();
  const WhatIfResult expected = run_what_if(world, settings, *r.scenario);
  EXPECT_EQ(survey_json(r.what_if->after, settings), survey_json(expected.after, settings));
  EXPECT_EQ(r.what_if->added, expected.added);
  EXPECT_EQ(open_store(db, false)->data_version(), version);
  // The same what-if on the world in memory (the server's path).
  const app::CoverageResult mem = app::CoverageService(settings).what_if_on(world, *r.scenario);
  EXPECT_EQ(survey_json(mem.what_if->after, settings), survey_json(expected.after, settings));
  // With --apply the changed world is committed.
  app::CoverageService(settings).run(
      {.store = db, .scenario = (dir / "add.toml").string(), .apply = true});
  EXPECT_EQ(open_store(db, false)->load_world().clinics.size(), world.clinics.size() + 1);
}

// E3 model 1's list: given, else the stored designation of the year, else the designation now.
TEST(CoverageService, ThreatenedKommunerComeFromTheOptionsTheStoreOrTheSurvey) {
  const std::string db = stored_world("coverage-threatened");
  const Settings settings;
  const app::CoverageService svc(settings);
  auto store = open_store(db, false);
  const World world = store->load_world();
  EXPECT_EQ(option_of([&] {
              svc.threatened_kommuner(world, *store,
                                      {.list = "101", .file = "t.csv", .year = 2025});
            }),
            "--threatened");
  EXPECT_TRUE(svc.threatened_kommuner(world, *store, {.list = "none", .year = 2025}).empty());
  EXPECT_EQ(svc.threatened_kommuner(world, *store, {.list = "259,101", .year = 2025}),
            (std::vector<KommuneCode>{101, 259}));
  // Nothing stored: the designation of the survey now.
  const Designation now = designate(run_survey(world, settings), settings.designation);
  std::vector<KommuneCode> designated;
  for (const AreaDesignation& a : now.areas)
    if (a.designated) designated.push_back(static_cast<KommuneCode>(a.kommune));
  ASSERT_FALSE(designated.empty());
  EXPECT_EQ(svc.threatened_kommuner(world, *store, {.year = 2025}), designated);
  // A stored designation of the year wins over the survey.
  Designation one = now;
  for (AreaDesignation& a : one.areas) a.designated = a.kommune == 147;
  open_designation_store(*store)->save(2025, one, "test", settings.to_toml(),
                                       designation_json(one));
  EXPECT_EQ(svc.threatened_kommuner(world, *store, {.year = 2025}),
            (std::vector<KommuneCode>{147}));
  EXPECT_EQ(svc.threatened_kommuner(world, *store, {.year = 2026}), designated);
}

TEST(ForecastService, ForecastIsTheDomainForecastOfTheStoredWorld) {
  const std::string db = stored_world("forecast-service");
  const Settings settings;
  const app::ForecastOutcome r =
      app::ForecastService(settings).run({.store = db, .to = settings.forecast.national_horizon});
  const World world = open_store(db, false)->load_world();
  ForecastParameters p;
  p.to_year = settings.forecast.national_horizon;
  const ForecastResult expected = run_forecast(world, run_survey(world, settings), settings, p);
  ASSERT_EQ(r.forecast.nation.years.size(), expected.nation.years.size());
  ASSERT_GT(expected.nation.years.size(), 1u);
  for (std::size_t i = 0; i < expected.nation.years.size(); ++i) {
    EXPECT_EQ(r.forecast.nation.years[i].need, expected.nation.years[i].need) << i;
    EXPECT_EQ(r.forecast.nation.years[i].gps, expected.nation.years[i].gps) << i;
  }
  EXPECT_TRUE(r.scope.whole());
  EXPECT_FALSE(r.planning_areas);
  // The report's forecast of a coverage run is the same forecast.
  const app::CoverageResult c = app::CoverageService(settings).run({.store = db});
  const ForecastResult of = app::ForecastService(settings).of_coverage(
      c.world, c, {.to = p.to_year, .runs = 0, .seed = 1, .scope = {}});
  ASSERT_EQ(of.nation.years.size(), expected.nation.years.size());
  EXPECT_EQ(of.nation.years.back().need, expected.nation.years.back().need);
}

TEST(ForecastService, BadRequestsNameTheirInput) {
  const std::string db = stored_world("forecast-bad");
  const Settings settings;
  const app::ForecastService svc(settings);
  EXPECT_EQ(option_of([&] { svc.run({.store = db, .scenario = "/nonexistent/s.toml"}); }),
            "/nonexistent/s.toml");
  EXPECT_EQ(option_of([&] { svc.run({.store = db, .scope = {{1081}, {}}}); }), "--region");
  EXPECT_EQ(option_of([&] { svc.run({.store = db, .to = 1990}); }), "--to");
}

}  // namespace
}  // namespace praksis
