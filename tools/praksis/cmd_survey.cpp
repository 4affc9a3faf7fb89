// `praksis survey`: the coverage survey S1-S6 per kommune, region and nation.
#include <spdlog/spdlog.h>

#include "command.hpp"
#include "praksis/core/error.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/store/postgres.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/survey/trend.hpp"
#include "survey_input.hpp"
#include "survey_io.hpp"
#include "what_if_cli.hpp"

namespace praksis::cli {
namespace cmd_survey {  // this command's own names: the CLI is compiled as a unity build

struct SurveyOptions {
  std::string db;
  std::string format = "table";
  std::string dialect = "en";
  std::string rows = "areas";
  std::string out;
  std::string scenario;
  bool apply = false;
  std::string as_of;
  int year = 0;
  ScopeOptions scope;
  std::string areas;
};

Register reg{
    {"survey", "coverage survey (lægedækningsundersøgelse): S1-S6 per kommune, region and nation",
     30, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<SurveyOptions>();
       app.add_option("--db", o->db, "the store (SQLite file)")->required();
       app.add_option("--format", o->format,
                      "table, csv, json or geojson (clinics and grid cells)");
       app.add_option("--csv-dialect", o->dialect,
                      "en (, and .) or da (; and decimal comma, for Danish spreadsheets)");
       app.add_option("--rows", o->rows, "CSV rows: areas or clinics");
       app.add_option("--out", o->out, "write to this file instead of standard output");
       app.add_option("--scenario", o->scenario,
                      "what-if change file (TOML, docs/placement.md): the survey before and after "
                      "the changes; the store is not changed unless --apply");
       app.add_flag("--apply", o->apply,
                    "with --scenario: commit the changed world (clinics, capacities, lists, "
                    "re-listed patients) in one transaction with an audit record");
       app.add_option(
           "--as-of", o->as_of,
           "survey the listings in force on this day, YYYY-MM-DD (rule L6: a change of "
           "GP takes effect on the 1st of a later month); default: every decided change");
       app.add_option("--year", o->year,
                      "survey the stored world of this survey year (`praksis snapshot`, `import "
                      "--as-of`) on its survey date");
       add_scope_options(app, o->scope,
                         "their rows of the survey of the whole world (citizens choose across "
                         "borders)");
       add_areas_option(app, o->areas);
       return [o, &g]() {
         if (o->year != 0 && (!o->as_of.empty() || !o->scenario.empty()))
           throw InputError(InputLocation{"--year", 0, 0, {}},
                            "--year surveys a stored survey year; it cannot be combined with "
                            "--as-of or --scenario");
         if (o->apply && o->scenario.empty())
           throw InputError(InputLocation{"--apply", 0, 0, {}}, "--apply needs --scenario FILE");
         if (!o->as_of.empty() && !o->scenario.empty())
           throw InputError(InputLocation{"--as-of", 0, 0, {}},
                            "--as-of surveys a past or future day; a what-if (--scenario) starts "
                            "from the store as it is");
         if (!o->scenario.empty() && (!o->scope.regions.empty() || !o->scope.kommuner.empty()))
           throw InputError(InputLocation{"--region", 0, 0, {}},
                            "a what-if (--scenario) covers the whole world; --region and "
                            "--kommune select rows of a plain survey");
         if (!o->scenario.empty() && !o->areas.empty())
           throw InputError(InputLocation{"--areas", 0, 0, {}},
                            "a what-if (--scenario) compares kommuner; --areas applies to a "
                            "plain survey");
         if (!o->scenario.empty())  // what-if (issue 10), in cmd_place.cpp
           return survey_what_if(o->db, o->scenario, o->format, o->dialect, o->out, o->apply, g);
         const OutputFormat format = parse_output_format(o->format, "--format", true);
         const CsvDialect dialect = parse_csv_dialect(o->dialect);
         const SurveyRows rows = parse_survey_rows(o->rows);
         Settings settings = g.settings();
         Survey survey;
         AreaScope scope;
         if (o->year != 0) {
           if (!pg::is_postgres_location(o->db) && !std::filesystem::is_regular_file(o->db))
             throw InputError(InputLocation{"--db", 0, 0, {}},
                              message("store.error.no_file", o->db));
           const auto store = open_store(o->db, false);
           const auto snap = snapshot_of_year(*store, o->year);
           if (!snap)
             throw InputError(InputLocation{"--year", 0, 0, {}},
                              fmt::format("the store has no snapshot of {} (make one with "
                                          "`praksis snapshot --as-of`)",
                                          o->year));
           settings = settings_as_of(settings, snap->as_of);
           const auto world = store->load_snapshot(snap->as_of);
           scope = scope_of(*world, o->scope);
           survey = run_survey(*world, settings, areas_of(*world, o->areas, o->scope));
         } else {
           const SurveyInput in = load_survey_input(o->db, parse_as_of(o->as_of), settings);
           scope = scope_of(in.world, o->scope);
           survey =
               run_survey(in.world, settings, in.basis, areas_of(in.world, o->areas, o->scope));
           survey.timings.total_ms +=
               in.basis.weights_ms + in.basis.locations_ms + in.basis.grid_ms;
         }
         spdlog::info("survey of {} citizens ({} home locations) and {} clinics in {:.0f} ms",
                      survey.nation.citizens, survey.home_locations, survey.clinics.size(),
                      survey.timings.total_ms);
         const auto& t = survey.timings;
         spdlog::debug(
             "survey stages (ms): weights {:.1f}, citizens {:.1f}, locations {:.1f}, grid {:.1f}, "
             "S4 {:.1f}, S6 {:.1f}, aggregation {:.1f}",
             t.weights_ms, t.citizens_ms, t.locations_ms, t.grid_ms, t.s4_ms, t.s6_ms,
             t.aggregate_ms);
         survey = scoped_survey(std::move(survey), scope);
         switch (format) {
           case OutputFormat::table:
             write_output(o->out, survey_table(survey, settings, g.lang));
             break;
           case OutputFormat::csv:
             write_output(o->out, survey_csv(survey, rows, dialect, g.lang));
             break;
           case OutputFormat::json:
             write_output(o->out, survey_json(survey, settings));
             break;
           case OutputFormat::xlsx:  // rejected by parse_output_format
             break;
           case OutputFormat::geojson:
             write_output(o->out, survey_geojson(survey));
             break;
         }
         return 0;
       };
     }}};

}  // namespace cmd_survey
}  // namespace praksis::cli
