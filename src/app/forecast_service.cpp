// The forecast use case: the scenario settings, the projection file and the world read once.
#include "praksis/app/forecast_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "praksis/core/error.hpp"
#include "praksis/output/log.hpp"

namespace praksis::app {

namespace {

/// The effective settings with the scenario file's sections on top (same keys and checks).
Settings scenario_settings(const Settings& base, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(InputLocation{path, 0, 0, {}}, message("coverage.error.cannot_open_scenario"));
  std::stringstream ss;
  ss << in.rdbuf();
  return Settings::parse_over(base, ss.str(), path);
}

}  // namespace

ForecastOutcome ForecastService::run(const ForecastRequest& o) const {
  const Settings settings =
      o.scenario.empty() ? settings_ : scenario_settings(settings_, o.scenario);
  praksis::ForecastParameters p;
  p.validate(settings.dataset.reference_date.year(), settings.forecast);
  const World world = load_survey_world(o.store);
  p.scope = area_scope(world, o.scope);
  if (p.scope.regions.size() == 1 && p.scope.kommuner.empty()) p.region = p.scope.regions.front();
  p.to_year = o.to != 0 ? o.to : settings.forecast.national_horizon;
  p.runs = o.runs;
  p.seed = o.seed;
  p.scenario = o.scenario.empty() ? "" : std::filesystem::path(o.scenario).stem().string();
  std::optional<PopulationProjection> projection;
  if (!o.population.empty()) {
    projection = PopulationProjection::load(o.population, world);
    p.population = &*projection;
  }
  p.validate(settings.dataset.reference_date.year(), settings.forecast);
  const Survey survey = run_survey(world, settings);
  const PlanningAreas areas = planning_areas(world, o.areas_file, o.scope, settings);
  ForecastOutcome out{forecast_by_areas(run_forecast(world, survey, settings, p), areas, world),
                      p.scope, areas.defined()};
  log_info("log.forecast.done", out.forecast.base_year, out.forecast.to_year,
           std::llround(out.forecast.elapsed_ms), out.forecast.runs);
  return out;
}

ForecastResult ForecastService::of_coverage(const World& world, const CoverageResult& c,
                                            const ReportForecast& options) const {
  const PlanningAreas& areas = c.areas;
  // The forecast works per kommune (its population model is per kommune): with planning areas it
  // starts from the per-kommune survey.
  std::optional<Survey> per_kommune;
  if (areas.defined()) per_kommune = run_survey(world, c.settings);
  const Survey& survey = per_kommune ? *per_kommune : c.survey;
  praksis::ForecastParameters p;
  // A survey after the national horizon still gets a (one-year) section by default.
  p.to_year =
      options.to != 0 ? options.to : std::max(c.settings.forecast.national_horizon, survey.year);
  p.runs = options.runs;
  p.seed = options.seed;
  p.scope = options.scope;
  ForecastResult forecast = run_forecast(world, survey, c.settings, p);
  // Grouped into the planning areas: a district gets its kommune's forecast by its base-year
  // shares (forecast_by_areas).
  return forecast_by_areas(std::move(forecast), areas, world);
}

}  // namespace praksis::app
