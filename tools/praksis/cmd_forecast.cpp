// `praksis forecast`: GP need and supply year by year, with scenarios and Monte Carlo bands
// (rules F1-F3).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "praksis/core/error.hpp"
#include "praksis/forecast/forecast.hpp"
#include "praksis/forecast/forecast_tables.hpp"
#include "praksis/output/tables.hpp"
#include "praksis/survey/survey.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_forecast {  // this command's own names: the CLI is compiled as a unity build

struct ForecastOptions {
  std::string db;
  int to = 0;
  ScopeOptions scope;
  std::string scenario;
  std::string population;
  int runs = 0;
  std::uint64_t seed = 1;
  std::string format = "table";
  std::string dialect = "en";
  std::string table;  // default: national (regions with --region, the areas with --areas)
  std::string out;
  std::string areas;
};

/// The effective settings with the scenario file's sections on top (same keys and checks).
Settings scenario_settings(const Settings& base, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(InputLocation{path, 0, 0, {}}, "cannot open scenario file");
  std::stringstream ss;
  ss << in.rdbuf();
  return Settings::parse_over(base, ss.str(), path);
}

Register reg{
    {"forecast",
     "GP need and supply year by year to --to, with scenarios and Monte Carlo bands (rules F1-F3)",
     33, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<ForecastOptions>();
       app.add_option("--db", o->db, "the store (SQLite file)")->required();
       app.add_option("--to", o->to, "last forecast year (default [forecast] national_horizon)");
       add_scope_options(app, o->scope, "their rows of the forecast of the whole world");
       add_areas_option(app, o->areas);
       app.add_option("--scenario", o->scenario,
                      "TOML file whose sections override the settings (e.g. [forecast])");
       app.add_option("--population", o->population,
                      "official projection CSV year,kommunekode,sex,age,persons instead of the "
                      "cohort model");
       app.add_option("--runs", o->runs, "Monte Carlo paths for P10/P50/P90 bands (0: none)");
       app.add_option("--seed", o->seed, "seed of the Monte Carlo paths");
       app.add_option("--format", o->format, "table, csv or json");
       app.add_option("--csv-dialect", o->dialect, "en or da");
       app.add_option(
           "--table", o->table,
           "the table a CSV holds: national, regions, kommuner, bands, assumptions (default "
           "national; regions with --region)");
       app.add_option("--out", o->out, "write to this file instead of standard output");
       return [o, &g]() {
         const OutputFormat format = parse_output_format(o->format, "--format", false, true);
         require_file_for_binary(format, o->out);
         const CsvDialect dialect = parse_csv_dialect(o->dialect);
         const Settings settings =
             o->scenario.empty() ? g.settings() : scenario_settings(g.settings(), o->scenario);
         ForecastParameters p;
         p.validate(settings.dataset.reference_date.year(), settings.forecast);
         const World world = load_survey_world(o->db);
         p.scope = scope_of(world, o->scope);
         if (p.scope.regions.size() == 1 && p.scope.kommuner.empty())
           p.region = p.scope.regions.front();
         p.to_year = o->to != 0 ? o->to : settings.forecast.national_horizon;
         p.runs = o->runs;
         p.seed = o->seed;
         p.scenario = o->scenario.empty() ? "" : std::filesystem::path(o->scenario).stem().string();
         std::optional<PopulationProjection> projection;
         if (!o->population.empty()) {
           projection = PopulationProjection::load(o->population, world);
           p.population = &*projection;
         }
         p.validate(settings.dataset.reference_date.year(), settings.forecast);
         const Survey survey = run_survey(world, settings);
         const PlanningAreas areas = areas_of(world, o->areas, o->scope);
         const ForecastResult r =
             forecast_by_areas(run_forecast(world, survey, settings, p), areas);
         spdlog::info("forecast {}-{} in {:.0f} ms ({} Monte Carlo runs)", r.base_year, r.to_year,
                      r.elapsed_ms, r.runs);
         // Labels in the table and the `da` CSV dialect; the stable keys in JSON and `en` CSV.
         const auto names = format == OutputFormat::table ||
                                    (format == OutputFormat::csv && dialect == CsvDialect::danish)
                                ? ColumnNames::labels
                                : ColumnNames::keys;
         const std::string table = !o->table.empty()          ? o->table
                                   : areas.defined()          ? "kommuner"
                                   : p.scope.whole()          ? "national"
                                   : p.scope.kommuner.empty() ? "regions"
                                                              : "kommuner";
         write_output(o->out, render_tables(forecast_tables(r, g.lang, names), format, dialect,
                                            table, "--table"));
         return 0;
       };
     }}};

}  // namespace cmd_forecast
}  // namespace praksis::cli
