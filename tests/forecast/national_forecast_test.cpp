// The forecast on a generated synthetic Denmark (scale 0.2): DOMAIN.md F2 demography and
// contacts, F3 supply in the reform and no-extra-training scenarios, the Monte Carlo band around
// the deterministic path. One test, so the world is generated once.
#include <gtest/gtest.h>

#include "praksis/forecast/forecast.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/synth/generator.hpp"

namespace praksis {
namespace {

TEST(NationalForecast, SyntheticDenmark_F2Demography_F3ReformSupply_BandsHoldThePath) {
  constexpr double kScale = 0.2;
  Settings settings;
  // Supply and immigration are national counts: scale them with the world.
  settings.forecast.training_posts *= kScale;
  settings.forecast.net_immigration *= kScale;
  settings.forecast.mc_immigration_sd *= kScale;
  const World w = generate_world({kScale, 1, 2}, settings);
  const Survey survey = run_survey(w, settings);
  ForecastParameters p;
  p.to_year = 2045;
  const ForecastResult r = run_forecast(w, survey, settings, p);

  // F2 demography.
  const ForecastYear& y2035 = r.national(2035);
  EXPECT_NEAR(y2035.aged_65 / y2035.population, 0.24, 0.01);
  EXPECT_NEAR(y2035.aged_85 / y2035.population, 0.04, 0.005);
  // F2 contacts, per citizen of the full-scale Denmark (5,932,654 in the base year).
  const double to_national = 5932654.0 / r.national(2023).population;
  EXPECT_NEAR(y2035.contacts * to_national, 43.9e6, 0.03 * 43.9e6);
  EXPECT_NEAR(r.national(2045).contacts * to_national, 45.6e6, 0.03 * 45.6e6);

  // F3: the reform's 5,000 GPs in 2035 with the default (reform) training; not without it.
  const double target = settings.forecast.reform_target_gps * kScale;
  EXPECT_GE(y2035.gps, target);
  Settings no_extra = settings;
  no_extra.forecast.training_posts = 220 * kScale;  // data/scenarios/forecast_no_extra_training
  ForecastParameters q;
  q.to_year = 2035;
  const ForecastResult short_supply = run_forecast(w, survey, no_extra, q);
  EXPECT_LT(short_supply.national(2035).gps, target);

  // Monte Carlo: the P10-P90 band holds the deterministic path in every year.
  ForecastParameters mc = q;
  mc.runs = 200;
  mc.seed = 3;
  const ForecastResult bands = run_forecast(w, survey, settings, mc);
  ASSERT_EQ(bands.bands.size(), kForecastBandMetrics.size() * 13);
  for (const ForecastBand& b : bands.bands) {
    std::size_t m = 0;
    while (kForecastBandMetrics[m] != b.metric) ++m;
    const double det = forecast_band_value(bands.national(b.year), m);
    const double slack = 1e-9 * std::max(1.0, std::abs(det));
    EXPECT_LE(b.p10, det + slack) << b.metric << " " << b.year;
    EXPECT_GE(b.p90, det - slack) << b.metric << " " << b.year;
  }
}

}  // namespace
}  // namespace praksis
