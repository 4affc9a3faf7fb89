// `praksis compare-metrics`: S4 and the designation per kommune under each distance metric (L2).
#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/coverage_service.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace {

struct CompareOptions {
  std::string db;
  std::string format = "table";
  std::string dialect = "en";
  std::string out;
  std::string as_of;
};

Register reg{
    {"compare-metrics",
     "rule L2's distance: S4 per kommune and the designation under the great-circle and the "
     "crossings metric side by side",
     31, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<CompareOptions>();
       app.add_option("--db", o->db, "the store (SQLite file)")->required();
       app.add_option("--format", o->format, "table, csv or json");
       app.add_option("--csv-dialect", o->dialect,
                      "en (, and .) or da (; and decimal comma, for Danish spreadsheets)");
       app.add_option("--out", o->out, "write to this file instead of standard output");
       app.add_option("--as-of", o->as_of, "survey the listings in force on this day, YYYY-MM-DD");
       return [o, &g]() {
         const MetricComparison c = app::CoverageService(g.settings())
                                        .compare_metrics({.store = o->db, .as_of = o->as_of});
         emit_tables({metric_comparison_table(c, g.lang)}, o->format, o->dialect,
                     "metric_comparison", o->out, g.lang);
         return 0;
       };
     }}};

}  // namespace
}  // namespace praksis::cli
