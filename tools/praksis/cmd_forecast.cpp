// `praksis forecast`: GP need and supply year by year, with scenarios and Monte Carlo bands
// (rules F1-F3).
#include "command.hpp"
#include "praksis/app/forecast_service.hpp"
#include "praksis/output/tables.hpp"
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
         const app::ForecastOutcome r = app::ForecastService(g.settings())
                                            .run({.store = o->db,
                                                  .to = o->to,
                                                  .scope = o->scope,
                                                  .areas_file = o->areas,
                                                  .scenario = o->scenario,
                                                  .population = o->population,
                                                  .runs = o->runs,
                                                  .seed = o->seed});
         const std::string table = !o->table.empty()          ? o->table
                                   : r.planning_areas         ? "kommuner"
                                   : r.scope.whole()          ? "national"
                                   : r.scope.kommuner.empty() ? "regions"
                                                              : "kommuner";
         write_output(o->out, render_tables(forecast_tables(r.forecast, g.lang), format, dialect,
                                            table, "--table", g.lang));
         return 0;
       };
     }}};

}  // namespace cmd_forecast
}  // namespace praksis::cli
