// `praksis designate`: threatened areas (lægedækningstruede områder) from the criteria model.
#include "command.hpp"
#include "praksis/app/coverage_service.hpp"
#include "praksis/report/survey_output.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_designate {  // this command's own names: the CLI is compiled as a unity build

struct DesignateOptions {
  std::string db;
  std::string format = "table";
  std::string dialect = "en";
  std::string out;
  int save_year = 0;
  ScopeOptions scope;
  std::string areas;
};

Register reg{
    {"designate", "designate threatened areas (rules D1-D3) from the [designation] criteria model",
     31, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<DesignateOptions>();
       app.add_option("--db", o->db, "the store (SQLite file)")->required();
       app.add_option("--format", o->format, "table, csv or json");
       app.add_option("--csv-dialect", o->dialect, "en or da");
       app.add_option("--out", o->out, "write to this file instead of standard output");
       app.add_option("--save", o->save_year,
                      "keep this designation in the store as the one decided for YEAR (replaces "
                      "it); `praksis settle --year YEAR` pays E3 model 1 for its areas")
           ->check(CLI::Range(1900, 2200));
       add_scope_options(app, o->scope,
                         "their designations (decided on the survey of the whole world; --save "
                         "keeps the whole designation)");
       add_areas_option(app, o->areas);
       return [o, &g]() {
         app::CoverageParameters p;
         p.store = o->db;
         p.scope = o->scope;
         p.areas_file = o->areas;
         p.designate = true;
         p.save_year = o->save_year;
         p.settings_source = settings_source(g.settings_file);
         const OutputFormat format = parse_output_format(o->format, "--format", false);
         const CsvDialect dialect = parse_csv_dialect(o->dialect);
         const Designation shown = app::CoverageService(g.settings()).run(p).scoped_designation();
         switch (format) {
           case OutputFormat::table:
             write_output(o->out, designation_table(shown, g.lang));
             break;
           case OutputFormat::csv:
             write_output(o->out, designation_csv(shown, dialect, g.lang));
             break;
           case OutputFormat::json:
             write_output(o->out, designation_json(shown));
             break;
           case OutputFormat::xlsx:  // rejected by parse_output_format
           case OutputFormat::geojson:
             break;  // rejected by parse_output_format
         }
         return 0;
       };
     }}};

}  // namespace cmd_designate
}  // namespace praksis::cli
