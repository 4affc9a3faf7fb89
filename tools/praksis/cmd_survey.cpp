// `praksis survey`: the coverage survey S1-S6 per kommune, region and nation.
#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/coverage_service.hpp"
#include "praksis/core/error.hpp"
#include "praksis/report/survey_output.hpp"
#include "survey_io.hpp"

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
         app::CoverageParameters p;
         p.store = o->db;
         p.scope = o->scope;
         p.areas_file = o->areas;
         p.as_of = o->as_of;
         p.year = o->year;
         p.scenario = o->scenario;
         p.apply = o->apply;
         p.cache_basis = true;
         if (!p.scenario.empty()) {  // what-if (issue 10)
           const app::CoverageResult r = app::CoverageService(g.settings()).run(p);
           emit_tables(what_if_tables(*r.what_if, *r.scenario, g.lang), o->format, o->dialect,
                       "whatif_areas", o->out, g.lang);
           return 0;
         }
         const OutputFormat format = parse_output_format(o->format, "--format", true);
         const CsvDialect dialect = parse_csv_dialect(o->dialect);
         const SurveyRows rows = parse_survey_rows(o->rows);
         app::CoverageResult r = app::CoverageService(g.settings()).run(p);
         const Settings settings = std::move(r.settings);
         const Survey survey = std::move(r).scoped_survey();
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
