// The forecast on a generated synthetic Denmark (scale 0.2): DOMAIN.md F2 demography and
// contacts, F3 supply in the reform and no-extra-training scenarios, F1 Monte Carlo bands around
// the deterministic path. The world is generated once for the suite.
#include <gtest/gtest.h>

#include <memory>

#include "praksis/forecast/forecast.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/synth/generator.hpp"

namespace praksis {
namespace {

constexpr double kScale = 0.2;

class NationalForecast : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    settings_ = std::make_unique<Settings>();
    // Supply and immigration are national counts: scale them with the world.
    settings_->forecast.training_posts *= kScale;
    settings_->forecast.net_immigration *= kScale;
    settings_->forecast.mc_immigration_sd *= kScale;
    world_ = std::make_unique<World>(generate_world({kScale, 1, 2}, *settings_));
    survey_ = std::make_unique<Survey>(run_survey(*world_, *settings_));
    ForecastParameters p;
    p.to_year = 2045;
    result_ = std::make_unique<ForecastResult>(run_forecast(*world_, *survey_, *settings_, p));
  }
  static void TearDownTestSuite() {
    result_.reset();
    survey_.reset();
    world_.reset();
    settings_.reset();
  }
  /// Contacts per citizen of the full-scale Denmark (5,932,654 in the base year).
  static double to_national() { return 5932654.0 / result_->national(2023).population; }

  static std::unique_ptr<Settings> settings_;
  static std::unique_ptr<World> world_;
  static std::unique_ptr<Survey> survey_;
  static std::unique_ptr<ForecastResult> result_;
};

std::unique_ptr<Settings> NationalForecast::settings_;
std::unique_ptr<World> NationalForecast::world_;
std::unique_ptr<Survey> NationalForecast::survey_;
std::unique_ptr<ForecastResult> NationalForecast::result_;

TEST_F(NationalForecast, F2_SharesAged65And85In2035) {
  const ForecastYear& y = result_->national(2035);
  EXPECT_NEAR(y.aged_65 / y.population, 0.24, 0.01);
  EXPECT_NEAR(y.aged_85 / y.population, 0.04, 0.005);
}

TEST_F(NationalForecast, F2_Contacts2035And2045) {
  EXPECT_NEAR(result_->national(2035).contacts * to_national(), 43.9e6, 0.03 * 43.9e6);
  EXPECT_NEAR(result_->national(2045).contacts * to_national(), 45.6e6, 0.03 * 45.6e6);
}

TEST_F(NationalForecast, F2_ContactsGrowMostAmongThe85Plus) {
  const ForecastYear& base = result_->national(2023);
  const ForecastYear& y = result_->national(2045);
  EXPECT_NEAR(base.contacts_0_64 + base.contacts_65_84 + base.contacts_85, base.contacts,
              1e-6 * base.contacts);
  const double growth_85 = y.contacts_85 / base.contacts_85 - 1;
  const double growth_65 = y.contacts_65_84 / base.contacts_65_84 - 1;
  const double growth_0 = y.contacts_0_64 / base.contacts_0_64 - 1;
  // Seed 001: +117 % among the 85+ from 2022 to 2045. The synthetic Denmark starts in 2023 with
  // 2.0 % aged 85+ (F2's 2019 share) and reaches F2's 4 % in 2035, so its 85+ grow faster:
  // +155 % on the full-scale Denmark (docs/forecast.md). Held within 10 points of that, and at
  // least the seed's figure; most of the growth is among the 85+.
  EXPECT_NEAR(growth_85, 1.55, 0.10);
  EXPECT_GE(growth_85, 1.17);
  EXPECT_GT(y.contacts_85 - base.contacts_85, 0.5 * (y.contacts - base.contacts));
  EXPECT_GT(growth_85, growth_65);
  EXPECT_GT(growth_65, growth_0);
}

TEST_F(NationalForecast, F3_ReformReaches5000GpsIn2035_NoExtraTrainingFallsShort) {
  const double target = settings_->forecast.reform_target_gps * kScale;
  EXPECT_GE(result_->national(2035).gps, target);
  Settings no_extra = *settings_;
  no_extra.forecast.training_posts = 220 * kScale;  // data/scenarios/forecast_no_extra_training
  ForecastParameters q;
  q.to_year = 2035;
  const ForecastResult short_supply = run_forecast(*world_, *survey_, no_extra, q);
  EXPECT_LT(short_supply.national(2035).gps, target);
}

TEST_F(NationalForecast, F1_MonteCarloBandsHoldTheDeterministicPathForDenmarkAndEachRegion) {
  ForecastParameters mc;
  mc.to_year = 2035;
  mc.runs = 200;
  mc.seed = 3;
  const ForecastResult bands = run_forecast(*world_, *survey_, *settings_, mc);
  ASSERT_EQ(bands.regions.size(), 5u);
  for (std::size_t a = 0; a <= bands.regions.size(); ++a) {
    const ForecastArea& area = a == 0 ? bands.nation : bands.regions[a - 1];
    ASSERT_EQ(area.bands.size(), kForecastBandMetrics.size() * 13) << area.name;
    for (const ForecastBand& b : area.bands) {
      std::size_t m = 0;
      while (kForecastBandMetrics[m] != b.metric) ++m;
      const double det =
          forecast_band_value(area.years[static_cast<std::size_t>(b.year - bands.base_year)], m);
      const double slack = 1e-9 * std::max(1.0, std::abs(det));
      EXPECT_LE(b.p10, det + slack) << area.name << " " << b.metric << " " << b.year;
      EXPECT_GE(b.p90, det - slack) << area.name << " " << b.metric << " " << b.year;
    }
  }
}

}  // namespace
}  // namespace praksis
